"""Read a staff YAML file into plain values that remember the line they came from.

PyYAML forgets positions once it has built Python objects. Staff need every message to point at
a line, so mappings and sequences are built as :class:`LineDict` and :class:`LineList`, which keep
the line of each key and item. Dates and times stay strings here (the field checks parse them,
with messages staff can act on), and ``11:00`` is not read as the YAML 1.1 base-60 number 660.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from partnerskap.source.problems import Report


class LineDict(dict):
    """A mapping from a YAML file, with the line of the mapping and of each key."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence from a YAML file, with its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]


_PLAIN_TYPES = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool")


MAX_DEPTH = 100
"""Lists and blocks inside each other: staff files use five or six; a deeper file is a mistake
(or an attack), and it would otherwise exhaust Python's stack, or libyaml's, which crashes."""
MAX_ALIAS_VALUES = 100_000
"""Values that aliases (``*base``) may repeat in one file, counted as written out: anchors save
staff some typing, and a hundred thousand values is far more than any real file repeats."""


class _TooLarge(yaml.YAMLError):
    """A file that asks for more than a build may spend on it: reported at ``line``."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _Lines:
    """What this module adds to a PyYAML loader: line-keeping values (the constructors below),
    words that stay words, a nesting limit, and messages instead of exceptions for bad tags."""

    report: Report
    _depth = 0

    def compose_node(self, parent, index):
        if self._depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(
                None, None, f"fler än {MAX_DEPTH} listor eller block inuti varandra", self.peek_event().start_mark
            )
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            return self._copy(super().compose_node(parent, index), mark, self._depth)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    _copied = 0

    def _copy(self, node: yaml.Node, mark: yaml.Mark, depth: int) -> yaml.Node:
        """An aliased value as if it were written out where the alias is: every value in it
        points at the line of the alias (that is where it is used, and where a message about it
        belongs), and counts towards :data:`MAX_ALIAS_VALUES`, so that aliases inside aliases
        cannot grow exponentially (a "billion laughs", or merge keys nested 30 deep)."""
        self._copied += 1
        if self._copied > MAX_ALIAS_VALUES:
            raise _TooLarge(
                mark.line + 1,
                f"aliasen (*namn) i filen skulle upprepa fler än {format(MAX_ALIAS_VALUES, ',').replace(',', ' ')} "
                "värden; skriv ut posterna, eller använd färre alias inuti alias",
            )
        if depth >= MAX_DEPTH:
            raise yaml.composer.ComposerError(None, None, f"fler än {MAX_DEPTH} listor eller block inuti varandra", mark)
        if isinstance(node, yaml.ScalarNode):
            return yaml.ScalarNode(node.tag, node.value, mark, mark, node.style)
        if isinstance(node, yaml.SequenceNode):
            return yaml.SequenceNode(node.tag, [self._copy(item, mark, depth + 1) for item in node.value], mark, mark, node.flow_style)
        pairs = [(self._copy(key, mark, depth + 1), self._copy(value, mark, depth + 1)) for key, value in node.value]
        return yaml.MappingNode(node.tag, pairs, mark, mark, node.flow_style)

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except (yaml.YAMLError, RecursionError):
            raise
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError, IndexError):
            # An explicit tag (!!int, !!timestamp, !!bool ...) whose value PyYAML's own
            # constructors cannot read: report it at the value, as a syntax problem.
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise yaml.constructor.ConstructorError(
                None, None, f"värdet med taggen {tag} går inte att läsa som det taggen säger; ta bort taggen", node.start_mark
            ) from None


class _PythonLineLoader(_Lines, yaml.SafeLoader):
    """PyYAML in pure Python: used where PyYAML was built without libyaml."""


_LOADERS: list[type] = [_PythonLineLoader]
try:
    from yaml.cyaml import CParser
except ImportError:  # PyYAML without libyaml
    _LineLoader: type = _PythonLineLoader
else:
    class _CLineLoader(_Lines, yaml.composer.Composer, CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        """libyaml scans and parses (far faster than PyYAML's Python scanner on a large
        events.yaml; see bench/README.md); PyYAML's Python composer builds the nodes, so that the nesting limit
        above applies (libyaml's own composer recurses in C without one)."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    _LineLoader = _CLineLoader
    _LOADERS.append(_CLineLoader)

for _loader in _LOADERS:
    _loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in _PLAIN_TYPES]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    # Only true and false are booleans (YAML 1.2): "yes", "no", "on" stay words, as editors and
    # the browser editor read them, so a Norwegian "no" or a value "on" is never silently
    # true/false.
    _loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    _loader.add_implicit_resolver(
        "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789")
    )
    _loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?$"),
        list("-+0123456789."),
    )


_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_VALUE = "tag:yaml.org,2002:value"


def _construct_mapping(loader: _Lines, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    merged: list[LineDict] = []
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE:
            merged.extend(_merge_sources(loader, value_node))
            continue
        if key_node.tag == _VALUE:  # a key written "=": a word like any other
            key_node.tag = _STR
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, (str, int, float, bool)) or key is None:
            loader.report.error(line, "en nyckel måste vara ett vanligt ord, till exempel name:")
            continue
        if key in result:
            first = result.key_lines[key]
            shown = str(key) if len(str(key)) <= 60 else str(key)[:57] + "..."
            loader.report.error(
                line, f"'{shown}' står två gånger i samma post (första gången på rad {first}); behåll en av dem"
            )
            continue
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    # YAML's merge keys: keys written in the entry win over merged ones, and the first merged
    # entry over later ones. Merging built values (not PyYAML's copies of node lists) keeps
    # each key once, however deep merges are nested.
    for source in merged:
        for key, value in source.items():
            if key not in result:
                result[key] = value
                result.key_lines[key] = source.line_of(key)
    return result


def _merge_sources(loader: _Lines, node: yaml.Node) -> list[LineDict]:
    """The entries a ``<<:`` merges: one entry (``<<: *base``) or a list of them."""
    value = loader.construct_object(node, deep=True)
    sources = value if isinstance(value, LineList) else [value]
    if all(isinstance(source, LineDict) for source in sources):
        return sources
    loader.report.error(
        node.start_mark.line + 1, "<<: slår bara ihop poster: skriv <<: *namn, eller en lista som <<: [*bas, *extra]"
    )
    return []


def _construct_sequence(loader: _Lines, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


for _loader in _LOADERS:
    _loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
    _loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
MAX_DEPTH_MESSAGE = "posterna ligger för djupt inuti varandra för att läsas; kontrollera indraget och hakparenteserna"


def _lines(text: str) -> int:
    """How many lines the file has, its line breaks counted as YAML counts them (at least one)."""
    breaks = len(_LINE_BREAK.findall(text))
    ends_with_break = text.endswith(("\n", "\r", "\x85", "\u2028", "\u2029"))
    return max(1, breaks if ends_with_break else breaks + 1)


class _NotPlain(Exception):
    """The document uses something :func:`_read_plain` leaves to PyYAML's own composer."""


_PLAIN_SCALARS = frozenset(("tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"))
_NO_KEY = object()
"""An open mapping's marker for "the next value is a key"."""


def _read_plain(text: str, report: Report) -> Any:
    """What ``_CLineLoader(text).get_single_data()`` gives, built straight from libyaml's events.

    PyYAML's composer and constructor make a node and then an object for every value, in Python:
    most of the time a large events.yaml takes to read. Staff files are plain (no anchors, aliases,
    tags, merge keys, or keys that are lists), and for those one loop over the events builds the
    same values with the same lines. Anything else raises :class:`_NotPlain` before reporting
    anything, and the caller reads the file the full way.
    """
    loader = _CLineLoader(text)
    try:
        resolved: dict[tuple[str, tuple[bool, bool]], str] = {}
        problems: list[tuple[int, str]] = []
        # Open containers, innermost last: [container, pending key, key line, skip value].
        stack: list[list[Any]] = []
        document: Any = None
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # document start
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind is yaml.DocumentEndEvent:
                break
            if kind is yaml.AliasEvent or getattr(event, "anchor", None) is not None:
                raise _NotPlain
            if kind is yaml.ScalarEvent:
                if event.tag not in (None, "!"):
                    raise _NotPlain
                if not event.implicit[0]:
                    value: Any = event.value
                else:
                    key = (event.value, event.implicit)
                    tag = resolved.get(key)
                    if tag is None:
                        tag = resolved[key] = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
                    if tag == _STR:
                        value = event.value
                    elif tag in _PLAIN_SCALARS:
                        value = loader.construct_object(
                            yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
                        )
                    else:  # merge keys, "=" values
                        raise _NotPlain
                closed = False
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.tag not in (None, "!") or len(stack) >= MAX_DEPTH:
                    raise _NotPlain
                if stack and isinstance(stack[-1][0], LineDict) and stack[-1][1] is _NO_KEY:
                    raise _NotPlain  # a list or block as a key
                if kind is yaml.MappingStartEvent:
                    container: Any = LineDict()
                    container.key_lines = {}
                else:
                    container = LineList()
                    container.item_lines = []
                container.line = event.start_mark.line + 1
                stack.append([container, _NO_KEY, 0, False])
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                value = stack.pop()[0]
                closed = True
            else:
                raise _NotPlain
            if not stack:
                document = value
                continue
            top = stack[-1]
            parent = top[0]
            if type(parent) is LineList:
                parent.append(value)
                parent.item_lines.append(value.line if closed else event.start_mark.line + 1)
            elif top[1] is _NO_KEY:  # value is a key
                line = event.start_mark.line + 1
                if not isinstance(value, (str, int, float, bool)) or value is None:
                    problems.append((line, "en nyckel måste vara ett vanligt ord, till exempel name:"))
                    top[1], top[2], top[3] = value, line, True
                elif value in parent:
                    first = parent.key_lines[value]
                    shown = str(value) if len(str(value)) <= 60 else str(value)[:57] + "..."
                    problems.append((line, f"'{shown}' står två gånger i samma post (första gången på rad {first}); behåll en av dem"))
                    top[1], top[2], top[3] = value, line, True
                else:
                    top[1], top[2], top[3] = value, line, False
            else:
                if not top[3]:
                    parent[top[1]] = value
                    parent.key_lines[top[1]] = top[2]
                top[1] = _NO_KEY
        if not loader.check_event(yaml.StreamEndEvent):
            raise _NotPlain  # more than one document: PyYAML says so
        for line, message in problems:
            report.error(line, message)
        return document
    finally:
        loader.dispose()


def parse_yaml(text: str, report: Report) -> Any:
    """Parse one YAML document; syntax errors go to ``report`` and give ``None``."""
    last_line = _lines(text)

    def error(line: int, message: str) -> None:
        # PyYAML points past the last line break for problems found at the end of the file.
        report.error(min(max(line, 1), last_line), message)

    if _LineLoader is not _PythonLineLoader:
        try:
            return _read_plain(text, report)
        except Exception:  # noqa: BLE001 - anything unusual, a syntax error included, is read the full way
            pass
    loader = None
    try:
        loader = _LineLoader(text)
        loader.report = report
        return loader.get_single_data()
    except (yaml.reader.ReaderError, UnicodeEncodeError):
        # A character YAML refuses, such as a control character pasted from another program.
        # libyaml counts its position in bytes, PyYAML in characters: find it again here.
        found = yaml.reader.Reader.NON_PRINTABLE.search(text) or _SURROGATE.search(text)
        line = len(_LINE_BREAK.findall(text, 0, found.start())) + 1 if found else 1
        shown = f"tecknet U+{ord(found[0]):04X}" if found else "ett tecken"
        error(line, f"filen innehåller {shown}, som YAML inte tillåter (de flesta redigerare visar det inte); ta bort det")
    except _TooLarge as error_:
        error(error_.line, error_.message)
    except yaml.MarkedYAMLError as error_:
        mark = error_.problem_mark or error_.context_mark
        line = mark.line + 1 if mark else 1
        column = f", kolumn {mark.column + 1}" if mark else ""
        what = error_.problem or error_.context or "det här är inte giltig YAML"
        error(
            line,
            f"YAML-syntax{column}: {what} (kontrollera indraget och att text med ':' eller '#' "
            "står inom citattecken)",
        )
    except yaml.YAMLError as error_:
        error(1, f"filen går inte att läsa som YAML: {error_}")
    except RecursionError:  # a safety net: MAX_DEPTH stops nesting long before
        error(1, MAX_DEPTH_MESSAGE)
    finally:
        if loader is not None:
            loader.dispose()
    return None


def read_yaml(path: Path, report: Report) -> Any:
    """Read a staff YAML file; an unreadable file is reported, not raised."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        report.error(1, f"filen saknas; skapa den bredvid mkdocs.yml ({path})")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        # The text before the bad byte is UTF-8: count its lines as YAML does, so that staff
        # are sent to the line with the Å or é another program saved as Latin-1.
        line = len(_LINE_BREAK.findall(data[: error.start].decode("utf-8"))) + 1
        report.error(
            line, f"raden har ett tecken som inte är UTF-8 (byte 0x{data[error.start]:02X}, kanske ett å eller é "
            "som ett äldre program har sparat); spara filen som UTF-8"
        )
        return None
    return parse_yaml(text, report)
