"""The calendar in a real browser (Debian's Chromium through Playwright)."""

from __future__ import annotations

import datetime as dt

from conftest import BUILD_EPOCH

# `served` and the tabs come from conftest.py: the browser fails the test in CI without Chromium.
BUILD_TIME = dt.datetime.fromtimestamp(BUILD_EPOCH, tz=dt.timezone.utc)


def visible_events(page) -> list[str]:
    return page.eval_on_selector_all(
        ".px-home-events [data-px-ends]", "items => items.filter(i => !i.hidden).map(i => i.dataset.pxEnds)"
    )


def test_the_home_page_hides_events_that_ended_after_the_build(served, clock_tabs):
    page = clock_tabs.new_page()
    page.clock.set_fixed_time(BUILD_TIME)  # the reader's today is the build's
    page.goto(served + "/")
    at_build = visible_events(page)
    assert len(at_build) == 3
    # A visitor who reads the page after the first listed event has ended:
    later = dt.datetime.fromisoformat(at_build[0]) + dt.timedelta(minutes=1)
    page.clock.set_fixed_time(later)
    page.reload()
    after = visible_events(page)
    assert len(after) == 3
    assert at_build[0] not in after and after[:2] == at_build[1:]
    clock_tabs.put_back(page)


def test_the_month_grid_fits_a_phone(served, site_tabs, example_site):
    page = site_tabs.new_page()
    page.set_viewport_size({"width": 375, "height": 800})
    months = sorted(p.parent.relative_to(example_site).as_posix() for p in example_site.glob("kalender/[0-9][0-9][0-9][0-9]/[0-9][0-9]/index.html"))
    assert months
    for month in months[-6:]:
        page.goto(f"{served}/{month}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, month
        # On a phone the busy days are listed with their full date.
        labels = page.eval_on_selector_all(".px-grid__day--busy .px-grid__number .px-sr-only", "n => n.map(x => x.offsetWidth)")
        # A month without events has its page too, and says so.
        assert (labels and all(width > 0 for width in labels)) or page.locator(".px-month__empty").is_visible(), month
    site_tabs.put_back(page)
