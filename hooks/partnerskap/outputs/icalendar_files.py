"""iCalendar (RFC 5545) files of the calendar, written with the icalendar library.

Every event is in three files (the whole calendar, its category, its own), so each VEVENT is
serialised once and the bytes reused; the VTIMEZONE likewise, for each period of years.

What clients must read the same way: a local time that the clocks pass twice is written in UTC
(with a TZID, RFC 5545 3.3.5 says it means the *first* of the two), and the VTIMEZONE is
:func:`~.vtimezone.vtimezone`'s. A repeat keeps its TZID, so that it keeps its local time across
daylight-saving changes; events_file refuses a repeat that meets a clock change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable
from zoneinfo import ZoneInfo

import icalendar

from partnerskap.i18n import Words
from partnerskap.model import event_text
from partnerskap.model.agenda import listed_until
from partnerskap.model.event_time import ambiguous
from partnerskap.model.events import Event
from partnerskap.model.imported_events import (
    description_text, length_of, original_date, place_text, start_of, status_of, title_text, web_link, written_in,
)
from partnerskap.outputs.vtimezone import vtimezone

REFRESH = dt.timedelta(hours=12)
"""How often subscribed clients should fetch the calendar again (half a day)."""
STATUS = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}


def uid(event: Event, host: str) -> str:
    """Stable across builds and edits: the event id at the site's host."""
    return f"{event.id}@{host}"


@dataclass(frozen=True)
class Organiser:
    """An organiser as a calendar shows it: a name, and the organiser's page on the site."""

    name: str
    url: str


@dataclass
class Run:
    """Repetitions of a timed repeat that share one UTC offset: one VEVENT of their own."""

    first: dt.datetime
    last: dt.datetime
    skipped: list[dt.datetime]
    """Exceptions between ``first`` and ``last`` (local, naive)."""


def offset_runs(event: Event, zone: ZoneInfo, now: dt.datetime) -> list[Run]:
    """A timed repeat's repetitions as far as the pages list them (events_file has checked that
    they are few enough), split where the clocks change.

    Most programs keep a repeat at its local time across a clock change, but calcurse stores
    local times of the computer it runs on: in another zone, every repetition after a change
    would be an hour off. A VEVENT for each run between two changes is read right by all.
    """
    repeat = event.repeat_rule
    assert repeat is not None
    skipped = set(repeat.exceptions)
    last_day = listed_until(repeat, zone, now)
    runs: list[Run] = []
    offset, pending = None, []
    for moment in repeat.dates():
        if moment.date() > last_day:
            break
        if moment.date() in skipped:
            pending.append(moment)
            continue
        this = moment.replace(tzinfo=zone).utcoffset()
        if runs and this == offset:
            runs[-1].skipped.extend(pending)
            runs[-1].last = moment
        else:
            runs.append(Run(moment, moment, []))
            offset = this
        pending = []
    return runs


def _vevents(
    event: Event, *, words: Words, zone: ZoneInfo, host: str, url: str, now: dt.datetime,
    organiser: Callable[[str], Organiser | None],
) -> list[icalendar.Event]:
    """The event's VEVENT; a timed repeat that meets clock changes has one for each run between
    them (the first with the event's UID, the others with their first date added to it)."""
    runs = offset_runs(event, zone, now) if event.repeat and not event.time.all_day else []
    if len(runs) < 2:
        return [_vevent(event, None, words=words, zone=zone, host=host, url=url, now=now, organiser=organiser)]
    return [_vevent(event, run, words=words, zone=zone, host=host, url=url, now=now, organiser=organiser, first=index == 0)
            for index, run in enumerate(runs)]


def _vevent(
    event: Event, run: Run | None, *, words: Words, zone: ZoneInfo, host: str, url: str, now: dt.datetime,
    organiser: Callable[[str], Organiser | None], first: bool = True,
) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", uid(event, host) if first else f"{event.id}-{run.first:%Y%m%d}@{host}")
    component.add("dtstamp", now.astimezone(dt.timezone.utc))
    summary = event_text.plain(event.title, words)
    if event.status != "scheduled":
        summary = f'{words(f"status_{event.status}").upper()}: {summary}'
    component.add("summary", summary)
    # A run keeps the event's clock times (events_file refuses a repeat over a change); a repeat
    # begins at its rule's first date, as the pages do.
    time = event.time.at(run.first) if run is not None else event.first_time
    if time.all_day:
        # DATE values, and DTEND is the day after the last day (exclusive).
        component.add("dtstart", time.first_day)
        component.add("dtend", time.last_day + dt.timedelta(days=1))
    else:
        start, end = time.start, time.end
        if event.repeat is None and (ambiguous(start, zone) or ambiguous(end, zone)):
            start, end = start.astimezone(dt.timezone.utc), end.astimezone(dt.timezone.utc)
        component.add("dtstart", start)
        component.add("dtend", end)
    known = {member_id: organiser(member_id) for member_id in event.organisers}
    text = event_text.paragraphs(event, words, lambda member_id: known[member_id].name if known[member_id] else None)
    component.add("description", "\n\n".join("\n".join(lines) for lines in [*text, [url]]))
    if event.location:
        component.add("location", event_text.place(event, words))
        if event.location.online and event.location.url:
            component.add("conference", event.location.url, parameters={"VALUE": "URI", "FEATURE": "VIDEO"})
    _add_organiser(component, [found for found in known.values() if found], words)
    for document in event.documents:
        component.add("attach", document.url)
    component.add("url", url)
    component.add("status", STATUS[event.status])
    component.add("categories", [words(f"category_{event.category}")])
    component.add("class", "PUBLIC")
    repeat = event.repeat_rule
    if repeat:
        rule = repeat.recurrence(zone)
        if run is not None:
            rule["UNTIL"] = [event.time.at(run.last).start.astimezone(dt.timezone.utc)]
            skipped = [event.time.at(moment).start for moment in run.skipped]
        else:
            skipped = repeat.skipped
        component.add("rrule", rule)
        if skipped:
            component.add("exdate", skipped)
    return component


def _add_organiser(component: icalendar.Event, organisers: list[Organiser], words: Words) -> None:
    """RFC 5545 allows one ORGANIZER, a URI: the first organiser's page, never an e-mail address
    (a harvester would read it); an own event's description names every organiser."""
    if organisers:
        address = icalendar.vCalAddress(organisers[0].url)
        address.params["CN"] = event_text.plain(organisers[0].name, words)
        component.add("organizer", address)


def _imported_vevents(
    event: Event, *, words: Words, zone: ZoneInfo, now: dt.datetime, organiser: Callable[[str], Organiser | None],
) -> list[icalendar.Event]:
    """An imported series as the files carry it: the source's UID, its text made plain, its dates
    within the window as RDATE (explicit dates, so no client expands a rule differently and an
    endless rule stays bounded), and a VEVENT with RECURRENCE-ID for each date the source moved
    or changed. Times are in the site's zone, as its own events' are."""
    series = event.origin.series
    master = series.master
    organisers = [found for found in map(organiser, event.organisers) if found]

    def vevent(source: icalendar.Event, start: dt.date, end: dt.date) -> icalendar.Event:
        # Nothing copied as the source wrote it; a cancelled one's title marked as an own one's.
        component = icalendar.Event()
        component.add("uid", event.origin.uid)
        component.add("dtstamp", now.astimezone(dt.timezone.utc))
        component.add("dtstart", written_in(start, zone))
        component.add("dtend", written_in(end, zone))
        title = title_text(source) or words("untitled")
        cancelled = status_of(source) == "cancelled"
        component.add("summary", f'{words("status_cancelled").upper()}: {title}' if cancelled else title)
        description = description_text(source)
        if description:
            component.add("description", description)
        place = place_text(source)
        if place:
            component.add("location", place)
        link = web_link(source.get("URL"))
        if link:
            component.add("url", link)
        _add_organiser(component, organisers, words)
        if cancelled:
            component.add("status", "CANCELLED")
        # The site's category (after the source's categories:), as on its own events.
        component.add("categories", [words(f"category_{event.category}")])
        sequence = source.get("SEQUENCE")
        if isinstance(sequence, int) and 0 <= sequence < 2**31:
            component.add("sequence", sequence)
        return component

    length = length_of(master)
    originals = [original_date(d, zone) for d in series.dates]
    head = vevent(master, originals[0], originals[0] + length)
    if len(originals) > 1:
        head.add("rdate", [written_in(original, zone) for original in originals[1:]])
    parts = [head]
    as_the_series = (length, master.get("SUMMARY"), status_of(master))
    for occurrence, original in zip(series.dates, originals):
        start = start_of(occurrence, original, zone)
        if start == original and (length_of(occurrence), occurrence.get("SUMMARY"), status_of(occurrence)) == as_the_series:
            continue  # as the series gives it
        changed = vevent(occurrence, start, start + length_of(occurrence))
        changed.add("recurrence-id", written_in(original, zone))
        parts.append(changed)
    return parts


class IcalendarWriter:
    """Writes one site's iCalendar files, each VEVENT and VTIMEZONE serialised once.

    Every file holds the bytes ``icalendar.Calendar.to_ical()`` writes for the calendar
    :func:`calendar` builds: assembled from parts, namely the calendar's own lines (the
    subscription's name and refresh hints, or none for one event's download), the VTIMEZONE,
    then the events by id. One writer serves one build: its parts depend on the build's words,
    zone, host and "now".
    """

    def __init__(
        self, *, words: Words, zone: ZoneInfo, host: str, event_url: Callable[[Event], str], now: dt.datetime,
        organiser: Callable[[str], Organiser | None] = lambda member_id: None,
    ) -> None:
        self.words, self.zone, self.host, self.event_url, self.now = words, zone, host, event_url, now
        self.organiser = organiser
        self.prodid = f"-//{host}//partnerskap//{words.language.upper()}"
        self._vevents: dict[str, bytes] = {}
        self._imported: dict[str, bytes] = {}
        self._vtimezones: dict[tuple[dt.date, dt.date], bytes] = {}

    def file(self, events: list[Event], name: str) -> bytes:
        """A calendar to subscribe to: named, with refresh hints, and every event in ``events``."""
        return self._assemble(calendar(self.prodid, name), events)

    def single(self, event: Event) -> bytes:
        """One event's download: no name or refresh hints, which are for subscriptions."""
        return self._assemble(calendar(self.prodid, None), [event])

    def _assemble(self, head: icalendar.Calendar, events: list[Event]) -> bytes:
        ordered = sorted(events, key=lambda e: e.id)
        serialised = head.to_ical()
        parts = [serialised[: -len(_END)]]
        period = timezone_period(ordered)
        if period:
            parts.append(self._vtimezone(*period))
        # An imported series and a date of it shown apart carry the same VEVENTs: written once.
        written: set[str] = set()
        for event in ordered:
            if event.origin is None:
                parts.append(self._vevent(event))
            elif event.origin.uid not in written:
                written.add(event.origin.uid)
                parts.append(self._imported_series(event))
        parts.append(_END)
        return b"".join(parts)

    def _vevent(self, event: Event) -> bytes:
        serialised = self._vevents.get(event.id)
        if serialised is None:
            components = _vevents(
                event, words=self.words, zone=self.zone, host=self.host, url=self.event_url(event), now=self.now,
                organiser=self.organiser,
            )
            serialised = self._vevents[event.id] = b"".join(component.to_ical() for component in components)
        return serialised

    def _imported_series(self, event: Event) -> bytes:
        serialised = self._imported.get(event.origin.uid)
        if serialised is None:
            components = _imported_vevents(event, words=self.words, zone=self.zone, now=self.now, organiser=self.organiser)
            serialised = self._imported[event.origin.uid] = b"".join(component.to_ical() for component in components)
        return serialised

    def _vtimezone(self, first: dt.date, last: dt.date) -> bytes:
        serialised = self._vtimezones.get((first, last))
        if serialised is None:
            serialised = self._vtimezones[(first, last)] = vtimezone(self.zone, first, last).to_ical()
        return serialised


_END = b"END:VCALENDAR\r\n"


def timezone_period(events: list[Event]) -> tuple[dt.date, dt.date] | None:
    """The years the VTIMEZONE must cover exactly, or None when no event has a time of day.

    From New Year a year before the first timed event to the end of the year after the last
    start or ``until``: whole years, so that many files share one VTIMEZONE.
    """
    timed = [e for e in events if not e.time.all_day]
    if not timed:
        return None
    first = min(e.start.year for e in timed)
    last = max(max(
        e.end.year, e.repeat.until.year if e.repeat and e.repeat.until else 0,
        e.origin.times[-1].end.year if e.origin else 0,  # an imported series' last date in the window
    ) for e in timed)
    return dt.date(first - 1, 1, 1), dt.date(last + 1, 12, 31)


def calendar(prodid: str, name: str | None) -> icalendar.Calendar:
    """The calendar's own properties; ``name`` only for a subscription.

    No X-WR-TIMEZONE: every time has its TZID or is in UTC, and readers that follow it (as
    recurring-ical-events does, like Google) move UTC times into that zone and lose which of a
    repeated hour's two 02:30s was meant.
    """
    result = icalendar.Calendar()
    result.add("prodid", prodid)
    result.add("version", "2.0")
    result.add("calscale", "GREGORIAN")
    result.add("method", "PUBLISH")
    if name is not None:
        result.add("x-wr-calname", name)
        result.add("name", name)
        result.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        result.add("x-published-ttl", icalendar.vDuration(REFRESH).to_ical().decode())
    return result
