"""Everything the generator adds to a site, from the settings and the staff's files."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from urllib.parse import urlsplit

from partnerskap import routes
from partnerskap.i18n import Words
from partnerskap.model import sector_rule
from partnerskap.model.agenda import all_occurrences, split_by_now
from partnerskap.model.email_links import addresses_spelled_out
from partnerskap.model.events import CATEGORIES, Calendar, Event
from partnerskap.model.events_file import load_events
from partnerskap.model.imported_events import merged, read_source, source_label
from partnerskap.model.members_file import load_members, member_ids_written
from partnerskap.model.partnership import Partnership
from partnerskap.model.projects_file import Project, load_projects, project_paths
from partnerskap.outputs.feeds import RECENT, news_feed, rss_feed
from partnerskap.outputs.icalendar_files import IcalendarWriter, Organiser, uid
from partnerskap.outputs.open_data import calendar_json, members_csv, members_json
from partnerskap.pages import bodies, directory
from partnerskap.pages.calendar_pages import CalendarContext, calendar_pages
from partnerskap.pages.composition import composition
from partnerskap.pages.footer import footer_links
from partnerskap.pages.home import home_page
from partnerskap.pages.member_events import events_by_member
from partnerskap.pages.page import PageSpec, url_of
from partnerskap.pages.project_pages import project_pages, projects_by_member, projects_index
from partnerskap.pages.statement import statement_page
from partnerskap.settings import Settings
from partnerskap.source.content_links import links_out_of
from partnerskap.source.calendar_cache import CachedCopy, age_in_words, read_cached
from partnerskap.source.fields import did_you_mean
from partnerskap.source.problems import DataError, one_line, shown_path
from partnerskap.source.references import MISSING


@dataclass
class SiteData:
    """Every staff file read and checked: the model the pages are built from."""

    partnership: Partnership
    calendar: Calendar
    """The association's own events and those read from the members' calendars."""
    projects: list[Project]
    source_notes: list[str] = field(default_factory=list)
    """What the build says about the members' calendars (a failed fetch, an event left out):
    the sources are outside the staff's hands, so these never fail a strict build."""


@dataclass
class SiteContent:
    """The generated pages, warnings for the build log, and what the output files are made from."""

    words: Words
    data: SiteData
    calendar_context: CalendarContext
    pages: list[PageSpec] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    alternates: list[dict[str, str]] = field(default_factory=list)
    """Feeds every page announces in its ``<head>`` (type, title, site-relative href)."""
    footer_links: list[dict[str, str]] = field(default_factory=list)
    """Links every page's footer carries (title, site-relative href)."""


def data_files(settings: Settings) -> list[Path]:
    """The staff's data files and the sources' copies, for a development server to watch."""
    return [
        settings.project_dir / settings.members_file, settings.project_dir / settings.events_file,
        *([settings.project_dir / settings.sources_cache] if settings.sources else []),
    ]


def load_data(settings: Settings, now: dt.datetime) -> SiteData:
    """Read and check members.yaml, the project pages and events.yaml.

    Raises :class:`DataError` with the problems of all files when any has one. Used alone, this
    is ``make check``: every message a build would give, without building.
    """
    partnership, members_report = load_members(
        settings.project_dir / settings.members_file, settings.members_file, settings.docs_dir
    )
    # The other files are checked even when members.yaml has problems, so staff see everything
    # at once; their references are then checked against the ids as written.
    if partnership:
        member_ids = {m.id for m in partnership.members}
        person_ids = {p.id for p in partnership.people}
    else:
        member_ids, person_ids = member_ids_written(settings.project_dir / settings.members_file)
    docs_shown = shown_path(settings.docs_dir, settings.project_dir)
    projects, project_reports = load_projects(settings.docs_dir, docs_shown, member_ids, person_ids, settings.funds)
    calendar, events_report = load_events(
        settings.project_dir / settings.events_file, settings.events_file, settings.zone, member_ids, now,
        project_ids={path.stem for path in project_paths(settings.docs_dir)},
    )
    problems = members_report.problems + events_report.problems + [p for r in project_reports for p in r.problems]
    problems += links_out_of(settings.docs_dir, docs_shown)
    problems += [
        settings.problem(("sources", source.index, "member"), MISSING["member"].format(id=source.member) + did_you_mean(source.member, sorted(member_ids)))
        for source in settings.sources if source.member not in member_ids
    ]
    if problems:
        raise DataError(problems)
    assert partnership is not None and calendar is not None and projects is not None
    imported, notes = imported_events(settings, partnership, calendar, now)
    return SiteData(partnership, dataclasses.replace(calendar, events=calendar.events + tuple(imported)), projects, notes)


def imported_events(settings: Settings, partnership: Partnership, calendar: Calendar, now: dt.datetime) -> tuple[list[Event], list[str]]:
    """The events of the members' own calendars, from the copies ``make fetch`` keeps (the build
    never fetches), and what to tell staff about each copy."""
    if not settings.sources:
        return [], []
    folder = settings.project_dir / settings.sources_cache
    words = Words(settings.language)
    readings, notes = [], []
    for source in settings.sources:
        copy = read_cached(folder, source.id)
        notes.extend(copy_notes(source.id, copy, now))
        if copy.body is None:
            continue
        fetched = (copy.fetched_at or now).astimezone(settings.zone).date()
        readings.append(read_source(
            source, copy.body, member_name=partnership.member_by_id[source.member].name, zone=settings.zone, now=now,
            words=words, published=min(fetched, now.astimezone(settings.zone).date()),
        ))
    events, warnings = merged(calendar.events, readings)
    return events, notes + warnings


STALE = dt.timedelta(days=7)
"""A copy older than this is named in the build log: make fetch has not run (or not succeeded) lately."""


def copy_notes(source_id: str, copy: CachedCopy, now: dt.datetime) -> list[str]:
    """Whether a source's copy is usable and fresh, in words: its name, and how old the copy is."""
    label = source_label(source_id)
    if copy.body is None:
        # A record's problem is read back from a file: written out as one line, as every message.
        why = f" ({one_line(copy.problem)})" if copy.problem else ""
        return [f"{label}: ingen kopia att visa{why}; kör make fetch"]
    fetched = copy.fetched_at or now
    shown = f"kopian som visas hämtades {fetched:%Y-%m-%d %H:%M} UTC och är {age_in_words(now - fetched)} gammal"
    if copy.problem:
        return [f"{label}: senaste hämtningen misslyckades ({one_line(copy.problem)}); {shown}"]
    if now - fetched > STALE:
        return [f"{label}: {shown}; kör make fetch för en färsk"]
    return []


def build_content(settings: Settings, now: dt.datetime) -> SiteContent:
    """Check every data file, then build the pages; :func:`output_files` makes the files beside them.

    Raises :class:`DataError` with the problems of all files when any has one.
    """
    words = Words(settings.language)
    data = load_data(settings, now)
    partnership, calendar, projects = data.partnership, data.calendar, data.projects

    urls = settings.directory_urls
    ctx = CalendarContext(
        calendar, partnership, words, settings.zone, now, settings.site_url, urls,
        calendar_name=settings.feed_title or settings.site_name or words("calendar"),
    )
    content = SiteContent(words=words, data=data, calendar_context=ctx)
    found = all_occurrences(calendar, settings.zone, now)
    upcoming, _ = split_by_now(found, settings.zone, now)

    content.pages.append(directory.directory_page(partnership, words, urls))
    content.pages.extend(directory.member_pages(
        partnership, words, urls, projects_by_member(projects, words, urls), events_by_member(found, ctx)
    ))
    content.pages.append(bodies.partnership_page(partnership, words, urls, composition(partnership, words, urls)))
    content.pages.extend(bodies.group_pages(partnership, words, urls))
    content.warnings.extend(sector_rule.balance_warnings(partnership, settings.members_file))
    content.pages.extend(project_pages(projects, partnership, found, ctx))
    content.pages.append(projects_index(projects, partnership, words, urls))
    content.pages.extend(calendar_pages(found, ctx))
    content.pages.append(home_page(upcoming, ctx, join_page=settings.join_page, contact_page=settings.contact_page))
    content.alternates.append({
        "type": "application/rss+xml",
        "title": settings.feed_title or words("calendar"),
        "href": routes.FEED,
    })
    if settings.accessibility:
        content.pages.append(statement_page(settings.accessibility, words, urls))
    content.footer_links.extend(footer_links(settings, words))
    refuse_shared_addresses(content.pages, urls)
    return content


def refuse_shared_addresses(pages: list[PageSpec], directory_urls: bool) -> None:
    """Fail when two generated pages would have one address.

    The hooks keep the pages by their path, and MkDocs writes each URL once, so the second page
    would silently replace the first. The id rules (:mod:`.page_ids`) are what keeps staff from
    causing this; this check names both pages should any case get past them.
    """
    seen: dict[str, PageSpec] = {}
    for page in pages:
        address = url_of(page.path, directory_urls)
        first = seen.setdefault(address, page)
        if first is not page:
            raise ValueError(one_line(
                f'två genererade sidor skulle få adressen /{address}: "{first.title}" ({first.path}) och '
                f'"{page.title}" ({page.path}); den ena skulle ersätta den andra. Ge en av dem ett annat id'
            ))


def output_files(content: SiteContent, settings: Settings) -> dict[str, bytes]:
    """The files beside the pages, by their path in the built site: the calendar's RSS and
    iCalendar subscriptions and the open data. They depend on the data only, not on the pages."""
    ctx = content.calendar_context
    partnership, calendar = content.data.partnership, content.data.calendar
    files = _subscriptions(calendar.events, ctx, settings)
    # The open data are the association's own events: a hub that read another hub's kalender.json
    # would otherwise read its own events back from it.
    own = dataclasses.replace(calendar, events=tuple(e for e in calendar.events if e.origin is None))
    open_data = {
        routes.MEMBERS_JSON: members_json(partnership, ctx.absolute),
        routes.MEMBERS_CSV: members_csv(partnership, ctx.absolute),
    }
    # The last pass over the open data: an address staff wrote in a summary or a name is
    # spelled out, as in the feeds (the files are UTF-8 text, and the pattern never spans a
    # JSON or CSV delimiter). The calendar's JSON does the same to each of its texts but the UIDs.
    for path, data in open_data.items():
        files[path] = addresses_spelled_out(data.decode("utf-8"), ctx.words).encode("utf-8")
    host = host_of(settings)
    files[routes.CALENDAR_JSON] = calendar_json(
        own, ctx.absolute, uid=lambda event: uid(event, host),
        text=lambda value: addresses_spelled_out(value, ctx.words),
    )
    return files


def _subscriptions(events: tuple[Event, ...], ctx: CalendarContext, settings: Settings) -> dict[str, bytes]:
    """RSS and iCalendar files: the whole calendar, each category, and each event. A source may
    keep its events out of the feeds and subscriptions (sources: feeds: false); each still has
    the download its page offers."""
    words, zone, now = ctx.words, ctx.zone, ctx.now
    host = host_of(settings)
    site_name = settings.feed_title or words("calendar")
    event_url = lambda event: ctx.absolute(routes.event(event.id))
    members = ctx.partnership.member_by_id

    def organiser(member_id: str) -> Organiser | None:
        member = members.get(member_id)
        return Organiser(member.name, ctx.absolute(routes.member(member.id))) if member else None

    files: dict[str, bytes] = {}
    icalendar = IcalendarWriter(words=words, zone=zone, host=host, event_url=event_url, now=now, organiser=organiser)

    def add(path_feed: str, path_ics: str, page: str, chosen: list[Event], title: str) -> None:
        files[path_feed] = rss_feed(
            chosen, title=title, description=words("feed_description", site=settings.site_name or title, days=RECENT.days),
            words=words, zone=zone, host=host, page_url=ctx.absolute(page), feed_path=path_feed,
            feed_url=ctx.absolute(path_feed), event_url=event_url,
            organiser_name=lambda member_id: members[member_id].name if member_id in members else None,
            now=now, items_at_most=settings.feed_items,
        )
        files[path_ics] = icalendar.file(chosen, title)

    subscribed = [e for e in events if e.origin is None or e.origin.in_feeds]
    add(routes.FEED, routes.ICALENDAR, routes.CALENDAR, subscribed, site_name)
    for name in CATEGORIES:
        chosen = [e for e in subscribed if e.category == name]
        if chosen:
            add(routes.category_feed(name, words.language), routes.category_icalendar(name, words.language), routes.category(name, words.language), chosen,
                f'{site_name}: {words(f"category_{name}")}')
    for event in events:
        files[routes.event_icalendar(event.id)] = icalendar.single(event)
    return files


def host_of(settings: Settings) -> str:
    """The site's host, which its calendar UIDs and feed guids carry."""
    return urlsplit(settings.site_url).hostname or "localhost"


def news_alternate(words: Words, site_name: str) -> dict[str, str]:
    return {"type": "application/rss+xml", "title": words("news_feed_title", site=site_name), "href": routes.NEWS_FEED}


def news_feed_file(posts: list[dict], settings: Settings, words: Words, site_name: str, now: dt.datetime) -> bytes:
    """The news feed, from the posts the site engine found (title, absolute url, aware date, ...)."""
    return news_feed(
        posts, title=words("news_feed_title", site=site_name), description=words("news_feed_description", site=site_name),
        words=words, page_url=settings.site_url + routes.NEWS_FEED.rsplit("/", 1)[0] + "/",
        feed_url=settings.site_url + routes.NEWS_FEED, now=now, items=settings.feed_items,
    )


def build_time(environ: dict[str, str]) -> dt.datetime:
    """The build's "now": ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the clock."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} är inte ett antal sekunder sedan 1970") from None
    return dt.datetime.now(tz=dt.timezone.utc)
