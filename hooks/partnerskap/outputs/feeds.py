"""RSS 2.0 feeds of the calendar, written with feedgen."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from typing import Callable
from urllib.parse import quote
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator

from partnerskap.i18n import Words
from partnerskap.model import event_text
from partnerskap.model.agenda import occurrences
from partnerskap.model.event_time import EventTime
from partnerskap.model.events import Event, Occurrence


RECENT = dt.timedelta(days=30)
"""How long an event stays in the feeds after it has ended or its plans changed."""
GUID_DATE = "2026"
"""The date of the ``tag:`` guids (RFC 4151): fixed, so that a guid never changes."""


@dataclass(frozen=True)
class Item:
    """One feed item: an event's announcement, or the notice of a change to its plans."""

    event: Event
    notice: bool
    date: dt.date

    @property
    def key(self) -> str:
        """What makes the item unique within its feed.

        The announcement is the event id: it never changes. A notice carries the event's state
        as well (status, start and end, and the day staff wrote in ``changed``), so each new
        change to the plans is a new item, unread in every feed reader, and an unchanged event
        keeps the one notice it has.
        """
        event = self.event
        name = _imported_key(event) if event.origin else event.id
        if not self.notice:
            return name
        state = [event.status, *_bounds(event.time)]
        if event.changed:
            state.append(event.changed.isoformat())
        return f"{name}/{'-'.join(state)}"


def _imported_key(event: Event) -> str:
    """An imported event by the source's UID (and the date, for one shown apart from its series),
    so its guid carries the UID; percent-encoded, as a guid is a URI."""
    origin = event.origin
    assert origin is not None
    name = quote(origin.uid, safe="@:._-~!$&'()*+,;=")
    return f"{name}/{origin.instance}" if origin.instance else name


def _bounds(time: EventTime) -> tuple[str, str]:
    """The first and last day, or the start and end in UTC to the minute."""
    if time.all_day:
        return f"{time.first_day:%Y%m%d}", f"{time.last_day:%Y%m%d}"
    return f"{time.start.astimezone(dt.timezone.utc):%Y%m%dT%H%MZ}", f"{time.end.astimezone(dt.timezone.utc):%Y%m%dT%H%MZ}"


def guid(host: str, feed_path: str, item: Item) -> str:
    """A ``tag:`` URI: the site's host, the feed and the item, so that no two feeds (of this site
    or another) share a guid; readers such as newsboat keep one item per guid across feeds."""
    return f"tag:{host},{GUID_DATE}:{feed_path}#{item.key}"


def items(events: list[Event], zone: ZoneInfo, now: dt.datetime) -> list[Item]:
    """What a member needs in the feed, newest first: each event that is upcoming, or ended or
    changed within :data:`RECENT`; and a notice for each that is cancelled, postponed or changed.

    Ties by start and id (the notice after its announcement), so file order never changes a feed.
    """
    recent = now.astimezone(zone).date() - RECENT
    found = []
    for event in events:
        last = (occurrences(event, zone, now) or [Occurrence(event, event.time)])[-1]
        changed_lately = event.changed is not None and event.changed >= recent
        if last.ends_at(zone) < now - RECENT and not changed_lately:
            continue
        found.append(Item(event, False, event.published))
        if event.changed or event.status != "scheduled":
            found.append(Item(event, True, event.changed or event.published))

    by_start = sorted(found, key=lambda i: (i.event.time.starts_at(zone), i.event.id, i.notice))
    return sorted(by_start, key=lambda i: i.date, reverse=True)


def item_title(event: Event, words: Words, notice: bool = False) -> str:
    """The title carries the date, and says so when the event is cancelled, postponed or changed."""
    title = words("feed_item_title", title=event_text.plain(event.title, words), date=words.date(event.time.first_day))
    if event.status != "scheduled":
        title = f'{words(f"status_{event.status}").upper()}: {title}'
    elif notice:
        title = f'{words("changed").upper()}: {title}'
    return title


def item_description(event: Event, words: Words, organiser_name: Callable[[str], str | None], notice: bool = False) -> str:
    """The event's facts as HTML paragraphs, one per line of source, so that a reader that shows
    the HTML as plain text still separates them; a notice starts with what changed."""
    paragraphs = event_text.paragraphs(event, words, organiser_name)
    if notice:
        if event.status != "scheduled":
            first = words(f"status_{event.status}_banner")
        else:
            first = words("changed_notice")
        if event.changed:
            first += " " + words("changed_on", date=words.date(event.changed))
        paragraphs.insert(0, [first])
    return "\n\n".join("<p>" + "<br>\n".join(html.escape(line) for line in lines) + "</p>" for lines in paragraphs)


def _channel(title: str, description: str, words: Words, page_url: str, feed_url: str, now: dt.datetime) -> FeedGenerator:
    """An RSS channel with its self link, its page, and the build's "now" (not the clock)."""
    feed = FeedGenerator()
    feed.title(title)
    feed.description(description)
    feed.language(words.language)
    feed.generator("partnerskap")
    feed.link(href=feed_url, rel="self", type="application/rss+xml")
    feed.link(href=page_url, rel="alternate")  # RSS's channel <link> is the last link added
    feed.lastBuildDate(now)
    feed.ttl(720)  # minutes: readers need not ask more often than the nightly build
    return feed


def rss_feed(
    events: list[Event],
    *,
    title: str,
    description: str,
    words: Words,
    zone: ZoneInfo,
    host: str,
    page_url: str,
    feed_path: str,
    feed_url: str,
    event_url: Callable[[Event], str],
    organiser_name: Callable[[str], str | None],
    now: dt.datetime,
    items_at_most: int,
) -> bytes:
    """One RSS 2.0 document; ``events`` are the announced ones, in any order; URLs are absolute."""
    feed = _channel(title, description, words, page_url, feed_url, now)
    for item in items(events, zone, now)[:items_at_most]:
        event = item.event
        entry = feed.add_entry(order="append")
        entry.guid(guid(host, feed_path, item), permalink=False)
        entry.title(item_title(event, words, item.notice))
        entry.link(href=event_url(event))
        entry.description(item_description(event, words, organiser_name, item.notice))
        entry.pubDate(dt.datetime.combine(item.date, dt.time(), tzinfo=zone))
        entry.category(term=words(f"category_{event.category}"))
    return feed.rss_str(pretty=True)


def news_feed(
    posts: list[dict],
    *,
    title: str,
    description: str,
    words: Words,
    page_url: str,
    feed_url: str,
    now: dt.datetime,
    items: int,
) -> bytes:
    """RSS 2.0 of the news posts: each a dict with title, url, date (aware), categories, description."""
    feed = _channel(title, description, words, page_url, feed_url, now)
    for post in sorted(posts, key=lambda p: (p["date"], p["url"]), reverse=True)[:items]:
        entry = feed.add_entry(order="append")
        entry.guid(post["url"], permalink=True)
        entry.title(post["title"])
        entry.link(href=post["url"])
        if post.get("description"):
            entry.description(html.escape(post["description"]))
        entry.pubDate(post["date"])
        for category in post.get("categories", []):
            entry.category(term=category)
    return feed.rss_str(pretty=True)
