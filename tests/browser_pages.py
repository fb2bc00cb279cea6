"""The page types the browser tests visit, and a page that records what the browser did on it.

Shared by the browser tests; test_browser.py, test_accessibility.py and test_requests.py share
the pages themselves (conftest's ``settled_pages``). The paths are picked from the example's data
files and checked against the built site, so that a renamed member or event fails loudly instead
of testing a 404 page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

PAGE_TYPES = (
    "home", "purpose", "directory", "member", "group", "calendar", "month", "event",
    "cancelled-event", "series", "subscribe", "search", "accessibility",
)
"""Every kind of page the site has; each browser check runs on one page of each kind."""

SEARCH_QUERY = "halland"


def page_paths(site: Path, members: dict, calendar: dict) -> dict[str, str]:
    """One site path for each of :data:`PAGE_TYPES`, each a page that exists in ``site``, picked
    from the data of members.yaml and events.yaml."""

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
    """A page opened in a tab of ``tabs``, with what happened while it loaded (and the listeners
    that heard it, which :func:`close` removes before the tab goes to the next test)."""

    page: object
    origin: str
    tabs: SiteTabs
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    listeners: list[tuple[str, object]] = field(default_factory=list)

    def listen(self, event: str, handler) -> None:
        self.page.on(event, handler)
        self.listeners.append((event, handler))

    def foreign_requests(self) -> list[str]:
        """Requests to anywhere but the site's own origin (``data:`` and ``blob:`` never leave)."""
        return [
            url for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob") and not same_origin(url, self.origin)
        ]


def same_origin(url: str, origin: str) -> bool:
    a, b = urlsplit(url), urlsplit(origin)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


WINDOW = {"width": 1280, "height": 720}
"""The size of a new tab (Playwright's default), to which a used tab is set back."""


class SiteTabs:
    """The browser context whose tabs visit the example (conftest's ``site_tabs``), and the tabs
    the tests are done with, kept for the next test.

    A page loaded in a used tab costs Chromium half the processor time it costs in a new one
    (bench/README.md, "Browser tests"): a tab of its own is a new renderer to start. A tab comes
    back as a test would find a new one for what the tests do: without the listeners and routes
    of the test before, at the new tab's size, with the mouse in the corner (nothing hovered),
    and it leaves its page on its next navigation. What cannot be undone (an init script, a
    clock) belongs in a tab of its own: ``new_page(fresh=True)``, closed after.

    A tab costs a fraction of a new context, which is a new profile in Chromium. No test reaches
    the network: Chromium resolves no host but 127.0.0.1 (conftest's ``CHROMIUM_ARGS``), where a
    route would make Playwright turn off the HTTP cache and pass every request through itself.
    """

    def __init__(self, browser, **options) -> None:
        """``options`` are the context's (Playwright's ``Browser.new_context``)."""
        self.context = browser.new_context(**options)
        # A blank tab stays open as long as the context: Chromium spends most of a processor-second
        # on the first tab a context opens after it had none.
        self.context.new_page()
        self._spare: list = []

    def new_page(self, *, fresh: bool = False):
        """A tab a test is done with, or a new one if there is none or ``fresh`` is asked."""
        return self._spare.pop() if self._spare and not fresh else self.context.new_page()

    def put_back(self, page) -> None:
        """Keep ``page``'s tab for the next test that asks for one."""
        page.unroute_all(behavior="ignoreErrors")
        if page.viewport_size != WINDOW:
            page.set_viewport_size(WINDOW)
        page.mouse.move(0, 0)
        self._spare.append(page)

    def close(self) -> None:
        self.context.close()


def start_visit(tabs: SiteTabs, served: str, path: str, *, width: int, height: int, until: str,
                fresh: bool = False) -> Visit:
    """Open a tab of ``tabs`` at a size and load ``path`` until the ``until`` event, recording
    every request (those of Material's search worker too, and those refused) and every error.
    A ``fresh`` tab records only its own page's: a used one might hear the last of the page before."""
    page = tabs.new_page(fresh=fresh)
    page.set_viewport_size({"width": width, "height": height})
    visit = Visit(page, served, tabs)
    visit.listen("console", lambda message: message.type == "error" and visit.console_errors.append(message.text))
    visit.listen("pageerror", lambda error: visit.console_errors.append(f"uncaught: {error}"))
    visit.listen("request", lambda request: visit.requests.append(request.url))
    visit.listen("requestfailed", lambda request: visit.failed.append(f"{request.url} ({request.failure})"))
    visit.listen("response", lambda response: response.status >= 400 and visit.failed.append(f"{response.url} ({response.status})"))
    page.goto(served + path, wait_until=until)
    return visit


def finish_visit(visit: Visit, path: str, *, settle: bool) -> Visit:
    """Wait until the page has loaded and, with ``settle``, until its network is idle; a search
    page (``?q=``) until Material has drawn its results too."""
    visit.page.wait_for_load_state("networkidle" if settle else "load")
    if "?q=" in path:
        visit.page.wait_for_selector(".md-search-result__item", timeout=10_000)
        if settle:
            visit.page.wait_for_load_state("networkidle")
    return visit


def open_page(
    tabs: SiteTabs, served: str, path: str, *, width: int = 1280, height: int = 900, settle: bool = True
) -> Visit:
    """Open ``path`` in a tab of ``tabs`` (conftest's ``site_tabs``) and wait for it."""
    visit = start_visit(tabs, served, path, width=width, height=height, until="networkidle" if settle else "load")
    return finish_visit(visit, path, settle=settle)


def close(visit: Visit) -> None:
    """The test is done with the page: its tab goes back to ``tabs`` for the next."""
    for event, handler in visit.listeners:
        visit.page.remove_listener(event, handler)
    visit.tabs.put_back(visit.page)


def settle_all(tabs: SiteTabs, served: str, paths: dict[str, str]) -> dict[str, Visit]:
    """Each of ``paths`` as first loaded on a desktop screen, each in a new tab, all loading at
    once: the waits for an idle network overlap instead of adding up."""
    started = {
        kind: start_visit(tabs, served, path, width=1280, height=900, until="commit", fresh=True)
        for kind, path in paths.items()
    }
    return {kind: finish_visit(visit, paths[kind], settle=True) for kind, visit in started.items()}
