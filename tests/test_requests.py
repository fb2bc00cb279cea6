"""No third-party requests: a visitor's browser asks the site's own origin only, on every kind of
page, and no built page or stylesheet points anywhere else for something to load.

Links (``<a href>``) to other sites are fine: following one is the visitor's choice.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from browser_pages import PAGE_TYPES, close, open_page
from conftest import page_tree

# One worker runs test_browser.py, test_accessibility.py and test_requests.py: they share the
# pages its browser loaded once (conftest's settled_pages).
pytestmark = pytest.mark.xdist_group("settled-pages")

NOT_SITE_PAGES = ("admin/",)
"""The staff's editor (Decap CMS, built when npm installed it) talks to the git host by design."""


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_the_page_asks_its_own_origin_only(kind, settled_pages):
    v = settled_pages[kind]
    assert v.requests, kind
    assert v.foreign_requests() == [], (kind, v.foreign_requests())


def test_the_record_includes_the_search_worker_s_requests(settled_pages):
    """What Material's search worker fetches is recorded too, so nothing escapes the check."""
    v = settled_pages["search"]
    fetched = {urlsplit(url).path for url in v.requests}
    assert "/search/search_index.json" in fetched, sorted(fetched)
    assert any(path.endswith("/lunr.sv.min.js") for path in fetched), sorted(fetched)


def test_only_a_search_loads_the_search_engine(settled_pages):
    """Material's search worker, lunr and the Swedish stemmer are loaded when a visitor searches
    (overrides/assets/javascripts/workers/search-on-demand.js), not by every page."""
    loaded = {
        kind: sorted(path for path in (urlsplit(url).path for url in v.requests)
                     if "/javascripts/workers/search." in path or "/javascripts/lunr/" in path)
        for kind, v in settled_pages.items()
    }
    assert loaded.pop("search"), "a search loads the engine"
    assert loaded == {kind: [] for kind in loaded}


def test_a_third_party_request_is_caught(paths, site_tabs, served):
    """The check above can fail: an image from a CDN added to a page is recorded (and aborted)."""
    v = open_page(site_tabs, served, paths["purpose"], settle=False)
    try:
        v.page.evaluate("""() => new Promise(done => {
            const img = new Image(); img.onerror = img.onload = done;
            img.src = 'https://cdn.example.net/pixel.png'; document.body.append(img); })""")
        assert v.foreign_requests() == ["https://cdn.example.net/pixel.png"]
    finally:
        close(v)


# --- Every built file, without a browser --------------------------------------------------------

LOADED = {
    "script": ["src"], "img": ["src", "srcset"], "iframe": ["src"], "source": ["src", "srcset"],
    "video": ["src", "poster"], "audio": ["src"], "embed": ["src"], "object": ["data"], "track": ["src"],
    "input": ["src"],
}
LOADED_LINKS = {"stylesheet", "icon", "apple-touch-icon", "preload", "modulepreload", "prefetch", "preconnect",
                "dns-prefetch", "manifest", "mask-icon"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")


def foreign(value: str) -> bool:
    parts = urlsplit(value.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data")


def test_no_built_page_loads_anything_from_another_site(example_site):
    pages = [p for p in sorted(example_site.rglob("*.html"))
             if not p.relative_to(example_site).as_posix().startswith(NOT_SITE_PAGES)]
    assert len(pages) > 100
    found = []
    for path in pages:
        tree = page_tree(example_site, "/" + path.relative_to(example_site).as_posix())
        for tag, attributes in LOADED.items():
            for node in tree.iter(tag):
                for attribute in attributes:
                    for value in (node.get(attribute) or "").split(","):
                        if value.strip() and foreign(value.split()[0]):
                            found.append((path.name, tag, value.strip()))
        for node in tree.iter("link"):
            href = node.get("href")
            if href is not None and LOADED_LINKS & {r.lower() for r in node.get("rel", "").split()} and foreign(href):
                found.append((path.name, "link", href))
        for node in tree.xpath("//*[@style]"):
            found += [(path.name, "style", url) for url in CSS_URL.findall(node.get("style")) if foreign(url)]
        for node in tree.iter("style"):
            found += [(path.name, "style", url) for url in CSS_URL.findall(node.text_content()) if foreign(url)]
    assert found == [], found[:20]


def test_no_stylesheet_loads_anything_from_another_site(example_site):
    sheets = sorted(p for p in example_site.rglob("*.css")
                    if not p.relative_to(example_site).as_posix().startswith(NOT_SITE_PAGES))
    assert sheets
    found = [(p.name, url) for p in sheets for url in CSS_URL.findall(p.read_text(encoding="utf-8")) if foreign(url)]
    assert found == [], found
