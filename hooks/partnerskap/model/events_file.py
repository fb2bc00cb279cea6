"""``events.yaml``: its keys, their checks, and the :class:`~.events_model.Calendar` built from it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from partnerskap.model.agenda import Budget, check_dates
from partnerskap.model.events import (
    AUDIENCES, CATEGORIES, STATUSES, Calendar, Document, Event, Location, ProgrammeItem,
    Registration, Repeat, Series, Speaker,
)
from partnerskap.source.fields import (
    INVALID, MAX_ID_LENGTH, Choice, ClockTime, DateOrDateTime, Entry, Field, IsoDate, ListOf, Markdown, Record,
    Slug, Text, TextOrRecord, Url, check_document, did_you_mean, report_duplicate_ids, slugify,
)
from partnerskap.model.page_ids import check_not_reserved
from partnerskap.source.problems import Report
from partnerskap.source.sourcefile import LineDict, read_yaml

FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
"""How often an event may repeat: a rule that repeats within a day gives millions of dates."""
MAX_INTERVAL = 1000
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

LOCATION = Record("location", (
    Field("name", Text(example="the place's name, or Online"), "Platsens namn, eller Online", required=True),
    Field("address", Text(), "Gatuadress och ort"),
    Field("url", Url(), "Länk till mötet online eller till platsens sida"),
), description="Var evenemanget äger rum.")

SPEAKER = Record("speaker", (
    Field("name", Text(example="the speaker's name"), "Namn", required=True),
    Field("role", Text(), "Roll eller titel"),
    Field("organisation", Text(), "Organisation: fritext, eller en medlems id (blir en länk)"),
))

PROGRAMME_ITEM = Record("programme item", (
    Field("time", ClockTime(), 'Klockslag, inom citattecken: "11:00"'),
    Field("title", Text(example="what happens"), "Programpunkt", required=True),
    Field("speakers", ListOf(SPEAKER), "Talare", default=[]),
))

DOCUMENT = Record("document", (
    Field("title", Text(example="the document's name"), "Namn, till exempel Presentation (PDF)", required=True),
    Field("url", Url(), "Länk till dokumentet", required=True),
))

REGISTRATION = Record("registration", (
    Field("url", Url(allow_mailto=True), "Länk till anmälan (eller mailto:)"),
    Field("deadline", DateOrDateTime(), "Sista dag (eller tid) för anmälan"),
))

REPEAT = Record("repeat", (
    Field("rule", Text(example="an RRULE such as FREQ=MONTHLY;BYDAY=1TH"), "Upprepningsregel (RFC 5545), t.ex. FREQ=MONTHLY;BYDAY=1TH", required=True),
    Field("until", IsoDate(), "Sista dag för upprepningen"),
    Field("except", ListOf(IsoDate()), "Datum då evenemanget inte blir av", default=[]),
))

SERIES = Record("series", (
    Field("id", Slug(), "Id", required=True),
    Field("title", Text(example="the series' title"), "Seriens namn", required=True),
    Field("description", Markdown(), "Beskrivning (Markdown)"),
), description="En serie evenemang som hör ihop.")

def suggested_id(written: LineDict) -> str:
    """An id to propose for an event written without one: its title and first day, as
    ``strategidag-2027-03-10``, which stays its id when it is later moved or renamed."""
    title, start = written.get("title"), written.get("start")
    day = start.isoformat()[:10] if isinstance(start, dt.date) else str(start).strip()[:10]
    try:
        day = dt.date.fromisoformat(day).isoformat()
    except ValueError:
        day = ""
    words = slugify(title) if isinstance(title, str) else ""
    words = (words or "evenemang")[: MAX_ID_LENGTH - len(day) - 1].rstrip("-")
    return f"{words}-{day}" if day else words


EVENT = Record("event", (
    Field(
        "id", Slug(), "Id: evenemangets adress, RSS-guid och kalender-UID; ändras aldrig, till exempel strategidag-2027-03-10",
        required=True, suggest=suggested_id,
    ),
    Field("title", Text(example="the event's title"), "Rubrik", required=True),
    Field("category", Choice(CATEGORIES), "Kategori", required=True),
    Field("series", Slug(), "Serie (seriens id)"),
    Field("start", DateOrDateTime(), "Start: 2026-05-01 13:30, eller bara datum för heldag", required=True),
    Field("end", DateOrDateTime(), "Slut: samma form som start"),
    Field("location", TextOrRecord(Text(example="the place's name"), LOCATION), "Plats"),
    Field("organisers", ListOf(Slug()), "Arrangörer (medlemmarnas id)", default=[]),
    Field("audience", Choice(AUDIENCES), "Målgrupp: public eller members", default="public"),
    Field("registration", REGISTRATION, "Anmälan"),
    Field("status", Choice(STATUSES), "Status: scheduled, cancelled eller postponed", default="scheduled"),
    Field("changed", IsoDate(), "Ändrat: dagen du flyttade, sköt upp eller ställde in evenemanget; flödet får en ny oläst notis"),
    Field("published", IsoDate(), "Publiceringsdatum: när evenemanget annonseras (flödets datum)", required=True),
    Field("summary", Text(example="one sentence"), "En mening om evenemanget"),
    Field("description", Markdown(), "Längre beskrivning (Markdown)"),
    Field("programme", ListOf(PROGRAMME_ITEM), "Program", default=[]),
    Field("documents", ListOf(DOCUMENT), "Dokument: presentationer, inspelningar, protokoll", default=[]),
    Field("repeat", REPEAT, "Upprepning"),
    Field("project", Slug(), "Projektet evenemanget hör till (projektsidans filnamn utan .md)"),
), description="Ett evenemang i kalendern.")

EVENTS_FILE = Record("events.yaml", (
    Field("series", ListOf(SERIES), "Serier", default=[]),
    Field("events", ListOf(EVENT), "Evenemang", default=[]),
), description="Föreningens kalender.")


def load_events(
    path: Path, shown_as: str, zone: ZoneInfo, member_ids: set[str], now: dt.datetime,
    project_ids: set[str] = frozenset(),
) -> tuple[Calendar | None, Report]:
    """Read, check and cross-reference ``events.yaml``; events announced after ``now`` are left out."""
    report = Report(shown_as)
    raw = read_yaml(path, report)
    document = check_document(raw, EVENTS_FILE, report)
    if document is None:
        return None, report
    written = raw if isinstance(raw, LineDict) else {}  # an empty file (or only comments) has no entries
    report_duplicate_ids(written.get("series"), "series", report)
    report_duplicate_ids(written.get("events"), "event", report)

    series: list[Series] = []
    series_lines: dict[str, int] = {}
    for entry in document["series"]:
        if not entry.complete or entry["id"] in series_lines:
            continue  # reported from the file as written
        check_not_reserved("series", entry["id"], entry.line_of("id"), report, entry["title"])
        series_lines[entry["id"]] = entry.line_of("id")
        series.append(Series(**entry.values))

    events: list[Event] = []
    seen: set[str] = set()
    budget = Budget()
    for entry in document["events"]:
        event = _event(entry, zone, set(series_lines), member_ids, project_ids, report)
        if event is None or event.id in seen:
            continue  # a second use of an id is reported from the file as written
        seen.add(event.id)
        if not check_dates(event, entry, zone, now, budget, report):
            continue
        problem = repeat_problem(event, zone, now)
        if problem:
            report.error(entry["repeat"].line_of("rule"), problem)
            continue
        events.append(event)

    if report.problems:
        return None, report
    today = now.astimezone(zone).date()
    announced = tuple(e for e in events if e.published <= today)
    return Calendar(series=tuple(series), events=announced), report


def _event(
    entry: Entry, zone: ZoneInfo, series_ids: set[str], member_ids: set[str], project_ids: set[str], report: Report,
) -> Event | None:
    problems_before = len(report.problems)
    title = entry["title"]
    start = _localised(entry["start"], entry.line_of("start"), "start", zone, report)
    end_value = entry.get("end")
    end = _localised(end_value, entry.line_of("end"), "end", zone, report) if end_value is not None else None
    if start is None or (end_value is not None and end is None):
        return None

    if end is None:
        # An all-day event ends the same day; a timed one lasts an hour unless staff say otherwise.
        end = start if isinstance(start, dt.date) and not isinstance(start, dt.datetime) else start + dt.timedelta(hours=1)
    if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
        report.error(entry.line_of("end"), "end: write both start and end as dates (all day) or both with a time")
        return None
    # As instants: two local times in one zone compare as wall-clock times, and the second
    # 02:30 of an autumn night is later than the first although its clock shows the same.
    if _instant(end, zone) < _instant(start, zone):
        report.error(entry.line_of("end"), f"end: {end} is before start {start}; the event must end after it starts")

    event_id = entry.get("id")
    check_not_reserved("event", event_id, entry.line_of("id"), report, title)
    changed, published = entry.get("changed"), entry.get("published")
    if changed is not None and published is not None and changed < published:
        report.error(
            entry.line_of("changed"),
            f"changed: {changed} is before published: {published}; write the day the plans were changed",
        )

    series = entry.get("series")
    if series and series not in series_ids:
        report.error(entry.line_of("series"), f'series: there is no series with id "{series}"{did_you_mean(series, sorted(series_ids))}')
    for index, organiser in enumerate(entry.get("organisers", [])):
        if organiser not in member_ids:
            report.error(
                entry.item_line("organisers", index),
                f'organisers: there is no member with id "{organiser}" in members.yaml{did_you_mean(organiser, sorted(member_ids))}',
            )

    project = entry.get("project")
    if project and project not in project_ids:
        report.error(
            entry.line_of("project"),
            f'project: there is no project page content/projekt/{project}.md{did_you_mean(project, sorted(project_ids))}',
        )

    registration = None
    if entry.get("registration"):
        reg = entry["registration"]
        deadline = reg.get("deadline")
        deadline_at = None
        if deadline is not None:
            deadline_at = _localised(deadline, reg.line_of("deadline"), "deadline", zone, report)
            if isinstance(deadline_at, dt.date) and not isinstance(deadline_at, dt.datetime):
                deadline_at = dt.datetime.combine(deadline_at, dt.time(23, 59, 59), tzinfo=zone)
            # An all-day event may still take registrations on its first day.
            latest = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time(23, 59, 59), tzinfo=zone)
            if deadline_at is not None and deadline_at > latest:
                report.error(
                    reg.line_of("deadline"),
                    f"deadline: {deadline} is after the event starts ({entry.values['start']}); registration must close before",
                )
        registration = Registration(url=reg.get("url"), deadline=deadline_at)

    repeat = None
    if entry.get("repeat"):
        repeat = _repeat(entry["repeat"], start, report)

    if len(report.problems) > problems_before or not entry.complete:
        return None
    location = entry.get("location")
    if isinstance(location, str):
        location = Location(name=location)
    elif location is not None:
        location = Location(**location.values)
    return Event(
        id=event_id,
        title=title,
        category=entry["category"],
        start=start,
        end=end,
        published=entry["published"],
        audience=entry["audience"],
        status=entry["status"],
        series=series,
        location=location,
        organisers=tuple(entry.get("organisers", [])),
        registration=registration,
        summary=entry.get("summary"),
        description=entry.get("description"),
        programme=tuple(
            ProgrammeItem(
                title=item["title"],
                time=item.get("time"),
                speakers=tuple(Speaker(**s.values) for s in item.get("speakers", [])),
            )
            for item in entry.get("programme", [])
        ),
        documents=tuple(Document(**d.values) for d in entry.get("documents", [])),
        repeat=repeat,
        project=project,
        changed=changed,
    )


def _days_exist(parts: dict[str, str]) -> bool:
    """Whether some month the rule names has one of the days of the month it names."""
    if "BYMONTHDAY" not in parts:
        return True
    try:
        days = [int(day) for day in parts["BYMONTHDAY"].split(",")]
        months = [int(month) for month in parts["BYMONTH"].split(",")] if "BYMONTH" in parts else list(range(1, 13))
    except ValueError:
        return True  # dateutil reports it
    return any(1 <= month <= 12 and 1 <= abs(day) <= _DAYS_IN_MONTH[month - 1] for month in months for day in days)


def _instant(moment: dt.date, zone: ZoneInfo) -> dt.datetime:
    """An aware datetime in UTC; a date is its midnight in the site's zone."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(), tzinfo=zone)
    return moment.astimezone(dt.timezone.utc)


def _localised(value, line: int, key: str, zone: ZoneInfo, report: Report):
    """A wall-clock time in the site's zone as an aware datetime; dates pass through.

    A time that the clocks skip (spring) or pass twice (autumn) is an error: staff must say
    which instant they mean.
    """
    if value is INVALID or value is None:
        return None
    if not isinstance(value, dt.datetime):
        return value
    if value.tzinfo is not None:
        return value.astimezone(zone)
    first, second = value.replace(tzinfo=zone, fold=0), value.replace(tzinfo=zone, fold=1)
    shown = value.strftime("%Y-%m-%d %H:%M")
    if first.utcoffset() != second.utcoffset():
        round_trip = first.astimezone(dt.timezone.utc).astimezone(zone).replace(tzinfo=None)
        if round_trip != value:
            report.error(line, f"{key}: {shown} does not exist in {zone.key}: the clocks jump forward that night; choose another time")
        else:
            report.error(
                line,
                f"{key}: {shown} happens twice in {zone.key} (the clocks go back that night); "
                f"choose another time or add the offset, as {shown}+02:00",
            )
        return None
    return first


def _repeat(entry: Entry, start, report: Report) -> Repeat | None:
    if not entry.complete:
        return None  # the rule is missing or wrong, and reported
    rule = entry["rule"].strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    parts = {name.strip().upper(): value.strip().upper() for name, _, value in (p.partition("=") for p in rule.split(";"))}
    if parts.keys() & {"UNTIL", "COUNT", "DTSTART"}:
        report.error(entry.line_of("rule"), "rule: write the last date as until: below, not UNTIL or COUNT in the rule")
        return None
    # What dateutil would accept but cannot expand in reasonable time: repeating within a day
    # (FREQ=SECONDLY gives 31 million dates a year), INTERVAL=0 (it never moves on: a hang).
    if parts.get("FREQ") not in FREQUENCIES:
        report.error(
            entry.line_of("rule"),
            f"rule: FREQ={parts.get('FREQ', '')} is not how often an event repeats; write FREQ= with one of {', '.join(FREQUENCIES)}",
        )
        return None
    interval = parts.get("INTERVAL", "1")
    if not (interval.isascii() and interval.isdigit() and 1 <= int(interval) <= MAX_INTERVAL):
        report.error(entry.line_of("rule"), f"rule: INTERVAL={interval} must be a whole number from 1 to {MAX_INTERVAL}")
        return None
    if parts.keys() & {"BYHOUR", "BYMINUTE", "BYSECOND"}:
        report.error(entry.line_of("rule"), "rule: the time of day comes from start:; remove BYHOUR, BYMINUTE and BYSECOND")
        return None
    naive_start = start.replace(tzinfo=None) if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
    try:
        rrulestr(f"RRULE:{rule}", dtstart=naive_start)
    except (ValueError, TypeError, OverflowError, IndexError) as error:
        report.error(entry.line_of("rule"), f'rule: "{rule}" is not a repeat rule ({error}); for example FREQ=MONTHLY;BYDAY=1TH')
        return None
    # The usual cause of a rule without dates (the 31st of a 30-day month), said at once;
    # agenda.check_dates finds the rest when it works out the dates, and checks except:.
    if not _days_exist(parts):
        report.error(entry.line_of("rule"), f'rule: "{rule}" gives no dates at all; check the days and months it names')
        return None
    until = entry.get("until")
    if until is not None and until < naive_start.date():
        report.error(entry.line_of("until"), f"until: {until} is before the event starts")
        return None
    return Repeat(rule=rule, until=until, exceptions=tuple(entry.get("except", [])))


CLOCK_CHECK_YEARS = 10
"""How many years past now (or the start) a repeat is checked against clock changes. A daily,
weekly or monthly rule meets the night of a change within the first year or two if it ever
does; only a yearly rule on a fixed date may meet one first in a later year, past this check."""


def repeat_problem(event: Event, zone: ZoneInfo, now: dt.datetime) -> str | None:
    """What calendar programs would read differently from the site's pages in a timed repeat.

    A timed repeat keeps its local time (its DTSTART has a TZID), so a repetition on the night
    the clocks change may start at a time that happens twice or never, and calendar programs
    then disagree (vobject, calcurse and icalendar did); one that lasts over the change keeps its exact length in a calendar (RFC 5545 3.8.5.3) but
    its clock times on the site's pages. Such a repeat is refused, naming the first repetition.
    """
    if event.repeat is None or not isinstance(event.start, dt.datetime):
        return None
    local_start = event.start.replace(tzinfo=None)
    length = event.end.replace(tzinfo=None) - local_start
    exact = event.end.astimezone(dt.timezone.utc) - event.start.astimezone(dt.timezone.utc)
    checked_to = dt.date(max(now.astimezone(zone).year, local_start.year) + CLOCK_CHECK_YEARS, 12, 31)
    last = min(event.repeat.until, checked_to) if event.repeat.until else checked_to
    for moment in rrulestr(f"RRULE:{event.repeat.rule}", dtstart=local_start):
        if moment.date() > last:
            return None
        shown = f"{moment:%Y-%m-%d} at {moment:%H:%M}"
        first, second = moment.replace(tzinfo=zone, fold=0), moment.replace(tzinfo=zone, fold=1)
        if first.utcoffset() != second.utcoffset():
            if first.astimezone(dt.timezone.utc).astimezone(zone).replace(tzinfo=None) != moment:
                return (
                    f"rule: the repetition on {shown} does not exist in {zone.key} (the clocks jump forward "
                    "that night); choose a start time outside the hour the clocks change"
                )
            return (
                f"rule: the repetition on {shown} happens twice in {zone.key} (the clocks go back that night) "
                "and calendar programs disagree on which is meant; choose a start time outside the hour the clocks change"
            )
        ends = (first.astimezone(dt.timezone.utc) + exact).astimezone(zone)
        if ends.replace(tzinfo=None) != moment + length:
            return (
                f"rule: the repetition on {shown} lasts over the moment the clocks change in {zone.key}, so "
                "calendar programs would show it longer or shorter than the site; choose times that do not span the change"
            )
    return None
