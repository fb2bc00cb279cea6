"""Occurrences in time order, and how an event's time reads in the site's language."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from .events_model import Calendar, Event, Occurrence
from .i18n import Words

HORIZON = dt.timedelta(days=550)
"""How far past "now" a repeating event without an end is expanded for lists and grids."""
MAX_REPETITIONS = 500


def occurrences(event: Event, zone: ZoneInfo, now: dt.datetime) -> list[Occurrence]:
    """The event itself, or every repetition up to ``until`` (or the horizon), minus exceptions."""
    if event.repeat is None:
        return [Occurrence(event, event.start, event.end)]
    timed = isinstance(event.start, dt.datetime)
    local_start = event.start.replace(tzinfo=None) if timed else dt.datetime.combine(event.start, dt.time())
    last_day = event.repeat.until or (now.astimezone(zone) + HORIZON).date()
    last = dt.datetime.combine(last_day, dt.time(23, 59, 59))
    skipped = set(event.repeat.exceptions)
    result = []
    # Lazily, not with between(): a daily rule until 2199 would otherwise build a list of 60,000
    # dates to keep the first MAX_REPETITIONS of them.
    for moment in rrulestr(f"RRULE:{event.repeat.rule}", dtstart=local_start):
        if moment > last:
            break
        if moment.date() in skipped:
            continue
        # Repetitions keep their wall-clock time across daylight-saving changes.
        start = moment.replace(tzinfo=zone) if timed else moment.date()
        result.append(Occurrence(event, start, start + event.duration))
        if len(result) >= MAX_REPETITIONS:
            break
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
