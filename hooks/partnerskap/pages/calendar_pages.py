"""The calendar's pages: upcoming events, categories, month grids, archive, series, events."""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from babel.dates import get_day_names
from markupsafe import Markup

from partnerskap import routes
from partnerskap.i18n import Words
from partnerskap.model import event_text
from partnerskap.model.agenda import split_by_now, when
from partnerskap.model.events import CATEGORIES, Calendar, Event, Occurrence

from partnerskap.model.email_links import addresses_spelled_out
from partnerskap.model.partnership import Partnership
from partnerskap.pages.calendar_views import (
    ArchiveView, ArchiveYear, ArchiveYearView, CalendarLinks, CalendarView, CategoryChip, CopyField, EventFacts, EventView,
    GridDay, ImportedFrom, GridEvent, ListingItem, Location, MonthOfEvents, MonthView, ProgrammeItem, Registration, Repeat,
    SeriesView, Speaker, SubscribeCategory, SubscribeView, Weekday,
)
from partnerskap.pages.page import Link, PageSpec, email_markup, url_of

SCHEMA_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
}


@dataclass(frozen=True)
class CalendarContext:
    """What every calendar page needs to know besides the events."""

    calendar: Calendar
    partnership: Partnership
    words: Words
    zone: ZoneInfo
    now: dt.datetime
    site_url: str
    directory_urls: bool
    calendar_name: str = ""
    """The calendar's name where a calendar program asks for one (Outlook.com's subscribe link)."""

    def url(self, path: str) -> str:
        return url_of(path, self.directory_urls) if path.endswith(".md") else path

    def absolute(self, path: str) -> str:
        return self.site_url + self.url(path)

    @cached_property
    def series_by_id(self):
        return {s.id: s for s in self.calendar.series}

    @cached_property
    def listing_items(self) -> dict[tuple[str, dt.date], ListingItem]:
        """Each occurrence's listing item, made once: an occurrence is drawn on up to eight pages."""
        return {}

    @cached_property
    def today(self) -> dt.date:
        """The build's day where the association is."""
        return self.now.astimezone(self.zone).date()

    @cached_property
    def links(self) -> CalendarLinks:
        """The links under every calendar list, with the whole calendar's feed."""
        return CalendarLinks(
            calendar=self.url(routes.CALENDAR),
            subscribe=self.url(routes.SUBSCRIBE),
            archive=self.url(routes.ARCHIVE),
            feed=routes.FEED,
            webcal="webcal://" + self.absolute(routes.ICALENDAR).split("://", 1)[1],
        )


def listing_item(occ: Occurrence, ctx: CalendarContext) -> ListingItem:
    """One occurrence as it is drawn in a list, a grid cell or the home page (shared: do not change it)."""
    key = (occ.event.id, occ.start)
    item = ctx.listing_items.get(key)
    if item is None:
        item = ctx.listing_items[key] = _listing_item(occ, ctx)
    return item


def _listing_item(occ: Occurrence, ctx: CalendarContext) -> ListingItem:
    event, words = occ.event, ctx.words
    location = event.location
    return ListingItem(
        title=event.title,
        url=ctx.url(routes.event(event.id)),
        when=when(occ.time, words),
        start_iso=occ.start.isoformat(),
        ends_at=occ.ends_at(ctx.zone).astimezone(dt.timezone.utc).isoformat(),
        day=occ.first_day.day,
        weekday=words.weekday_short(occ.first_day),
        month_short=words.month_short(occ.first_day),
        # A date block for several days shows their range: 3–5 dec., or 30 nov.–2 dec.
        last_day=occ.last_day.day if occ.last_day != occ.first_day else None,
        last_month_short=words.month_short(occ.last_day) if occ.last_day.month != occ.first_day.month else None,
        category_label=words(f"category_{event.category}"),
        category_url=ctx.url(routes.category(event.category, ctx.words.language)),
        place=location.shown_name(words) if location else None,
        members_only=event.audience == "members",
        status=event.status,
        status_label=words(f"status_{event.status}") if event.status != "scheduled" else None,
        status_prefix=words(f"status_{event.status}") + ":" if event.status != "scheduled" else None,
        summary=event.summary,
        repeats=event.repeats,
        source=event_text.imported_from(event, words),
    )


def _by_month(items: list[Occurrence], ctx: CalendarContext, newest_first: bool = False) -> tuple[MonthOfEvents, ...]:
    months: dict[tuple[int, int], list[Occurrence]] = defaultdict(list)
    for occ in items:
        months[(occ.first_day.year, occ.first_day.month)].append(occ)
    keys = sorted(months, reverse=newest_first)
    labels = {key: ctx.words.month(dt.date(*key, 1)) for key in keys}
    return tuple(
        MonthOfEvents(
            label=labels[year, number],
            heading=labels[year, number].capitalize(),
            anchor=f"{year}-{number:02d}",
            grid_url=ctx.url(routes.month(year, number)),
            events=tuple(listing_item(o, ctx) for o in (reversed(months[(year, number)]) if newest_first else months[(year, number)])),
        )
        for year, number in keys
    )


def _categories(upcoming: list[Occurrence], ctx: CalendarContext, active: str | None) -> tuple[CategoryChip, ...]:
    counts: dict[str, int] = defaultdict(int)
    for occ in upcoming:
        counts[occ.event.category] += 1
    chips = [CategoryChip(ctx.words("all_categories"), ctx.url(routes.CALENDAR), len(upcoming), active is None)]
    for name in CATEGORIES:
        if counts[name]:
            chips.append(CategoryChip(
                label=ctx.words(f"category_{name}"),
                url=ctx.url(routes.category(name, ctx.words.language)),
                count=counts[name],
                active=active == name,
            ))
    return tuple(chips)


def calendar_pages(found: list[Occurrence], ctx: CalendarContext) -> list[PageSpec]:
    """Every calendar page from the sorted occurrences."""
    upcoming, past = split_by_now(found, ctx.zone, ctx.now)
    pages = [_index(upcoming, ctx, None)]
    for name in CATEGORIES:
        if any(o.event.category == name for o in found):
            pages.append(_index([o for o in upcoming if o.event.category == name], ctx, name, all_upcoming=upcoming))
    pages.extend(_month_grids(found, ctx))
    pages.extend(_archive(past, ctx))
    pages.extend(_series_pages(found, ctx))
    by_event: dict[str, list[Occurrence]] = defaultdict(list)
    for occ in found:
        by_event[occ.event.id].append(occ)
    pages.extend(_event_page(event, by_event[event.id], ctx) for event in ctx.calendar.events)
    pages.append(_subscribe(ctx))
    return pages


def _index(upcoming: list[Occurrence], ctx: CalendarContext, category: str | None, all_upcoming=None) -> PageSpec:
    words = ctx.words
    title = words("calendar") if category is None else f'{words("calendar")}: {words(f"category_{category}")}'
    return PageSpec(
        path=routes.CALENDAR if category is None else routes.category(category, ctx.words.language),
        title=title,
        template="partnership/calendar.html",
        description=words("calendar_description"),
        view=CalendarView(
            months=_by_month(upcoming, ctx),
            categories=_categories(all_upcoming if all_upcoming is not None else upcoming, ctx, category),
            this_month=this_month(ctx, f'{words("month_grid")}: {words("this_month").lower()} ({words.month(ctx.today)})'),
            # A category's page offers that category's feed.
            links=replace(ctx.links, feed=routes.category_feed(category, ctx.words.language)) if category else ctx.links,
        ),
    )


def _month_grids(found: list[Occurrence], ctx: CalendarContext) -> list[PageSpec]:
    by_day: dict[dt.date, list[Occurrence]] = defaultdict(list)
    for occ in found:
        day = occ.first_day
        while day <= occ.last_day:
            by_day[day].append(occ)
            day += dt.timedelta(days=1)
    today = ctx.now.astimezone(ctx.zone).date()
    months = month_range({(day.year, day.month) for day in by_day} | {(today.year, today.month)})
    # Whole weeks from the locale's first weekday (Monday in Sweden), as the standard library lays them out.
    weeks_of = calendar.Calendar(firstweekday=ctx.words.locale.first_week_day)
    names = get_day_names("abbreviated", locale=ctx.words.locale)
    long_names = get_day_names("wide", locale=ctx.words.locale)
    headers = tuple(Weekday(names[weekday], long_names[weekday]) for weekday in weeks_of.iterweekdays())

    def neighbour(i: int, key: str) -> Link:
        """The previous or next month's grid, "Föregående: oktober 2026"."""
        return Link(ctx.words(key, month=ctx.words.month(dt.date(*months[i], 1))), ctx.url(routes.month(*months[i])))

    pages = []
    for index, (year, number) in enumerate(months):
        title = ctx.words.month(dt.date(year, number, 1)).capitalize()
        weeks = tuple(
            tuple(
                GridDay(
                    day=day.day,
                    iso=day.isoformat(),
                    label=ctx.words.weekday_date(day),
                    in_month=day.month == number,
                    today=day == today,
                    events=tuple(
                        GridEvent(listing_item(o, ctx), ctx.words.time(o.start) if not o.time.all_day and day == o.first_day else None)
                        for o in by_day.get(day, [])
                    ) if day.month == number else (),
                )
                for day in week
            )
            for week in weeks_of.monthdatescalendar(year, number)
        )
        pages.append(PageSpec(
            path=routes.month(year, number),
            title=title,
            template="partnership/month.html",
            hide=("navigation", "toc"),  # seven columns need the width more than a menu
            view=MonthView(
                caption=ctx.words("month_view_of", month=title),
                weekdays=headers,
                weeks=weeks,
                previous=neighbour(index - 1, "previous_month") if index > 0 else None,
                next=neighbour(index + 1, "next_month") if index + 1 < len(months) else None,
                empty=not any(day.events for week in weeks for day in week),
                this_month=None if (year, number) == (today.year, today.month) else this_month(ctx, ctx.words("this_month")),
                links=ctx.links,
            ),
        ))
    return pages


def month_range(months: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every month from the first to the last of ``months``, those without events included, so
    that a month grid's previous and next walk month by month."""
    first, last = min(months), max(months)
    every = []
    year, number = first
    while (year, number) <= last:
        every.append((year, number))
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return every


def this_month(ctx: CalendarContext, text: str) -> Link:
    """A link to the build's month, whose grid always exists (:func:`_month_grids` includes it)."""
    return Link(text, ctx.url(routes.month(ctx.today.year, ctx.today.month)))


def _archive(past: list[Occurrence], ctx: CalendarContext) -> list[PageSpec]:
    years: dict[int, list[Occurrence]] = defaultdict(list)
    for occ in past:
        years[occ.first_day.year].append(occ)
    pages = [PageSpec(
        path=routes.ARCHIVE,
        title=ctx.words("archive"),
        template="partnership/archive.html",
        view=ArchiveView(
            years=tuple(
                ArchiveYear(y, ctx.words.count("events_count", len(years[y])), ctx.url(routes.archive_year(y)))
                for y in sorted(years, reverse=True)
            ),
            links=ctx.links,
        ),
    )]
    for year in sorted(years):
        pages.append(PageSpec(
            path=routes.archive_year(year),
            title=f'{ctx.words("archive")} {year}',
            template="partnership/archive-year.html",
            view=ArchiveYearView(months=_by_month(years[year], ctx, newest_first=True), links=ctx.links),
        ))
    return pages


def _series_pages(found: list[Occurrence], ctx: CalendarContext) -> list[PageSpec]:
    pages = []
    by_series: dict[str, list[Occurrence]] = defaultdict(list)  # one pass, not one per series
    for occ in found:
        if occ.event.series:
            by_series[occ.event.series].append(occ)
    for series in ctx.calendar.series:
        upcoming, past = split_by_now(by_series[series.id], ctx.zone, ctx.now)
        pages.append(PageSpec(
            path=routes.series(series.id),
            title=series.title,
            template="partnership/series.html",
            body=series.description or "",
            view=SeriesView(
                upcoming=tuple(listing_item(o, ctx) for o in upcoming),
                past=tuple(listing_item(o, ctx) for o in past),
                links=ctx.links,
            ),
        ))
    return pages


def _member_link(member_id: str, ctx: CalendarContext) -> Link | None:
    member = ctx.partnership.member_by_id.get(member_id)
    if member is None:
        return None
    return Link(member.name, ctx.url(routes.member(member.id)))


def _google_dates(event: Event) -> str:
    """Start and end; for a repeat, of its first date, as in the .ics."""
    time = event.first_time
    if time.all_day:
        return f"{time.first_day:%Y%m%d}/{time.last_day + dt.timedelta(days=1):%Y%m%d}"
    return "/".join(f"{moment.astimezone(dt.timezone.utc):%Y%m%dT%H%M%SZ}" for moment in (time.start, time.end))


def _google_link(event: Event, ctx: CalendarContext, absolute: str) -> str | None:
    """Google Calendar's "add event" link, with the repeat's last day. Its form has no
    documented way to leave dates out, so a repeat with exceptions gets none (the .ics has them)."""
    if (event.repeat and event.repeat.exceptions) or (event.origin and event.repeats):
        return None  # an imported series' dates are explicit: only its .ics has them
    words = ctx.words
    return "https://calendar.google.com/calendar/render?" + urlencode({
        "action": "TEMPLATE",
        "text": event_text.plain(event.title, words),
        "dates": _google_dates(event),
        "details": "\n\n".join(event_text.plain(text, words) for text in filter(None, (event.summary, absolute))),
        "location": event_text.place(event, words) or "",
        **({"ctz": ctx.zone.key} if not event.time.all_day else {}),
        **({"recur": "RRULE:" + event.repeat_rule.recurrence(ctx.zone).to_ical().decode()} if event.repeat_rule else {}),
    })


def _event_page(event: Event, found: list[Occurrence], ctx: CalendarContext) -> PageSpec:
    words = ctx.words
    series = ctx.series_by_id.get(event.series) if event.series else None
    location = event.location
    upcoming, _ = split_by_now(found, ctx.zone, ctx.now)
    registration = None
    if event.registration:
        deadline = event.registration.deadline
        url = event.registration.url
        by_email = url is not None and url.lower().startswith("mailto:")
        deadline_text = words.weekday_date(deadline) + (f", {words('at_time', time=words.time(deadline))}" if (deadline.hour, deadline.minute) != (23, 59) else "") if deadline else None
        registration = Registration(
            url=None if by_email else url,
            email=email_markup(url[len("mailto:"):].split("?", 1)[0], words) if by_email else None,
            deadline_label=words("registration_deadline", deadline=deadline_text) if deadline_text else None,
            open=event.status == "scheduled" and (deadline is None or ctx.now <= deadline) and bool(upcoming),
        )
    programme = tuple(
        ProgrammeItem(
            time=words.time(item.time) if item.time else None,
            title=item.title,
            speakers=tuple(
                Speaker(
                    name=s.name,
                    role=s.role,
                    organisation=s.organisation,
                    organisation_link=_member_link(s.organisation, ctx) if s.organisation else None,
                )
                for s in item.speakers
            ),
        )
        for item in event.programme
    )
    absolute = ctx.absolute(routes.event(event.id))
    google = _google_link(event, ctx, absolute)
    first = listing_item(found[0] if found else Occurrence(event, event.time), ctx)
    return PageSpec(
        path=routes.event(event.id),
        title=event.title,
        template="partnership/event.html",
        body=event.description or "",
        description=f"{when(event.time, words)}. {event.summary or ''}".strip(),
        # The site search finds an event by its summary, place and speakers, which its text may not hold.
        search_text=" ".join(filter(None, (
            event.summary, event_text.place(event, words), words(f"category_{event.category}"),
            *(part for item in event.programme for part in (item.title, *(
                x for s in item.speakers for x in (s.name, s.role, (_member_link(s.organisation, ctx) or Link(s.organisation, "")).text if s.organisation else None)
            ))),
        ))),
        view=EventView(
            event=EventFacts(
                title=first.title,
                status=first.status,
                summary=first.summary,
                when=when(event.time, words),
                start_iso=first.start_iso,
                location=Location(location.shown_name(words), location.address, location.url) if location else None,
                category_label=first.category_label,
                category_url=first.category_url,
                members_only=first.members_only,
                audience_label=words(f"audience_{event.audience}"),
                published_label=words("published_on", date=words.date(event.published)),
            ),
            repeat=Repeat(
                dates=tuple(listing_item(o, ctx) for o in upcoming)[:12],
                until_label=words("repeat_until", date=words.date(event.repeat.until)).lower() if event.repeat and event.repeat.until else None,
                exceptions_label=words("repeat_except", dates=", ".join(words.weekday_date(day) for day in event.repeat.exceptions)) if event.repeat and event.repeat.exceptions else None,
            ) if event.repeats else None,
            series=Link(series.title, ctx.url(routes.series(series.id))) if series else None,
            organisers=tuple(link for link in (_member_link(m, ctx) for m in event.organisers) if link),
            origin=ImportedFrom(
                label=event_text.imported_from(event, words),
                original=Link(words("imported_original"), event.origin.link) if event.origin.link else None,
            ) if event.origin else None,
            registration=registration,
            programme=programme,
            documents=tuple(Link(d.title, d.url) for d in event.documents),
            ics=routes.event_icalendar(event.id),
            google=google,
            # Past its last date an event invites no one to add it; the script does the same for
            # a page read after the build, from when its last date ends.
            ended=not upcoming,
            ends_at=max(o.ends_at(ctx.zone) for o in found).astimezone(dt.timezone.utc).isoformat() if found else None,
            addable=event.status == "scheduled" and bool(upcoming),
            json_ld=_json_ld(event, ctx, absolute),
            links=ctx.links,
        ),
    )


_SCRIPT_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(data: Any) -> str:
    """JSON to place inside ``<script>``: no ``<``, ``>`` or ``&`` is left as itself, so neither
    ``</script>`` nor ``<!--`` (which makes the HTML parser swallow the rest of the page) can
    appear in it, whatever the data holds. JSON readers decode the escapes to the same text."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_UNSAFE)


def _json_ld(event: Event, ctx: CalendarContext, absolute: str) -> Markup:
    """schema.org Event, safe to place inside ``<script>``."""
    location = event.location
    online = location is not None and location.online
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": event.start.isoformat(),
        "endDate": event.end.isoformat(),
        "eventStatus": SCHEMA_STATUS[event.status],
        "eventAttendanceMode": "https://schema.org/" + ("OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"),
        "url": absolute,
    }
    if event.summary:
        data["description"] = event.summary
    if location is not None:
        if online:
            data["location"] = {"@type": "VirtualLocation", "url": location.url or absolute}
        else:
            place: dict[str, Any] = {"@type": "Place", "name": location.name}
            if location.address:
                place["address"] = location.address
            data["location"] = place
    organisers = [ctx.partnership.member_by_id[m] for m in event.organisers]
    if organisers:
        data["organizer"] = [
            {"@type": "Organization", "name": m.name, **({"url": m.website} if m.website else {})} for m in organisers
        ]
    # Compact: json.dumps() with indent= runs the pure-Python encoder, a tenth of a millisecond
    # per event page.
    # A script is not shown, but harvesters read it: no address in it is left as one.
    return Markup(addresses_spelled_out(script_json(data), ctx.words))


def _copy_field(id: str, label: str, value: str, words: Words) -> CopyField:
    return CopyField(id, label, value, words("copy_label", what=label.lower()))


def _subscribe(ctx: CalendarContext) -> PageSpec:
    categories = sorted({e.category for e in ctx.calendar.events}, key=list(CATEGORIES).index)
    webcal = ctx.links.webcal
    return PageSpec(
        path=routes.SUBSCRIBE,
        title=ctx.words("subscribe"),
        template="partnership/subscribe.html",
        description=ctx.words("subscribe_description"),
        view=SubscribeView(
            feed_url=ctx.absolute(routes.FEED),
            feed_field=_copy_field("px-feed-url", ctx.words("feed_address"), ctx.absolute(routes.FEED), ctx.words),
            icalendar_field=_copy_field("px-ics-url", ctx.words("calendar_address"), ctx.absolute(routes.ICALENDAR), ctx.words),
            webcal_url=webcal,
            # One-click subscriptions: Google Calendar takes the webcal:// address, Outlook.com
            # the https:// one with a name for the calendar.
            google_url="https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal}),
            outlook_url="https://outlook.live.com/calendar/0/addfromweb?" + urlencode({
                "url": ctx.absolute(routes.ICALENDAR), "name": ctx.calendar_name or ctx.words("calendar"),
            }),
            categories=tuple(
                SubscribeCategory(
                    label=ctx.words(f"category_{name}"),
                    feed_url=ctx.absolute(routes.category_feed(name, ctx.words.language)),
                    webcal_url="webcal://" + ctx.absolute(routes.category_icalendar(name, ctx.words.language)).split("://", 1)[1],
                )
                for name in categories
            ),
            links=ctx.links,
        ),
    )
