"""The validated calendar: series, events and their occurrences, with time zones settled."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

CATEGORIES = {
    "webinar": "webbinarium",
    "meeting": "möte",
    "conference": "konferens",
    "annual-meeting": "årsmöte",
    "strategy-day": "strategidag",
    "afterwork": "AW",
    "workshop": "workshop",
    "other": "annat",
}
AUDIENCES = {"public": "öppet för alla", "members": "endast för medlemmar"}
STATUSES = {"scheduled": "planerat", "cancelled": "inställt", "postponed": "uppskjutet"}


@dataclass(frozen=True)
class Location:
    name: str
    address: str | None = None
    url: str | None = None

    @property
    def online(self) -> bool:
        return self.address is None and (self.url is not None or self.name.casefold() in {"online", "digitalt", "webben"})


@dataclass(frozen=True)
class Speaker:
    name: str
    role: str | None = None
    organisation: str | None = None
    """Free text, or a member id (then linked)."""


@dataclass(frozen=True)
class ProgrammeItem:
    title: str
    time: dt.time | None = None
    speakers: tuple[Speaker, ...] = ()


@dataclass(frozen=True)
class Document:
    title: str
    url: str


@dataclass(frozen=True)
class Registration:
    url: str | None = None
    deadline: dt.datetime | None = None
    """The last moment to register (a bare date means the end of that day), aware."""


@dataclass(frozen=True)
class Repeat:
    rule: str
    """An RFC 5545 RRULE value without UNTIL, e.g. ``FREQ=MONTHLY;BYDAY=1TH``."""
    until: dt.date | None = None
    exceptions: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class Series:
    id: str
    title: str
    description: str | None = None


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    category: str
    start: dt.datetime | dt.date
    """Aware datetime in the site's zone, or a date for an all-day event."""
    end: dt.datetime | dt.date
    """Aware datetime, or the last day (inclusive) of an all-day event."""
    published: dt.date
    audience: str = "public"
    status: str = "scheduled"
    series: str | None = None
    location: Location | None = None
    organisers: tuple[str, ...] = ()
    registration: Registration | None = None
    summary: str | None = None
    description: str | None = None
    programme: tuple[ProgrammeItem, ...] = ()
    documents: tuple[Document, ...] = ()
    repeat: Repeat | None = None
    project: str | None = None
    """The id of the project page the event belongs to (``content/projekt/<id>.md``)."""
    changed: dt.date | None = None
    """The day staff moved, postponed, cancelled or otherwise changed the plans: feeds announce it."""

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)

    @property
    def duration(self) -> dt.timedelta:
        return self.end - self.start


@dataclass(frozen=True)
class Occurrence:
    """One date of an event: the event itself, or one repetition of a repeating event."""

    event: Event
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date

    @property
    def first_day(self) -> dt.date:
        return self.start.date() if isinstance(self.start, dt.datetime) else self.start

    @property
    def last_day(self) -> dt.date:
        return self.end.date() if isinstance(self.end, dt.datetime) else self.end

    def ends_at(self, zone) -> dt.datetime:
        """The instant the occurrence is over (an all-day event: midnight after its last day)."""
        if isinstance(self.end, dt.datetime):
            return self.end
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), tzinfo=zone)

    def starts_at(self, zone) -> dt.datetime:
        if isinstance(self.start, dt.datetime):
            return self.start
        return dt.datetime.combine(self.start, dt.time(), tzinfo=zone)


@dataclass(frozen=True)
class Calendar:
    series: tuple[Series, ...]
    events: tuple[Event, ...]
    """Only the events announced by the build's "now"; file order."""
