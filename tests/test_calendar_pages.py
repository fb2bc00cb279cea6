"""The calendar's pages, parsed: month grids, archive, series, event pages, subscribe page."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

from conftest import BUILD_EPOCH, css_class, page_tree, parse_page, resolve, text_of

NOW = dt.datetime.fromtimestamp(BUILD_EPOCH, dt.timezone.utc)


def events(calendar: dict) -> dict[str, dict]:
    """The events of events.yaml (conftest's ``events_data``) that are published at the build's time."""
    return {e["id"]: e for e in calendar["events"] if dt.date.fromisoformat(str(e["published"])) <= NOW.date()}


def test_every_month_with_events_has_a_grid_linked_to_its_neighbours(example_site, events_data):
    months = sorted({str(e["start"])[:7] for e in events(events_data).values() if "repeat" not in e})
    for month in months:
        year, number = month.split("-")
        page = parse_page(example_site, f"/kalender/{year}/{number}/")
        grid = page.select_one("table.px-grid")
        assert grid is not None and len(grid.select("thead th")) == 7
        assert all(len(row.select("td")) == 7 for row in grid.select("tbody tr"))
    first, last = months[0].split("-"), months[-1].split("-")
    assert parse_page(example_site, f"/kalender/{first[0]}/{first[1]}/").select_one('a[rel="prev"]') is None
    assert parse_page(example_site, f"/kalender/{last[0]}/{last[1]}/").select_one('a[rel="next"]') is None
    middle = months[len(months) // 2].split("-")
    page_path = f"/kalender/{middle[0]}/{middle[1]}/"
    page = parse_page(example_site, page_path)
    for rel in ("prev", "next"):
        target = resolve(page_path, page.select_one(f'a[rel="{rel}"]')["href"])
        assert parse_page(example_site, target).select_one("table.px-grid") is not None


def test_each_month_grid_is_the_months_whole_weeks_from_monday(example_site):
    grids = sorted((example_site / "kalender").glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/index.html"))
    assert len(grids) > 12
    for grid in grids:
        year, number = int(grid.parent.parent.name), int(grid.parent.name)
        grid = f"//table[{css_class('px-grid')}]"
        page = page_tree(example_site, f"/kalender/{year}/{number:02d}/")
        assert [abbr.get("title") for abbr in page.xpath(f"{grid}//thead//th//abbr")][::6] == ["måndag", "söndag"]
        days = []
        for row in page.xpath(f"{grid}//tbody//tr"):
            cells = row.xpath(".//td")
            dated = [(column, dt.date.fromisoformat(cell.get("data-px-date"))) for column, cell in enumerate(cells) if cell.get("data-px-date") is not None]
            assert len(cells) == 7 and dated, f"{year}-{number}: a week without a day of the month"
            assert all(day.weekday() == column for column, day in dated), f"{year}-{number}: a day in another weekday's column"
            days.extend(day for _, day in dated)
        first = dt.date(year, number, 1)
        assert days == [first + dt.timedelta(days=n) for n in range(len(days))]
        assert (days[-1] + dt.timedelta(days=1)).month != number, f"{year}-{number}: days missing at the end"


def test_a_repeating_event_is_in_every_month_it_occurs_but_not_on_its_exceptions(example_site, events_data):
    aw = next(e for e in events(events_data).values() if "repeat" in e)
    start = dt.date.fromisoformat(str(aw["start"])[:10])
    until = dt.date.fromisoformat(str(aw["repeat"]["until"]))
    skipped = {dt.date.fromisoformat(str(d)) for d in aw["repeat"].get("except", [])}
    day, seen = start, 0
    while day <= until:
        page_path = f"/kalender/{day.year}/{day.month:02d}/"
        grid_page = example_site / page_path.strip("/") / "index.html"
        cells = parse_page(example_site, page_path).select("td.px-grid__day--busy") if grid_page.exists() else []
        links = [a for cell in cells for a in cell.select("a") if a["href"].rstrip("/").endswith(aw["id"])]
        first_thursday = next(day.replace(day=d) for d in range(1, 8) if day.replace(day=d).weekday() == 3)
        if first_thursday in skipped:
            assert links == [], first_thursday
        else:
            assert len(links) == 1, first_thursday
            seen += 1
        day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    assert seen >= 5


def test_the_archive_lists_past_events_by_year(example_site, events_data):
    past = [e for e in events(events_data).values() if "repeat" not in e and str(e.get("end", e["start"]))[:10] < NOW.date().isoformat()]
    archive = parse_page(example_site, "/kalender/arkiv/")
    years = {a.get_text(strip=True) for a in archive.select(".px-years a")}
    assert years == {str(e["start"])[:4] for e in past}
    for event in past:
        year_page = parse_page(example_site, f"/kalender/arkiv/{str(event['start'])[:4]}/")
        hrefs = [resolve(f"/kalender/arkiv/{str(event['start'])[:4]}/", a["href"]) for a in year_page.select(".px-event__title a")]
        assert f"/kalender/{event['id']}/" in hrefs


def test_a_series_page_lists_its_events_and_each_event_links_back(example_site, events_data):
    in_series = [e for e in events(events_data).values() if e.get("series") == "rsp-webinarier-2019"]
    assert len(in_series) == 5
    page_path = "/kalender/serie/rsp-webinarier-2019/"
    listed = {resolve(page_path, a["href"]) for a in parse_page(example_site, page_path).select(".px-event__title a")}
    assert listed == {f"/kalender/{e['id']}/" for e in in_series}
    for event in in_series:
        event_path = f"/kalender/{event['id']}/"
        links = [resolve(event_path, a["href"]) for a in parse_page(example_site, event_path).select(".px-facts a")]
        assert page_path in links


def test_an_event_page_shows_its_programme_with_speakers_linked_to_members(example_site, events_data, members_data):
    event = events(events_data)["aktorssamverkan-2019-02-06"]
    page_path = f"/kalender/{event['id']}/"
    page = parse_page(example_site, page_path)
    assert text_of(page.select_one("article h1")) == event["title"]
    assert text_of(page.select_one(".px-facts time")) == "onsdag 6 februari 2019, kl. 11.00–12.00"
    items = page.select(".px-programme > li")
    assert len(items) == len(event["programme"])
    member_ids = {m["id"] for m in members_data["members"]}
    for item, source in zip(items, event["programme"]):
        for speaker, spoken in zip(item.select(".px-programme__speakers li"), source.get("speakers", [])):
            assert spoken["name"] in text_of(speaker)
            link = speaker.select_one("a")
            if spoken.get("organisation") in member_ids:
                assert resolve(page_path, link["href"]) == f"/medlemmar/{spoken['organisation']}/"
            else:
                assert link is None
    documents = [a["href"] for a in page.select('section[aria-labelledby="px-documents"] a')]
    assert documents == [d["url"] for d in event["documents"]]


def test_organisers_are_linked_to_their_member_pages(example_site, events_data):
    for event in events(events_data).values():
        if not event.get("organisers"):
            continue
        page_path = f"/kalender/{event['id']}/"
        hrefs = {resolve(page_path, a["href"]) for a in parse_page(example_site, page_path).select(".px-facts a")}
        assert {f"/medlemmar/{m}/" for m in event["organisers"]} <= hrefs


def test_registration_is_open_before_the_deadline_and_closed_after(example_site, events_data):
    with_registration = [e for e in events(events_data).values() if e.get("registration", {}).get("deadline")]
    opened = closed = 0
    for event in with_registration:
        section = parse_page(example_site, f"/kalender/{event['id']}/").select_one(".px-registration")
        button = section.select_one("a.md-button")
        deadline = dt.date.fromisoformat(str(event["registration"]["deadline"])[:10])
        if deadline >= NOW.date() and event.get("status", "scheduled") == "scheduled":
            assert button is not None and button["href"] == event["registration"]["url"]
            opened += 1
        else:
            assert button is None and "stängd" in text_of(section)
            closed += 1
    assert opened and closed


def test_add_to_calendar_offers_the_events_ics_and_google(example_site, events_data):
    event = events(events_data)["lokalt-kapital-2027-01-20"]  # upcoming at the build's time
    page_path = f"/kalender/{event['id']}/"
    links = parse_page(example_site, page_path).select('section[aria-labelledby="px-add"] a')
    ics = resolve(page_path, links[0]["href"])
    assert ics == f"/kalender/{event['id']}.ics" and (example_site / ics.lstrip("/")).is_file()
    google = urlsplit(links[1]["href"])
    assert google.netloc == "calendar.google.com"
    query = parse_qs(google.query)
    assert query["text"] == [event["title"]]
    assert query["dates"] == ["20270120T110000Z/20270120T120000Z"]


def test_an_event_that_has_ended_says_so_and_offers_no_add_to_calendar(example_site, events_data):
    """Nor does a postponed or cancelled one: only a scheduled event still to come is worth adding."""
    checked = set()
    for event in events(events_data).values():
        page = parse_page(example_site, f"/kalender/{event['id']}/")
        ended = event["id"] == "aktorssamverkan-2019-02-06"
        status = event.get("status", "scheduled")
        if ended or status != "scheduled":
            assert page.select_one('section[aria-labelledby="px-add"]') is None, event["id"]
            checked.add("ended" if ended else status)
        if ended:
            banner = page.select_one(".px-banner--ended")
            assert banner is not None and not banner.has_attr("hidden") and text_of(banner) == "Evenemanget har redan ägt rum."
    assert checked == {"ended", "cancelled", "postponed"}


def test_a_postponed_event_says_so(example_site, events_data):
    postponed = [e for e in events(events_data).values() if e.get("status") == "postponed"]
    assert postponed
    for event in postponed:
        banner = parse_page(example_site, f"/kalender/{event['id']}/").select_one(".px-banner--postponed")
        assert banner is not None and "Uppskjutet" in text_of(banner)


def test_members_only_events_are_marked_in_lists(example_site, events_data):
    members_only = {f"/kalender/{i}/" for i, e in events(events_data).items() if e.get("audience") == "members"}
    page = parse_page(example_site, "/kalender/")
    marked = 0
    for item in page.select(".px-event"):
        target = resolve("/kalender/", item.select_one(".px-event__title a")["href"])
        if target in members_only:
            assert "Endast för medlemmar" in text_of(item.select_one(".px-event__meta"))
            marked += 1
    assert marked


def test_the_subscribe_page_explains_feed_and_calendar_with_webcal(example_site, example_config):
    page = parse_page(example_site, "/kalender/prenumerera/")
    site = example_config["site_url"].rstrip("/")
    hrefs = [a["href"] for a in page.select("article a")]
    assert f"webcal://{site.split('://')[1]}/kalender.ics" in hrefs
    assert f"{site}/kalender/feed.xml" in hrefs
    assert any(h.endswith("/kalender/kategori/webbinarium.ics") and h.startswith("webcal://") for h in hrefs)  # in the site's language
    assert page.select_one("#px-ics-url")["value"] == f"{site}/kalender.ics"
    nav_links = [a["href"] for a in parse_page(example_site, "/").select("nav.md-nav a")]
    assert any("prenumerera" in h for h in nav_links)
