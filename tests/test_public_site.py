"""The public site as a visitor meets it (issue 14), in a real browser at a phone's width and a
desktop's: a home page that leads, a website's navigation, readable charts, a calendar without
dead ends, a 404 page, search that finds people, connected member and project pages, one
language throughout, and easy subscribing. Each test loads its page once and asserts on what
was rendered: positions, sizes, focus.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from browser_pages import close, open_page
from conftest import BUILD_EPOCH, css_class, page_tree, parse_page, resolve, text_of
from partnerskap.i18n import TRANSLATIONS

SV = TRANSLATIONS["sv"]
PHONE, DESKTOP = (375, 740), (1280, 900)
SIZES = pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
BUILD_TIME = dt.datetime.fromtimestamp(BUILD_EPOCH, tz=dt.timezone.utc)


@pytest.fixture(scope="module")
def data(members_data, events_data, example_config):
    return {"members": members_data, "events": events_data, "config": example_config}


@pytest.fixture
def visit(site_tabs, served):
    """Opens a page at a size, with the clock at the build's time (nothing depends on today)."""
    opened = []

    def open_(path: str, size=DESKTOP, **options):
        opened.append(open_page(site_tabs, served, path, width=size[0], height=size[1], settle=False, **options))
        return opened[-1].page

    yield open_
    for v in opened:
        close(v)


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def visible(page, selector: str) -> bool:
    return page.locator(selector).first.is_visible()


# --- 1. A home page that leads ------------------------------------------------------------------

@SIZES
def test_the_home_page_leads_with_who_what_to_do_and_the_next_events(size, visit, data):
    page = visit("/", size)
    config = data["config"]
    # No side menus on the home page (the phone's menu stays in the drawer).
    assert not visible(page, ".md-sidebar--primary .md-nav") or size == PHONE
    assert not visible(page, ".md-sidebar--secondary")
    assert page.locator("h1").inner_text() == config["site_name"]
    lead = page.locator(".px-hero__lead").inner_text()
    assert " ".join(lead.split()) == " ".join(config["site_description"].split())
    # Two or three calls to action, all on the first screen.
    actions = page.locator(".px-actions a")
    assert 2 <= actions.count() <= 3
    assert [actions.nth(i).inner_text() for i in range(actions.count())] == [SV["home_join"], SV["home_follow"], SV["home_contact"]]
    for i in range(actions.count()):
        b = actions.nth(i).bounding_box()
        assert b["y"] + b["height"] <= size[1], (i, b)
    # The next three events, the first one's title within one and a half screens.
    events = page.locator(".px-home-events .px-event:not([hidden])")
    assert events.count() == 3
    first = events.first.locator(".px-event__title").bounding_box()
    assert first["y"] + first["height"] <= 1.5 * size[1], first
    # The latest news, each with its date; beside the events on a desktop.
    news = page.locator(".px-news > li")
    assert 2 <= news.count() <= 3
    dates = [news.nth(i).locator("time").get_attribute("datetime") for i in range(news.count())]
    assert dates == sorted(dates, reverse=True)
    if size == DESKTOP:
        assert box(page, ".px-home-news")["x"] > box(page, ".px-home-events")["x"] + 300
        assert abs(box(page, ".px-home-news")["y"] - box(page, ".px-home-events")["y"]) < 5


def test_the_home_page_figures_are_the_data(visit, data):
    page = visit("/")
    members = data["members"]
    figures = {
        page.locator(".px-figures__list li").nth(i).locator(".px-figure__label").inner_text().strip():
            int(page.locator(".px-figures__list li").nth(i).locator(".px-figure__count").inner_text())
        for i in range(page.locator(".px-figures__list li").count())
    }
    sectors = {s: sum(m["sector"] == s for m in members["members"]) for s in ("public", "private", "civil")}
    assert figures[SV["home_members"]] == len(members["members"])
    for sector, count in sectors.items():
        assert figures[SV[f"sector_{sector}"].lower()] == count
    assert figures[SV["home_municipalities"]] == len({m["municipality"].casefold() for m in members["members"] if m.get("municipality")})
    assert figures[SV["home_bodies"]] == len(members["groups"])
    # A sector's figure opens the directory filtered to it.
    page.locator(".px-figures__list a", has_text=SV["sector_private"].lower()).click()
    page.wait_for_url(re.compile(r"/medlemmar/\?sector=private$"))
    shown = page.eval_on_selector_all(".px-card", "cards => cards.filter(c => c.checkVisibility()).length")
    assert shown == sectors["private"]


# --- 2. A website's navigation ------------------------------------------------------------------

def test_sections_are_tabs_on_a_desktop_and_the_left_menu_shows_one_section(visit, data):
    page = visit("/om/andamal/")
    tabs = page.locator(".md-tabs__link")
    titles = [tabs.nth(i).inner_text().strip() for i in range(tabs.count())]
    assert titles == [next(iter(item)) if isinstance(item, dict) else item for item in data["config"]["nav"]]
    assert visible(page, ".md-tabs")
    menu = page.eval_on_selector_all(".md-sidebar--primary a.md-nav__link", "links => links.filter(a => a.checkVisibility()).map(a => new URL(a.href).pathname)")
    assert menu and all(path.startswith("/om/") for path in menu), menu
    # A page outside the menu is in its section's tab too.
    page.goto(page.url.split("/om/")[0] + "/medlemmar/region-halland/")
    assert page.locator(".md-tabs__item--active").inner_text().strip() == "Medlemmar"


@SIZES
def test_the_footer_has_contact_subscribe_and_accessibility_links(size, visit):
    page = visit("/kalender/", size)
    links = page.locator(".px-footer-links a")
    found = {links.nth(i).inner_text(): urlsplit(links.nth(i).get_attribute("href")).path for i in range(links.count())}
    assert set(found) == {SV["home_contact"], SV["subscribe_calendar"], SV["accessibility_statement"]}
    for i in range(links.count()):
        assert links.nth(i).is_visible()
        b = links.nth(i).bounding_box()
        assert b["height"] >= 24, b


FOCUS = """() => { const e = document.activeElement; const r = e.getBoundingClientRect();
  return {tag: e.tagName, cls: e.className, text: (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 30),
          // The page scrolls (smoothly) to what takes the focus; the closed drawer is beside the
          // screen, and so is most of the search field until focusing it has opened the search.
          inside: r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= innerWidth && e.checkVisibility({visibilityProperty: true})}; }"""


def arrived_focus(page) -> dict:
    """Where the focus is once what moves has arrived. Focusing the search field opens Material's
    search on a phone, and the menu button slides the drawer in, with transitions that a busy
    machine takes a while to finish; an element that stays off the screen is reported as it is."""
    try:
        page.wait_for_function(f"() => ({FOCUS})().inside", timeout=5000)
    except PlaywrightTimeout:
        pass
    return page.evaluate(FOCUS)


def test_on_a_phone_the_keyboard_stays_on_screen_and_the_menu_button_opens_the_drawer(visit):
    page = visit("/om/andamal/", PHONE)
    page.wait_for_selector(".px-menu-button")
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        seen.append(arrived_focus(page))
    # Every element the keyboard reaches is on the screen: none of the closed drawer's links.
    assert all(f["inside"] for f in seen), [f for f in seen if not f["inside"]]
    menu = [i for i, f in enumerate(seen) if "px-menu-button" in f["cls"]]
    assert menu and menu[0] <= 2, seen
    # The menu button opens the drawer and the focus moves into it, on the screen.
    page.keyboard.press("Shift+Tab")
    while "px-menu-button" not in page.evaluate(FOCUS)["cls"]:
        page.keyboard.press("Shift+Tab")
    assert page.get_attribute(".px-menu-button", "aria-expanded") == "false"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.closest('.md-sidebar--primary') !== null")
    focus = arrived_focus(page)
    assert focus["inside"] and focus["tag"] == "A", focus
    assert page.get_attribute(".px-menu-button", "aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert "px-menu-button" in page.evaluate(FOCUS)["cls"]
    assert page.get_attribute(".px-menu-button", "aria-expanded") == "false"


# --- 3. Readable charts on /partnerskapet/ ------------------------------------------------------

CHART_TEXT = """() => [...document.querySelectorAll('.px-bars')].flatMap(chart =>
  [...chart.querySelectorAll('.px-bars__label, .px-bars__value, .px-bars__limit-label')]
    .filter(n => n.textContent.trim())
    .map(n => { const r = n.getBoundingClientRect();
      return {text: n.textContent.trim(), size: parseFloat(getComputedStyle(n).fontSize), height: r.height,
              box: [r.left, r.top, r.right, r.bottom]}; }))"""
LINES = """() => [...document.querySelectorAll('.px-bars__limit, .px-bars__bar')].map(n => {
  const r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"""


def overlap(a, b) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


@SIZES
def test_chart_labels_are_at_least_12_px_and_cross_nothing(size, visit):
    page = visit("/partnerskapet/", size)
    texts = page.evaluate(CHART_TEXT)
    assert len(texts) >= 12
    small = [t for t in texts if t["size"] < 12 or t["height"] < 12]
    assert small == [], small
    lines = page.evaluate(LINES)
    crossed = [(t["text"], line) for t in texts for line in lines if overlap(t["box"], line)]
    assert crossed == [], crossed
    touching = [(a["text"], b["text"]) for i, a in enumerate(texts) for b in texts[i + 1:] if overlap(a["box"], b["box"])]
    assert touching == [], touching
    # Each limit's label stands under its line.
    pairs = page.evaluate("""() => [...document.querySelectorAll('.px-bars')].filter(c => c.querySelector('.px-bars__limit')).map(c => {
        const line = c.querySelector('.px-bars__limit').getBoundingClientRect(), label = c.querySelector('.px-bars__limit-label').getBoundingClientRect();
        return [line.left + line.width / 2, label.left + label.width / 2, line.bottom, label.top]; })""")
    assert pairs and all(abs(line - label) < 2 and bottom <= top + 1 for line, label, bottom, top in pairs), pairs
    # The data tables stay beside the charts.
    assert page.locator(".px-bars + table.px-shares").count() == page.locator(".px-bars").count()


def test_the_competence_map_reads_as_a_list_per_person_on_a_phone(visit):
    page = visit("/partnerskapet/", PHONE)
    rows = page.locator("ul[data-px-competence] > li")
    assert rows.count() > 10
    result = page.evaluate("""() => [...document.querySelectorAll('ul[data-px-competence] > li')].map(li => {
        const r = li.getBoundingClientRect();
        return {left: r.left, right: r.right, size: Math.min(...[...li.querySelectorAll('strong, a')].map(n => parseFloat(getComputedStyle(n).fontSize)))}; })""")
    assert all(r["left"] >= 0 and r["right"] <= PHONE[0] and r["size"] >= 12 for r in result), result
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]


# --- 4. A calendar without dead ends ------------------------------------------------------------

def months_between(first: dt.date, last: dt.date) -> list[str]:
    months, (year, month) = [], (first.year, first.month)
    while (year, month) <= (last.year, last.month):
        months.append(f"/kalender/{year}/{month:02d}/")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def day_of(value) -> dt.date:
    """The day of a start or end as events.yaml writes it (a date, or "2027-01-20 12:00")."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def moment_of(value) -> dt.datetime:
    """An end as a moment in the site's time zone (a date's end: the next midnight)."""
    if isinstance(value, str) and len(value) > 10:
        value = dt.datetime.fromisoformat(value)
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(day_of(value) + dt.timedelta(days=1), dt.time())
    return value.replace(tzinfo=ZoneInfo("Europe/Stockholm"))


def test_next_walks_month_by_month_from_the_first_event_to_the_last(visit, served, data, example_site):
    events = data["events"]["events"]
    first = min(day_of(e["start"]) for e in events)
    last = max(day_of(e["end"]) for e in events)
    expected = months_between(first, last)
    assert all((example_site / m.strip("/") / "index.html").is_file() for m in expected)
    busy = {f"/kalender/{day_of(e['start']).year}/{day_of(e['start']).month:02d}/" for e in events}
    # The whole walk, a hundred months, from the built pages: the one Next of each month, and
    # each month without an event saying so (a browser loading every month took a minute).
    walked = [expected[0]]
    while len(walked) <= len(expected):
        nexts = page_tree(example_site, walked[-1]).xpath(f"//*[{css_class('px-pager')}]//a[@rel='next']")
        assert len(nexts) <= 1, walked[-1]
        if not nexts:
            break
        walked.append(resolve(walked[-1], nexts[0].get("href")))
    assert walked == expected
    empty = [m for m in expected if m not in busy]
    notes = {m: next(iter(page_tree(example_site, m).xpath(f"//*[{css_class('px-month__empty')}]")), None) for m in empty}
    assert empty and [m for m, note in notes.items() if note is None or text_of(note) != SV["no_events_month"]] == []
    # In the browser, Next is a link that leads on: from the first month, into an empty month
    # (which says so on the screen) and to the last month, which has no Next.
    page = visit(expected[0])
    into_empty = expected.index(empty[0]) - 1
    for step in sorted({0, into_empty, len(expected) - 2}):
        if step:
            page.goto(f"{served}{expected[step]}")
        page.locator('.px-pager a[rel="next"]').click()
        page.wait_for_load_state("domcontentloaded")
        assert urlsplit(page.url).path == expected[step + 1]
        if expected[step + 1] not in busy:
            assert page.locator(".px-month__empty").inner_text() == SV["no_events_month"]
    assert page.locator('.px-pager a[rel="next"]').count() == 0


@SIZES
def test_the_month_grid_marks_today_shows_start_times_and_breaks_no_word(size, clock_tabs, served):
    page = clock_tabs.new_page()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.clock.set_fixed_time(BUILD_TIME)  # the reader's today is the build's, for the test
    today = BUILD_TIME.date()
    page.goto(f"{served}/kalender/")
    page.locator(".px-this-month a").click()
    assert urlsplit(page.url).path == f"/kalender/{today.year}/{today.month:02d}/"
    cell = page.locator(f'td[data-px-date="{today.isoformat()}"]')
    assert "px-grid__day--today" in cell.get_attribute("class")
    assert page.locator(".px-grid__day--today").count() == 1
    if size == DESKTOP:
        assert cell.locator(".px-grid__today").is_visible() and cell.locator(".px-grid__today").inner_text() == SV["today"]
    page.goto(f"{served}/kalender/2027/01/")
    times = page.locator(".px-grid__time")
    assert times.count() >= 2 and all(re.fullmatch(r"\d\d\.\d\d", times.nth(i).inner_text()) for i in range(times.count()))
    assert times.first.is_visible()
    if size == DESKTOP:
        broken = page.evaluate("""() => [...document.querySelectorAll('.px-grid a')].flatMap(a => {
            const node = a.lastChild, text = node.textContent, out = [];
            for (const m of text.matchAll(/\\S+/g)) {
              const range = document.createRange(); range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
              if (range.getClientRects().length > 1) out.push(m[0]);
            }
            return out; })""")
        assert broken == [], broken
    clock_tabs.put_back(page)


def test_the_date_block_shows_a_multi_day_range_and_a_status_instead_of_a_date(visit, data, example_site):
    page = visit("/kalender/")
    events = {e["id"]: e for e in data["events"]["events"] if (example_site / "kalender" / e["id"] / "index.html").is_file()}
    multi = next(i for i, e in events.items() if day_of(e["end"]) > day_of(e["start"]) and day_of(e["start"]) > BUILD_TIME.date())
    item = page.locator(f'.px-event:has(a[href$="{multi}/"])').first
    start, end = day_of(events[multi]["start"]), day_of(events[multi]["end"])
    assert item.locator(".px-event__day").inner_text() == f"{start.day}–{end.day}"
    for status in ("cancelled", "postponed"):
        item = page.locator(f".px-event--{status}").first
        assert item.locator(".px-event__flag").inner_text().casefold() == SV[f"status_{status}"].casefold()
        assert item.locator(".px-event__weekday").count() == 0
        colour = item.locator(".px-event__date").evaluate("n => getComputedStyle(n).backgroundImage")
        plain = page.locator(".px-event:not(.px-event--cancelled):not(.px-event--postponed) .px-event__date").first.evaluate(
            "n => getComputedStyle(n).backgroundImage")
        assert colour != plain  # not an ordinary date block
    page.goto(page.url.split("/kalender/")[0] + "/kalender/2027/05/")
    cancelled = page.locator(".px-grid .px-event--cancelled a")
    assert cancelled.count() == 1 and cancelled.evaluate("a => getComputedStyle(a).textDecorationLine") == "line-through"


def test_an_event_read_after_it_ended_stops_inviting_people_to_add_it(clock_tabs, served, data):
    event = next(e for e in data["events"]["events"] if day_of(e["start"]) > BUILD_TIME.date() and not e.get("status") and not e.get("repeat"))
    page = clock_tabs.new_page()
    page.clock.set_fixed_time(BUILD_TIME)
    page.goto(f"{served}/kalender/{event['id']}/")
    assert page.locator('section[aria-labelledby="px-add"]').is_visible()
    assert not page.locator(".px-banner--ended").is_visible()
    page.clock.set_fixed_time(moment_of(event["end"]) + dt.timedelta(minutes=1))
    page.reload()
    assert not page.locator('section[aria-labelledby="px-add"]').is_visible()
    assert page.locator(".px-banner--ended").inner_text() == SV["event_ended"]
    clock_tabs.put_back(page)


# --- 5. A 404 page in the site's language -------------------------------------------------------

@SIZES
def test_the_404_page_is_swedish_with_search_and_ways_on(size, site_tabs, served, example_site):
    page = site_tabs.new_page()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    body = (example_site / "404.html").read_bytes()
    # As a web server answers an address that does not exist, at some depth.
    page.route("**/finns/inte/alls/", lambda route: route.fulfill(status=404, body=body, content_type="text/html; charset=utf-8"))
    response = page.goto(f"{served}/finns/inte/alls/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").inner_text() == SV["not_found_title"]
    assert "404" not in page.locator("article").inner_text() and "Not found" not in page.content()
    for name, target in ((SV["go_home"], "/"), (SV["go_calendar"], "/kalender/")):
        link = page.get_by_role("link", name=name)
        assert link.is_visible() and link.evaluate("a => new URL(a.href).pathname") == target
    search = page.get_by_label(SV["not_found_search"])
    assert search.is_visible()
    search.fill("halland")
    search.press("Enter")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert urlsplit(page.url).path == "/" and parse_qs(urlsplit(page.url).query) == {"q": ["halland"]}
    site_tabs.put_back(page)


# --- 6. Search that finds what people look for --------------------------------------------------

def search_hits(page, served: str, query: str) -> list[str]:
    page.goto(f"{served}/?q={query}")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    return [urlsplit(h).path for h in page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")]


def test_the_site_search_finds_people_members_by_description_and_events_by_speaker(site_tabs, served, data):
    page = site_tabs.new_page()
    person = next(p for p in data["members"]["people"] if p.get("title"))
    assert f"/medlemmar/{person['member']}/" in search_hits(page, served, person["name"].replace(" ", "+"))
    speaker = next(s for e in data["events"]["events"] for item in e.get("programme", []) for s in item.get("speakers", []))
    event = next(e for e in data["events"]["events"] if any(s == speaker for item in e.get("programme", []) for s in item.get("speakers", [])))
    assert f"/kalender/{event['id']}/" in search_hits(page, served, speaker["name"].replace(" ", "+"))
    member = next(m for m in data["members"]["members"] if "medfinansiering" in (m.get("description") or ""))
    assert f"/medlemmar/{member['id']}/" in search_hits(page, served, "medfinansiering")
    # The words given to the index are not shown on the page.
    page.goto(f"{served}/kalender/{event['id']}/")
    assert page.locator("article > p").filter(has_text=speaker["role"]).count() == 0
    site_tabs.put_back(page)


def test_words_typed_in_the_search_field_find_a_member(visit, data):
    """Typed on a phone, not deep-linked: the index is built at the first words (the search
    worker in front of Material's, overrides/assets/javascripts/workers/search-on-demand.js), and
    every word after finds its pages too."""
    page = visit("/kalender/", PHONE)
    page.locator("label.md-header__button[for=__search]").click()
    # Ready at once: Material's "type to search", not its "initialising".
    placeholder = page.evaluate("JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']")
    assert page.locator(".md-search-result__meta").inner_text() == placeholder
    for word in ("medfinansiering", "halland"):
        expected = sorted(f"/medlemmar/{m['id']}/" for m in data["members"]["members"]
                          if word in (m.get("description") or "").casefold() or word in m["name"].casefold())
        assert expected
        page.keyboard.press("Control+A")
        page.keyboard.type(word)
        page.wait_for_function(
            "expected => [...document.querySelectorAll('.md-search-result__item > a')]"
            ".some(a => expected.includes(new URL(a.href).pathname))", arg=expected, timeout=10_000)


def test_the_directory_searches_descriptions_and_keeps_its_filters_in_the_address(visit, data):
    page = visit("/medlemmar/")
    word = "medfinansiering"
    expected = sorted(m["name"] for m in data["members"]["members"] if word in (m.get("description") or "").casefold())
    assert expected
    page.fill("input[name=q]", word)
    shown = sorted(page.eval_on_selector_all(".px-card", "cards => cards.filter(c => c.checkVisibility()).map(c => c.querySelector('.px-card__name').textContent.trim())"))
    assert shown == expected
    page.select_option("select[name=sector]", "public")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"q": [word], "sector": ["public"]}
    # The address, shared, opens the same view.
    page.goto(page.url)
    assert page.input_value("input[name=q]") == word and page.input_value("select[name=sector]") == "public"


# --- 7. Member and project pages that connect ---------------------------------------------------

def test_a_member_page_lists_its_events_upcoming_first_and_tells_titles_from_seats(visit, data, example_site):
    member = "region-halland"
    page = visit(f"/medlemmar/{member}/")
    headings = [h.strip() for h in page.locator("article h2").all_inner_texts()]
    assert headings.index(SV["member_events_upcoming"]) < headings.index(SV["member_events_past"])
    organised = {e["id"] for e in data["events"]["events"] if member in e.get("organisers", [])}
    listed = {urlsplit(h).path.strip("/").split("/")[-1] for h in page.eval_on_selector_all(".px-events .px-event__title a", "a => a.map(x => x.href)")}
    speaking = {
        e["id"] for e in data["events"]["events"] for item in e.get("programme", []) for s in item.get("speakers", []) if s.get("organisation") == member
    }
    # The rest come from the member's own calendar (extra.partnership.sources), marked so.
    imported = listed - organised - speaking
    assert listed and imported and all(
        parse_page(example_site, f"/kalender/{event_id}/").select_one(".px-origin") is not None for event_id in imported
    )
    series_free = {e["id"] for e in data["events"]["events"] if member in e.get("organisers", []) and not e.get("repeat")
                   and (example_site / "kalender" / e["id"] / "index.html").is_file()}  # an event not yet published has no page
    assert series_free <= listed
    person = page.locator(".px-person").filter(has=page.locator(".px-person__seats")).first
    title, seats = person.locator(".px-person__title"), person.locator(".px-person__seats")
    assert title.is_visible() and seats.is_visible()
    assert title.bounding_box()["y"] + title.bounding_box()["height"] <= seats.bounding_box()["y"]
    assert SV["person_seats"] in person.inner_text()


def test_a_project_shows_its_funding_on_arrival_on_a_phone_and_its_contact_s_email(visit, data):
    page = visit("/projekt/lokal-finansiering/", PHONE)
    emblem, statement = box(page, ".px-fund__emblem"), box(page, ".px-fund__statement")
    assert emblem["y"] + emblem["height"] <= PHONE[1] and statement["y"] + statement["height"] <= PHONE[1]
    contact = next(p for p in data["members"]["people"] if p["id"] == "sofia-berg")
    page.wait_for_selector(".px-facts a[href^='mailto:']")
    assert page.locator(".px-facts a[href^='mailto:']").inner_text() == contact["email"]


# --- 8. Swedish throughout the Swedish site -----------------------------------------------------

ENGLISH = re.compile(r"\b(Permanent link|Made with|Skip to content|Back to top|Table of contents|Not found|Previous|Next|Search|Cancelled|Postponed|Co-funded|Copy)\b")


@pytest.mark.parametrize("path", ["/", "/kalender/prenumerera/", "/projekt/hallbara-platser/", "/kalender/2027/05/", "/partnerskapet/"])
def test_no_english_on_the_swedish_site(path, visit):
    page = visit(path, PHONE)
    text = page.evaluate("() => document.body.innerText + ' ' + [...document.querySelectorAll('[aria-label],[title],[alt],[placeholder]')].map(n => n.getAttribute('aria-label') || n.title || n.alt || n.placeholder).join(' ')")
    assert not ENGLISH.findall(text.replace("Material for MkDocs", "")), ENGLISH.findall(text)
    assert SV["made_with"] in page.locator(".md-copyright").inner_text()


# --- 10. Subscribing made easy ------------------------------------------------------------------

@SIZES
def test_subscribe_has_copy_buttons_one_click_links_and_targets_of_24_px(size, site_tabs, served, data):
    page = site_tabs.new_page()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{served}/kalender/prenumerera/")
    site = data["config"]["site_url"].rstrip("/")
    buttons = page.locator(".px-copy-button")
    assert buttons.count() == 2
    for i, (field, value) in enumerate((("#px-ics-url", f"{site}/kalender.ics"), ("#px-feed-url", f"{site}/kalender/feed.xml"))):
        assert page.input_value(field) == value
        button = buttons.nth(i)
        # Beside its address, on the same line.
        assert abs(button.bounding_box()["y"] - page.locator(field).bounding_box()["y"]) < 12
        button.click()
        assert page.evaluate("navigator.clipboard.readText()") == value
        assert button.inner_text() == SV["copied"]
    links = {a.inner_text(): a.get_attribute("href") for a in page.locator(".px-subscribe-buttons a").all()}
    google = urlsplit(links[SV["subscribe_google_link"]])
    assert (google.netloc, google.path) == ("calendar.google.com", "/calendar/r")
    assert parse_qs(google.query)["cid"] == [f"webcal://{site.split('://')[1]}/kalender.ics"]
    outlook = urlsplit(links[SV["subscribe_outlook_link"]])
    assert (outlook.netloc, outlook.path) == ("outlook.live.com", "/calendar/0/addfromweb")
    assert parse_qs(outlook.query)["url"] == [f"{site}/kalender.ics"] and parse_qs(outlook.query)["name"][0]
    assert links[SV["subscribe_webcal_link"]] == f"webcal://{site.split('://')[1]}/kalender.ics"
    small = page.evaluate("""() => [...document.querySelectorAll('article a, article button, article input')]
        .filter(n => n.checkVisibility() && !n.closest('p:not(.px-copy-field):not(.px-subscribe-links), li:not(.px-subscribe-buttons li)') || n.matches('.px-tap, .md-button, .px-copy'))
        .filter(n => n.checkVisibility() && !n.classList.contains('headerlink'))
        .map(n => { const r = n.getBoundingClientRect(); return {text: n.textContent.trim().slice(0, 30), w: r.width, h: r.height}; })
        .filter(r => r.w < 24 || r.h < 24)""")
    assert small == [], small
    site_tabs.put_back(page)


def test_without_the_script_the_addresses_are_plain_fields_and_no_dead_button(scriptless_tabs, served):
    page = scriptless_tabs.new_page()
    page.goto(f"{served}/kalender/prenumerera/")
    assert page.locator(".px-copy-button").count() == 2
    assert not any(b.is_visible() for b in page.locator(".px-copy-button").all())
    assert page.locator("#px-ics-url").is_visible() and page.input_value("#px-ics-url").endswith("/kalender.ics")
    scriptless_tabs.put_back(page)
