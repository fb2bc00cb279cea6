"""iCalendar (RFC 5545) files of the calendar, written with the icalendar library.

Every event is in three files (the whole calendar, its category, its own), so each VEVENT is
serialised once and the bytes reused; the VTIMEZONE likewise, for each first year. The
icalendar library's serialisation dominated the generator's time for large calendars.
"""

from __future__ import annotations

import datetime as dt
import functools
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


def icalendar_file(
    events: list[Event],
    *,
    name: str,
    words: Words,
    zone: ZoneInfo,
    host: str,
    event_url: Callable[[Event], str],
    now: dt.datetime,
) -> bytes:
    """A whole VCALENDAR: subscribable (refresh hints) and with the VTIMEZONE its times use."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{host}//partnerskap//{words.language.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("x-wr-timezone", zone.key)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH).to_ical().decode())
    # What Calendar.to_ical() writes, assembled from cached parts: the calendar's own lines, the
    # VTIMEZONE (first, as add_missing_timezones() puts it), then the events by id.
    head = calendar.to_ical()
    assert head.endswith(_END), head[-40:]
    ordered = sorted(events, key=lambda e: e.id)
    parts = [head[: -len(_END)]]
    if any(isinstance(e.start, dt.datetime) for e in ordered):
        first = min((e.start.date() if isinstance(e.start, dt.datetime) else e.start) for e in ordered)
        # From New Year a year before the first event: at least a year of history, and one
        # VTIMEZONE per first year rather than per first day.
        parts.append(_vtimezone(zone.key, dt.date(first.year - 1, 1, 1)))
    parts.extend(_vevent_bytes(event, words, zone, host, event_url(event), now) for event in ordered)
    parts.append(_END)
    return b"".join(parts)


_END = b"END:VCALENDAR\r\n"


@functools.lru_cache(maxsize=1 << 16)
def _vevent_bytes(event: Event, words: Words, zone: ZoneInfo, host: str, url: str, now: dt.datetime) -> bytes:
    return _vevent(event, words=words, zone=zone, host=host, url=url, now=now).to_ical()


@functools.lru_cache(maxsize=256)
def _vtimezone(tzid: str, first_date: dt.date) -> bytes:
    try:
        return icalendar.Timezone.from_tzid(tzid, first_date=first_date, last_date=icalendar.Timezone.DEFAULT_LAST_DATE).to_ical()
    except ValueError:
        return b""  # a zone the library cannot describe: left out, as add_missing_timezones() does
