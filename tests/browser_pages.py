"""The page types the browser tests visit, and a page that records what the browser did on it.

Shared by test_browser.py, test_accessibility.py and test_requests.py. The paths are picked from
the example's data files and checked against the built site, so that a renamed member or event
fails loudly instead of testing a 404 page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

PAGE_TYPES = (
    "home", "purpose", "directory", "member", "group", "calendar", "month", "event",
    "cancelled-event", "series", "subscribe", "search", "accessibility",
)
"""Every kind of page the site has; each browser check runs on one page of each kind."""

SEARCH_QUERY = "halland"


def page_paths(site: Path, repo: Path) -> dict[str, str]:
    """One site path for each of :data:`PAGE_TYPES`, each a page that exists in ``site``."""
    members = yaml.safe_load((repo / "members.yaml").read_text(encoding="utf-8"))
    calendar = yaml.safe_load((repo / "events.yaml").read_text(encoding="utf-8"))

    def exists(path: str) -> bool:
        return (site / path.strip("/") / "index.html").is_file()

    shown = [e for e in calendar["events"] if exists(f"/kalender/{e['id']}/")]
    event = next(e for e in shown if e.get("programme") and e.get("status") is None)
    cancelled = next(e for e in shown if e.get("status") == "cancelled")
    series = next(s for s in calendar["series"] if exists(f"/kalender/serie/{s['id']}/"))
    member = next(m for m in members["members"] if exists(f"/medlemmar/{m['id']}/"))
    month = str(event["start"])[:7].replace("-", "/")
    paths = {
        "home": "/",
        "purpose": "/om/andamal/",
        "directory": "/medlemmar/",
        "member": f"/medlemmar/{member['id']}/",
        "group": "/partnerskapet/lag/",
        "calendar": "/kalender/",
        "month": f"/kalender/{month}/",
        "event": f"/kalender/{event['id']}/",
        "cancelled-event": f"/kalender/{cancelled['id']}/",
        "series": f"/kalender/serie/{series['id']}/",
        "subscribe": "/kalender/prenumerera/",
        "search": f"/?q={SEARCH_QUERY}",
        "accessibility": "/tillganglighet/",
    }
    assert set(paths) == set(PAGE_TYPES)
    for kind, path in paths.items():
        assert exists(urlsplit(path).path), f"{kind}: no page at {path}"
    return paths


@dataclass
class Visit:
    """A page opened in a fresh browser context, with what happened while it loaded."""

    page: object
    origin: str
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        """Requests to anywhere but the site's own origin (``data:`` and ``blob:`` never leave)."""
        return [
            url for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob") and not same_origin(url, self.origin)
        ]


def same_origin(url: str, origin: str) -> bool:
    a, b = urlsplit(url), urlsplit(origin)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def open_page(
    browser, served: str, path: str, *, width: int = 1280, height: int = 900, settle: bool = True
) -> Visit:
    """Open ``path`` in a new context, and with ``settle`` wait until the network is idle.

    Every request is recorded, including those of Material's search worker; a request to
    another origin is recorded and then aborted, so that no test reaches the network. A search
    page (``?q=``) is waited on until Material has drawn its results.
    """
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    visit = Visit(page, served)
    page.on("console", lambda message: message.type == "error" and visit.console_errors.append(message.text))
    page.on("pageerror", lambda error: visit.console_errors.append(f"uncaught: {error}"))
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("requestfailed", lambda request: visit.failed.append(f"{request.url} ({request.failure})"))
    page.on("response", lambda response: response.status >= 400 and visit.failed.append(f"{response.url} ({response.status})"))
    context.route(
        "**/*", lambda route: route.continue_() if same_origin(route.request.url, served) else route.abort()
    )
    page.goto(served + path, wait_until="networkidle" if settle else "load")
    if "?q=" in path:
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        if settle:
            page.wait_for_load_state("networkidle")
    return visit


def close(visit: Visit) -> None:
    visit.page.context.close()


_settled: dict[tuple[int, str, str], Visit] = {}


def settled(browser, served: str, path: str) -> Visit:
    """The page at ``path`` as first loaded on a desktop screen, loaded once per session.

    test_browser.py reads its console, test_requests.py its requests and test_accessibility.py
    runs axe on it: one load serves all three. The contexts close with the browser.
    """
    key = (id(browser), served, path)
    if key not in _settled:
        _settled[key] = open_page(browser, served, path)
    return _settled[key]
