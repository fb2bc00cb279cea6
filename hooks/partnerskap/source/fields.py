"""Declarative field types: the one description of the staff's files.

Each type checks a value read by :mod:`.sourcefile` and reports what is wrong in words staff can
act on (Swedish, ``FILE:LINE: key: ...``), describes itself as JSON Schema, and hands the checked
value to the object it becomes (:meth:`FieldType.typed`), so the validator, the editor schemas
and the model cannot drift. The entities declare their keys with these types in
:mod:`.declarations`; a :class:`Record` is derived from each.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import reprlib
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from partnerskap.source.problems import Report, one_line
from partnerskap.source.sourcefile import LineDict, LineList

INVALID: Any = type("Invalid", (), {"__repr__": lambda self: "INVALID", "__bool__": lambda self: False})()
"""Returned by a check that failed (and already reported why)."""

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
URL = re.compile(r"^(https?)://[^\s/$.?#][^\s<>\"]*$", re.IGNORECASE)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[ T](?P<time>\d{1,2}:\d{2})(?::(?P<seconds>\d{2}))?"
    r"(?P<offset>Z|[+-]\d{2}:?\d{2})?$"
)
MAX_ID_LENGTH = 200
"""Ids become folder and file names (``kalender/<id>.ics``); a file system takes at most 255 bytes."""
YEARS = (1900, 2199)
"""Dates outside these years are typing mistakes, and some have no time zone rules or no day after."""
MAX_LIST_NESTING = 50
"""Python-Markdown recurses once per nested list; a few hundred on one line exhaust Python's stack."""

_UNSHOWABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL_NONCHARACTER = re.compile("[" + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(1, 17)) + "]")
"""U+1FFFE, U+1FFFF ... U+10FFFF: the noncharacters above the Basic Multilingual Plane."""
_LINE_BREAK = re.compile(r"[\r\n\x85\u2028\u2029]")
_LIST_MARKER = re.compile(r"[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")


def unshowable(text: str) -> str | None:
    """The first character of ``text`` that no web page, feed or calendar can carry, if any.

    YAML lets staff write control characters as escapes (``"\\x07"``) and lone surrogates
    (``"\\ud800"``); XML refuses them, HTML calls them errors and UTF-8 cannot encode surrogates.
    """
    found = _UNSHOWABLE.search(text) or _ASTRAL_NONCHARACTER.search(text)
    return found[0] if found else None


def web_address(value: object) -> str | None:
    """An http or https address, trimmed; None for anything else: another scheme (``javascript:``,
    ``data:``), spaces, quotes, ``<`` or ``>``, or a character no page can carry."""
    if isinstance(value, str) and unshowable(value) is None:
        text = value.strip()
        if URL.match(text):
            return text
    return None


class _BoundedRepr(reprlib.Repr):
    """``repr`` that stays short however large or deep a value is (YAML aliases can make a small
    file stand for a structure of billions of items)."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel, self.maxlist, self.maxdict, self.maxstring, self.maxother = 2, 4, 4, 40, 40

    def repr_LineList(self, value, level):
        return self.repr_list(value, level)

    def repr_LineDict(self, value, level):
        return self.repr_dict(value, level)


_REPR = _BoundedRepr()


def shown_value(value: Any) -> str:
    """A value as a message quotes it: text in quotes, anything else short however large it is."""
    text = f'"{one_line(value)}"' if isinstance(value, str) else one_line(_REPR.repr(value))
    return text if len(text) <= 60 else text[:57] + '..."'


def shown_key(key: Any) -> str:
    """A key as a message names it: bare as it is written, in quotes when it is blank or has space
    around it (a key of one space would otherwise read as nothing)."""
    shown = shown_value(key)
    return shown[1:-1] if isinstance(key, str) and key.strip() == key and key else shown


def _type_name(value: Any) -> str:
    if isinstance(value, (LineDict, dict)):
        return "ett block av nycklar"
    if isinstance(value, (LineList, list)):
        return "en lista"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "ett tal"
    if value is None:
        return "ingenting"
    return "text"


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """A ``(menade du "x"?)`` hint (did you mean), or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (menade du {shown_value(close[0])}?)" if close else ""


class FieldType:
    """A kind of value a key holds."""

    def check(self, value: Any, line: int, key: str, report: Report) -> Any:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def typed(self, value: Any) -> Any:
        """The checked value as the declaring class keeps it (a list as a tuple, a block as its
        object); most values are kept as checked."""
        return value


@dataclass(frozen=True)
class Text(FieldType):
    example: str = "text"
    """What to write, in Swedish, for the messages (``organisationens namn``)."""
    max_length: int = 2000
    multiline: bool = False

    def check(self, value, line, key, report):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            report.error(line, f'{key}: skriv {shown_value(str(value))} inom citattecken, som {key}: "{value}"')
            return INVALID
        if not isinstance(value, str):
            report.error(line, f"{key}: här ska stå {self.example}, inte {_type_name(value)}")
            return INVALID
        text = value.strip()
        if not text:
            report.error(line, f"{key}: är tom; skriv {self.example} eller ta bort raden")
            return INVALID
        if len(text) > self.max_length:
            report.error(line, f"{key}: är {len(text)} tecken lång; högst {self.max_length}")
            return INVALID
        if not self.multiline and _LINE_BREAK.search(text):
            report.error(line, f"{key}: ska vara en enda rad")
            return INVALID
        bad = unshowable(text)
        if bad is not None:
            report.error(
                line,
                f"{key}: innehåller tecknet U+{ord(bad):04X}, som en webbsida inte kan visa "
                "(ett osynligt tecken, ofta med i kopierad text); ta bort det",
            )
            return INVALID
        return text

    def schema(self):
        return {"type": "string", "minLength": 1, "maxLength": self.max_length}


@dataclass(frozen=True)
class Markdown(Text):
    example: str = "text i Markdown"
    max_length: int = 20000
    multiline: bool = True

    def check(self, value, line, key, report):
        text = super().check(value, line, key, report)
        if text is INVALID:
            return text
        for number, text_line in enumerate(text.splitlines(), start=1):
            depth, position = 0, 0
            while (marker := _LIST_MARKER.match(text_line, position)) and marker.end() > position:
                depth, position = depth + 1, marker.end()
            if depth > MAX_LIST_NESTING:
                report.error(
                    line,
                    f"{key}: rad {number} i texten har {depth} listor i varandra (- * + 1.); högst {MAX_LIST_NESTING}",
                )
                return INVALID
        return text


@dataclass(frozen=True)
class Slug(FieldType):
    """An id: lowercase letters, digits and hyphens; used in URLs and references."""

    def check(self, value, line, key, report):
        if not isinstance(value, str) or not SLUG.fullmatch(value):
            hint = ""
            if isinstance(value, str):
                hint = f"; till exempel {shown_value(slugify(value)[:MAX_ID_LENGTH].strip('-') or 'region-halland')}"
            report.error(
                line,
                f"{key}: {shown_value(value)} är inget id (små bokstäver a-z, siffror och bindestreck){hint}",
            )
            return INVALID
        if len(value) > MAX_ID_LENGTH:
            report.error(line, f"{key}: id:t är {len(value)} tecken långt; högst {MAX_ID_LENGTH} (det blir ett filnamn)")
            return INVALID
        return value

    def schema(self):
        return {"type": "string", "pattern": SLUG.pattern}


@dataclass(frozen=True)
class Reference(Slug):
    """The id of an entry of another kind (``Reference("member")``): checked here as an id, and
    against the ids of its ``target`` kind by :func:`.references.check_references`."""

    target: str


@dataclass(frozen=True)
class Url(FieldType):
    allow_mailto: bool = False

    def check(self, value, line, key, report):
        if address := web_address(value):
            return address
        if self.allow_mailto and isinstance(value, str) and unshowable(value) is None:
            text = value.strip()
            if text.startswith("mailto:") and EMAIL.match(text[7:]):
                return text
        allowed = "http(s):// eller mailto:" if self.allow_mailto else "http:// eller https://"
        report.error(line, f"{key}: {shown_value(value)} är ingen webbadress; börja den med {allowed}")
        return INVALID

    def schema(self):
        pattern = "^(https?://|mailto:)" if self.allow_mailto else "^https?://"
        return {"type": "string", "pattern": pattern}


@dataclass(frozen=True)
class Email(FieldType):
    def check(self, value, line, key, report):
        if isinstance(value, str) and EMAIL.match(value.strip()) and unshowable(value) is None:
            return value.strip()
        report.error(line, f"{key}: {shown_value(value)} är ingen e-postadress (namn@example.se)")
        return INVALID

    def schema(self):
        return {"type": "string", "format": "email"}


@dataclass(frozen=True)
class IsoDate(FieldType):
    def check(self, value, line, key, report):
        if isinstance(value, str) and DATE.match(value.strip()):
            try:
                return _within_years(dt.date.fromisoformat(value.strip()), line, key, report)
            except ValueError:
                pass
        report.error(line, f"{key}: {shown_value(value)} är inget datum; skriv det som 2026-05-01")
        return INVALID

    def schema(self):
        return {"type": "string", "format": "date"}


@dataclass(frozen=True)
class DateOrDateTime(FieldType):
    """A bare date (all day) or a wall-clock time, optionally with a UTC offset."""

    def check(self, value, line, key, report):
        if isinstance(value, str):
            text = value.strip()
            if DATE.match(text):
                try:
                    return _within_years(dt.date.fromisoformat(text), line, key, report)
                except ValueError:
                    pass
            match = DATETIME.match(text)
            if match:
                try:
                    date = dt.date.fromisoformat(match["date"])
                    hour, minute = (int(part) for part in match["time"].split(":"))
                    moment = dt.datetime.combine(date, dt.time(hour, minute, int(match["seconds"] or 0)))
                    offset = match["offset"]
                    if offset:
                        moment = moment.replace(tzinfo=_parse_offset(offset))
                    return _within_years(moment, line, key, report)
                except ValueError:
                    pass
        report.error(
            line, f"{key}: {shown_value(value)} är inte ett datum eller en tid; skriv 2026-05-01 eller 2026-05-01 13:30"
        )
        return INVALID

    def schema(self):
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?)?$"}


def _within_years(day: dt.date, line: int, key: str, report: Report) -> Any:
    if YEARS[0] <= day.year <= YEARS[1]:
        return day
    report.error(line, f"{key}: året {day.year} ligger utanför {YEARS[0]}-{YEARS[1]}; kontrollera datumet")
    return INVALID


def _parse_offset(text: str) -> dt.timezone:
    if text == "Z":
        return dt.timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


@dataclass(frozen=True)
class ClockTime(FieldType):
    def check(self, value, line, key, report):
        if isinstance(value, str) and re.match(r"^\d{1,2}[:.]\d{2}$", value.strip()):
            hour, minute = (int(p) for p in re.split(r"[:.]", value.strip()))
            if hour < 24 and minute < 60:
                return dt.time(hour, minute)
        report.error(line, f'{key}: {shown_value(value)} är inget klockslag; skriv det inom citattecken, som "13:30"')
        return INVALID

    def schema(self):
        return {"type": "string", "pattern": r"^\d{1,2}[:.]\d{2}$"}


@dataclass(frozen=True)
class Boolean(FieldType):
    def check(self, value, line, key, report):
        if isinstance(value, bool):
            return value
        report.error(line, f"{key}: {shown_value(value)} ska vara true eller false")
        return INVALID

    def schema(self):
        return {"type": "boolean"}


@dataclass(frozen=True)
class Integer(FieldType):
    minimum: int = 0

    def check(self, value, line, key, report):
        if isinstance(value, int) and not isinstance(value, bool) and value >= self.minimum:
            return value
        report.error(line, f"{key}: {shown_value(value)} ska vara ett heltal, minst {self.minimum}")
        return INVALID

    def schema(self):
        return {"type": "integer", "minimum": self.minimum}


@dataclass(frozen=True)
class Choice(FieldType):
    """One word out of a fixed set; ``choices`` maps each word to its Swedish meaning."""

    choices: Mapping[str, str]

    def check(self, value, line, key, report):
        if isinstance(value, str) and value in self.choices:
            return value
        shown = shown_value(value) if value is not None else "ingenting"
        hint = did_you_mean(value, list(self.choices)) if isinstance(value, str) else ""
        report.error(line, f"{key}: {shown} är inte ett av {', '.join(self.choices)}{hint}")
        return INVALID

    def schema(self):
        return {
            "type": "string",
            "enum": list(self.choices),
            "markdownEnumDescriptions": list(self.choices.values()),
        }


@dataclass(frozen=True)
class ListOf(FieldType):
    item: FieldType

    def check(self, value, line, key, report):
        if not isinstance(value, LineList):
            example = "en lista, [a, b]" if not isinstance(self.item, Record) else "en lista av poster som var och en börjar med '- '"
            report.error(line, f"{key}: här ska stå {example}, inte {_type_name(value)}")
            return INVALID
        checked = []
        for index, (item, item_line) in enumerate(zip(value, value.item_lines)):
            result = self.item.check(item, item_line, f"{key}[{index + 1}]", report)
            if result is not INVALID:
                checked.append(result)
        return checked

    def schema(self):
        return {"type": "array", "items": self.item.schema()}

    def typed(self, value):
        return tuple(self.item.typed(item) for item in value)


@dataclass(frozen=True)
class Field:
    """One key of a record: its type, whether staff must write it, and what it means."""

    key: str
    type: FieldType
    title: str
    """Swedish, shown by editors that read the JSON Schema."""
    required: bool = False
    default: Any = None
    suggest: Callable[[LineDict], str] | None = None
    """For a required key: a value to propose when it is missing, from the block as written."""
    attribute: str | None = None
    """The name of the declaring class's attribute, when the key cannot be one (``except``)."""

    @property
    def name(self) -> str:
        return self.attribute or self.key


@dataclass
class Entry:
    """A record that passed its checks: the clean values and where each key stood."""

    values: dict[str, Any]
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)
    item_lines: dict[str, list[int]] = field(default_factory=dict)
    """For keys holding a list: the line of each item as written."""
    complete: bool = True
    """False when a required key is missing or wrong: the entry is kept so that its other keys
    are still checked (every problem at once), but no model is built from it."""

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str, default: Any = None) -> Any:
        value = self.values.get(key)
        return default if value is None else value

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def item_line(self, key: str, index: int) -> int:
        """The line of item ``index`` of a list (block lists put each item on its own line)."""
        lines = self.item_lines.get(key, [])
        return lines[index] if index < len(lines) else self.line_of(key)


@dataclass(frozen=True)
class Record(FieldType):
    """A block of keys. Unknown keys are errors, with a hint at the nearest known one."""

    name: str
    fields: tuple[Field, ...]
    description: str = ""
    noun: str = ""
    """What staff call one entry, in Swedish (``medlem``); the name when empty."""
    builds: type | None = None
    """The class declaring the keys (:func:`.declarations.entity`), made by :meth:`make`."""

    def make(self, entry: Entry, **derived: Any) -> Any:
        """The declaring class's object from a checked entry: each key's value as the class keeps
        it, ``derived`` for the attributes worked out from more than one key (an event's times).
        A key left out holds the class's default (:func:`.declarations.entity` made it the key's)."""
        if self.builds is None:
            raise TypeError(f"{self.name} is a record of keys only; it makes no object")
        values = {
            spec.name: None if entry.values.get(spec.key) is None else spec.type.typed(entry.values[spec.key])
            for spec in self.fields
            if spec.name not in derived
        }
        return self.builds(**values, **derived)

    def typed(self, value):
        return self.make(value)

    def check(self, value, line, key, report):
        if not isinstance(value, LineDict):
            report.error(line, f"{key}: här ska stå {self.noun or self.name} (ett block av nycklar), inte {_type_name(value)}")
            return INVALID
        known = [f.key for f in self.fields]
        for given in value:
            if given not in known:
                report.error(
                    value.line_of(given),
                    f"{shown_key(given)}: okänd nyckel i {self.noun or self.name}"
                    f"{did_you_mean(str(given), known)}; "
                    f"kända nycklar: {', '.join(known)}",
                )
        values: dict[str, Any] = {}
        ok = True
        for spec in self.fields:
            if spec.key not in value or value[spec.key] is None:
                if spec.required and spec.suggest:
                    report.error(value.line, f"{spec.key} saknas; lägg till exempelvis {spec.key}: {spec.suggest(value)}")
                    ok = False
                elif spec.required:
                    where = f"{self.noun or self.name} {_ident(value)}".rstrip()
                    report.error(value.line, f"{where}: {spec.key} saknas; lägg till {spec.key}: ({spec.title.lower()})")
                    ok = False
                values[spec.key] = spec.default
                continue
            result = spec.type.check(value[spec.key], value.line_of(spec.key), spec.key, report)
            if result is INVALID:
                ok = ok and not spec.required
                values[spec.key] = spec.default
            else:
                values[spec.key] = result
        item_lines = {key: list(items.item_lines) for key, items in value.items() if isinstance(items, LineList)}
        return Entry(values, value.line, dict(value.key_lines), item_lines, complete=ok)

    def schema(self):
        properties = {}
        for spec in self.fields:
            properties[spec.key] = {"title": spec.title, **spec.type.schema()}
        schema: dict[str, Any] = {
            "type": "object",
            "title": self.description or self.name,
            "properties": properties,
            "additionalProperties": False,
        }
        required = [f.key for f in self.fields if f.required]
        if required:
            schema["required"] = required
        return schema


def _ident(value: LineDict) -> str:
    for key in ("id", "name", "title"):
        if isinstance(value.get(key), str):
            return shown_value(value[key])
    return ""


@dataclass(frozen=True)
class TextOrRecord(FieldType):
    """A short form (just a name) or the full block of keys."""

    text: Text
    record: Record

    def check(self, value, line, key, report):
        if isinstance(value, str):
            return self.text.check(value, line, key, report)
        return self.record.check(value, line, key, report)

    def schema(self):
        return {"anyOf": [self.text.schema(), self.record.schema()]}

    def typed(self, value):
        # The short form is the block's first key alone (location: Online is a place named Online).
        if isinstance(value, str):
            return self.record.builds(**{self.record.fields[0].name: value})
        return self.record.typed(value)


def slugify(text: str) -> str:
    """A URL id from a title: ``Årsmöte 2027`` -> ``arsmote-2027``."""
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "æ": "ae", "ø": "o"})
    lowered = text.lower().translate(table)
    return re.sub(r"[^a-z0-9]+", "-", lowered).strip("-")


def check_document(value: Any, spec: Record, report: Report) -> Entry | None:
    """Check a whole file's top level; an empty file is an empty record."""
    if value is None and report.problems:
        return None  # a syntax error, already reported; checking nothing would only add noise
    if value is None:
        empty = LineDict()
        empty.line, empty.key_lines = 1, {}
        value = empty
    result = spec.check(value, 1, "filen", report)
    if result is INVALID:
        return None
    # A list the file must have but lacks (or has as something else) is reported above; the rest
    # of the file is still checked, against an empty list, so that every problem shows at once.
    for spec_field in spec.fields:
        if isinstance(spec_field.type, ListOf) and result.values.get(spec_field.key) is None:
            result.values[spec_field.key] = []
    return result


def report_duplicate_ids(entries: Any, what: str, report: Report) -> None:
    """Every id written twice in a list of entries, also where an entry has other problems;
    ``what`` names the entry with its first id, in Swedish (``medlemmen``)."""
    if not isinstance(entries, LineList):
        return
    first_line: dict[str, int] = {}
    for entry in entries:
        if not isinstance(entry, LineDict) or not isinstance(entry.get("id"), str):
            continue
        ident, line = entry["id"], entry.line_of("id")
        if ident in first_line:
            report.error(line, f"id: {shown_value(ident)} används redan av {what} på rad {first_line[ident]}; varje id får bara finnas en gång")
        else:
            first_line[ident] = line
