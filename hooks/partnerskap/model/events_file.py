"""``events.yaml``: its keys (declared with :class:`~.events.Event` and the blocks inside it), their
checks, and the :class:`~.events.Calendar` built from it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from partnerskap.model.agenda import Budget, check_dates, rule_not_understood, rule_without_dates
from partnerskap.model.event_time import EventTime, MixedTimes, RepeatedTime, SkippedTime, last_moment, localised, parse_rule
from partnerskap.model.events import (
    Calendar, Document, Event, Location, ProgrammeItem, Registration, Repeat, Series, Speaker,
)
from partnerskap.model.page_ids import check_not_reserved
from partnerskap.source.fields import INVALID, Entry, Field, ListOf, Record, check_document, report_duplicate_ids
from partnerskap.source.problems import Report
from partnerskap.source.references import Ids, check_references, ids_written
from partnerskap.source.sourcefile import LineDict, read_yaml

FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
"""How often an event may repeat: a rule that repeats within a day gives millions of dates."""
MAX_INTERVAL = 1000
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

LOCATION, SPEAKER, PROGRAMME_ITEM, DOCUMENT = Location.RECORD, Speaker.RECORD, ProgrammeItem.RECORD, Document.RECORD
REGISTRATION, REPEAT, SERIES, EVENT = Registration.RECORD, Repeat.RECORD, Series.RECORD, Event.RECORD

EVENTS_FILE = Record("events.yaml", (
    Field("series", ListOf(SERIES), "Serier", default=[]),
    Field("events", ListOf(EVENT), "Evenemang", default=[]),
), description="Föreningens kalender.")


def load_events(
    path: Path, shown_as: str, zone: ZoneInfo, member_ids: Ids, now: dt.datetime,
    project_ids: Ids = frozenset(),
) -> tuple[Calendar | None, Report]:
    """Read, check and cross-reference ``events.yaml``; events announced after ``now`` are left out."""
    report = Report(shown_as)
    raw = read_yaml(path, report)
    document = check_document(raw, EVENTS_FILE, report)
    if document is None:
        return None, report
    written = raw if isinstance(raw, LineDict) else {}  # an empty file (or only comments) has no entries
    report_duplicate_ids(written.get("series"), "serien", report)
    report_duplicate_ids(written.get("events"), "evenemanget", report)
    check_references(document, EVENTS_FILE, {
        "member": member_ids, "series": ids_written(written.get("series")), "project": project_ids,
    }, report)

    series: list[Series] = []
    seen_series: set[str] = set()
    for entry in document["series"]:
        if not entry.complete or entry["id"] in seen_series:
            continue  # reported from the file as written
        check_not_reserved("series", entry["id"], entry.line_of("id"), report, entry["title"])
        seen_series.add(entry["id"])
        series.append(SERIES.make(entry))

    events: list[Event] = []
    seen: set[str] = set()
    budget = Budget()
    for entry in document["events"]:
        event = _event(entry, zone, report)
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


def _event(entry: Entry, zone: ZoneInfo, report: Report) -> Event | None:
    """The event of a checked entry, with its times settled in the site's zone, or ``None`` when
    the entry has problems (reported)."""
    problems_before = len(report.problems)
    title = entry["title"]
    start = _localised(entry["start"], entry.line_of("start"), "start", zone, report)
    end_value = entry.get("end")
    end = _localised(end_value, entry.line_of("end"), "end", zone, report) if end_value is not None else None
    if start is None or (end_value is not None and end is None):
        return None

    try:
        # Without end: an all-day event ends the same day; a timed one lasts an hour.
        time = EventTime.written(start, end)
    except MixedTimes:
        report.error(entry.line_of("end"), "end: skriv både start och end som datum (heldag), eller båda med klockslag")
        return None
    if time.ends_before_start:
        report.error(entry.line_of("end"), f"end: {time.end} är före start {time.start}; evenemanget måste sluta efter att det börjar")

    event_id = entry.get("id")
    check_not_reserved("event", event_id, entry.line_of("id"), report, title)
    changed, published = entry.get("changed"), entry.get("published")
    if changed is not None and published is not None and changed < published:
        report.error(
            entry.line_of("changed"),
            f"changed: {changed} är före published: {published}; skriv dagen då planerna ändrades",
        )

    registration = None
    if entry.get("registration"):
        reg = entry["registration"]
        deadline = reg.get("deadline")
        deadline_at = None
        if deadline is not None:
            deadline_at = _localised(deadline, reg.line_of("deadline"), "deadline", zone, report)
            if deadline_at is not None:
                deadline_at = last_moment(deadline_at, zone)  # a bare date: the end of that day
            if deadline_at is not None and deadline_at > time.latest_deadline(zone):
                report.error(
                    reg.line_of("deadline"),
                    f"deadline: {deadline} är efter att evenemanget börjar ({entry.values['start']}); anmälan måste stänga före",
                )
        registration = REGISTRATION.make(reg, deadline=deadline_at)

    repeat = None
    if entry.get("repeat"):
        repeat = _repeat(entry["repeat"], time, report)

    if len(report.problems) > problems_before or not entry.complete:
        return None
    return EVENT.make(entry, start=time.start, end=time.end, registration=registration, repeat=repeat)


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



def _localised(value, line: int, key: str, zone: ZoneInfo, report: Report):
    """A wall-clock time in the site's zone as an aware datetime; dates pass through.

    A time that the clocks skip (spring) or pass twice (autumn) is an error: staff must say
    which instant they mean.
    """
    if value is INVALID or value is None:
        return None
    shown = f"{value:%Y-%m-%d %H:%M}"
    try:
        return localised(value, zone)
    except SkippedTime:
        report.error(line, f"{key}: {shown} finns inte i {zone.key}: klockan ställs fram den natten; välj en annan tid")
    except RepeatedTime:
        report.error(
            line,
            f"{key}: {shown} inträffar två gånger i {zone.key} (klockan ställs tillbaka den natten); "
            f"välj en annan tid eller skriv tidsskillnaden mot UTC, som {shown}+02:00",
        )
    return None


def _repeat(entry: Entry, time: EventTime, report: Report) -> Repeat | None:
    if not entry.complete:
        return None  # the rule is missing or wrong, and reported
    rule = entry["rule"].strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    parts = {name.strip().upper(): value.strip().upper() for name, _, value in (p.partition("=") for p in rule.split(";"))}
    if parts.keys() & {"UNTIL", "COUNT", "DTSTART"}:
        report.error(entry.line_of("rule"), "rule: skriv sista dagen som until: nedanför, inte som UNTIL eller COUNT i regeln")
        return None
    # What dateutil would accept but cannot expand in reasonable time: repeating within a day
    # (FREQ=SECONDLY gives 31 million dates a year), INTERVAL=0 (it never moves on: a hang).
    if parts.get("FREQ") not in FREQUENCIES:
        report.error(
            entry.line_of("rule"),
            f"rule: FREQ={parts.get('FREQ', '')} säger inte hur ofta evenemanget upprepas; skriv FREQ= med ett av {', '.join(FREQUENCIES)}",
        )
        return None
    interval = parts.get("INTERVAL", "1")
    if not (interval.isascii() and interval.isdigit() and 1 <= int(interval) <= MAX_INTERVAL):
        report.error(entry.line_of("rule"), f"rule: INTERVAL={interval} ska vara ett heltal från 1 till {MAX_INTERVAL}")
        return None
    if parts.keys() & {"BYHOUR", "BYMINUTE", "BYSECOND"}:
        report.error(entry.line_of("rule"), "rule: klockslaget kommer från start:; ta bort BYHOUR, BYMINUTE och BYSECOND")
        return None
    try:
        parse_rule(rule, time)  # the event's own parse comes later (Event.repeat_rule): this one reports
    except (ValueError, TypeError, OverflowError, IndexError) as error:
        report.error(entry.line_of("rule"), rule_not_understood(rule, error))
        return None
    # The usual cause of a rule without dates (the 31st of a 30-day month), said at once;
    # agenda.check_dates finds the rest when it works out the dates, and checks except:.
    if not _days_exist(parts):
        report.error(entry.line_of("rule"), rule_without_dates(rule))
        return None
    until = entry.get("until")
    if until is not None and until < time.first_day:
        report.error(entry.line_of("until"), f"until: {until} är före evenemangets start")
        return None
    return REPEAT.make(entry, rule=rule)


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
    repeat = event.repeat_rule
    if repeat is None or event.time.all_day:
        return None
    length = event.time.duration  # by the clock
    exact = event.end.astimezone(dt.timezone.utc) - event.start.astimezone(dt.timezone.utc)
    checked_to = dt.date(max(now.astimezone(zone).year, event.time.first_day.year) + CLOCK_CHECK_YEARS, 12, 31)
    last = min(repeat.until, checked_to) if repeat.until else checked_to
    for moment in repeat.dates():
        if moment.date() > last:
            return None
        shown = f"{moment:%Y-%m-%d} kl. {moment:%H:%M}"
        try:
            first = localised(moment, zone)
        except SkippedTime:
            return (
                f"rule: upprepningen {shown} finns inte i {zone.key} (klockan ställs fram "
                "den natten); välj en starttid utanför timmen då klockan ställs om"
            )
        except RepeatedTime:
            return (
                f"rule: upprepningen {shown} inträffar två gånger i {zone.key} (klockan ställs tillbaka den natten) "
                "och kalenderprogram tolkar den olika; välj en starttid utanför timmen då klockan ställs om"
            )
        ends = (first.astimezone(dt.timezone.utc) + exact).astimezone(zone)
        if ends.replace(tzinfo=None) != moment + length:
            return (
                f"rule: upprepningen {shown} pågår medan klockan ställs om i {zone.key}, så "
                "kalenderprogram skulle visa den längre eller kortare än webbplatsen; välj tider som inte spänner över omställningen"
            )
    return None
