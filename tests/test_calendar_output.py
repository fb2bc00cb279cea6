"""The built calendar: pages, RSS and iCalendar, read back with the parsers clients use."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import yaml
from bs4 import BeautifulSoup
from conftest import read_yaml

ZONE = ZoneInfo("Europe/Stockholm")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def feeds(site: Path) -> list[Path]:
    return sorted([site / "kalender" / "feed.xml", *site.glob("kalender/kategori/*/feed.xml")])


def calendars(site: Path) -> list[Path]:
    return sorted(site.glob("**/*.ics"))


def example_events(repo: Path) -> list[dict]:
    return read_yaml(repo / "events.yaml")["events"]


def vevents(path: Path) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def the_event(site: Path, event_id: str) -> icalendar.Event:
    (event,) = vevents(site / "kalender" / f"{event_id}.ics")
    return event


# --- RSS ---------------------------------------------------------------------------------------

def test_every_feed_parses_cleanly(example_site):
    found = feeds(example_site)
    assert len(found) >= 4
    for path in found:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "rss20"
        assert parsed.entries, path
        for entry in parsed.entries:
            assert entry.published_parsed is not None, (path, entry.title)
            assert entry.link.startswith("https://"), entry.link


def test_feed_channel_and_self_link(example_site, example_config):
    parsed = feedparser.parse((example_site / "kalender" / "feed.xml").read_bytes())
    site_url = example_config["site_url"].rstrip("/")
    assert parsed.feed.link == f"{site_url}/kalender/"
    self_links = [l.href for l in parsed.feed.links if l.rel == "self"]
    assert self_links == [f"{site_url}/kalender/feed.xml"]
    # lastBuildDate is the build's "now" (SOURCE_DATE_EPOCH), not the clock.
    assert parsed.feed.updated_parsed[:3] == dt.datetime.fromtimestamp(BUILD_EPOCH, dt.timezone.utc).timetuple()[:3]


def test_feed_items_are_newest_announcement_first_with_dated_titles(example_site, example_repo):
    parsed = feedparser.parse((example_site / "kalender" / "feed.xml").read_bytes())
    published = [e.published_parsed for e in parsed.entries]
    assert published == sorted(published, reverse=True)
    by_id = {e["id"]: e for e in example_events(example_repo)}
    imported = {str(e["UID"]) for path in (example_repo / "kalenderkopior").glob("*.data")
                for e in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    for entry in parsed.entries:
        # tag:host,2026:kalender/feed.xml#<event id>, and a notice of a change #<event id>/<state>;
        # an event of a member's calendar has its source's UID there instead of an id.
        key = entry.id.split("#", 1)[1].split("/")[0]
        if key in imported:
            continue
        event = by_id[key]
        start = dt.date.fromisoformat(str(event["start"])[:10])
        assert str(start.year) in entry.title and str(start.day) in entry.title, entry.title
        if event.get("status") == "cancelled":
            assert entry.title.startswith("INSTÄLLT"), entry.title


def test_unpublished_events_appear_nowhere(example_site, example_repo):
    now = dt.datetime.fromtimestamp(BUILD_EPOCH, dt.timezone.utc).date()
    hidden = [e for e in example_events(example_repo) if dt.date.fromisoformat(str(e["published"])) > now]
    assert hidden, "the example should hold an event announced after the build's now"
    everything = " ".join(p.read_text(encoding="utf-8") for p in [*feeds(example_site), *calendars(example_site)])
    sitemap = (example_site / "sitemap.xml").read_text(encoding="utf-8")
    search = json.loads((example_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {doc["title"] for doc in search["docs"]}
    for event in hidden:
        assert not (example_site / "kalender" / event["id"]).exists()
        assert event["id"] not in everything
        assert f"/kalender/{event['id']}/" not in sitemap
        assert event["title"] not in titles


# --- iCalendar ---------------------------------------------------------------------------------

def test_every_calendar_file_reads_without_errors(example_site):
    found = calendars(example_site)
    assert (example_site / "kalender.ics") in found
    for path in found:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        assert calendar.errors == [] if hasattr(calendar, "errors") else True
        for event in calendar.walk("VEVENT"):
            assert not event.errors, (path, event.errors)
            # An event of a member's calendar has the address its source gave it, if any.
            own = str(event["UID"]).endswith("@lluh.example.se")
            for key in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", *(["URL"] if own else [])):
                assert key in event, (path, key)


def test_the_subscribable_calendar_asks_clients_to_refresh(example_site):
    calendar = icalendar.Calendar.from_ical((example_site / "kalender.ics").read_bytes())
    assert calendar["X-WR-CALNAME"]
    assert calendar["REFRESH-INTERVAL"].dt == dt.timedelta(hours=12)
    assert calendar["X-PUBLISHED-TTL"] == "PT12H"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]


def test_uids_are_the_event_id_at_the_site_host(example_site, example_repo, example_config):
    host = example_config["site_url"].split("://")[1].split("/")[0]
    uids = {str(e["UID"]) for e in vevents(example_site / "kalender.ics")}
    ids = {e["id"] for e in example_events(example_repo) if dt.date.fromisoformat(str(e["published"])) <= dt.date(2026, 11, 18)}
    # A repeat that meets a clock change has one VEVENT per run between changes (calcurse needs
    # it): the first keeps the event's UID, the others add the date of their first repetition.
    runs = {uid for uid in uids if uid.removesuffix(f"@{host}") not in ids}
    assert uids - runs == {f"{i}@{host}" for i in ids}
    assert {re.sub(r"-\d{8}@", "@", uid) for uid in runs} <= uids


def test_eleven_oclock_in_summer_and_winter_has_the_right_utc_instant(example_site, example_repo):
    timed = [e for e in example_events(example_repo) if len(str(e["start"])) > 10 and str(e["start"]).endswith("11:00")]
    winter = next(e for e in timed if str(e["start"])[5:7] in {"01", "02", "12"})
    summer = next(e for e in timed if str(e["start"])[5:7] in {"05", "06", "08", "09"})
    utc = lambda event_id: the_event(example_site, event_id)["DTSTART"].dt.astimezone(dt.timezone.utc)
    assert utc(winter["id"]).hour == 10
    assert utc(summer["id"]).hour == 9


def test_an_all_day_three_day_event_spans_exactly_three_dates(example_site, example_repo):
    multi = [e for e in example_events(example_repo) if len(str(e["start"])) == 10 and "end" in e and str(e["end"]) != str(e["start"])]
    three = next(e for e in multi if (dt.date.fromisoformat(str(e["end"])) - dt.date.fromisoformat(str(e["start"]))).days == 2)
    event = the_event(example_site, three["id"])
    start, end = event["DTSTART"].dt, event["DTEND"].dt
    assert type(start) is dt.date and type(end) is dt.date
    assert event["DTSTART"].params.get("VALUE", "DATE") == "DATE"
    assert (end - start).days == 3  # DTEND is exclusive


def test_a_cancelled_event_is_cancelled_in_the_calendar_and_on_its_page(example_site, example_repo):
    cancelled = [e for e in example_events(example_repo) if e.get("status") == "cancelled"]
    assert cancelled
    for event in cancelled:
        assert the_event(example_site, event["id"])["STATUS"] == "CANCELLED"
        page = soup(example_site / "kalender" / event["id"] / "index.html")
        banner = page.select_one(".px-banner--cancelled")
        assert banner is not None and "Inställt" in banner.get_text()


def test_a_repeating_event_has_its_rule_and_exceptions(example_site, example_repo):
    repeating = [e for e in example_events(example_repo) if "repeat" in e]
    assert repeating
    for event in repeating:
        components = vevents(example_site / "kalender" / f"{event['id']}.ics")
        for component in components:
            assert component["RRULE"]["FREQ"] == [event["repeat"]["rule"].split("FREQ=")[1].split(";")[0]]
        if event["repeat"].get("until"):
            until = dt.date.fromisoformat(str(event["repeat"]["until"]))
            last = max(c["RRULE"]["UNTIL"][0] for c in components)
            assert until - dt.timedelta(days=31) <= last.date() <= until + dt.timedelta(days=1)
        excluded = {
            d.dt.date() if isinstance(d.dt, dt.datetime) else d.dt
            for c in components if "EXDATE" in c for d in c["EXDATE"].dts
        }
        assert excluded == {dt.date.fromisoformat(str(d)) for d in event["repeat"].get("except", [])}


# --- Pages -------------------------------------------------------------------------------------

def test_event_pages_carry_schema_org_event(example_site, example_repo):
    for event in example_events(example_repo)[:10]:
        path = example_site / "kalender" / event["id"] / "index.html"
        if not path.exists():
            continue
        (script,) = soup(path).select('script[type="application/ld+json"]')
        data = json.loads(script.string)
        assert data["@type"] == "Event" and data["name"] == event["title"]
        assert data["eventStatus"].startswith("https://schema.org/Event")
        if len(str(event["start"])) > 10:
            assert dt.datetime.fromisoformat(data["startDate"]).utcoffset() is not None


def test_every_page_announces_the_feed(example_site):
    for path in [example_site / "index.html", example_site / "medlemmar" / "index.html", example_site / "kalender" / "index.html"]:
        links = soup(path).select('link[rel="alternate"][type="application/rss+xml"]')
        assert links, path


def test_the_calendar_lists_upcoming_events_by_month_with_swedish_times(example_site):
    page = soup(example_site / "kalender" / "index.html")
    months = page.select("[data-px-month]")
    assert months
    times = [t.get_text() for t in page.select(".px-event__when time")]
    assert any(", kl. " in text for text in times), times
    instants = [dt.datetime.fromisoformat(li["data-px-ends"]) for li in page.select("[data-px-ends]")]
    now = dt.datetime.fromtimestamp(BUILD_EPOCH, dt.timezone.utc)
    assert instants and all(i > now for i in instants)


def test_category_pages_exist_without_javascript(example_site):
    chips = soup(example_site / "kalender" / "index.html").select(".px-chips a")
    assert len(chips) >= 3
    for chip in chips[1:]:
        target = (example_site / "kalender" / chip["href"]).resolve() / "index.html"
        assert target.exists(), chip["href"]


def test_the_home_page_shows_the_next_three_events(example_site):
    items = soup(example_site / "index.html").select(".px-home-events [data-px-ends]")
    visible = [i for i in items if not i.has_attr("hidden")]
    assert len(visible) == 3
    starts = [i.select_one("time")["datetime"] for i in visible]
    assert starts == sorted(starts)


BUILD_EPOCH = 1795000000


# --- Stability ---------------------------------------------------------------------------------

def test_guids_and_subscriptions_do_not_change_when_the_file_is_shuffled(example_site, example_repo, tmp_path):
    """Reordering events.yaml, or building again, changes no guid, UID or byte of a feed."""
    import random

    from conftest import HOOKS, run_build

    data = read_yaml(example_repo / "events.yaml")
    shuffled = list(data["events"])
    random.Random(5).shuffle(shuffled)
    assert [e["id"] for e in shuffled] != [e["id"] for e in data["events"]]
    project = tmp_path / "shuffled"
    project.mkdir()
    (project / "events.yaml").write_text(
        yaml.safe_dump({"series": data["series"], "events": shuffled}, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    (project / "members.yaml").write_bytes((example_repo / "members.yaml").read_bytes())
    shutil.copytree(example_repo / "kalenderkopior", project / "kalenderkopior")
    (project / "mkdocs.yml").write_text(
        f"INHERIT: {example_repo / 'mkdocs.yml'}\n"
        f"docs_dir: {example_repo / 'content'}\n"
        f"hooks:\n  - {HOOKS / 'mkdocs_hooks.py'}\n"
        f"theme:\n  custom_dir: {example_repo / 'overrides'}\n",
        encoding="utf-8",
    )
    rebuilt = run_build(project / "mkdocs.yml", project / "site")
    assert rebuilt.returncode == 0, rebuilt.log

    def guids(site: Path) -> list[str]:
        return [e.id for e in feedparser.parse((site / "kalender" / "feed.xml").read_bytes()).entries]

    assert guids(rebuilt.site) == guids(example_site)
    for path in [*feeds(example_site), *calendars(example_site)]:
        relative = path.relative_to(example_site)
        assert (rebuilt.site / relative).read_bytes() == path.read_bytes(), relative
