"""Robustness: whatever staff write in members.yaml and events.yaml, the generator either builds
the site or stops with problems of the form ``FILE:LINE: message``, never with another exception.

Hypothesis writes valid association files (odd Unicode included: right-to-left scripts, emoji,
combining marks, very long text), then breaks some of them: wrong types, missing and unknown keys,
dangling references, duplicate ids, impossible dates and times, repeat rules that cannot work,
YAML syntax damage, control characters, deep nesting, bytes that are not UTF-8. Most examples run
in-process through ``build_content`` (fast); a few run end-to-end through ``mkdocs build``.

For files that were not broken the property is stronger: the build must succeed and every member
and announced event must get its page, with feeds and calendars that parse.
"""

from __future__ import annotations

import copy
import functools
import datetime as dt
import re
import shutil
import signal
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest
import yaml
from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import BUILD_EPOCH, REPO, THROWAWAY_CONFIG, run_build

from partnerskap import routes
from partnerskap.build import build_content, load_data, output_files
from partnerskap.i18n import Words
from partnerskap.model.events_file import EVENT, LOCATION, PROGRAMME_ITEM, REGISTRATION, REPEAT, SERIES
from partnerskap.model.members_file import GROUP, MEMBER, PERSON, SEAT
from partnerskap.outputs import icalendar_files
from partnerskap.outputs.vtimezone import vtimezone
from partnerskap.settings import Settings
from partnerskap.source import sourcefile
from partnerskap.source.problems import DataError, Report

NOW = dt.datetime.fromtimestamp(BUILD_EPOCH, tz=dt.timezone.utc)
FILES = ("members.yaml", "events.yaml")
PROBLEM = re.compile(r"(members\.yaml|events\.yaml):([1-9][0-9]*): (\S.*)")
LOG_PROBLEM = re.compile(r"^(?:ERROR\s+-\s+)?((?:members|events)\.yaml):(\d+): (.+)$", re.MULTILINE)
LOGO = "img/logo.svg"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>\n'

# --- Text ---------------------------------------------------------------------------------------

ODD_VALID_TEXT = [
    "مؤسسة الشراكة المحلية",                 # Arabic, right to left
    "שותפות גליל מערבי",                      # Hebrew
    "Bygd \u202bمزرعة\u202c och gård",         # a right-to-left embedding in Swedish text
    "\u202eevil.exe\u202c",                   # a right-to-left override
    "🌾🚜 Bygdegården 👩‍🌾",                      # emoji with a zero-width joiner
    "Cafe\u0301 Åsa",                         # a combining accent
    "zero\u200bwidth\u2060joiner",
    "Ωmega Ψ Привет 中文 ไทย",
    "A & B <C> \"D\" 'E'",
    "<script>alert(1)</script>",
    "{{ jinja }} {% raw %}",
    "&amp; &lt; &#x41;",
    "# not a comment",
    "- not a list",
    "key: value",
    "&anchor *alias !tag",
    "null", "~", "yes", "no", "on", "off", "0x1F", "1e3", "12:30", ".inf", "<<", "=",
    "2026-05-01",
    "tab\there",
    "Å" * 300,
    "x" * 2000,                                # the longest single-line text allowed
]
ODD_INVALID_TEXT = [
    "", " ", "\u00a0", "x" * 2001, "x" * 20001,
    "line\nbreak", "cr\rreturn", "crlf\r\nx", "nel\x85x", "line\u2028separator", "para\u2029graph",
    "bell\x07", "esc\x1b[31mred\x1b[0m", "del\x7f", "c1\x9bcontrol", "vt\x0bff\x0c",
    "\ufffe", "\uffff", "\ud800lone surrogate", "\udfff",
]
SAFE_ALPHABET = st.characters(whitelist_categories=("L", "M", "N", "P", "S", "Zs"))
ANY_ALPHABET = st.characters(blacklist_characters="\x00")     # every character but NUL, surrogates included
WRITABLE_ALPHABET = st.characters(exclude_categories=("Cs",))  # every character UTF-8 can write
"""What ``st.text()`` draws by default, said by category: Hypothesis's default works it out on its
first use by encoding all of Unicode, two processor-seconds in every process of a fresh clone or
CI, where .hypothesis/ does not yet keep the answer (``st.from_regex`` does the same)."""

valid_text = st.one_of(
    st.text(SAFE_ALPHABET, min_size=1, max_size=30),
    st.sampled_from(ODD_VALID_TEXT),
).filter(lambda s: s.strip() and "\n" not in s)
odd_text = st.one_of(
    st.sampled_from(ODD_VALID_TEXT + ODD_INVALID_TEXT),
    st.text(ANY_ALPHABET, max_size=40),
)
markdown_text = st.one_of(
    valid_text,
    st.lists(valid_text, min_size=1, max_size=4).map("\n\n".join),
    st.just("**Fet** och `<kod>` och <https://example.se>\n\n    indraget <b>\n\n```\n<script>\n```"),
)

ID_POOL = ["region-halland", "leader-halland", "lag", "styrelse", "a", "b-2", "x1", "hylte"]
SLUG_PART = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)  # [a-z0-9]{1,8}
slug = st.one_of(st.sampled_from(ID_POOL), st.lists(SLUG_PART, min_size=1, max_size=3).map("-".join))

# --- Dates and times ----------------------------------------------------------------------------

BAD_DATES = [
    "2026-02-30", "2026-13-01", "2026-00-10", "26-1-1", "2026/05/01", "01.05.2026", "idag", "",
    "2026-05-01 25:00", "2026-05-01 10:60", "2026-05-01 24:00", "2026-05-01T", "2026-05-01 10",
    "2027-03-28 02:30",        # does not exist in Europe/Stockholm (clocks jump forward)
    "2026-10-25 02:30",        # happens twice (clocks go back)
    "2026-05-01 10:00+25:00", "2026-05-01 10:00+99:99", "2026-05-01 10:00-00:00", "2026-05-01 10:00Z",
    "0001-01-01", "9999-12-31", "9999-12-31 23:59+01:00", "0001-01-01 00:00+01:00", "1969-12-31",
    "2026-05-01 10:00:61", "+2026-05-01", "2026-5-1", "20260501", "2026-W18",
    12, 3.5, True, None, [], {}, ["2026-05-01"], dt.date(2026, 5, 1), dt.datetime(2026, 5, 1, 10, 0),
]
VALID_RULES = [
    "FREQ=WEEKLY", "FREQ=WEEKLY;INTERVAL=2", "FREQ=MONTHLY;BYDAY=1TH", "FREQ=MONTHLY;BYMONTHDAY=15",
    "FREQ=YEARLY", "FREQ=DAILY;INTERVAL=7", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    "RRULE:FREQ=WEEKLY;BYDAY=TU,TH", "freq=monthly;byday=-1fr",
]
BAD_RULES = [
    "", "FREQ", "FREQ=", "FREQ=NEVER", "garbage", "FREQ=WEEKLY;COUNT=3", "FREQ=WEEKLY;UNTIL=20270101",
    "FREQ=DAILY;INTERVAL=0", "FREQ=DAILY;INTERVAL=-1", "FREQ=DAILY;INTERVAL=x", "FREQ=YEARLY;INTERVAL=1000000000",
    "FREQ=SECONDLY", "FREQ=MINUTELY", "FREQ=HOURLY;INTERVAL=1", "FREQ=DAILY;BYHOUR=25", "FREQ=DAILY;BYSETPOS=0",
    "FREQ=MONTHLY;BYMONTHDAY=32", "FREQ=MONTHLY;BYDAY=9MO", "FREQ=WEEKLY;BYDAY=XX", "FREQ=WEEKLY;WKST=XX",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31",
    "FREQ=MONTHLY;BYDAY=1MO;BYMONTHDAY=20", "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6", "FREQ=WEEKLY;;;",
    "FREQ=WEEKLY;FREQ=DAILY", "FREQ=YEARLY;BYWEEKNO=54", "FREQ=YEARLY;BYYEARDAY=367", "FREQ=YEARLY;BYEASTER=0",
    "FREQ=WEEKLY;X-NAME=1", "RRULE:RRULE:FREQ=WEEKLY", "DTSTART:20260101T100000\nRRULE:FREQ=WEEKLY",
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31", "FREQ=WEEKLY;BYDAY=MO;BYMONTH=13",
]

# --- Junk values --------------------------------------------------------------------------------

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), odd_text,
    st.dates(min_value=dt.date(1, 1, 1)), st.datetimes(min_value=dt.datetime(1, 1, 2)),
)
junk = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(st.sampled_from(["id", "name", "title", "start"]), st.text(WRITABLE_ALPHABET, max_size=6), st.integers()), inner, max_size=3),
    ),
    max_leaves=8,
)

ALL_KEYS = sorted({f.key for record in (MEMBER, PERSON, SEAT, GROUP, EVENT, LOCATION, PROGRAMME_ITEM, REGISTRATION, REPEAT, SERIES) for f in record.fields})


# --- Valid files --------------------------------------------------------------------------------
# Strategies are made once, here: Hypothesis spends most of its time checking strategies that a
# composite makes anew for every example.

RESERVED = {"arkiv", "kategori", "serie", "prenumerera", "feed", "manad", "index"}
unreserved_slug = slug.filter(lambda s: s not in RESERVED)
some_ids = st.lists(unreserved_slug, max_size=6, unique=True)
flag = st.booleans()
dates_2015_2029 = st.dates(dt.date(2015, 1, 1), dt.date(2029, 12, 31))
joined = st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))
joined_written = joined | joined.map(dt.date.isoformat)
published = st.dates(dt.date(2014, 1, 1), dt.date(2027, 12, 31)).map(dt.date.isoformat)
CATEGORIES = ("webinar", "meeting", "conference", "annual-meeting", "strategy-day", "afterwork", "workshop", "other")
place = st.one_of(
    valid_text, st.just("Online"),
    st.fixed_dictionaries({"name": valid_text}, optional={"address": valid_text, "url": st.just("https://meet.example.se/rum")}),
)
clock_time = st.builds("{:02d}:{:02d}".format, st.integers(0, 23), st.integers(0, 59))
documents = st.lists(st.fixed_dictionaries({"title": valid_text, "url": st.just("https://example.se/bilder.pdf")}), min_size=1, max_size=2)
OPTIONAL_MEMBER = {
    "group": valid_text, "municipality": valid_text,
    "website": st.sampled_from(("https://www.example.se", "http://exempel.se/väg?q=1&r=2#x", "https://xn--bygd-5qa.se/")),
    "email": st.sampled_from(("info@example.se", "förnamn.efternamn@bygd.se")),
    "phone": st.sampled_from(("+46 35 00 00 00", "035-13 13 13")),
    "logo": st.just(LOGO), "joined": joined_written, "description": markdown_text,
}
OPTIONAL_GROUP = {"description": markdown_text, "voting": flag}
OPTIONAL_PERSON = {"title": valid_text, "email": st.just("namn@example.se"), "gender": st.sampled_from(("woman", "man", "other"))}
OPTIONAL_EVENT = {
    "location": place, "audience": st.sampled_from(("public", "members")),
    "status": st.sampled_from(("scheduled", "cancelled", "postponed")), "summary": valid_text,
    "description": markdown_text, "documents": documents,
}


@functools.cache
def between(low: int, high: int) -> st.SearchStrategy[int]:
    """``st.integers(low, high)``, made once for each pair."""
    return st.integers(low, high)


def pick(draw, choices):
    return choices[draw(between(0, len(choices) - 1))]


def some_of(draw, choices, most: int = 3) -> list:
    chosen = [c for c in choices if draw(flag)]
    return chosen[:most]


def optional(draw, strategies: dict, into: dict) -> dict:
    for key, strategy in strategies.items():
        if draw(flag):
            into[key] = draw(strategy)
    return into


@st.composite
def members_doc(draw) -> dict:
    member_ids = draw(some_ids) or ["region-halland"]
    group_ids = draw(some_ids)[:3]
    person_ids = draw(some_ids)
    members = [
        optional(draw, OPTIONAL_MEMBER, {"id": ident, "name": draw(valid_text), "sector": pick(draw, ("public", "private", "civil"))})
        for ident in member_ids
    ]
    groups = [
        optional(draw, OPTIONAL_GROUP, {"id": ident, "name": draw(valid_text)})
        for ident in group_ids
    ]
    people = []
    for ident in person_ids:
        person = optional(draw, OPTIONAL_PERSON, {"id": ident, "name": draw(valid_text), "member": pick(draw, member_ids)})
        if group_ids and draw(flag):
            person["roles"] = [
                {"group": group, "role": draw(valid_text), **({"deputy": draw(flag)} if draw(flag) else {})}
                for group in some_of(draw, group_ids)
            ]
        if draw(flag):
            person["active_in"] = some_of(draw, member_ids)
        people.append(person)
    doc: dict = {"members": members}
    if people or draw(flag):
        doc["people"] = people
    if groups or draw(flag):
        doc["groups"] = groups
    return doc


@st.composite
def moment(draw):
    """A start: (value as written, its date, its time or None for all day)."""
    day = draw(dates_2015_2029)
    if draw(between(0, 3)) == 0:
        return pick(draw, (day, day.isoformat())), day, None
    # 06:00-22:45: never inside a daylight-saving change, which happens between 02:00 and 03:00.
    at = dt.datetime.combine(day, dt.time(draw(between(6, 22)), pick(draw, (0, 15, 30, 45))))
    return at.strftime(pick(draw, ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:00"))), day, at


a_start = moment()


@st.composite
def events_doc(draw, member_ids: list[str]) -> dict:
    series = [
        optional(draw, {"description": markdown_text}, {"id": ident, "title": draw(valid_text)})
        for ident in draw(some_ids)[:2]
    ]
    series_ids = [entry["id"] for entry in series]
    events, used = [], set()
    speakers = st.lists(st.fixed_dictionaries({"name": valid_text}, optional={
        "role": valid_text, "organisation": st.sampled_from(tuple(member_ids) + ("Fritext AB",)),
    }), min_size=1, max_size=2)
    for _ in range(draw(between(0, 8))):
        written, day, at = draw(a_start)
        title = draw(valid_text)
        ident = draw(unreserved_slug)
        if ident in used:
            continue
        used.add(ident)
        event = {"id": ident, "title": title, "category": pick(draw, CATEGORIES), "start": written}
        repeats = draw(between(0, 3)) == 0
        if draw(flag):
            if at is None:
                # A repeat of days is refused once its dates fill more than 3,000 calendar days
                # (model/agenda.py, MAX_EVENT_DAYS; test_budgets.py): a weekly repeat of four-day
                # events from 2015 would, with no until:. Two days at most keeps every rule here in.
                event["end"] = (day + dt.timedelta(days=draw(between(0, 1 if repeats else 3)))).isoformat()
            else:
                # A repeat ends the day it starts: one lasting over a night could span a clock change.
                longest = 600 if not repeats else (23 * 60 + 59) - (at.hour * 60 + at.minute)
                event["end"] = (at + dt.timedelta(minutes=draw(between(min(15, longest), longest)))).strftime("%Y-%m-%d %H:%M")
        event["published"] = draw(published)
        optional(draw, OPTIONAL_EVENT, event)
        if draw(flag):
            event["organisers"] = some_of(draw, member_ids, 2)
        if series_ids and draw(flag):
            event["series"] = pick(draw, series_ids)
        if draw(flag):
            event["registration"] = {"url": pick(draw, ("https://example.se/anmalan", "mailto:anmalan@example.se"))}
            if draw(flag):
                # A bare date closes at the end of that day: for a timed event, the day before at the latest.
                event["registration"]["deadline"] = (day - dt.timedelta(days=draw(between(0 if at is None else 1, 30)))).isoformat()
        if draw(flag):
            event["programme"] = [
                optional(draw, {
                    "time": clock_time, "speakers": speakers,
                }, {"title": draw(valid_text)})
                for _ in range(draw(between(1, 3)))
            ]
        if repeats:
            rule = pick(draw, VALID_RULES)
            repeat: dict = {"rule": rule}
            naive = at or dt.datetime.combine(day, dt.time())
            if draw(flag):
                # until: no earlier than the rule's first date (an until: before it is reported)
                first = rrulestr("RRULE:" + re.sub(r"^RRULE:", "", rule, flags=re.I), dtstart=naive).after(naive, inc=True)
                repeat["until"] = (max(day, first.date() if first else day) + dt.timedelta(days=draw(between(0, 800)))).isoformat()
            if draw(flag):
                second = rrulestr("RRULE:" + re.sub(r"^RRULE:", "", rule, flags=re.I), dtstart=naive).after(naive)
                # An exception after until: is reported (it names no date of the repeat).
                if second is not None and second.date().isoformat() <= repeat.get("until", "9999"):
                    repeat["except"] = [second.date().isoformat()]
            event["repeat"] = repeat
        events.append(event)
    doc: dict = {}
    if series or draw(flag):
        doc["series"] = series
    doc["events"] = events
    return doc


# --- Breaking them ------------------------------------------------------------------------------

def _blocks(value, found: list[dict]) -> list[dict]:
    """Every mapping inside a document, the document included."""
    if isinstance(value, dict):
        found.append(value)
        for item in value.values():
            _blocks(item, found)
    elif isinstance(value, list):
        for item in value:
            _blocks(item, found)
    return found


def _lists(value, found: list[list]) -> list[list]:
    if isinstance(value, dict):
        for item in value.values():
            _lists(item, found)
    elif isinstance(value, list):
        found.append(value)
        for item in value:
            _lists(item, found)
    return found


MUTATIONS = ("junk", "text", "delete", "date", "rule", "dangling", "duplicate", "list", "unknown")
DATE_KEYS = ("start", "end", "published", "joined", "until", "deadline", "except")
REFERENCE_KEYS = ("member", "group", "organisers", "series", "active_in", "project", "organisation")
DANGLING = ("no-such-id", ["no-such-id"], ["region-halland", "nobody"], "Region Halland")
TYPO_KEYS = ("nmae", "titel", "Start", "ID", "sektor", "extra")
any_key = st.sampled_from(ALL_KEYS) | st.text(WRITABLE_ALPHABET, max_size=8)


@st.composite
def break_data(draw, doc: dict) -> dict:
    """One change that may make the data wrong (or, by chance, leave it right)."""
    doc = copy.deepcopy(doc)
    block = pick(draw, _blocks(doc, []))
    own = sorted(block, key=str)
    key = pick(draw, own) if own and draw(between(0, 3)) else draw(any_key)
    how = pick(draw, MUTATIONS)
    if how == "junk":
        block[key] = draw(junk)
    elif how == "text":
        block[key] = draw(odd_text)
    elif how == "delete":
        block.pop(key, None)
    elif how == "date":
        block[pick(draw, DATE_KEYS)] = pick(draw, BAD_DATES)
    elif how == "rule":
        if "rule" in block:
            block["rule"] = pick(draw, BAD_RULES)
        else:
            block["repeat"] = {"rule": pick(draw, BAD_RULES + VALID_RULES)}
    elif how == "dangling":
        block[pick(draw, REFERENCE_KEYS)] = copy.deepcopy(pick(draw, DANGLING))
    elif how == "duplicate":
        lists = [found for found in _lists(doc, []) if found]
        if lists:
            target = pick(draw, lists)
            target.append(copy.deepcopy(pick(draw, target)))
    elif how == "list":
        block[key] = [block.get(key)] if draw(flag) else {"nested": block.get(key)}
    else:
        block[pick(draw, TYPO_KEYS)] = draw(valid_text)
    return doc


def dump(doc, draw) -> str:
    return yaml.safe_dump(
        doc, allow_unicode=draw(flag), sort_keys=False,
        default_flow_style=pick(draw, (False, None, True)), width=pick(draw, (80, 10**6)),
    )


SNIPPETS = [
    ":", ": ", "- ", "\t", "\t- x", "{", "}", "[", "]", "'", '"', "&x ", "*x", "*undefined", "!!binary ", "!!python/object:os.system ",
    "!custom ", "%YAML 1.1\n", "---\n", "...\n", "? ", "|", ">", "@", "`", "#", ",", "<<: *x\n", "\\", "\ufeff", "  ", "\n  - ",
    "key: value\n", "&a [*a]", "\r", "\x85", "\u2028", "\x01", "\x1b", "\x7f", "\ud800",
]


snippet = st.sampled_from(SNIPPETS) | st.text(ANY_ALPHABET, max_size=5)
damages = st.integers(0, 2)
no_damage = st.just(0)


def nested(depth: int, kind: str) -> str:
    if kind == "flow-list":
        return "[" * depth + "x" + "]" * depth
    if kind == "flow-map":
        return "{a: " * depth + "x" + "}" * depth
    if kind == "block-compact":
        return "\n" + "- " * depth + "x"
    return "\n" + "".join(" " * i + "a:\n" for i in range(min(depth, 600))) + " " * min(depth, 600) + "x"


@st.composite
def break_text(draw, text: str) -> str | bytes:
    """Damage the file as text: syntax, characters YAML refuses, nesting, encoding."""
    how = pick(draw, ("insert", "cut", "truncate", "tabs", "swap", "deep", "encoding", "aliases", "bom-crlf"))
    if how == "insert":
        at = draw(between(0, len(text)))
        return text[:at] + draw(snippet) + text[at:]
    if how == "cut":
        a = draw(between(0, len(text)))
        b = draw(between(a, min(len(text), a + 40)))
        return text[:a] + text[b:]
    if how == "truncate":
        return text[: draw(between(0, len(text)))]
    if how == "tabs":
        lines = text.split("\n")
        index = draw(between(0, len(lines) - 1))
        lines[index] = lines[index].replace("  ", "\t")
        return "\n".join(lines)
    if how == "swap":
        lines = text.split("\n")
        i, j = draw(between(0, len(lines) - 1)), draw(between(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines)
    if how == "deep":
        depth = pick(draw, (5, 60, 200, 400, 1000, 3000))
        kind = pick(draw, ("flow-list", "flow-map", "block-compact", "block-indented"))
        return text + f"\n{pick(draw, ('deep', 'members', 'events', 'people'))}: " + nested(depth, kind)
    if how == "encoding":
        return pick(draw, (
            text.encode("latin-1", "replace"), text.encode("utf-16"), b"\xff\xfe\x00" + text.encode(), text.encode("utf-8")[:-1] + b"\xc3",
        ))
    if how == "aliases":
        # A billion laughs: a small file that stands for a very large structure.
        laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9)
        )
        key = pick(draw, ("organisers", "name", "members", "active_in", "roles", "title", "events"))
        return laughs + re.sub(rf"(\b{key}: )[^\n,}}]*", r"\1*a8", text, count=1)
    return "\ufeff" + text.replace("\n", "\r\n")


@st.composite
def association(draw):
    """(members.yaml, events.yaml, broken, data): the two files as written, whether either was
    damaged, and the data they were written from."""
    members = draw(members_doc())
    events = draw(events_doc([m["id"] for m in members["members"]]))
    broken = False
    files = []
    for doc in (members, events):
        for _ in range(draw(damages if draw(flag) else no_damage)):
            doc = draw(break_data(doc))
            broken = True
        text = dump(doc, draw)
        if draw(between(0, 5)) == 0:
            text = draw(break_text(text))
            broken = True
        files.append(text)
    return files[0], files[1], broken, (members, events)


# --- Checking the outcome -----------------------------------------------------------------------

def line_count(data: str | bytes) -> int:
    """The lines an editor shows for the file (YAML's line breaks); at least one."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    breaks = re.findall(r"\r\n|\r|\n|\x85|\u2028|\u2029", text)
    ends_with_break = bool(re.search(r"(\r\n|\r|\n|\x85|\u2028|\u2029)\Z", text))
    return max(1, len(breaks) + (0 if ends_with_break else 1))


def assert_problem_format(problems: list, files: dict[str, str | bytes]) -> None:
    assert problems, "a DataError without problems"
    for problem in problems:
        shown = str(problem)
        assert len(shown.splitlines()) == 1 and "\n" not in shown, f"a problem on several lines: {shown!r}"
        match = PROBLEM.fullmatch(shown)
        assert match, f"not FILE:LINE: message: {shown!r}"
        assert 1 <= int(match[2]) <= line_count(files[match[1]]), f"line outside the file ({line_count(files[match[1]])} lines): {shown!r}"
        shown.encode("utf-8")  # printable in a UTF-8 log: no lone surrogates


class Project:
    """A project folder for in-process builds, rewritten for every example."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "content" / "img").mkdir(parents=True, exist_ok=True)
        (root / "content" / LOGO).write_bytes(SVG)
        self.settings = Settings(
            project_dir=root, docs_dir=root / "content", site_url="https://bygd.example.se/", site_name="Bygd",
            feed_title="Kalender – Bygd",
        )

    def write(self, members: str | bytes, events: str | bytes) -> dict[str, str | bytes]:
        for name, data in zip(FILES, (members, events)):
            path = self.root / name
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
        return dict(zip(FILES, (members, events)))

    def outcome(self, members: str | bytes, events: str | bytes):
        """The built content, or the list of problems (checked for their form)."""
        files = self.write(members, events)
        try:
            return build_content(self.settings, NOW)
        except DataError as error:
            assert_problem_format(error.problems, files)
            return error.problems


@pytest.fixture(scope="module")
def project():
    root = Path(tempfile.mkdtemp(prefix="property-"))
    yield Project(root)
    shutil.rmtree(root, ignore_errors=True)


def assert_complete(content, settings: Settings, members: dict, events: dict) -> None:
    """A valid association: every member and announced event has its page; feeds and calendars parse."""
    paths = {spec.path for spec in content.pages}
    for member in members["members"]:
        assert routes.member(member["id"]) in paths
    for group in members.get("groups", []):
        assert routes.group(group["id"]) in paths
    announced = [e for e in events["events"] if dt.date.fromisoformat(e["published"]) <= NOW.date()]
    event_pages = [p for p in paths if p.startswith("kalender/") and content_spec(content, p).template == "partnership/event.html"]
    assert len(event_pages) == len(announced)
    for path, data in output_files(content, settings).items():
        if path.endswith(".xml"):
            ET.fromstring(data)
        elif path.endswith(".ics"):
            icalendar.Calendar.from_ical(data)
        data.decode("utf-8")


def content_spec(content, path):
    return next(spec for spec in content.pages if spec.path == path)


# --- The properties -----------------------------------------------------------------------------

@pytest.mark.build
# As many examples as the profile asks (tests/conftest.py: 50 in make test, 1000 when thorough).
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(association())
def test_any_files_give_a_site_or_file_line_problems(project, files):
    members, events, broken, data = files
    result = project.outcome(members, events)
    if not broken:
        assert not isinstance(result, list), "valid files were refused:\n" + "\n".join(map(str, result))
        assert_complete(result, project.settings, *data)


def with_lines(value):
    """A value read from YAML, with every line it remembers, as plain data to compare."""
    if isinstance(value, sourcefile.LineDict):
        return ("map", value.line, [(k, value.key_lines[k], with_lines(v)) for k, v in value.items()])
    if isinstance(value, sourcefile.LineList):
        return ("seq", value.line, list(zip(value.item_lines, map(with_lines, value))))
    return (type(value).__name__, value)


def first_difference(a, b, where="") -> str:
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        for index, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return first_difference(x, y, f"{where}[{index}]")
        return f"{where}: {len(a)} items, not {len(b)}"
    return f"{where}: {str(a)[:200]} != {str(b)[:200]}"


def read_both_ways(text: str):
    """(fast, full): the file read from libyaml's events, and by PyYAML's composer and
    constructor, each with the problems reported. Where the fast reader hands over, (None, None):
    the full reader is not run then, as a file of aliases can stand for billions of values."""
    fast_report = Report("f.yaml")
    try:
        fast = (with_lines(sourcefile._read_plain(text, fast_report)), fast_report.problems)
    except Exception:
        return None, None
    full_report = Report("f.yaml")
    loader = sourcefile._CLineLoader(text)
    loader.report = full_report
    try:
        return fast, (with_lines(loader.get_single_data()), full_report.problems)
    finally:
        loader.dispose()


@settings(deadline=None, suppress_health_check=list(HealthCheck))  # examples: the profile's
@given(association())
def test_yaml_read_from_events_is_what_pyyaml_builds(files):
    """sourcefile reads plain files straight from libyaml's events for speed (bench/run.py): the
    values, their lines and the problems must be what the full loader gives, or it hands over."""
    for text in files[:2]:
        if isinstance(text, bytes):
            continue
        fast, full = read_both_ways(text)
        # Not `assert fast == full`: pytest's explanation of two large unequal values takes
        # gigabytes; the first difference says enough.
        same = fast is None or fast == full
        assert same, first_difference(fast, full)


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n", "a: !!str 1\n", "<<: {a: 1}\n", "? [a]\n: 1\n", "a: 1\n---\nb: 2\n", "a: =\n",
    "[" * (sourcefile.MAX_DEPTH + 1) + "]" * (sourcefile.MAX_DEPTH + 1), "a: [\n",
])
def test_yaml_the_fast_reader_hands_over(text):
    """Anchors, tags, merge keys, list keys, several documents, deep nesting and syntax errors
    are left to PyYAML's own reader (whose messages the validation tests check)."""
    fast, _ = read_both_ways(text)
    assert fast is None


@pytest.mark.parametrize("name", ["members.yaml", "events.yaml"])
def test_yaml_the_example_files_are_read_fast_and_the_same(name):
    fast, full = read_both_ways((REPO / name).read_text(encoding="utf-8"))
    assert fast is not None and fast == full


@pytest.mark.parametrize("text", ["id: x\nid: y\n", "- null: a\n  ~: b\n", "a:\n  b: 1\n  b: [2]\n", "1: a\n1: b\n"])
def test_yaml_key_problems_are_the_same_read_fast(text):
    fast, full = read_both_ways(text)
    assert fast is not None and fast[1] and fast == full


def reference_icalendar(events, *, name, words, zone, host, event_url, now) -> bytes:
    """The calendar as icalendar itself writes it: what icalendar_files.py assembles from cached parts."""
    calendar = icalendar_files.calendar(f"-//{host}//partnerskap//{words.language.upper()}", name)
    ordered = sorted(events, key=lambda e: e.id)
    period = icalendar_files.timezone_period(ordered)
    if period:
        calendar.add_component(vtimezone(zone, *period))
    for event in ordered:
        for component in icalendar_files._vevents(
            event, words=words, zone=zone, host=host, url=event_url(event), now=now, organiser=lambda member_id: None,
        ):
            calendar.add_component(component)
    return calendar.to_ical()


@pytest.mark.build
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(association(), st.sampled_from(["", "Kalender, alla; \\ och mer", "Å" * 120, "🌾 " * 40]))
def test_icalendar_files_are_what_icalendar_itself_writes(project, files, name):
    """The calendars are assembled from cached parts for speed (bench/run.py); byte for byte
    they must be what icalendar's Calendar.to_ical() gives for the same calendar."""
    members, events, broken, _ = files
    project.write(members, events)
    try:
        calendar = load_data(project.settings, NOW).calendar
    except DataError:
        return
    words, zone = Words(project.settings.language), project.settings.zone
    kw = dict(words=words, zone=zone, host="bygd.example.se", event_url=lambda e: f"https://bygd.example.se/kalender/{e.id}/", now=NOW)
    writer = icalendar_files.IcalendarWriter(**kw)
    for chosen in [list(calendar.events), *([e] for e in calendar.events[:3])]:
        assert writer.file(chosen, name) == reference_icalendar(chosen, name=name, **kw)
    for event in calendar.events[:3]:
        assert writer.single(event) == reference_icalendar([event], name=None, **kw)


def within(seconds: int):
    """Fail, rather than hang, when the generator takes longer than ``seconds``."""
    def expired(signum, frame):
        raise AssertionError(f"still working after {seconds} s: a hang")

    class Alarm:
        def __enter__(self):
            self.previous = signal.signal(signal.SIGALRM, expired)
            signal.alarm(seconds)

        def __exit__(self, *exc):
            signal.alarm(0)
            signal.signal(signal.SIGALRM, self.previous)

    return Alarm()


# Each of these once gave a traceback, a hang or a message that was not FILE:LINE: message;
# most were found by the property above, the rest while fixing them. "problems" means the build
# must refuse the files; "site" that it must build them.
MEMBER = "members:\n  - {id: a, name: A, sector: public}\n"
EVENT = "events:\n  - {id: t, title: T, category: meeting, published: 2025-01-01, %s}\n"
EVENT_NO_ID = EVENT.replace("id: t, ", "")
REGRESSIONS = {
    "an empty events.yaml": (MEMBER, "", "site"),
    "an events.yaml of comments only": (MEMBER, "# inget än\n", "site"),
    "no members: key": (":members:\n- {id: a, name: A, sector: public}\n", "events: []\n", "problems"),
    "members: as a number": ("members: 5\n", "events: []\n", "problems"),
    "a raw control character": (b"members:\n  - {id: a, name: A\x0f, sector: public}\n", "events: []\n", "problems"),
    "repeat: without rule:": (MEMBER, EVENT % "start: 2026-01-01 10:00, repeat: {until: 2026-06-01}", "problems"),
    "INTERVAL=0 (a hang)": (MEMBER, EVENT % "start: 2026-01-01 10:00, repeat: {rule: 'FREQ=DAILY;INTERVAL=0'}", "problems"),
    "FREQ=SECONDLY": (MEMBER, EVENT % "start: 2026-01-01 10:00, repeat: {rule: FREQ=SECONDLY, except: [2026-12-24]}", "problems"),
    "a daily rule until 2199": (MEMBER, EVENT % "start: 2026-01-01 10:00, repeat: {rule: FREQ=DAILY, until: 2199-12-31}", "site"),
    "a rule without dates": (MEMBER, EVENT % "start: 2026-01-01 10:00, repeat: {rule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31'}", "problems"),
    "a billion laughs": (
        "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9))
        + "members:\n  - {id: a, name: A, sector: public, municipality: *a8}\n", "events: []\n", "problems",
    ),
    "3000 nested lists": ("members: " + "[" * 3000 + "]" * 3000 + "\n", "events: []\n", "problems"),
    "a line break in a quoted value": (MEMBER, EVENT % "start: 2026-01-01 10:00, location: {name: X, url: \"crlf\\r\\nx\"}", "problems"),
    "a line break in a key": ('members:\n  - {id: a, name: A, sector: public, "x\\ny": 1}\n', "events: []\n", "problems"),
    "a control character in a title (lxml)": (MEMBER, EVENT % 'start: 2026-01-01 10:00, title: "T\\x01"', "problems"),
    "a lone surrogate in a name": ('members:\n  - {id: a, name: "A\\ud800", sector: public}\n', "events: []\n", "problems"),
    "a control character in a web address": ('members:\n  - {id: a, name: A, sector: public, website: "https://a.se/\\x07"}\n', "events: []\n", "problems"),
    "an id ending in a line break": ('members:\n  - {id: "a\\n", name: A, sector: public}\n', "events: []\n", "problems"),
    "the year 1 with an offset": (MEMBER, EVENT % "start: 0001-01-01 00:30+01:00", "problems"),
    "the year 1": (MEMBER, EVENT % "start: 0001-01-01 10:00", "problems"),
    "the last hour of 9999": (MEMBER, EVENT % "start: 9999-12-31 23:30", "problems"),
    "the last day of 9999": (MEMBER, EVENT % "start: 9999-12-31", "problems"),
    "!!int abc": ("members:\n  - {id: a, name: !!int abc, sector: public}\n", "events: []\n", "problems"),
    "!!timestamp x": ("members:\n  - {id: a, name: !!timestamp x, sector: public}\n", "events: []\n", "problems"),
    "!!bool maybe": ("members:\n  - {id: a, name: !!bool maybe, sector: public}\n", "events: []\n", "problems"),
    "an unclosed list at the end": ("members: [a\n", "events: []\n", "problems"),
    "an id of 300 characters": (f"members:\n  - {{id: {'a' * 300}, name: A, sector: public}}\n", "events: []\n", "problems"),
    "a title that makes an id of 300 characters": (MEMBER, EVENT_NO_ID.replace("title: T", "title: " + "Å" * 300) % "start: 2026-01-01", "problems"),
    "an event called index": (MEMBER, EVENT_NO_ID % "id: index, start: 2026-01-01", "problems"),
    "600 nested lists in a description": (f"members:\n  - {{id: a, name: A, sector: public, description: '{'- ' * 600}x'}}\n", "events: []\n", "problems"),
}


@pytest.mark.build
@pytest.mark.parametrize("name", REGRESSIONS)
def test_regressions_give_a_site_or_file_line_problems(project, name):
    members, events, expected = REGRESSIONS[name]
    with within(20):
        result = project.outcome(members, events)
    assert ("problems" if isinstance(result, list) else "site") == expected, result


@pytest.mark.build
def test_a_logo_path_longer_than_a_file_name_is_a_problem(project):
    result = project.outcome(f"members:\n  - {{id: a, name: A, sector: public, logo: img/{'b' * 300}.svg}}\n", "events: []\n")
    assert isinstance(result, list) and "logo" in str(result[0])


# --- End to end through mkdocs build --------------------------------------------------------------

E2E = {
    "valid, in many scripts": (
        "members:\n"
        "  - {id: a, name: 'مؤسسة الشراكة المحلية', sector: public, group: 'שותפות', logo: img/logo.svg,\n"
        "     description: \"🌾🚜 Bygd 👩\u200d🌾 <script>alert(1)</script> Cafe\u0301 \u202eevil\u202c\"}\n"
        f"  - {{id: b, name: '{'Å' * 2000}', sector: civil}}\n"
        "people:\n  - {id: p, name: '{{ jinja }}', member: a, roles: [{group: lag, role: Ledamot}]}\n"
        "groups:\n  - {id: lag, name: LAG, voting: true}\n",
        "events:\n  - {title: 'Årsmöte 🌾 مؤسسة', category: annual-meeting, start: 2026-12-01 18:00, published: 2026-01-01,\n"
        "     organisers: [a], repeat: {rule: 'FREQ=MONTHLY;BYDAY=1TH', until: 2027-06-30}}\n",
    ),
    "broken YAML in both files": ("members:\n  - id: a\n   name: A\n", "events:\n  - {title: T, [\n"),
    "ids too long for a file name": (REGRESSIONS["an id of 300 characters"][0], REGRESSIONS["a title that makes an id of 300 characters"][1]),
    "600 nested lists in a description": REGRESSIONS["600 nested lists in a description"][:2],
    "invisible characters": (REGRESSIONS["a lone surrogate in a name"][0], REGRESSIONS["a control character in a title (lxml)"][1]),
    "deep nesting and aliases": (REGRESSIONS["a billion laughs"][0], "events: " + "{a: " * 3000 + "x" + "}" * 3000 + "\n"),
}


class Site:
    """A throwaway site on the example's settings, its two data files written byte for byte."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "content" / "img").mkdir(parents=True, exist_ok=True)
        (root / "content" / LOGO).write_bytes(SVG)
        (root / "mkdocs.yml").write_text(THROWAWAY_CONFIG.format(language="sv"), encoding="utf-8")

    def build(self, members: str | bytes, events: str | bytes):
        for name, data in zip(FILES, (members, events)):
            (self.root / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
        return run_build(self.root / "mkdocs.yml", self.root / "site", strict=False)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return Site(tmp_path_factory.mktemp("property-site"))


def assert_build_agrees(site, project, members, events) -> None:
    """``mkdocs build`` exits 0, or non-zero with exactly the in-process problems; never a traceback."""
    expected = project.outcome(members, events)
    build = site.build(members, events)
    assert "Traceback" not in build.log, build.log[-3000:]
    if not isinstance(expected, list):
        assert build.returncode == 0, build.log[-3000:]
        return
    assert build.returncode != 0, build.log[-3000:]
    files = dict(zip(FILES, (members, events)))
    shown = [f"{name}:{line}: {message}" for name, line, message in LOG_PROBLEM.findall(build.log)]
    assert shown == [str(p) for p in expected], build.log[-3000:]
    for name, line, _ in LOG_PROBLEM.findall(build.log):
        assert 1 <= int(line) <= line_count(files[name])


@pytest.mark.parametrize("name", E2E)
def test_mkdocs_build_gives_a_site_or_file_line_problems(site, project, name):
    assert_build_agrees(site, project, *E2E[name])


@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(association())
def test_mkdocs_build_of_generated_files_gives_a_site_or_file_line_problems(site, project, files):
    members, events, _, _ = files
    assert_build_agrees(site, project, members, events)
