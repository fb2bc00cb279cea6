"""Events read from the members' own calendars: an .ics address, or another site of this
generator (its /kalender.json), as ``make fetch`` last copied them.

What a source serves is hostile until proven otherwise. It is parsed by the icalendar library
and expanded by recurring-ical-events (RRULE, RDATE, EXDATE, RECURRENCE-ID, time zones), within a
window around the build's "now" and within limits on what one series and one source may give;
its text becomes plain text (no markup, no control characters, bounded length); only http and
https links are kept. Nothing a source holds can stop the build: what cannot be read is left
out with a warning that names the source.

Each series becomes one :class:`~.events.Event` whose :class:`~.events.Origin` keeps the source's
UID, its dates and the series as the source gives it (:class:`ImportedSeries`), which the site's
calendar files write. A date the source changed in title
or status is an event of its own (with the series' UID and its RECURRENCE-ID). The same event
published by two members (same UID, or same title and start) is shown once, with both organisers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import html
import json
import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
import nh3
import recurring_ical_events

from partnerskap.i18n import Words
from partnerskap.model.agenda import HORIZON
from partnerskap.model.event_time import EventTime, ambiguous
from partnerskap.model.events import CATEGORIES, Event, Location, Origin, SourceRef
from partnerskap.source.fields import web_address

KINDS = ("icalendar", "site")
"""What a source's address serves: an iCalendar file, or another site's /kalender.json."""
WINDOW_BEFORE = dt.timedelta(days=365)
"""How far back a source's events are read: a year of them for the archive."""
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
"""How often an imported series may repeat, as for the site's own events: a rule that repeats
within a day (FREQ=SECONDLY) gives millions of dates."""
MAX_SERIES_DATES = 1_000
"""Dates one series may give within the window (a daily event for the whole window is 915)."""
MAX_SERIES_RULES, MAX_SERIES_RDATES = 10, 1_000
"""RRULEs one series may have (RFC 5545: it should have one), each walked by every query, and
dates it may add by RDATE, all given by any query whose stretch holds them."""
MAX_SERIES_STEPS, MAX_SOURCE_STEPS = 200_000, 1_000_000
"""Dates the library may walk through to list a series' rules, and a source's (:func:`_steps`):
each query of a series walks its rules from its first date, so a daily rule from the year 1 is
740,000 steps, three seconds, though it gives no more dates than one from last year; a file of
such series would take hours. A source's own calendar takes a few thousand."""
MAX_SOURCE_DATES = 5_000
"""Dates one source may give within the window; the latest are left out past it."""
MAX_TITLE, MAX_PLACE, MAX_DESCRIPTION = 200, 200, 5_000
"""Characters kept of a title, a place and a description: the rest is cut with an ellipsis."""
SUMMARY_LENGTH = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_BREAKS = re.compile(r"(?i)<br\s*/?>|</(?:p|div|li|h[1-6])\s*>")
MARKDOWN_MARKS = "\\`*_{}[]()>#+-.!|"
"""The marks a backslash escapes in the site's Markdown (pages/staff_text.py: Python-Markdown's,
and "|" of its tables); before any other character the backslash would be printed. "<" needs none
there (raw HTML is text); "&" is written as the entity it would otherwise start."""
_MARKDOWN_SPECIAL = re.compile(f"([{re.escape(MARKDOWN_MARKS)}])")
_TEXT_ONLY = nh3.Cleaner(tags=set())
"""Every tag out, script and style with their content: made once (a cleaner per call cost five times as much)."""


@dataclass(frozen=True)
class SourceFilter:
    """``filter:`` of a source: which of its events the site shows."""

    keywords: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None

    def keeps(self, title: str, description: str, category: str) -> bool:
        if self.categories and category not in self.categories:
            return False
        if self.keywords:
            text = f"{title}\n{description}".casefold()
            return any(word.casefold() in text for word in self.keywords)
        return True

    def keeps_day(self, day: dt.date) -> bool:
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)


@dataclass(frozen=True)
class CalendarSource:
    """One item of ``extra.partnership.sources`` in mkdocs.yml, checked."""

    index: int
    """Its place in the list, for problems at its line."""
    id: str
    member: str
    url: str
    kind: str = "icalendar"
    name: str | None = None
    """The calendar's name on the pages; the member's calendar in words when not set ("calendar_of")."""
    category: str = "other"
    categories: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """The source's category names (casefolded) and the site's category each becomes."""
    in_feeds: bool = True
    filter: SourceFilter = SourceFilter()


@dataclass
class SourceReading:
    """What one source gave: its events, and warnings for the build log."""

    events: list[Event] = dataclasses.field(default_factory=list)
    warnings: list[str] = dataclasses.field(default_factory=list)


@dataclass(frozen=True)
class Window:
    """The days around the build's "now" whose imported dates the site shows."""

    first: dt.datetime
    last: dt.datetime

    @classmethod
    def around(cls, now: dt.datetime, zone: ZoneInfo) -> Window:
        today = now.astimezone(zone).date()
        first = dt.datetime.combine(today - WINDOW_BEFORE, dt.time(), tzinfo=zone)
        return cls(first, dt.datetime.combine(today + HORIZON, dt.time(), tzinfo=zone))


@dataclass(frozen=True, eq=False)
class ImportedSeries:
    """A series as its source gives it, for the site's calendar files (outputs/icalendar_files):
    the component with its rule, and its dates within the window as the source's components of
    them (a moved or changed date with its RECURRENCE-ID). Its UID is the event's ``origin.uid``."""

    master: icalendar.Event
    dates: tuple[icalendar.Event, ...]


def plain_text(value: Any, limit: int, *, one_line: bool) -> str:
    """A source's text as plain text: HTML (which Google and Outlook put in descriptions) as the
    text it shows, scripts and styles dropped with their content, no control characters, at most
    ``limit`` characters."""
    text = _BREAKS.sub("\n", str(value))
    # nh3 with no tags allowed keeps the text of every element but script and style, and escapes
    # what is left; unescaping gives the text a browser would show.
    text = html.unescape(_TEXT_ONLY.clean(text))
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    if one_line:
        text = " ".join(text.split())
    else:
        paragraphs = (" ".join(line.split()) for line in re.split(r"\n\s*\n", text))
        text = "\n\n".join(p for p in paragraphs if p)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def markdown_text(text: str) -> str:
    """Plain text as Markdown that shows exactly that text: every mark escaped, each line kept."""
    paragraphs = text.split("\n\n")
    return "\n\n".join(_MARKDOWN_SPECIAL.sub(r"\\\1", p).replace("&", "&amp;") for p in paragraphs)


def web_link(value: Any) -> str | None:
    """An http(s) address from a source (URL), or None: ``javascript:``, ``data:`` and the like are dropped."""
    return web_address(str(value)) if value is not None else None


def source_label(source_id: str) -> str:
    """How the build log names a source: "kalenderkällan region-halland"."""
    return f"kalenderkällan {source_id}"


def calendar_name(source: CalendarSource, member_name: str, words: Words) -> str:
    """What the pages call the source: its ``name:``, or the member's calendar in words."""
    return source.name or words("calendar_of", owner=words.genitive(member_name))


def title_text(component: icalendar.Event) -> str:
    """A component's SUMMARY as plain text on one line ("" when it has none): on the pages and in
    the calendar files alike."""
    return plain_text(component.get("SUMMARY", ""), MAX_TITLE, one_line=True)


def description_text(component: icalendar.Event) -> str:
    """A component's DESCRIPTION as plain text, its lines kept."""
    return plain_text(component.get("DESCRIPTION", ""), MAX_DESCRIPTION, one_line=False)


def place_text(component: icalendar.Event) -> str:
    """A component's LOCATION as plain text on one line."""
    return plain_text(component.get("LOCATION", ""), MAX_PLACE, one_line=True)


@dataclass
class _Reading:
    """One source being read: what is the same for each of its events, and the warnings so far."""

    source: CalendarSource
    ref: SourceRef
    zone: ZoneInfo
    window: Window
    published: dt.date
    """The day the copy was fetched: an event's announcement date when it has no CREATED."""
    untitled: str
    warnings: list[str] = dataclasses.field(default_factory=list)

    def warn(self, message: str) -> None:
        self.warnings.append(f"{source_label(self.source.id)}: {message}")

    def title(self, component: icalendar.Event, otherwise: str | None = None) -> str:
        """Its SUMMARY as plain text; else ``otherwise`` (a changed date's: its series' title)."""
        return title_text(component) or otherwise or self.untitled


def read_source(
    source: CalendarSource, body: bytes, *, member_name: str, zone: ZoneInfo, now: dt.datetime,
    words: Words, published: dt.date,
) -> SourceReading:
    """The events of one source's copy; what cannot be read is left out with a warning.

    ``published`` is the day the copy was fetched: an imported event's announcement date in the
    feeds when the source gives no CREATED date.
    """
    read = _Reading(
        source, SourceRef(source.id, calendar_name(source, member_name, words)), zone,
        Window.around(now, zone), published, words("untitled"),
    )
    reading = SourceReading(warnings=read.warnings)
    try:
        calendar = _calendar(source.kind, body, source.url)
    except UNREADABLE as error:
        read.warn(f"kopian är inte {_kind_name(source.kind)} ({_short(error)}); dess evenemang visas inte")
        return reading
    budget, walk = MAX_SOURCE_DATES, MAX_SOURCE_STEPS
    for uid, parts in _series(calendar, read).items():
        if budget <= 0:
            read.warn(f"ger fler än {MAX_SOURCE_DATES} datum inom {read.window.first:%Y-%m-%d}–{read.window.last:%Y-%m-%d}; resten visas inte")
            break
        try:
            steps = _steps(parts, read.window, read.zone)
            if steps > MAX_SERIES_STEPS:
                first = min(instant_in(part["DTSTART"].dt, read.zone) for part in parts)
                read.warn(f"{_quoted(parts[0].get('SUMMARY', uid))} upprepas från {first.date().isoformat()}, för långt "
                          "tillbaka för att gå igenom; den visas inte (börja serien senare)")
                continue
            walk -= steps
            if walk < 0:
                read.warn("har fler upprepningar än vad som hinner gås igenom; resten visas inte")
                break
            events, used = _events(read, uid, parts, budget)
        except BROKEN as error:
            _unreadable(read, uid, error)
            continue
        budget -= used
        reading.events.extend(events)
    return reading


UNREADABLE = (ValueError, KeyError, TypeError, IndexError, RecursionError, UnicodeDecodeError)
"""What icalendar and the JSON reader raise on a file they cannot read."""
BROKEN = (ValueError, KeyError, TypeError, IndexError, OverflowError, AttributeError)
"""What icalendar and recurring-ical-events raise on an event they cannot read (a property icalendar
could not parse raises when it is used: ``RRULE:FREQ=DAILY;INTERVAL=x``)."""


def copy_problem(kind: str, body: bytes, url: str) -> str | None:
    """Why a fetched body cannot be a source's copy, or None when it reads as its kind. make fetch
    asks before it replaces the last good copy, so that an error page served with 200 OK, or a
    half-written file, does not take the place of a calendar that worked."""
    try:
        _calendar(kind, body, url)
    except UNREADABLE as error:
        return f"svaret är inte {_kind_name(kind)} ({_short(error)})"
    return None


def _calendar(kind: str, body: bytes, url: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(body) if kind == "icalendar" else _site_calendar(body, url)


def _unreadable(read: _Reading, uid: str, error: BaseException) -> None:
    read.warn(f"evenemanget {_quoted(uid)} kunde inte läsas ({_short(error)}) och visas inte")


def _kind_name(kind: str) -> str:
    return "en iCalendar-fil" if kind == "icalendar" else "en kalender.json från en partnerskapssajt"


def _series(calendar: icalendar.Calendar, read: _Reading) -> dict[str, list[icalendar.Event]]:
    """The VEVENTs by UID (a series and its changed dates), leaving out rules that repeat within a
    day or too densely to list, and VEVENTs without a start."""
    found: dict[str, list[icalendar.Event]] = {}
    refused: set[str] = set()
    for component in calendar.walk("VEVENT"):
        uid = plain_text(component.get("UID", ""), 255, one_line=True)
        if not uid or "DTSTART" not in component:
            read.warn(f"ett evenemang utan UID eller DTSTART ({_quoted(component.get('SUMMARY', ''))}) visas inte")
            continue
        try:
            refusal = _refusal(component)
        except BROKEN as error:
            _unreadable(read, uid, error)
            refused.add(uid)
            continue
        if refusal is not None:
            read.warn(f"{_quoted(component.get('SUMMARY', uid))} {refusal}")
            refused.add(uid)
            continue
        found.setdefault(uid, []).append(component)
    return {uid: parts for uid, parts in found.items() if uid not in refused}


def _refusal(component: icalendar.Event) -> str | None:
    """Why a VEVENT's rules are not listed, if they are not: they repeat within a day, or would
    give the library more to walk than any calendar needs."""
    rules = component.rrules
    frequency = {str(rule.get("FREQ", [""])[0]).upper() for rule in rules}
    if not frequency <= set(FREQUENCIES) or any(
        len(rule.get(part, [])) > 1 for rule in rules for part in ("BYHOUR", "BYMINUTE", "BYSECOND")
    ):
        return f"upprepas oftare än en gång om dagen ({', '.join(sorted(frequency))}); den visas inte"
    if len(rules) > MAX_SERIES_RULES:
        return f"har {len(rules)} upprepningsregler (RRULE), fler än {MAX_SERIES_RULES}; den visas inte"
    if len(component.rdates) > MAX_SERIES_RDATES:
        return f"har fler än {MAX_SERIES_RDATES} extra datum (RDATE); den visas inte"
    return None


def _occurrences(parts: list[icalendar.Event], window: Window, zone: ZoneInfo) -> Iterator[tuple[dt.datetime, icalendar.Event]]:
    """A series' dates from the window's first day on (and one going on then), each with its
    start, in the order of their starts, up to the stretch that holds the window's last day.

    Asked of recurring-ical-events a stretch of days at a time, as many days as the series' rules
    (each at most once a day) give its limit of dates in: the window at once for one rule, a
    hundred days for ten (:data:`MAX_SERIES_RULES`), so that a query gives at most about twice the
    limit with the RDATEs (:data:`MAX_SERIES_RDATES`). Each query walks
    the rules from the series' first date: its own ``after()`` halves its stretch down to a
    quarter of an hour while it finds dates, and took 1,830 queries for a daily series over the
    window (1.4 million steps, a second and a half of every build)."""
    calendar = icalendar.Calendar()
    for part in parts:
        calendar.add_component(part)
    stretch = _stretch(parts)
    query = recurring_ical_events.of(calendar)
    start = window.first
    while start <= window.last:
        stop = start + stretch
        found = sorted(((instant_in(o["DTSTART"].dt, zone), o) for o in query.between(start, stop)), key=lambda pair: pair[0])
        # A date belongs to the stretch it starts in (the query gives those that go on into it too).
        yield from (pair for pair in found if pair[0] >= start or start == window.first)
        start = stop


def _stretch(parts: list[icalendar.Event]) -> dt.timedelta:
    """The days a query of :func:`_occurrences` spans: as many as the series' rules give its
    limit of dates in, each rule at most once a day."""
    return dt.timedelta(days=max(MAX_SERIES_DATES // max(sum(len(part.rrules) for part in parts), 1), 1))


PERIOD_DAYS = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 28, "YEARLY": 365}


def _steps(parts: list[icalendar.Event], window: Window, zone: ZoneInfo) -> int:
    """About how many dates the library walks through to list a series over the window: each
    query walks every rule from the series' first date to the query's end, a period at a time
    (a day at a time for a rule with BY... parts, which dateutil expands day by day)."""
    days = (window.last - window.first).days + 1
    queries = -(-days // _stretch(parts).days)
    steps = 0
    for part in parts:
        steps += len(part.rdates) * queries
        rules = part.rrules
        if not rules:
            continue
        walked = max((window.last - instant_in(part["DTSTART"].dt, zone)).days, 0) + 1
        for rule in rules:
            plain = not any(key.startswith("BY") for key in rule)
            period = PERIOD_DAYS[str(rule["FREQ"][0]).upper()] * max(int(rule.get("INTERVAL", [1])[0]), 1) if plain else 1
            steps += (walked // period + 1) * queries
    return steps


def _events(read: _Reading, uid: str, parts: list[icalendar.Event], budget: int) -> tuple[list[Event], int]:
    """One series as the site's events (the series, and each date the source changed in title or
    status), and how many dates it used."""
    source, zone, window = read.source, read.zone, read.window
    limit = min(MAX_SERIES_DATES, budget)
    dates: list[icalendar.Event] = []
    if len(parts) == 1 and not any(key in parts[0] for key in ("RRULE", "RDATE", "RECURRENCE-ID")):
        # Most of a calendar happens once: its one date is the VEVENT itself, without a query of
        # recurring-ical-events (which costs as much as the rest of the reading).
        single = parts[0]
        start = instant_in(single["DTSTART"].dt, zone)
        if start <= window.last and start + length_of(single) > window.first:
            dates.append(single)
    else:
        for begins, occurrence in _occurrences(parts, window, zone):
            if begins > window.last:
                break
            if len(dates) == limit:
                read.warn(f"{_quoted(occurrence.get('SUMMARY', uid))} ger fler än {limit} datum; resten visas inte")
                break
            dates.append(occurrence)
    master = next((p for p in parts if "RECURRENCE-ID" not in p), parts[0])
    title = read.title(master)
    description = description_text(master)
    category = _category(master, source)
    if not source.filter.keeps(title, description, category):
        return [], 0
    if source.filter.since or source.filter.until:  # each date's time is made again for the page
        dates = [d for d in dates if source.filter.keeps_day(_time(d, zone).first_day)]
    if not dates:
        return [], 0

    # A date the source changed in title or status is shown as its own event; a date only moved
    # stays in the series, at its new time.
    # (Each repetition carries the series' SUMMARY: the text is compared as written, and made
    # plain only where it differs.)
    same, apart = [], []
    for occurrence in dates:
        summary = occurrence.get("SUMMARY")
        changed = title if summary == master.get("SUMMARY") else read.title(occurrence, title)
        (same if (changed, status_of(occurrence)) == (title, status_of(master)) else apart).append(occurrence)
    series = ImportedSeries(master, tuple(dates))
    base = _event_id(source.id, uid)
    link = web_link(master.get("URL"))
    made = []
    if same:
        made.append(_event(read, base, title, description, master, same, category, link, series, None))
    for occurrence in apart:
        original = original_date(occurrence, zone)
        day = original.date() if isinstance(original, dt.datetime) else original
        made.append(_event(
            read, f"{base}-{day:%Y%m%d}", read.title(occurrence, title),
            description_text(occurrence) or description,
            occurrence, [occurrence], category, web_link(occurrence.get("URL")) or link, series, _ical_text(original),
        ))
    return made, len(dates)


def _event(
    read: _Reading, id: str, title: str, description: str, component: icalendar.Event, dates: list[icalendar.Event],
    category: str, link: str | None, series: ImportedSeries, instance: str | None,
) -> Event:
    source, published = read.source, read.published
    times = tuple(_time(d, read.zone) for d in dates)
    place = place_text(component)
    created = component.get("CREATED")
    announced = created.dt if created is not None and isinstance(created.dt, dt.date) else None
    announced_day = announced.date() if isinstance(announced, dt.datetime) else announced
    # A short first paragraph is the lead, as an own event's summary is; the page shows the rest
    # below it, so a one-paragraph description is not printed twice.
    first, _, rest = description.partition("\n\n")
    summary, description = (first, rest.strip()) if first and len(first) <= SUMMARY_LENGTH else (None, description)
    return Event(
        id=id,
        title=title,
        category=category,
        start=times[0].start,
        end=times[0].end,
        location=Location(name=place) if place else None,
        organisers=(source.member,),
        status=status_of(component),
        published=min(announced_day, published) if announced_day else published,
        summary=summary,
        description=markdown_text(description) if description else None,
        origin=Origin(
            sources=(read.ref,), uid=_uid(component), instance=instance, link=link, times=times, series=series,
            in_feeds=source.in_feeds,
        ),
    )


def _uid(component: icalendar.Event) -> str:
    return plain_text(component.get("UID", ""), 255, one_line=True)


def _event_id(source_id: str, uid: str) -> str:
    """The page's id: the source's id and a digest of the UID, the same in every build."""
    return f"{source_id}-{hashlib.sha256(uid.encode('utf-8')).hexdigest()[:10]}"


def status_of(component: icalendar.Event) -> str:
    return "cancelled" if str(component.get("STATUS", "")).upper() == "CANCELLED" else "scheduled"


def _category(component: icalendar.Event, source: CalendarSource) -> str:
    """The first of the event's CATEGORIES the source's ``categories:`` maps (or that is one of the
    site's own, from another site of this generator), else the source's ``category:``."""
    for value in _categories(component):
        name = value.casefold()
        if name in source.categories:
            return source.categories[name]
        if source.kind == "site" and name in CATEGORIES:
            return name
    return source.category


def _categories(component: icalendar.Event) -> list[str]:
    found = component.get("CATEGORIES")
    if found is None:
        return []
    lists = found if isinstance(found, list) else [found]
    return [str(c).strip() for group in lists for c in getattr(group, "cats", [group])]


def instant_in(value: dt.date, zone: ZoneInfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.astimezone(zone) if value.tzinfo else value.replace(tzinfo=zone)  # floating: the site's zone
    return dt.datetime.combine(value, dt.time(), tzinfo=zone)


def _time(occurrence: icalendar.Event, zone: ZoneInfo) -> EventTime:
    """An occurrence's start and end in the site's zone (all day: its first and last day)."""
    start = occurrence["DTSTART"].dt
    if not isinstance(start, dt.datetime):
        return EventTime(start, start + length_of(occurrence) - dt.timedelta(days=1))
    start_at = instant_in(start, zone)
    return EventTime(start_at, start_at + length_of(occurrence))


def _ical_text(value: dt.date) -> str:
    return icalendar.vDDDTypes(value.astimezone(dt.timezone.utc) if isinstance(value, dt.datetime) else value).to_ical().decode()


def original_date(occurrence: icalendar.Event, zone: ZoneInfo) -> dt.date:
    """The date the series' rule gives for an occurrence (its RECURRENCE-ID), in the site's zone."""
    value = occurrence["RECURRENCE-ID"].dt if "RECURRENCE-ID" in occurrence else occurrence["DTSTART"].dt
    return instant_in(value, zone) if isinstance(value, dt.datetime) else value


def start_of(occurrence: icalendar.Event, original: dt.date, zone: ZoneInfo) -> dt.date:
    """When an occurrence begins, comparable with its ``original`` (:func:`original_date`): an
    instant in the site's zone for a timed series, its date for an all-day one."""
    value = occurrence["DTSTART"].dt
    return instant_in(value, zone) if isinstance(original, dt.datetime) else value


def written_in(value: dt.date, zone: ZoneInfo) -> dt.date:
    """An imported time as the calendar files write it: in the site's zone, or in UTC where its
    local time happens twice (or never), as for the site's own events."""
    if isinstance(value, dt.datetime) and ambiguous(value, zone):
        return value.astimezone(dt.timezone.utc)
    return value


def length_of(component: icalendar.Event) -> dt.timedelta:
    """How long it lasts (all day: whole days, at least one); DURATION or DTEND, as given."""
    start = component["DTSTART"].dt
    if "DURATION" in component:
        end = start + component["DURATION"].dt
    else:
        end = component["DTEND"].dt if "DTEND" in component else start
    if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
        return dt.timedelta(0)
    if not isinstance(start, dt.datetime):
        return max(end - start, dt.timedelta(days=1))
    if (start.tzinfo is None) != (end.tzinfo is None):
        return dt.timedelta(0)
    return max(end - start, dt.timedelta(0))


def _site_calendar(body: bytes, url: str) -> icalendar.Calendar:
    """Another site's /kalender.json as a calendar: its events, their repeats and their UIDs (or,
    from a site built before kalender.json had them, the UID that site's calendar files give)."""
    data = json.loads(body.decode("utf-8"))
    host = urlsplit(url).hostname or "localhost"
    calendar = icalendar.Calendar()
    for item in data["events"]:
        event = icalendar.Event()
        event.add("uid", str(item.get("uid") or f"{item['id']}@{host}"))
        start, end = _json_moment(item["start"]), _json_moment(item["end"])
        event.add("dtstart", start)
        event.add("dtend", end + dt.timedelta(days=1) if not isinstance(end, dt.datetime) else end)
        event.add("summary", str(item["title"]))
        for key, name in (("summary", "description"), ("url", "url")):
            if item.get(key):
                event.add(name, str(item[key]))
        location = item.get("location")
        if isinstance(location, dict) and location.get("name"):
            event.add("location", ", ".join(str(location[k]) for k in ("name", "address") if location.get(k)))
        if item.get("status") == "cancelled":
            event.add("status", "CANCELLED")
        if item.get("category"):
            event.add("categories", [str(item["category"])])
        repeat = item.get("repeat")
        if isinstance(repeat, dict) and repeat.get("rule"):
            rule = icalendar.vRecur.from_ical(str(repeat["rule"]))
            if repeat.get("until"):
                until = dt.date.fromisoformat(repeat["until"])
                rule["UNTIL"] = [until if not isinstance(start, dt.datetime)
                                 else dt.datetime.combine(until, dt.time(23, 59, 59), tzinfo=start.tzinfo).astimezone(dt.timezone.utc)]
            event.add("rrule", rule)
            for day in repeat.get("except") or []:
                skipped = dt.date.fromisoformat(day)
                event.add("exdate", dt.datetime.combine(skipped, start.timetz()) if isinstance(start, dt.datetime) else skipped)
        calendar.add_component(event)
    return calendar


def _json_moment(text: Any) -> dt.date:
    value = str(text)
    return dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)


def merged(own: Iterable[Event], readings: Iterable[SourceReading]) -> tuple[list[Event], list[str]]:
    """The imported events without copies: an event two members publish (the same UID, or the
    same title and start) is shown once, from the first source, with both as organisers; an
    imported copy of one of the site's own events is left out."""
    taken = {(e.title.casefold(), e.time.start) for e in own}
    own_ids = {e.id for e in own}
    kept: dict[str, Event] = {}
    by_title: dict[tuple[str, dt.date], str] = {}
    warnings: list[str] = []
    for reading in readings:
        warnings.extend(reading.warnings)
        for event in reading.events:
            origin = event.origin
            assert origin is not None
            key = (event.title.casefold(), event.first_time.start)
            if key in taken or event.id in own_ids:
                continue
            same = kept.get(f"{origin.uid}|{origin.instance}") or kept.get(by_title.get(key, ""))
            if same is not None and same.origin is not None:
                if origin.sources[0] not in same.origin.sources:
                    kept[_identity(same)] = dataclasses.replace(
                        same,
                        organisers=tuple(dict.fromkeys((*same.organisers, *event.organisers))),
                        origin=dataclasses.replace(same.origin, sources=(*same.origin.sources, *origin.sources)),
                    )
                continue
            kept[_identity(event)] = event
            by_title[key] = _identity(event)
    return list(kept.values()), warnings


def _identity(event: Event) -> str:
    assert event.origin is not None
    return f"{event.origin.uid}|{event.origin.instance}"


def _quoted(value: Any) -> str:
    return f'"{plain_text(value, 60, one_line=True)}"'


def _short(error: BaseException) -> str:
    return plain_text(str(error) or type(error).__name__, 120, one_line=True)
