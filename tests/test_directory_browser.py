"""The member directory's filters and the e-mail links in a real browser (Debian's Chromium)."""

from __future__ import annotations

import pytest

from partnerskap.i18n import TRANSLATIONS

# `served` and `browser` come from conftest.py: the browser fails the test in CI without Chromium.
SV = TRANSLATIONS["sv"]


@pytest.fixture
def page(site_tabs):
    page = site_tabs.new_page()
    yield page
    site_tabs.put_back(page)


def visible_cards(page) -> list[str]:
    return page.eval_on_selector_all(
        ".px-card", "cards => cards.filter(c => c.offsetParent !== null).map(c => c.querySelector('.px-card__name').textContent.trim())"
    )


def test_the_script_shows_the_filters(page, served, members_data):
    page.goto(served + "/medlemmar/")
    assert page.locator("form[role=search]").is_visible()
    assert len(visible_cards(page)) == len(members_data["members"])


def test_without_the_script_the_whole_list_shows_and_no_filters(scriptless_tabs, served, members_data):
    page = scriptless_tabs.new_page()
    page.goto(served + "/medlemmar/")
    assert not page.locator("form[role=search]").is_visible()
    assert len(visible_cards(page)) == len(members_data["members"])
    scriptless_tabs.put_back(page)


def test_the_filters_take_their_place_before_the_first_paint(site_tabs, served):
    """The filters must not push the list down when the script runs (Lighthouse's layout shift)."""
    page = site_tabs.new_page(fresh=True)  # the init script stays with the tab
    page.set_viewport_size({"width": 375, "height": 800})
    page.add_init_script("""
        window.__shifts = 0;
        new PerformanceObserver(list => list.getEntries().forEach(e => { if (!e.hadRecentInput) window.__shifts += e.value; }))
          .observe({type: "layout-shift", buffered: true});
    """)
    page.goto(served + "/medlemmar/", wait_until="load")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__shifts") < 0.01
    page.close()


def test_choosing_a_sector_shows_only_its_members(page, served, members_data):
    page.goto(served + "/medlemmar/")
    page.select_option("select[name=sector]", "civil")
    expected = sorted(m["name"] for m in members_data["members"] if m["sector"] == "civil")
    assert expected and len(expected) < len(members_data["members"])
    assert sorted(visible_cards(page)) == expected
    status = SV["members_shown"].format(shown=len(expected), total=len(members_data["members"]))
    assert page.locator("[data-px-status]").inner_text() == status


def test_search_words_narrow_the_list_and_can_come_from_the_address(page, served, members_data):
    member = members_data["members"][0]
    page.goto(served + "/medlemmar/?q=" + member["name"].split()[0])
    assert page.locator("input[name=q]").input_value() == member["name"].split()[0]
    shown = visible_cards(page)
    assert member["name"] in shown and len(shown) < len(members_data["members"])


def test_a_search_without_match_says_so(page, served):
    page.goto(served + "/medlemmar/")
    page.fill("input[name=q]", "zzzzqqq")
    assert visible_cards(page) == []
    assert page.locator("[data-px-status]").inner_text() == SV["no_members_match"]


def test_the_script_joins_the_address_into_a_working_link(page, served, members_data):
    member = next(m for m in members_data["members"] if m.get("email"))
    page.goto(served + f"/medlemmar/{member['id']}/")
    link = page.locator(".px-facts [data-px-email] a")
    assert link.get_attribute("href") == "mailto:" + member["email"]
    assert link.inner_text() == member["email"]
