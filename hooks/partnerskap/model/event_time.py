"""When an event happens: the one place that tells a timed event from an all-day one.

events.yaml gives a start and an end as a date (all day) or a time of day; the YAML reader
(``source.fields.DateOrDateTime``) hands over either. From here on an event's time is an
:class:`EventTime`: its days, its instants, its length, and for a repeat its rule parsed once
(:class:`RepeatRule`). Pages, feeds and calendar files ask these; none of them takes the
``datetime | date`` union apart again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Iterator
from zoneinfo import ZoneInfo

import icalendar
from dateutil.rrule import rrule, rrulestr

_DAY = dt.timedelta(days=1)
_END_OF_DAY = dt.time(23, 59, 59)


class MixedTimes(ValueError):
    """A start and an end where one is a date and the other a time of day."""


class SkippedTime(ValueError):
    """A wall-clock time the clocks jump over (spring)."""


class RepeatedTime(ValueError):
    """A wall-clock time the clocks pass twice (autumn)."""


def localised(value: dt.date, zone: ZoneInfo) -> dt.date:
    """A time of day as an aware datetime in ``zone``; a date (all day) as it is.

    A wall-clock time the clocks skip or pass twice raises :class:`SkippedTime` or
    :class:`RepeatedTime`: staff must say which instant they mean (with an offset).
    """
    if not isinstance(value, dt.datetime):
        return value
    if value.tzinfo is not None:
        return value.astimezone(zone)
    first, second = value.replace(tzinfo=zone, fold=0), value.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        round_trip = first.astimezone(dt.timezone.utc).astimezone(zone).replace(tzinfo=None)
        raise SkippedTime() if round_trip != value else RepeatedTime()
    return first


def last_moment(value: dt.date, zone: ZoneInfo) -> dt.datetime:
    """A deadline as an instant: a time of day as it is, a bare date as the end of that day."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, _END_OF_DAY, tzinfo=zone)


def ambiguous(moment: dt.datetime, zone: ZoneInfo) -> bool:
    """Whether the local time of ``moment`` happens twice (or never) in ``zone``."""
    wall = moment.astimezone(zone).replace(tzinfo=None)
    return wall.replace(tzinfo=zone, fold=0).utcoffset() != wall.replace(tzinfo=zone, fold=1).utcoffset()


@dataclass(frozen=True)
class EventTime:
    """The start and end of an event or of one of its repetitions.

    Timed: two aware datetimes in the site's zone. All day: the first and the last day
    (inclusive), as dates.
    """

    start: dt.date
    end: dt.date

    @classmethod
    def written(cls, start: dt.date, end: dt.date | None = None) -> EventTime:
        """As staff wrote it. Without an end, an all-day event ends the same day and a timed
        one lasts an hour. A date with a time of day raises :class:`MixedTimes`."""
        timed = isinstance(start, dt.datetime)
        if end is None:
            end = start + dt.timedelta(hours=1) if timed else start
        if timed != isinstance(end, dt.datetime):
            raise MixedTimes()
        return cls(start, end)

    @cached_property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def first_day(self) -> dt.date:
        return self.start if self.all_day else self.start.date()

    @property
    def last_day(self) -> dt.date:
        return self.end if self.all_day else self.end.date()

    @property
    def days(self) -> int:
        """The days of the calendar it fills (a timed event past midnight fills two)."""
        return max(1, (self.last_day - self.first_day).days + 1)

    @property
    def duration(self) -> dt.timedelta:
        """By the clock (two times in one zone subtract as wall-clock times); all day: the
        days after the first."""
        return self.end - self.start

    @property
    def local_start(self) -> dt.datetime:
        """The start as the clock shows it (naive); an all-day event's first midnight."""
        return dt.datetime.combine(self.start, dt.time()) if self.all_day else self.start.replace(tzinfo=None)

    def starts_at(self, zone: ZoneInfo) -> dt.datetime:
        """The instant it begins (all day: midnight of the first day in ``zone``)."""
        return dt.datetime.combine(self.start, dt.time(), tzinfo=zone) if self.all_day else self.start

    def ends_at(self, zone: ZoneInfo) -> dt.datetime:
        """The instant it is over (all day: midnight after its last day in ``zone``)."""
        return dt.datetime.combine(self.end + _DAY, dt.time(), tzinfo=zone) if self.all_day else self.end

    @property
    def ends_before_start(self) -> bool:
        # As instants: two local times in one zone compare as wall-clock times, and the second
        # 02:30 of an autumn night is later than the first although its clock shows the same.
        if self.all_day:
            return self.end < self.start
        return self.end.astimezone(dt.timezone.utc) < self.start.astimezone(dt.timezone.utc)

    def latest_deadline(self, zone: ZoneInfo) -> dt.datetime:
        """The last moment registration may close: the start, or for an all-day event the end
        of its first day (it may still take registrations that day)."""
        return last_moment(self.start, zone) if self.all_day else self.start

    def at(self, moment: dt.datetime) -> EventTime:
        """The same length from ``moment`` (naive, local): where a repeat's date falls.
        Repetitions keep their wall-clock time across daylight-saving changes."""
        start = moment.date() if self.all_day else moment.replace(tzinfo=self.start.tzinfo)
        return EventTime(start, start + self.duration)

    def on(self, day: dt.date) -> EventTime:
        """The same clock times on ``day``."""
        return self.at(dt.datetime.combine(day, self.local_start.time()))


def parse_rule(text: str, time: EventTime) -> rrule:
    """An RRULE value (``FREQ=MONTHLY;BYDAY=1TH``) from the event's local start; raises
    ValueError (or TypeError, OverflowError, IndexError) for one dateutil cannot read."""
    return rrulestr(f"RRULE:{text}", dtstart=time.local_start)


@dataclass(frozen=True)
class RepeatRule:
    """A repeating event's dates: its rule, parsed once, from its start.

    The dates are naive local datetimes (the clock's date and time); :meth:`EventTime.at` makes
    each one a repetition.
    """

    time: EventTime
    text: str
    """The RRULE value as staff wrote it, without UNTIL."""
    until: dt.date | None
    exceptions: tuple[dt.date, ...]
    rule: rrule

    @classmethod
    def of(cls, time: EventTime, text: str, until: dt.date | None, exceptions: tuple[dt.date, ...]) -> RepeatRule:
        return cls(time, text, until, exceptions, parse_rule(text, time))

    def dates(self) -> Iterator[dt.datetime]:
        """Every date the rule gives from the start, exceptions included, without end."""
        return iter(self.rule)

    @cached_property
    def first(self) -> EventTime:
        """The first date the rule gives. RFC 5545 leaves a repeat undefined when its start is
        not one of its rule's dates (some programs show it, some do not); every output begins
        at the rule's first date instead."""
        return self.time.at(self.rule[0])

    def until_value(self, zone: ZoneInfo) -> dt.date:
        """``until`` as an RRULE's UNTIL: a date for an all-day repeat; for a timed one the end
        of that day in UTC (RFC 5545 3.3.10: with a TZID start, UNTIL must be in UTC)."""
        assert self.until is not None
        if self.time.all_day:
            return self.until
        return last_moment(self.until, zone).astimezone(dt.timezone.utc)

    def recurrence(self, zone: ZoneInfo) -> icalendar.vRecur:
        """The RRULE with the last day as UNTIL: what the calendar files and the Google Calendar
        link carry."""
        result = icalendar.vRecur.from_ical(self.text)
        if self.until:
            result["UNTIL"] = [self.until_value(zone)]
        return result

    @property
    def skipped(self) -> list[dt.date]:
        """The exceptions as the starts they leave out (for EXDATE)."""
        return [self.time.on(day).start for day in self.exceptions]
