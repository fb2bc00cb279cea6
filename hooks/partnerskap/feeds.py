"""RSS 2.0 feeds of the calendar, written with feedgen."""

from __future__ import annotations

import datetime as dt
import html
from typing import Callable
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator

from .agenda import when
from .events_model import Event
from .i18n import Words


def announcement_order(events: list[Event], zone: ZoneInfo) -> list[Event]:
    """Newest announcement first; ties by start and id, so file order never changes a feed."""
    def start(event: Event) -> dt.datetime:
        moment = event.start
        return moment if isinstance(moment, dt.datetime) else dt.datetime.combine(moment, dt.time(), tzinfo=zone)
    by_start = sorted(events, key=lambda e: (start(e), e.id))
    return sorted(by_start, key=lambda e: e.published, reverse=True)


def item_title(event: Event, words: Words) -> str:
    """The title carries the date, and says so when the event is cancelled or postponed."""
    day = event.start.date() if isinstance(event.start, dt.datetime) else event.start
    title = words("feed_item_title", title=event.title, date=words.date(day))
    if event.status != "scheduled":
        title = f'{words(f"status_{event.status}").upper()}: {title}'
    return title


def item_description(event: Event, words: Words) -> str:
    """Time, place and summary, as the small piece of HTML that feed readers show."""
    lines = [html.escape(when(event.start, event.end, words))]
    if event.location:
        place = words("online") if event.location.online else event.location.name
        lines.append(html.escape(", ".join(filter(None, (place, event.location.address)))))
    if event.audience == "members":
        lines.append(html.escape(words("audience_members")))
    text = "<p>" + "<br>".join(lines) + "</p>"
    if event.summary:
        text += f"<p>{html.escape(event.summary)}</p>"
    return text


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
    page_url: str,
    feed_url: str,
    event_url: Callable[[Event], str],
    now: dt.datetime,
    items: int,
) -> bytes:
    """One RSS 2.0 document; ``events`` are the announced ones, in any order; URLs are absolute."""
    feed = _channel(title, description, words, page_url, feed_url, now)
    for event in announcement_order(events, zone)[:items]:
        url = event_url(event)
        entry = feed.add_entry(order="append")
        entry.guid(event.id, permalink=False)
        entry.title(item_title(event, words))
        entry.link(href=url)
        entry.description(item_description(event, words))
        entry.pubDate(dt.datetime.combine(event.published, dt.time(), tzinfo=zone))
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
