"""iCalendar (RFC 5545) files of the calendar, written with the icalendar library.

Every event is in three files (the whole calendar, its category, its own), so each VEVENT is
serialised once and the bytes reused; the VTIMEZONE likewise, for each first year. The
icalendar library's serialisation was most of the generator's time for large calendars: events
are serialised with :func:`_serialise`, which writes the same bytes in less than half the time.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable
from zoneinfo import ZoneInfo

import icalendar

from .events_model import Event
from .i18n import Words

REFRESH = dt.timedelta(hours=12)
"""How often subscribed clients should fetch the calendar again (half a day)."""
STATUS = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}


def uid(event: Event, host: str) -> str:
    """Stable across builds and edits: the event id at the site's host."""
    return f"{event.id}@{host}"


def _vevent(event: Event, *, words: Words, zone: ZoneInfo, host: str, url: str, now: dt.datetime) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", uid(event, host))
    component.add("dtstamp", now.astimezone(dt.timezone.utc))
    summary = event.title
    if event.status != "scheduled":
        summary = f'{words(f"status_{event.status}").upper()}: {summary}'
    component.add("summary", summary)
    if isinstance(event.start, dt.datetime):
        component.add("dtstart", event.start)
        component.add("dtend", event.end)
    else:
        # All-day: DATE values, and DTEND is the day after the last day (exclusive).
        component.add("dtstart", event.start)
        component.add("dtend", event.end + dt.timedelta(days=1))
    description = "\n\n".join(filter(None, (event.summary, url)))
    component.add("description", description)
    if event.location:
        place = words("online") if event.location.online else event.location.name
        component.add("location", ", ".join(filter(None, (place, event.location.address))))
    component.add("url", url)
    component.add("status", STATUS[event.status])
    component.add("categories", [words(f"category_{event.category}")])
    component.add("class", "PUBLIC")
    if event.repeat:
        rule = icalendar.vRecur.from_ical(event.repeat.rule)
        if event.repeat.until:
            if isinstance(event.start, dt.datetime):
                # With a TZID start, UNTIL must be in UTC (RFC 5545 3.3.10).
                last = dt.datetime.combine(event.repeat.until, dt.time(23, 59, 59), tzinfo=zone)
                rule["UNTIL"] = [last.astimezone(dt.timezone.utc)]
            else:
                rule["UNTIL"] = [event.repeat.until]
        component.add("rrule", rule)
        if event.repeat.exceptions:
            if isinstance(event.start, dt.datetime):
                skipped = [dt.datetime.combine(day, event.start.timetz().replace(tzinfo=None), tzinfo=zone) for day in event.repeat.exceptions]
            else:
                skipped = list(event.repeat.exceptions)
            component.add("exdate", skipped)
    return component


class IcalendarWriter:
    """Writes one site's iCalendar files, each VEVENT and VTIMEZONE serialised once.

    Every file holds the bytes ``icalendar.Calendar.to_ical()`` writes for the calendar
    :func:`_calendar` builds, with the events added and add_missing_timezones(): assembled from
    parts, namely the calendar's own lines around its name (the same in every file), the
    VTIMEZONE (first, as add_missing_timezones() puts it), then the events by id. One writer
    serves one build: its parts depend on the build's words, zone, host and "now".
    """

    def __init__(self, *, words: Words, zone: ZoneInfo, host: str, event_url: Callable[[Event], str], now: dt.datetime) -> None:
        self.words, self.zone, self.host, self.event_url, self.now = words, zone, host, event_url, now
        calendar = _calendar(f"-//{host}//partnerskap//{words.language.upper()}", zone.key, _PLACEHOLDER)
        before, found, after = calendar.to_ical().partition(_name_lines(_PLACEHOLDER))
        assert found and after.endswith(_END), "icalendar no longer writes the name lines together"
        self._before, self._after = before, after[: -len(_END)]
        self._vevents: dict[str, bytes] = {}
        self._vtimezones: dict[int, bytes] = {}

    def file(self, events: list[Event], name: str) -> bytes:
        """A whole VCALENDAR: subscribable (refresh hints) and with the VTIMEZONE its times use."""
        ordered = sorted(events, key=lambda e: e.id)
        parts = [self._before, _name_lines(name), self._after]
        if any(isinstance(e.start, dt.datetime) for e in ordered):
            first = min((e.start.date() if isinstance(e.start, dt.datetime) else e.start) for e in ordered)
            parts.append(self._vtimezone(first.year))
        parts.extend(self._vevent(event) for event in ordered)
        parts.append(_END)
        return b"".join(parts)

    def _vevent(self, event: Event) -> bytes:
        serialised = self._vevents.get(event.id)
        if serialised is None:
            component = _vevent(event, words=self.words, zone=self.zone, host=self.host, url=self.event_url(event), now=self.now)
            serialised = self._vevents[event.id] = _serialise(component)
        return serialised

    def _vtimezone(self, first_year: int) -> bytes:
        # From New Year a year before the first event: at least a year of history, and one
        # VTIMEZONE per first year rather than per first day.
        serialised = self._vtimezones.get(first_year)
        if serialised is None:
            try:
                serialised = icalendar.Timezone.from_tzid(
                    self.zone.key, first_date=dt.date(first_year - 1, 1, 1), last_date=icalendar.Timezone.DEFAULT_LAST_DATE
                ).to_ical()
            except ValueError:
                serialised = b""  # a zone the library cannot describe: left out, as add_missing_timezones() does
            self._vtimezones[first_year] = serialised
        return serialised


_BEGIN = b"BEGIN:VCALENDAR\r\n"
_END = b"END:VCALENDAR\r\n"
_PLACEHOLDER = "\ue000"


def _calendar(prodid: str, tzid: str, name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", prodid)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("x-wr-timezone", tzid)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH).to_ical().decode())
    return calendar


def _name_lines(name: str) -> bytes:
    """NAME and X-WR-CALNAME as the calendar writes them (adjacent: they sort together)."""
    named = icalendar.Calendar()
    named.add("x-wr-calname", name)
    named.add("name", name)
    return _serialise(named)[len(_BEGIN) : -len(_END)]


def _serialise(component: icalendar.Component) -> bytes:
    """What ``component.to_ical()`` writes, in less than half the time.

    The properties, their order, values and parameters are the library's; only joining them
    into content lines and folding those is done here. The library makes an object of every
    line and folds it a character at a time, which was a third of the time the calendars took.
    tests/test_property.py holds the output to the library's byte for byte.
    """
    lines = []
    for name, value in component.property_items(sorted=True):
        if isinstance(value, bytes):  # BEGIN and END: the component's name, already written
            lines.append(name.encode() + b":" + value)
            continue
        params = value.params.to_ical(sorted=True) if getattr(value, "params", None) else b""
        text = value.to_ical()
        text = text if isinstance(text, bytes) else text.encode()
        lines.append(_fold(name.encode() + (b";" + params if params else b"") + b":" + text))
    lines.append(b"")
    return b"\r\n".join(lines)


_FOLD_AT = 74
"""Octets on a folded line before the break (RFC 5545 3.1: under 75; icalendar's choice)."""


def _fold(line: bytes) -> bytes:
    """Fold a UTF-8 content line as icalendar does: at most 74 octets a line, never inside a
    character, and an escape's backslash (or RFC 6868 ``^``) kept with what it escapes."""
    if len(line) <= _FOLD_AT:
        return line
    parts = []
    start = 0
    while len(line) - start > _FOLD_AT:
        cut = start + _FOLD_AT
        while line[cut] & 0xC0 == 0x80:  # a UTF-8 continuation octet: cut before its character
            cut -= 1
        if line[cut - 1] in b"\\^" and cut - start > 1:
            cut -= 1
        parts.append(line[start:cut])
        start = cut
    parts.append(line[start:])
    return b"\r\n ".join(parts)
