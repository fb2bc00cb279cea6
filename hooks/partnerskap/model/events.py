"""The calendar: series, events and their occurrences, with time zones settled.

Each block staff write in events.yaml is declared once here, as the class it becomes: its keys,
their checks, titles and forms (:mod:`.source.declarations`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Mapping

from partnerskap.i18n import Words, swedish_names
from partnerskap.model.event_time import EventTime, RepeatRule
from partnerskap.source.declarations import entity, key
from partnerskap.source.fields import (
    MAX_ID_LENGTH, Choice, ClockTime, DateOrDateTime, IsoDate, ListOf, Markdown, Reference, Slug, Text, TextOrRecord,
    Url, slugify,
)

if TYPE_CHECKING:  # imported_events reads into these events
    from partnerskap.model.imported_events import ImportedSeries

CATEGORIES = swedish_names("category_{}", (
    "webinar", "meeting", "conference", "annual-meeting", "strategy-day", "afterwork", "workshop", "other",
))
AUDIENCES = swedish_names("audience_{}", ("public", "members"))
STATUSES = swedish_names("status_{}", ("scheduled", "cancelled", "postponed"))


@entity("location", noun="plats", description="Var evenemanget äger rum.")
@dataclass(frozen=True, kw_only=True)
class Location:
    name: str = key(Text(example="platsens namn, eller Online"), "Platsens namn, eller Online")
    address: str | None = key(Text(), "Gatuadress och ort", default=None)
    url: str | None = key(Url(), "Länk till mötet online eller till platsens sida", default=None)

    @property
    def online(self) -> bool:
        return self.address is None and (self.url is not None or self.name.casefold() in {"online", "digitalt", "webben"})

    def shown_name(self, words: Words) -> str:
        """``Online`` in the site's language, or the place's name."""
        return words("online") if self.online else self.name

    def text(self, words: Words) -> str:
        """``Online``, or the place's name and address."""
        return ", ".join(filter(None, (self.shown_name(words), self.address)))


@entity("speaker", noun="talare")
@dataclass(frozen=True, kw_only=True)
class Speaker:
    name: str = key(Text(example="talarens namn"), "Namn")
    role: str | None = key(Text(), "Roll eller titel", default=None)
    organisation: str | None = key(Text(), "Organisation: fritext, eller en medlems id (blir en länk)", default=None)
    """Free text, or a member id (then linked)."""


@entity("programme item", noun="programpunkt")
@dataclass(frozen=True, kw_only=True)
class ProgrammeItem:
    time: dt.time | None = key(ClockTime(), 'Klockslag, inom citattecken: "11:00"', default=None)
    title: str = key(Text(example="vad som händer"), "Programpunkt")
    speakers: tuple[Speaker, ...] = key(ListOf(Speaker.RECORD), "Talare", default=())


@entity("document", noun="dokument")
@dataclass(frozen=True, kw_only=True)
class Document:
    title: str = key(Text(example="dokumentets namn"), "Namn, till exempel Presentation (PDF)")
    url: str = key(Url(), "Länk till dokumentet")


@entity("registration", noun="anmälan")
@dataclass(frozen=True, kw_only=True)
class Registration:
    url: str | None = key(Url(allow_mailto=True), "Länk till anmälan (eller mailto:)", default=None)
    deadline: dt.datetime | None = key(DateOrDateTime(), "Sista dag (eller tid) för anmälan", default=None)
    """The last moment to register (a bare date means the end of that day), aware."""


@entity("repeat", noun="upprepning")
@dataclass(frozen=True, kw_only=True)
class Repeat:
    rule: str = key(Text(example="en RRULE som FREQ=MONTHLY;BYDAY=1TH"), "Upprepningsregel (RFC 5545), t.ex. FREQ=MONTHLY;BYDAY=1TH")
    """An RFC 5545 RRULE value without UNTIL, e.g. ``FREQ=MONTHLY;BYDAY=1TH``."""
    until: dt.date | None = key(IsoDate(), "Sista dag för upprepningen", default=None)
    exceptions: tuple[dt.date, ...] = key(ListOf(IsoDate()), "Datum då evenemanget inte blir av", default=(), written_as="except")


@entity("series", noun="serie", description="En serie evenemang som hör ihop.")
@dataclass(frozen=True, kw_only=True)
class Series:
    id: str = key(Slug(), "Id")
    title: str = key(Text(example="seriens namn"), "Seriens namn")
    description: str | None = key(Markdown(), "Beskrivning (Markdown)", default=None)


def suggested_id(written: Mapping[str, Any]) -> str:
    """An id to propose for an event written without one: its title and first day, as
    ``strategidag-2027-03-10``, which stays its id when it is later moved or renamed."""
    title, start = written.get("title"), written.get("start")
    day = start.isoformat()[:10] if isinstance(start, dt.date) else str(start).strip()[:10]
    try:
        day = dt.date.fromisoformat(day).isoformat()
    except ValueError:
        day = ""
    words = slugify(title) if isinstance(title, str) else ""
    words = (words or "evenemang")[: MAX_ID_LENGTH - len(day) - 1].rstrip("-")
    return f"{words}-{day}" if day else words


@entity("event", noun="evenemang", description="Ett evenemang i kalendern.")
@dataclass(frozen=True, kw_only=True)
class Event:
    id: str = key(
        Slug(), "Id: evenemangets adress, RSS-guid och kalender-UID; ändras aldrig, till exempel strategidag-2027-03-10",
        suggest=suggested_id,
    )
    title: str = key(Text(example="evenemangets rubrik"), "Rubrik")
    category: str = key(Choice(CATEGORIES), "Kategori")
    series: str | None = key(Reference("series"), "Serie (seriens id)", default=None)
    start: dt.datetime | dt.date = key(DateOrDateTime(), "Start: 2026-05-01 13:30, eller bara datum för heldag")
    """Aware datetime in the site's zone, or a date for an all-day event."""
    end: dt.datetime | dt.date = key(DateOrDateTime(), "Slut: samma form som start", default=None)
    """Aware datetime, or the last day (inclusive) of an all-day event; always set once loaded."""
    location: Location | None = key(TextOrRecord(Text(example="platsens namn"), Location.RECORD), "Plats", default=None)
    organisers: tuple[str, ...] = key(ListOf(Reference("member")), "Arrangörer (medlemmarnas id)", default=())
    audience: str = key(Choice(AUDIENCES), "Målgrupp: public eller members", default="public")
    registration: Registration | None = key(Registration.RECORD, "Anmälan", default=None)
    status: str = key(Choice(STATUSES), "Status: scheduled, cancelled eller postponed", default="scheduled")
    changed: dt.date | None = key(
        IsoDate(), "Ändrat: dagen du flyttade, sköt upp eller ställde in evenemanget; flödet får en ny oläst notis", default=None,
    )
    """The day staff moved, postponed, cancelled or otherwise changed the plans: feeds announce it."""
    published: dt.date = key(IsoDate(), "Publiceringsdatum: när evenemanget annonseras (flödets datum)")
    summary: str | None = key(Text(example="en mening"), "En mening om evenemanget", default=None)
    description: str | None = key(Markdown(), "Längre beskrivning (Markdown)", default=None)
    programme: tuple[ProgrammeItem, ...] = key(ListOf(ProgrammeItem.RECORD), "Program", default=())
    documents: tuple[Document, ...] = key(ListOf(Document.RECORD), "Dokument: presentationer, inspelningar, protokoll", default=())
    repeat: Repeat | None = key(Repeat.RECORD, "Upprepning", default=None)
    project: str | None = key(Reference("project"), "Projektet evenemanget hör till (projektsidans filnamn utan .md)", default=None)
    """The id of the project page the event belongs to (``content/projekt/<id>.md``)."""
    origin: Origin | None = None
    """Where an event read from a member's own calendar came from (:mod:`.imported_events`);
    ``None`` for the events staff write in events.yaml."""

    @cached_property
    def time(self) -> EventTime:
        """Its start and end as one value (days, instants, length): see event_time."""
        return EventTime(self.start, self.end)

    @cached_property
    def repeat_rule(self) -> RepeatRule | None:
        """The repeat's rule, parsed once for every page, feed and calendar file."""
        if self.repeat is None:
            return None
        return RepeatRule.of(self.time, self.repeat.rule, self.repeat.until, self.repeat.exceptions)

    @property
    def first_time(self) -> EventTime:
        """Its first date: itself (an imported series starts at its first date in the window the
        site shows), or the first date its repeat rule gives."""
        return self.repeat_rule.first if self.repeat_rule else self.time

    @property
    def repeats(self) -> bool:
        """Whether it happens on more than one date (a repeat, or an imported series)."""
        return self.repeat is not None or (self.origin is not None and len(self.origin.times) > 1)

    @property
    def all_day(self) -> bool:
        return self.time.all_day


@dataclass(frozen=True)
class SourceRef:
    """A member's calendar an imported event was read from."""

    id: str
    """The source's id in mkdocs.yml (``extra.partnership.sources``)."""
    calendar: str
    """The calendar's name as pages show it: "Region Hallands kalender"."""


@dataclass(frozen=True)
class Origin:
    """Where an event read from a member's own calendar came from, and what of it the site keeps
    as the source gave it."""

    sources: tuple[SourceRef, ...]
    """The calendars that publish it: the first gave its text; a copy in another is merged in."""
    uid: str
    """The source's UID: the site's calendar files carry it, so a client that merges by UID shows
    the event once to someone subscribed to both the site and the source."""
    instance: str | None
    """For one date of a series that the source changed (its own title or status), shown apart
    from the series: that date's RECURRENCE-ID, as text."""
    link: str | None
    """The event's own page at the source (http or https only)."""
    times: tuple[EventTime, ...]
    """Its dates within the window the site shows, in time order."""
    series: ImportedSeries
    """The series as the source gives it, which the site's calendar files write (the same for a
    date shown apart, written once per file). Written there, on the second core beside the
    pages, so that making the VEVENTs keeps a fifth of the reading off the pages' path."""
    in_feeds: bool
    """Whether the source's events are in the site's feeds and calendar files."""


@dataclass(frozen=True)
class Occurrence:
    """One date of an event: the event itself, or one repetition of a repeating event."""

    event: Event
    time: EventTime

    @property
    def start(self) -> dt.date:
        return self.time.start

    @property
    def end(self) -> dt.date:
        return self.time.end

    @property
    def first_day(self) -> dt.date:
        return self.time.first_day

    @property
    def last_day(self) -> dt.date:
        return self.time.last_day

    def starts_at(self, zone) -> dt.datetime:
        return self.time.starts_at(zone)

    def ends_at(self, zone) -> dt.datetime:
        """The instant the occurrence is over (an all-day event: midnight after its last day)."""
        return self.time.ends_at(zone)


@dataclass(frozen=True)
class Calendar:
    series: tuple[Series, ...]
    events: tuple[Event, ...]
    """Only the events announced by the build's "now"; file order."""
