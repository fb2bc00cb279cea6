"""The home page: who the association is, what a visitor can do next, the next events, the latest
news and the association's figures, all from the data files and mkdocs.yml, so that another
association gets the same page from its own files. Staff write the prose in content/index.md."""

from __future__ import annotations

from collections import Counter
from typing import Any, Mapping

from partnerskap import routes
from partnerskap.pages.calendar_pages import CalendarContext, calendar_links, listing_item
from partnerskap.pages.directory import municipality_spellings
from partnerskap.model.events import Occurrence
from partnerskap.i18n import Words
from partnerskap.model.partnership import SECTORS
from partnerskap.pages.page import PageSpec, url_of

HOME = "index.md"
NEWS_SHOWN = 3


def home_page(
    upcoming: list[Occurrence], ctx: CalendarContext, *, join_page: str | None = None,
    contact_page: str | None = None, count: int = 3, spare: int = 3,
) -> PageSpec:
    """The landing page's data; the news is added by :func:`add_news` once the posts are read.

    A few spare events follow the shown ones, hidden: a static page goes stale between builds, so
    the script hides what has passed by the time it is read and shows the next in its place.
    """
    words, urls = ctx.words, ctx.directory_urls
    actions = [
        {"title": words("home_join"), "url": url_of(join_page, urls)} if join_page else None,
        {"title": words("home_follow"), "url": ctx.url(routes.SUBSCRIBE)},
        {"title": words("home_contact"), "url": url_of(contact_page, urls)} if contact_page else None,
    ]
    return PageSpec(
        path=HOME,
        title=words("home"),
        template="partnership/home.html",
        hide=("navigation", "toc"),
        data={
            "actions": [a for a in actions if a],
            "upcoming": [{**listing_item(o, ctx), "spare": i >= count} for i, o in enumerate(upcoming[: count + spare])],
            "shown": count,
            "figures": key_figures(ctx),
            "news": [],
            "news_index": None,
            "links": calendar_links(ctx),
        },
    )


def key_figures(ctx: CalendarContext) -> dict[str, Any]:
    """Members in all and per sector (each a link to the directory filtered to it), the
    municipalities they are in, and the association's bodies."""
    partnership, words, urls = ctx.partnership, ctx.words, ctx.directory_urls
    directory = url_of(routes.DIRECTORY, urls)
    sectors = Counter(m.sector for m in partnership.members)
    municipalities = set(municipality_spellings(partnership.members).values())
    return {
        "members": {"count": len(partnership.members), "label": words("home_members"), "url": directory},
        "sectors": [
            {"count": sectors[s], "label": words.sector(s), "url": f"{directory}?sector={s}"}
            for s in SECTORS if sectors[s]
        ],
        "municipalities": {"count": len(municipalities), "label": words("home_municipalities"), "url": url_of(routes.PARTNERSHIP, urls) + "#px-comp-area"},
        "bodies": {"count": len(partnership.groups), "label": words("home_bodies"), "url": url_of(routes.PARTNERSHIP, urls)},
    }


def add_news(
    specs: Mapping[str, PageSpec], posts: list[dict[str, Any]], words: Words, index_url: str | None, count: int = NEWS_SHOWN,
) -> None:
    """Give the home page the newest posts (title, site-relative address, date), newest first,
    and the address of the news index (``index_url``).

    Called when every page has been read, before any is drawn: the posts are known only then.
    """
    home = specs.get(HOME)
    if home is None:
        return
    newest = sorted(posts, key=lambda p: (p["date"], p["title"]), reverse=True)[:count]
    home.data["news"] = [
        {"title": p["title"], "url": p["path"], "date": words.date(p["date"].date()), "date_iso": p["date"].date().isoformat(),
         "description": p["description"]}
        for p in newest
    ]
    home.data["news_index"] = index_url
