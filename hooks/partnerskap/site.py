"""Everything the generator adds to a site, from the settings and the staff's files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from urllib.parse import urlsplit

from . import bodies, directory, routes
from .agenda import all_occurrences, split_by_now
from .calendar_pages import CalendarContext, calendar_pages, home_page
from .events_file import load_events
from .events_model import CATEGORIES, Event
from .feeds import rss_feed
from .i18n import Words
from .icalendar_files import icalendar_file
from .members_file import load_members, member_ids_written
from .pages import PageSpec
from .problems import DataError
from .settings import Settings


@dataclass
class SiteContent:
    """The generated pages, extra output files, and warnings for the build log."""

    pages: list[PageSpec] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    """Output files by their path in the built site (feeds, calendars)."""
    warnings: list[str] = field(default_factory=list)
    words: Words | None = None
    alternates: list[dict[str, str]] = field(default_factory=list)
    """Feeds every page announces in its ``<head>`` (type, title, site-relative href)."""


def data_files(settings: Settings) -> list[Path]:
    """The staff's data files, for a development server to watch."""
    return [settings.project_dir / settings.members_file, settings.project_dir / settings.events_file]


def build_content(settings: Settings, now: dt.datetime) -> SiteContent:
    """Read and check every data file, then build the pages.

    Raises :class:`DataError` with the problems of all files when any has one.
    """
    words = Words(settings.language)
    partnership, members_report = load_members(
        settings.project_dir / settings.members_file, settings.members_file, settings.docs_dir
    )
    # events.yaml is checked even when members.yaml has problems, so staff see everything at
    # once; its organisers are then checked against the member ids as written.
    member_ids = {m.id for m in partnership.members} if partnership else member_ids_written(settings.project_dir / settings.members_file)
    calendar, events_report = load_events(
        settings.project_dir / settings.events_file, settings.events_file, settings.zone, member_ids, now
    )
    problems = members_report.problems + events_report.problems
    if problems:
        raise DataError(problems)
    assert partnership is not None and calendar is not None

    content = SiteContent(words=words)
    urls = settings.directory_urls
    content.pages.append(directory.directory_page(partnership, words, urls))
    content.pages.extend(directory.member_pages(partnership, words, urls))
    content.pages.append(bodies.partnership_page(partnership, words, urls))
    content.pages.extend(bodies.group_pages(partnership, words, urls))
    content.warnings.extend(bodies.balance_warnings(partnership, settings.members_file))

    ctx = CalendarContext(calendar, partnership, words, settings.zone, now, settings.site_url, urls)
    found = all_occurrences(calendar, settings.zone, now)
    upcoming, _ = split_by_now(found, settings.zone, now)
    content.pages.extend(calendar_pages(found, ctx))
    content.pages.append(home_page(upcoming, ctx))
    content.files.update(_subscriptions(calendar.events, ctx, settings))
    content.alternates.append({
        "type": "application/rss+xml",
        "title": settings.feed_title or words("calendar"),
        "href": routes.FEED,
    })
    return content


def _subscriptions(events: tuple[Event, ...], ctx: CalendarContext, settings: Settings) -> dict[str, bytes]:
    """RSS and iCalendar files: the whole calendar, each category, and each event."""
    words, zone, now = ctx.words, ctx.zone, ctx.now
    host = urlsplit(settings.site_url).hostname or "localhost"
    site_name = settings.feed_title or words("calendar")
    event_url = lambda event: ctx.absolute(routes.event(event.id))
    files: dict[str, bytes] = {}

    def add(path_feed: str, path_ics: str, page: str, chosen: list[Event], title: str) -> None:
        files[path_feed] = rss_feed(
            chosen, title=title, description=words("feed_description", site=settings.site_name or title), words=words, zone=zone,
            page_url=ctx.absolute(page), feed_url=ctx.absolute(path_feed), event_url=event_url, now=now,
            items=settings.feed_items,
        )
        files[path_ics] = icalendar_file(chosen, name=title, words=words, zone=zone, host=host, event_url=event_url, now=now)

    add(routes.FEED, routes.ICALENDAR, routes.CALENDAR, list(events), site_name)
    for name in CATEGORIES:
        chosen = [e for e in events if e.category == name]
        if chosen:
            add(routes.category_feed(name), routes.category_icalendar(name), routes.category(name), chosen,
                f'{site_name}: {words(f"category_{name}")}')
    for event in events:
        files[routes.event_icalendar(event.id)] = icalendar_file(
            [event], name=event.title, words=words, zone=zone, host=host, event_url=event_url, now=now
        )
    return files


def build_time(environ: dict[str, str]) -> dt.datetime:
    """The build's "now": ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the clock."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970") from None
    return dt.datetime.now(tz=dt.timezone.utc)
