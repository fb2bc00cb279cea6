"""iCalendar (RFC 5545) files of the calendar, written with the icalendar library."""

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
    ordered = sorted(events, key=lambda e: e.id)
    for event in ordered:
        calendar.add_component(_vevent(event, words=words, zone=zone, host=host, url=event_url(event), now=now))
    if any(isinstance(e.start, dt.datetime) for e in ordered):
        first = min((e.start.date() if isinstance(e.start, dt.datetime) else e.start) for e in ordered)
        calendar.add_missing_timezones(first_date=first - dt.timedelta(days=366))
    return calendar.to_ical()
