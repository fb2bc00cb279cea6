"""The links every page's footer carries: how to reach the association, how to follow its
calendar, and the accessibility statement that Swedish law (DOS-lagen) wants on every page."""

from __future__ import annotations

from partnerskap import routes
from partnerskap.i18n import Words
from partnerskap.pages.page import url_of
from partnerskap.settings import Settings


def footer_links(settings: Settings, words: Words) -> list[dict[str, str]]:
    """Title and site-relative address of each footer link, in the order they are read."""
    urls = settings.directory_urls
    links = []
    if settings.contact_page:
        links.append({"title": words("home_contact"), "href": url_of(settings.contact_page, urls)})
    links.append({"title": words("subscribe_calendar"), "href": url_of(routes.SUBSCRIBE, urls)})
    if settings.accessibility:
        links.append({"title": words("accessibility_statement"), "href": url_of(routes.STATEMENT, urls)})
    return links
