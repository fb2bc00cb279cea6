"""The home page: who the association is, what a visitor can do next, the next events, the latest
news and the association's figures, all from the data files and mkdocs.yml, so that another
association gets the same page from its own files. Staff write the prose in content/index.md."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any, MutableMapping

from partnerskap import routes
from partnerskap.i18n import Words
from partnerskap.model.events import Occurrence
from partnerskap.model.partnership import SECTORS
from partnerskap.pages.calendar_pages import CalendarContext, listing_item
from partnerskap.pages.calendar_views import CalendarLinks, ListingItem
from partnerskap.pages.directory import municipality_spellings
from partnerskap.pages.page import Link, PageSpec, View, url_of

HOME = "index.md"
NEWS_SHOWN = 3


@dataclass(frozen=True)
class Figure(View):
    """One of the association's figures, a link to where it is told in full."""

    count: int
    label: str
    url: str


@dataclass(frozen=True)
class Figures(View):
    members: Figure
    sectors: tuple[Figure, ...]
    municipalities: Figure
    bodies: Figure


@dataclass(frozen=True)
class NewsItem(View):
    title: str
    url: str
    date: str
    date_iso: str
    description: str | None


@dataclass(frozen=True)
class HomeView(View):
    """The landing page: what to do next, the next events, the latest news, the figures."""

    actions: tuple[Link, ...]
    upcoming: tuple[ListingItem, ...]
    """The events shown, then a few spares (drawn hidden)."""
    shown: int
    figures: Figures
    links: CalendarLinks
    news: tuple[NewsItem, ...] = ()
    news_index: str | None = None


def home_page(
    upcoming: list[Occurrence], ctx: CalendarContext, *, join_page: str | None = None,
    contact_page: str | None = None, count: int = 3, spare: int = 3,
) -> PageSpec:
    """The landing page's view; the news is added by :func:`add_news` once the posts are read.

    A few spare events follow the shown ones, hidden: a static page goes stale between builds, so
    the script hides what has passed by the time it is read and shows the next in its place.
    """
    words, urls = ctx.words, ctx.directory_urls
    actions = [
        Link(words("home_join"), url_of(join_page, urls)) if join_page else None,
        Link(words("home_follow"), ctx.url(routes.SUBSCRIBE)),
        Link(words("home_contact"), url_of(contact_page, urls)) if contact_page else None,
    ]
    return PageSpec(
        path=HOME,
        title=words("home"),
        template="partnership/home.html",
        hide=("navigation", "toc"),
        view=HomeView(
            actions=tuple(a for a in actions if a),
            upcoming=tuple(
                # The listing item is shared with the other pages: a spare is a changed copy.
                replace(listing_item(o, ctx), spare=True) if i >= count else listing_item(o, ctx)
                for i, o in enumerate(upcoming[: count + spare])
            ),
            shown=count,
            figures=key_figures(ctx),
            links=ctx.links,
        ),
    )


def key_figures(ctx: CalendarContext) -> Figures:
    """Members in all and per sector (each a link to the directory filtered to it), the
    municipalities they are in, and the association's bodies."""
    partnership, words, urls = ctx.partnership, ctx.words, ctx.directory_urls
    directory = url_of(routes.DIRECTORY, urls)
    sectors = Counter(m.sector for m in partnership.members)
    municipalities = set(municipality_spellings(partnership.members).values())
    return Figures(
        members=Figure(len(partnership.members), words("home_members"), directory),
        sectors=tuple(
            Figure(sectors[s], words.sector(s).lower(), f"{directory}?sector={s}") for s in SECTORS if sectors[s]
        ),
        municipalities=Figure(len(municipalities), words("home_municipalities"), url_of(routes.PARTNERSHIP, urls) + "#px-comp-area"),
        bodies=Figure(len(partnership.groups), words("home_bodies"), url_of(routes.PARTNERSHIP, urls)),
    )


def add_news(
    specs: MutableMapping[str, PageSpec], posts: list[dict[str, Any]], words: Words, index_url: str | None,
    count: int = NEWS_SHOWN,
) -> None:
    """Give the home page the newest posts (title, site-relative address, date), newest first,
    and the address of the news index (``index_url``).

    Called when every page has been read, before any is drawn: the posts are known only then.
    """
    home = specs.get(HOME)
    if home is None:
        return
    newest = sorted(posts, key=lambda p: (p["date"], p["title"]), reverse=True)[:count]
    news = tuple(
        NewsItem(p["title"], p["path"], words.date(p["date"].date()), p["date"].date().isoformat(), p["description"])
        for p in newest
    )
    specs[HOME] = replace(home, view=replace(home.view, news=news, news_index=index_url))
