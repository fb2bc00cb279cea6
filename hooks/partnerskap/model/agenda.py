"""Occurrences in time order, and how an event's time reads in the site's language.

Also what one events.yaml may cost a build: a repeat rule gives its dates without end, and an
event may last for years, so every event is expanded once while the file is checked, within the
limits below, and a file that asks for more is refused at the line that asks for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterator
from zoneinfo import ZoneInfo

from partnerskap.i18n import Words
from partnerskap.model.event_time import EventTime, RepeatRule
from partnerskap.model.events import Calendar, Event, Occurrence
from partnerskap.source.fields import YEARS, Entry
from partnerskap.source.problems import Report

HORIZON = dt.timedelta(days=550)
"""How far past "now" repetitions are listed in lists and grids (until: may be later: the
calendar file carries the rule itself, and the lists catch up as the site is rebuilt)."""
MAX_EVENT_DAYS = 3_000
"""Days of the calendar one event may fill: each date it happens on times the days it lasts
(a weekly meeting for 57 years, a daily one for eight, a single event of eight years)."""
MAX_FILE_DAYS = 20_000
"""The same for all events of one events.yaml together: each day is a row in the month grids,
the lists and the archive, and 20,000 of them take the build seconds (see bench/README.md)."""
MAX_SEARCH_DAYS = 500_000
"""Days the repeat rules of one events.yaml may look through for their dates together (the time
is in bench/README.md): a rule whose dates are far apart, or that has none, is looked for day by day."""
LAST_DAY = dt.date(YEARS[1], 12, 31)
"""No date after this is accepted anywhere, so no rule is searched further."""
_CYCLE_YEARS = 400
"""The Gregorian calendar repeats every 400 years: 146,097 days, exactly 20,871 weeks."""


@dataclass
class Budget:
    """What the rest of one events.yaml may still spend (the limits above)."""

    days: int = MAX_FILE_DAYS
    search: int = MAX_SEARCH_DAYS
    spent: bool = False
    """Whether a limit of the whole file was reached and reported: the events after it are
    left unchecked, not each reported again."""


def _number(count: int) -> str:
    """A count as Swedish writes it: 20 000."""
    return format(count, ",").replace(",", " ")


def listed_until(repeat: RepeatRule, zone: ZoneInfo, now: dt.datetime) -> dt.date:
    """The last day the lists and grids show a repeat on: its until:, or the horizon."""
    horizon = (now.astimezone(zone) + HORIZON).date()
    return min(repeat.until, horizon) if repeat.until else horizon


class _Dates:
    """A rule's dates from its start, searched at most some 400 years past ``last``.

    dateutil looks for a rule's next date until the year 9999, whatever ``until`` says, so a
    rule with no more dates would be searched for 8,000 years (seconds for each such rule). The
    search runs a whole number of 400-year cycles later instead, the same dates on the same
    weekdays, where the year 9999 comes at most 400 years after ``last``; ``searched`` counts
    the days it went through.
    """

    def __init__(self, repeat: RepeatRule, last: dt.date) -> None:
        start = repeat.time.local_start
        self.shift = _CYCLE_YEARS * ((dt.MAXYEAR - max(last.year, start.year)) // _CYCLE_YEARS)
        self.start = start.replace(year=start.year + self.shift)
        self.rule = repeat.rule.replace(dtstart=self.start)  # the parsed rule, moved: not parsed again
        self.searched = 0

    def __iter__(self) -> Iterator[dt.datetime]:
        for moment in self.rule:
            self.searched = (moment - self.start).days + 1
            yield moment.replace(year=moment.year - self.shift)
        self.searched = (dt.date.max - self.start.date()).days + 1


def rule_not_understood(rule: str, error: Exception) -> str:
    return f'rule: "{rule}" är inte en upprepningsregel ({error}); skriv till exempel FREQ=MONTHLY;BYDAY=1TH'


def rule_without_dates(rule: str) -> str:
    return f'rule: "{rule}" ger inga datum alls; kontrollera dagarna och månaderna regeln nämner'


def check_dates(event: Event, entry: Entry, zone: ZoneInfo, now: dt.datetime, budget: Budget, report: Report) -> bool:
    """Whether the event's dates fit the limits (and a repeat's rule and exceptions make sense);
    what does not is reported at its line. Spends the event's share of ``budget``."""
    days = event.time.days
    if days > MAX_EVENT_DAYS:
        report.error(
            entry.line_of("end"),
            f"end: evenemanget varar {_number(days)} dagar, och ett evenemang får fylla högst {_number(MAX_EVENT_DAYS)} "
            "dagar i kalendern; kontrollera datumen (för något som händer om och om igen, använd repeat:)",
        )
        return False
    repeat = event.repeat_rule
    if repeat is None:
        return _spend(days, entry.line_of("start"), "start", budget, report)

    written = entry["repeat"]
    line = written.line_of("rule")
    if budget.spent:
        return False
    if budget.search <= 0:
        budget.spent = True
        report.error(
            line,
            f"rule: upprepningsreglerna ovanför söker redan igenom mer än {_number(MAX_SEARCH_DAYS)} dagar efter sina "
            "datum (regler vars datum ligger år från varandra, eller som inte ger några); förenkla dem",
        )
        return False
    listed = listed_until(repeat, zone, now)
    final = repeat.until or LAST_DAY
    # Exceptions are checked against the same dates, so these run to the last of them.
    last = min(max((listed, *repeat.exceptions)), final)
    limit = MAX_EVENT_DAYS // days
    dates: set[dt.date] = set()
    over = False
    following: dt.date | None = None
    """The first date past ``last``, if the rule has one."""
    try:
        search = _Dates(repeat, final)
        try:
            for moment in search:
                if moment.date() > last:
                    following = moment.date()
                    break
                if len(dates) == limit:
                    over = True
                    break
                dates.add(moment.date())
        finally:
            budget.search -= search.searched
    except (ValueError, TypeError, OverflowError, IndexError) as error:
        report.error(line, rule_not_understood(repeat.text, error))
        return False
    if not dates and following is None:
        report.error(line, rule_without_dates(repeat.text))
        return False
    if not dates and following > final:
        report.error(
            written.line_of("until"),
            f"until: {final} kommer före regelns första datum, {following}; skriv ett senare until: "
            "(eller en start: som är ett av regelns datum)",
        )
        return False
    if over:
        shown = "dagar" if days == 1 else f"datum på {days} dagar vardera"
        report.error(
            line,
            f"rule: från {repeat.time.first_day:%Y-%m-%d} till {last:%Y-%m-%d} ger regeln fler än {_number(limit)} {shown}, "
            f"och ett evenemang får fylla högst {_number(MAX_EVENT_DAYS)} dagar i kalendern; skriv en senare start:, "
            "eller ett until: under rule:, eller dela evenemanget i två",
        )
        return False
    fits = True
    for index, day in enumerate(repeat.exceptions):
        if repeat.until and day > repeat.until:
            report.error(written.item_line("except", index), f"except: {day} är efter until: {repeat.until}; ta bort det")
            fits = False
        elif day not in dates:
            report.error(written.item_line("except", index), f"except: {day} är inte ett av datumen regeln ger; kontrollera datumet")
            fits = False
    skipped = set(repeat.exceptions)
    dates_listed = sum(1 for day in dates if day <= listed and day not in skipped)
    return _spend(dates_listed * days, line, "rule", budget, report) and fits


def _spend(days: int, line: int, key: str, budget: Budget, report: Report) -> bool:
    budget.days -= days
    if budget.days >= 0:
        return True
    if budget.spent:
        return False
    budget.spent = True
    report.error(
        line,
        f"{key}: med det här evenemanget fyller kalendern mer än {_number(MAX_FILE_DAYS)} dagar, gränsen för en "
        "events.yaml; avsluta upprepningar tidigare (until:), eller flytta gamla evenemang ur filen",
    )
    return False


def occurrences(event: Event, zone: ZoneInfo, now: dt.datetime) -> list[Occurrence]:
    """The event itself, or every repetition up to ``until`` or the horizon, minus exceptions.

    Only for events :func:`check_dates` accepted: their dates within the limits."""
    if event.origin is not None:
        return [Occurrence(event, time) for time in event.origin.times]  # expanded when it was read
    repeat = event.repeat_rule
    if repeat is None:
        return [Occurrence(event, event.time)]
    last = listed_until(repeat, zone, now)
    skipped = set(repeat.exceptions)
    result = []
    for moment in _Dates(repeat, last):
        if moment.date() > last:
            break
        if moment.date() not in skipped:
            result.append(Occurrence(event, event.time.at(moment)))
    return result


def all_occurrences(calendar: Calendar, zone: ZoneInfo, now: dt.datetime) -> list[Occurrence]:
    """Every occurrence of every event, in time order (ties by title, then id, for stable output)."""
    found = [occ for event in calendar.events for occ in occurrences(event, zone, now)]
    return sorted(found, key=lambda o: (o.starts_at(zone), o.event.title.casefold(), o.event.id))


def split_by_now(found: list[Occurrence], zone: ZoneInfo, now: dt.datetime) -> tuple[list[Occurrence], list[Occurrence]]:
    """(upcoming, past): an occurrence is upcoming until it has ended."""
    upcoming: list[Occurrence] = []
    past: list[Occurrence] = []
    for occ in found:
        (upcoming if occ.ends_at(zone) > now else past).append(occ)
    return upcoming, past


def when(time: EventTime, words: Words) -> str:
    """``onsdag 6 februari 2019, kl. 11.00–12.00`` and the like, in the site's language."""
    start, end = time.start, time.end
    if time.all_day:
        if start == end:
            return words("when_all_day", date=words.weekday_date(start))
        return words("when_days", start=words.weekday_date(start), end=words.weekday_date(end))
    if start.date() == end.date():
        return words("when_same_day", date=words.weekday_date(start), start=words.time(start), end=words.time(end))
    return words(
        "when_days_timed",
        start_date=words.weekday_date(start), start=words.time(start),
        end_date=words.weekday_date(end), end=words.time(end),
    )
