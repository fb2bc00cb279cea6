"""What the calendar's templates draw: one typed view per page type (upcoming events, a month
grid, the archive, a series, an event, the subscriptions) and the items they repeat.

Every text a template prints is made here or in :mod:`.calendar_pages` (dates in words, a link's
text, "Till och med 5 mars"), so that the templates only draw.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from partnerskap.pages.page import Link, View


@dataclass(frozen=True)
class ListingItem(View):
    """One occurrence as a list, a grid cell or the home page draws it (made once per occurrence)."""

    title: str
    url: str
    when: str
    start_iso: str
    ends_at: str
    """When the occurrence ends, in UTC: the script hides it from a list once this has passed."""
    day: int
    weekday: str
    month_short: str
    last_day: int | None
    """The last day of an occurrence over several days (3–5 dec.), or None."""
    last_month_short: str | None
    """The last day's month where it is another month than the first (30 nov.–2 dec.), or None."""
    status: str
    status_label: str | None
    """The status in a word ("Inställt", "Framflyttat"); None for a scheduled event."""
    status_prefix: str | None
    """The status as it leads the event's title ("Inställt:"); None for a scheduled event."""
    category_label: str
    category_url: str
    place: str | None
    members_only: bool
    summary: str | None
    repeats: bool
    source: str | None = None
    """Where an imported event comes from ("Från Region Hallands kalender"); None for the site's own."""
    spare: bool = False
    """A spare on the home page: drawn hidden, shown by the script when one before it has passed."""


@dataclass(frozen=True)
class CalendarLinks(View):
    """The links under every calendar list: subscriptions, the page's feed, and the archive."""

    calendar: str
    subscribe: str
    archive: str
    feed: str
    """The feed of what the page lists: the whole calendar's, or a category's."""
    webcal: str


@dataclass(frozen=True)
class MonthOfEvents(View):
    """A month's occurrences in a list, under the month's name, with a link to its grid."""

    label: str
    heading: str
    anchor: str
    grid_url: str
    events: tuple[ListingItem, ...]


@dataclass(frozen=True)
class CategoryChip(View):
    """A category to filter the calendar by, with how many events are coming in it."""

    label: str
    url: str
    count: int
    active: bool


@dataclass(frozen=True)
class CalendarView(View):
    """The calendar's front page, or one category's."""

    months: tuple[MonthOfEvents, ...]
    categories: tuple[CategoryChip, ...]
    this_month: Link
    links: CalendarLinks


@dataclass(frozen=True)
class Weekday(View):
    short: str
    long: str


@dataclass(frozen=True)
class GridEvent(View):
    """An occurrence in a grid's day, with its start time on its first day (None all day)."""

    item: ListingItem
    time: str | None


@dataclass(frozen=True)
class GridDay(View):
    day: int
    iso: str
    label: str
    in_month: bool
    today: bool
    events: tuple[GridEvent, ...]


@dataclass(frozen=True)
class MonthView(View):
    """A month as a grid of weeks, with the way to the months before and after."""

    weekdays: tuple[Weekday, ...]
    weeks: tuple[tuple[GridDay, ...], ...]
    caption: str
    """The grid's name for screen readers ("Månadsvy för November 2026")."""
    previous: Link | None
    next: Link | None
    empty: bool
    this_month: Link | None
    """The build's month, from any other month's grid."""
    links: CalendarLinks


@dataclass(frozen=True)
class ArchiveYear(View):
    year: int
    count_label: str
    url: str


@dataclass(frozen=True)
class ArchiveView(View):
    years: tuple[ArchiveYear, ...]
    links: CalendarLinks


@dataclass(frozen=True)
class ArchiveYearView(View):
    months: tuple[MonthOfEvents, ...]
    links: CalendarLinks


@dataclass(frozen=True)
class SeriesView(View):
    upcoming: tuple[ListingItem, ...]
    past: tuple[ListingItem, ...]
    links: CalendarLinks


@dataclass(frozen=True)
class Location(View):
    name: str
    address: str | None
    url: str | None


@dataclass(frozen=True)
class EventFacts(View):
    """What the top of an event's page shows about it."""

    title: str
    status: str
    summary: str | None
    when: str
    start_iso: str
    location: Location | None
    category_label: str
    category_url: str
    members_only: bool
    audience_label: str
    published_label: str


@dataclass(frozen=True)
class Repeat(View):
    """A repeating event's coming dates and its end in words."""

    dates: tuple[ListingItem, ...]
    until_label: str | None
    exceptions_label: str | None


@dataclass(frozen=True)
class Registration(View):
    url: str | None
    email: Markup | None
    deadline_label: str | None
    open: bool


@dataclass(frozen=True)
class Speaker(View):
    name: str
    role: str | None
    organisation: str | None
    organisation_link: Link | None
    """The organisation's page, where it is a member."""


@dataclass(frozen=True)
class ProgrammeItem(View):
    time: str | None
    title: str
    speakers: tuple[Speaker, ...]


@dataclass(frozen=True)
class ImportedFrom(View):
    """Where an imported event comes from, and its page there."""

    label: str
    """"Från Region Hallands kalender" (every calendar that publishes it, joined)."""
    original: Link | None


@dataclass(frozen=True)
class EventView(View):
    """One event's page."""

    event: EventFacts
    repeat: Repeat | None
    series: Link | None
    organisers: tuple[Link, ...]
    origin: ImportedFrom | None
    registration: Registration | None
    programme: tuple[ProgrammeItem, ...]
    documents: tuple[Link, ...]
    ics: str
    google: str | None
    ended: bool
    """Whether its last date has passed at the build: past it, an event invites no one to add it."""
    ends_at: str | None
    """When the last date ends, in UTC, for the script to do the same for a page read later."""
    addable: bool
    """Whether the page offers to add the event to a calendar: a scheduled event still to come."""
    json_ld: Markup
    links: CalendarLinks


@dataclass(frozen=True)
class CopyField(View):
    """An address to copy: the field's id and label, the address, and the copy button's label."""

    id: str
    label: str
    value: str
    button_label: str


@dataclass(frozen=True)
class SubscribeCategory(View):
    label: str
    feed_url: str
    webcal_url: str


@dataclass(frozen=True)
class SubscribeView(View):
    """How to follow the calendar: one-click subscriptions, the addresses, and per category."""

    feed_url: str
    feed_field: CopyField
    icalendar_field: CopyField
    webcal_url: str
    google_url: str
    outlook_url: str
    categories: tuple[SubscribeCategory, ...]
    links: CalendarLinks
