"""Every kind of page in a real browser (Debian's Chromium through Playwright): it loads cleanly,
fits a phone, its directory filters and Material's search work, and the keyboard reaches it all.

The pages come from the example built once per session (conftest.py), served on 127.0.0.1.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser_pages import PAGE_TYPES, SEARCH_QUERY, WINDOW, SiteTabs, close, open_page
from conftest import FULL_CHROMIUM, launch
from partnerskap.i18n import TRANSLATIONS

# One worker runs test_browser.py, test_accessibility.py and test_requests.py: they share the
# pages its browser loaded once (conftest's settled_pages).
pytestmark = pytest.mark.xdist_group("settled-pages")

SV = TRANSLATIONS["sv"]
PHONE = 375


@pytest.fixture
def visit(site_tabs, served):
    """Opens pages in new tabs (without waiting for the network to go idle) and closes them after
    the test."""
    opened = []

    def open_(path: str, **size):
        opened.append(open_page(site_tabs, served, path, settle=False, **size))
        return opened[-1]

    yield open_
    for v in opened:
        close(v)


# --- Loading ------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_the_page_loads_without_console_errors(kind, settled_pages):
    v = settled_pages[kind]
    assert v.page.title(), kind
    assert v.page.locator("article.md-content__inner h1").count() == 1, kind
    assert v.console_errors == [], (kind, v.console_errors)
    assert v.failed == [], (kind, v.failed)


def test_a_used_tab_comes_back_as_a_new_one_would_be(paths, site_tabs, served):
    """The next test's tab (browser_pages.SiteTabs) has none of the last test's page size,
    routes, listeners or hover."""
    v = open_page(site_tabs, served, paths["directory"], width=PHONE, height=800, settle=False)
    v.page.route("**/medlemmar/", lambda route: route.fulfill(status=404, body="borta"))
    v.page.mouse.move(100, 200)
    close(v)
    heard = len(v.requests)
    again = site_tabs.new_page()
    try:
        assert again is v.page, "the tab is used again"
        assert again.viewport_size == WINDOW
        assert again.goto(served + paths["directory"]).status == 200  # the route went with its test
        assert len(v.requests) == heard, "the last visit's listeners are gone"
        assert again.evaluate("document.querySelectorAll(':hover').length") == 0
    finally:
        site_tabs.put_back(again)


def test_the_site_has_its_own_favicon(playwright_driver, served):
    """In the whole browser, which asks for the icon a page names (the headless shell the other
    tests drive asks for none): the site's own icon, and nothing from elsewhere."""
    tabs = SiteTabs(launch(playwright_driver, FULL_CHROMIUM))
    try:
        v = open_page(tabs, served, "/")
        icons = v.page.eval_on_selector_all('link[rel~="icon"]', "links => links.map(l => l.href)")
        assert icons and all(urlsplit(href).path.endswith("/favicon.svg") for href in icons), icons
        assert any(urlsplit(url).path == urlsplit(icons[0]).path for url in v.requests), v.requests
        assert v.foreign_requests() == [] and v.failed == []
        response = v.page.request.get(icons[0])
        assert response.ok and response.headers["content-type"].startswith("image/svg+xml")
        assert b"<svg" in response.body()
    finally:
        tabs.context.browser.close()


def test_the_search_opens_from_the_address(settled_pages):
    v = settled_pages["search"]
    assert v.page.locator(".md-search__input").input_value() == SEARCH_QUERY
    assert v.page.locator(".md-search-result__item").count() > 0


# --- A phone ------------------------------------------------------------------------------------

OVERFLOW = """vw => {
  // A box the visitor can scroll sideways (Material wraps wide tables in one) may hold wider things.
  const inScrollBox = el => {
    for (let a = el.parentElement; a && a.tagName !== 'MAIN'; a = a.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)) return true;
    }
    return false;
  };
  const describe = (el, r) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} `
    + `"${(el.textContent || '').trim().slice(0, 40)}" ${Math.round(r.left)}..${Math.round(r.right)}`;
  const wide = [], outside = [];
  for (const el of document.querySelectorAll('main *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    // Nothing in main is wider than the screen (Material's closed drawer is beside it, not wider).
    if (r.width > vw + 0.5 && !inScrollBox(el)) wide.push(describe(el, r));
    // Nothing in the content sticks out of the screen.
    if ((r.left < -0.5 || r.right > vw + 0.5) && el.closest('.md-content') && !inScrollBox(el)) outside.push(describe(el, r));
  }
  return {scrollWidth: document.documentElement.scrollWidth, wide, outside};
}"""


AT_REST = "() => document.getAnimations().every(a => a.playState !== 'running')"
"""No transition or animation under way (a finite one: Material's pages run none forever)."""


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_nothing_overflows_a_phone(kind, paths, visit):
    v = visit(paths[kind], width=PHONE, height=800)
    # On a phone Material opens its search (?q=) with a circle that grows over the screen and
    # spills past it while it grows: the page is measured once it is at rest.
    v.page.wait_for_function(AT_REST)
    result = v.page.evaluate(OVERFLOW, PHONE)
    assert result["scrollWidth"] <= PHONE, (kind, result)
    assert result["wide"] == [], (kind, result["wide"])
    assert result["outside"] == [], (kind, result["outside"])


def test_the_overflow_check_sees_a_wide_element(paths, visit):
    """The check above can fail: a wide element in the content is found."""
    v = visit(paths["purpose"], width=PHONE, height=800)
    v.page.evaluate("""() => { const d = document.createElement('div'); d.style.width = '500px';
        d.textContent = 'wide'; document.querySelector('article').append(d); }""")
    result = v.page.evaluate(OVERFLOW, PHONE)
    assert result["scrollWidth"] > PHONE and result["wide"] and result["outside"]


# --- The directory's filters --------------------------------------------------------------------

VISIBLE_CARDS = """cards => cards.filter(c => c.checkVisibility())
  .map(c => c.querySelector('.px-card__name').textContent.trim())"""


def visible_cards(page) -> list[str]:
    return sorted(page.eval_on_selector_all(".px-card", VISIBLE_CARDS))


def status(page) -> str:
    return page.locator("[data-px-status]").inner_text().strip()


def shown_status(shown: int, total: int) -> str:
    return SV["members_shown"].format(shown=shown, total=total)


def test_each_directory_filter_narrows_the_list_and_clearing_restores_it(paths, visit, members_data):
    members = members_data["members"]
    total = len(members)
    everyone = sorted(m["name"] for m in members)
    page = visit(paths["directory"]).page
    assert visible_cards(page) == everyone
    assert status(page) == ""

    # Text: a word with ö, as staff and visitors write it.
    word = "hembygdsförening"
    expected = sorted(m["name"] for m in members if word in m["name"].casefold())
    assert 0 < len(expected) < total
    page.fill("input[name=q]", word)
    assert visible_cards(page) == expected
    assert status(page) == shown_status(len(expected), total)
    page.fill("input[name=q]", "")
    assert visible_cards(page) == everyone and status(page) == ""

    # Sector.
    expected = sorted(m["name"] for m in members if m["sector"] == "private")
    assert 0 < len(expected) < total
    page.select_option("select[name=sector]", "private")
    assert visible_cards(page) == expected
    assert status(page) == shown_status(len(expected), total)
    page.select_option("select[name=sector]", "")
    assert visible_cards(page) == everyone and status(page) == ""

    # Municipality: the one with the most members.
    municipalities = [m.get("municipality") for m in members if m.get("municipality")]
    municipality = max(sorted(set(municipalities)), key=municipalities.count)
    expected = sorted(m["name"] for m in members if m.get("municipality") == municipality)
    assert 0 < len(expected) < total
    page.select_option("select[name=municipality]", municipality)
    assert visible_cards(page) == expected
    assert status(page) == shown_status(len(expected), total)

    # Municipality and sector together narrow further; then clear both.
    sector = next(m["sector"] for m in members if m.get("municipality") == municipality)
    both = sorted(m["name"] for m in members if m.get("municipality") == municipality and m["sector"] == sector)
    page.select_option("select[name=sector]", sector)
    assert visible_cards(page) == both
    assert status(page) == shown_status(len(both), total)
    page.select_option("select[name=sector]", "")
    page.select_option("select[name=municipality]", "")
    assert visible_cards(page) == everyone and status(page) == ""
    # Each group heading is back with its cards.
    assert page.eval_on_selector_all("[data-px-group]", "groups => groups.every(g => g.checkVisibility())")


# --- Material's search with Swedish letters -----------------------------------------------------

def member_to_search(members: list[dict], letter: str) -> tuple[dict, str]:
    """A member whose name starts with a word holding ``letter``, and the part of it to type."""
    for member in sorted(members, key=lambda m: m["name"]):
        word = member["name"].split()[0]
        at = word.casefold().find(letter)
        if at >= 0:
            return member, word[: max(at + 2, 6)]
    raise AssertionError(f"no member name in members.yaml starts with a word holding {letter}")


def test_the_search_box_finds_members_typed_with_swedish_letters(paths, visit, members_data):
    """Each of å, ä and ö typed in turn into one search box, as a visitor corrects a search: the
    index is built once, at the first words, and each letter's word finds its member."""
    page = visit(paths["purpose"]).page
    page.click(".md-search__input")
    found_before: set[str] = set()
    for letter in ("å", "ä", "ö"):
        member, typed = member_to_search(members_data["members"], letter)
        assert letter in typed.casefold()
        # Another member each time, so that the last word's results cannot pass for this one's.
        assert f"/medlemmar/{member['id']}/" not in found_before, letter
        page.keyboard.press("Control+A")
        page.keyboard.type(typed)
        target = f"/medlemmar/{member['id']}/"
        page.wait_for_function(
            """target => [...document.querySelectorAll('.md-search-result__item > a')]
                 .some(a => new URL(a.href).pathname === target)""",
            arg=target, timeout=10_000,
        )
        found = [urlsplit(href).path for href in page.eval_on_selector_all(
            ".md-search-result__item > a", "links => links.map(a => a.href)")]
        assert target in found, (letter, typed, found)
        found_before.add(target)
        assert page.locator(".md-search__input").input_value() == typed, letter


# --- The keyboard -------------------------------------------------------------------------------

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const shadow = s.boxShadow !== 'none';
  return {
    id: e.id, tag: e.tagName.toLowerCase(), text: (e.textContent || '').trim().slice(0, 40),
    content_link: e.tagName === 'A' && !!e.closest('article.md-content__inner') && !e.classList.contains('headerlink'),
    indicator: outline || shadow, outline: `${s.outlineStyle} ${s.outlineWidth}`, shadow: s.boxShadow,
  };
}"""

FILTER_FIELDS = {"px-filter-text", "px-filter-sector", "px-filter-municipality"}


def tab_through(page, until, limit: int = 150) -> list[dict]:
    """Press Tab from the top of the page until ``until(focused so far)`` or ``limit`` presses."""
    focused = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUSED)
        if state:
            focused.append(state)
            if until(focused):
                break
    return focused


def links_after(focused: list[dict], count: int, after: str | None = None) -> bool:
    ids = [f["id"] for f in focused]
    start = ids.index(after) if after else 0
    return sum(f["content_link"] for f in focused[start:]) >= count


def test_the_keyboard_reaches_the_filters_and_the_members_with_a_visible_focus(paths, visit):
    page = visit(paths["directory"]).page
    focused = tab_through(page, lambda f: FILTER_FIELDS <= {x["id"] for x in f} and
                          links_after(f, 3, after="px-filter-municipality"))
    order = [f["id"] for f in focused]
    assert FILTER_FIELDS <= set(order), [f["id"] or f["text"] for f in focused]
    # The filters in the order they are read, then the member cards they filter.
    assert order.index("px-filter-text") < order.index("px-filter-sector") < order.index("px-filter-municipality")
    assert links_after(focused, 3, after="px-filter-municipality"), focused
    without = [f for f in focused if not f["indicator"]]
    assert without == [], without


@pytest.mark.parametrize("kind", ["home", "event", "accessibility"])
def test_the_keyboard_reaches_the_content_links_with_a_visible_focus(kind, paths, visit):
    page = visit(paths[kind]).page
    focused = tab_through(page, lambda f: links_after(f, 3))
    assert links_after(focused, 3), (kind, focused)
    without = [f for f in focused if not f["indicator"]]
    assert without == [], (kind, without)


def test_the_focus_check_sees_a_missing_indicator(paths, visit):
    """The check above can fail: with outlines removed, it reports the focused elements."""
    page = visit(paths["directory"]).page
    page.add_style_tag(content="*:focus, *:focus-visible { outline: none !important; box-shadow: none !important; }")
    focused = tab_through(page, lambda f: len(f) >= 20)
    assert len(focused) >= 20 and not any(f["indicator"] for f in focused)
