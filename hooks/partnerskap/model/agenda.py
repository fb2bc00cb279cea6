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

from dateutil.rrule import rrulestr

from partnerskap.model.events import Calendar, Event, Occurrence
from partnerskap.source.fields import YEARS, Entry
from partnerskap.i18n import Words
from partnerskap.source.problems import Report

HORIZON = dt.timedelta(days=550)
"""How far past "now" repetitions are listed in lists and grids (until: may be later: the
calendar file carries the rule itself, and the lists catch up as the site is rebuilt)."""
MAX_EVENT_DAYS = 3_000
"""Days of the calendar one event may fill: each date it happens on times the days it lasts
(a weekly meeting for 57 years, a daily one for eight, a single event of eight years)."""
MAX_REPETITIONS = MAX_EVENT_DAYS
"""The most dates one event has up to the horizon or its until: (a one-day event's limit)."""
MAX_FILE_DAYS = 20_000
"""The same for all events of one events.yaml together: each day is a row in the month grids,
the lists and the archive, and 20,000 of them take the build some six seconds."""
MAX_SEARCH_DAYS = 500_000
"""Days the repeat rules of one events.yaml may look through for their dates together (about
two seconds): a rule whose dates are far apart, or that has none, is looked for day by day."""
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


def _naive(moment: dt.date) -> dt.datetime:
    return moment.replace(tzinfo=None) if isinstance(moment, dt.datetime) else dt.datetime.combine(moment, dt.time())


def _days(event: Event) -> int:
    """The days of the calendar each occurrence fills (a timed event past midnight fills two)."""
    first = event.start.date() if isinstance(event.start, dt.datetime) else event.start
    last = event.end.date() if isinstance(event.end, dt.datetime) else event.end
    return max(1, (last - first).days + 1)


def _listed_until(event: Event, zone: ZoneInfo, now: dt.datetime) -> dt.date:
    horizon = (now.astimezone(zone) + HORIZON).date()
    return min(event.repeat.until, horizon) if event.repeat.until else horizon


class _Dates:
    """A rule's dates from ``start``, searched at most some 400 years past ``last``.

    dateutil looks for a rule's next date until the year 9999, whatever ``until`` says, so a
    rule with no more dates would be searched for 8,000 years (seconds for each such rule). The
    search runs a whole number of 400-year cycles later instead, the same dates on the same
    weekdays, where the year 9999 comes at most 400 years after ``last``; ``searched`` counts
    the days it went through.
    """

    def __init__(self, rule: str, start: dt.datetime, last: dt.date) -> None:
        self.shift = _CYCLE_YEARS * ((dt.MAXYEAR - max(last.year, start.year)) // _CYCLE_YEARS)
        self.start = start.replace(year=start.year + self.shift)
        self.rule = rrulestr(f"RRULE:{rule}", dtstart=self.start)
        self.searched = 0

    def __iter__(self) -> Iterator[dt.datetime]:
        for moment in self.rule:
            self.searched = (moment - self.start).days + 1
            yield moment.replace(year=moment.year - self.shift)
        self.searched = (dt.date.max - self.start.date()).days + 1


def check_dates(event: Event, entry: Entry, zone: ZoneInfo, now: dt.datetime, budget: Budget, report: Report) -> bool:
    """Whether the event's dates fit the limits (and a repeat's rule and exceptions make sense);
    what does not is reported at its line. Spends the event's share of ``budget``."""
    days = _days(event)
    if days > MAX_EVENT_DAYS:
        report.error(
            entry.line_of("end"),
            f"end: the event lasts {days:,} days, and one event may fill at most {MAX_EVENT_DAYS:,} days "
            "of the calendar; check the dates (for something that happens again and again, use repeat:)",
        )
        return False
    if event.repeat is None:
        return _spend(days, entry.line_of("start"), "start", budget, report)

    repeat = entry["repeat"]
    line = repeat.line_of("rule")
    if budget.spent:
        return False
    if budget.search <= 0:
        budget.spent = True
        report.error(
            line,
            f"rule: the repeat rules above already look through more than {MAX_SEARCH_DAYS:,} days for their dates "
            "(rules whose dates are years apart, or that have none); simplify them",
        )
        return False
    start = _naive(event.start)
    listed_until = _listed_until(event, zone, now)
    final = event.repeat.until or LAST_DAY
    # Exceptions are checked against the same dates, so these run to the last of them.
    last = min(max((listed_until, *event.repeat.exceptions)), final)
    limit = MAX_EVENT_DAYS // days
    dates: set[dt.date] = set()
    over = False
    following: dt.date | None = None
    """The first date past ``last``, if the rule has one."""
    try:
        search = _Dates(event.repeat.rule, start, final)
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
        report.error(line, f'rule: "{event.repeat.rule}" is not a repeat rule ({error}); for example FREQ=MONTHLY;BYDAY=1TH')
        return False
    if not dates and following is None:
        report.error(line, f'rule: "{event.repeat.rule}" gives no dates at all; check the days and months it names')
        return False
    if not dates and following > final:
        report.error(
            repeat.line_of("until"),
            f"until: {final} comes before the rule's first date, {following}; write a later until: (or a start: that is one of the rule's dates)",
        )
        return False
    if over:
        shown = "days" if days == 1 else f"dates of {days} days each"
        report.error(
            line,
            f"rule: from {start:%Y-%m-%d} to {last:%Y-%m-%d} the rule gives more than {limit:,} {shown}, and one event "
            f"may fill at most {MAX_EVENT_DAYS:,} days of the calendar; write a later start:, or an until: below, "
            "or split the event in two",
        )
        return False
    fits = True
    for index, day in enumerate(event.repeat.exceptions):
        if event.repeat.until and day > event.repeat.until:
            report.error(repeat.item_line("except", index), f"except: {day} is after until: {event.repeat.until}; remove it")
            fits = False
        elif day not in dates:
            report.error(repeat.item_line("except", index), f"except: {day} is not one of the dates this rule gives; check the date")
            fits = False
    skipped = set(event.repeat.exceptions)
    listed = sum(1 for day in dates if day <= listed_until and day not in skipped)
    return _spend(listed * days, line, "rule", budget, report) and fits


def _spend(days: int, line: int, key: str, budget: Budget, report: Report) -> bool:
    budget.days -= days
    if budget.days >= 0:
        return True
    if budget.spent:
        return False
    budget.spent = True
    report.error(
        line,
        f"{key}: with this event the calendar fills more than {MAX_FILE_DAYS:,} days, the limit for one events.yaml; "
        "end repeats earlier (until:), or move old events out of the file",
    )
    return False


def occurrences(event: Event, zone: ZoneInfo, now: dt.datetime) -> list[Occurrence]:
    """The event itself, or every repetition up to ``until`` or the horizon, minus exceptions.

    Only for events :func:`check_dates` accepted: their dates within the limits."""
    if event.repeat is None:
        return [Occurrence(event, event.start, event.end)]
    timed = isinstance(event.start, dt.datetime)
    last = _listed_until(event, zone, now)
    skipped = set(event.repeat.exceptions)
    result = []
    for moment in _Dates(event.repeat.rule, _naive(event.start), last):
        if moment.date() > last:
            break
        if moment.date() in skipped:
            continue
        # Repetitions keep their wall-clock time across daylight-saving changes.
        start = moment.replace(tzinfo=zone) if timed else moment.date()
        result.append(Occurrence(event, start, start + event.duration))
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


def when(start: dt.date, end: dt.date, words: Words) -> str:
    """``onsdag 6 februari 2019, kl. 11.00–12.00`` and the like, in the site's language."""
    if isinstance(start, dt.datetime):
        if start.date() == end.date():
            return words("when_same_day", date=words.weekday_date(start), start=words.time(start), end=words.time(end))
        return words(
            "when_days_timed",
            start_date=words.weekday_date(start), start=words.time(start),
            end_date=words.weekday_date(end), end=words.time(end),
        )
    if start == end:
        return words("when_all_day", date=words.weekday_date(start))
    return words("when_days", start=words.weekday_date(start), end=words.weekday_date(end))
