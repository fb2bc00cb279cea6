"""Composition, competence map, open data exports and the news feed, read back from the build."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import feedparser
import icalendar
from conftest import BUILD_EPOCH, parse_page, resolve, text_of

import datetime as dt

PRIVATE_KEYS = {"gender", "email", "phone"}


def all_keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in all_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in all_keys(v)}
    return set()


# --- Composition and competence map -----------------------------------------------------------

def test_sector_shares_add_up_to_the_seats_in_the_data(example_site, members_data):
    page = parse_page(example_site, "/partnerskapet/")
    sectors = {m["id"]: m["sector"] for m in members_data["members"]}
    labels = {"public": "Offentlig sektor", "private": "Privat sektor", "civil": "Ideell sektor"}
    voting = [g for g in members_data["groups"] if g.get("voting")]
    assert voting
    for group in voting:
        expected = Counter(
            sectors[p["member"]] for p in members_data["people"]
            for r in p.get("roles", []) if r["group"] == group["id"] and not r.get("deputy")
        )
        table = page.select_one(f'table[data-px-body="{group["id"]}"]')
        rows = {text_of(tr.th): int(text_of(tr.select("td")[0])) for tr in table.select("tbody tr")}
        assert rows == {labels[s]: expected.get(s, 0) for s in labels}
        assert int(text_of(table.select_one("tfoot td"))) == sum(expected.values())
        chart = table.find_previous_sibling("div", class_="px-bars")
        assert chart is not None and chart["role"] == "img" and len(chart.select(".px-bars__bar")) == 3


def test_municipalities_and_gender_are_counts(example_site, members_data):
    page = parse_page(example_site, "/partnerskapet/")
    counts = Counter(m["municipality"] for m in members_data["members"] if m.get("municipality"))
    rows = {text_of(tr.th): int(text_of(tr.td)) for tr in page.select("table[data-px-municipalities] tbody tr")}
    assert rows == dict(counts)
    gender = page.select_one("table[data-px-gender]")
    for tr in gender.select("tbody tr:not(.px-shares--hidden)"):  # hidden: too few to show
        numbers = [int(text_of(td)) for td in tr.select("td")]
        assert sum(numbers[:-1]) == numbers[-1]
    # Never a person's gender next to their name: the table has bodies as rows, not people.
    names = {p["name"] for p in members_data["people"]}
    assert not names & {text_of(tr.th) for tr in gender.select("tbody tr")}


def test_the_competence_map_lists_every_tie_and_only_the_ties(example_site, members_data):
    """A sentence for each person active in a member besides the one they represent, naming and
    linking both, in reading order; the others counted. Issue 18: a people x organisations grid
    grew with members squared, and a row for everyone made the page 2 MB at 5,000 members."""
    page = parse_page(example_site, "/partnerskapet/")
    members = {m["id"]: m["name"] for m in members_data["members"]}
    by_name = {text_of(li.strong): li for li in page.select("ul[data-px-competence] > li")}
    tied = [p for p in members_data["people"] if set(p.get("active_in", [])) - {p["member"]}]
    assert sorted(by_name) == sorted(p["name"] for p in tied)
    for person in tied:
        li = by_name[person["name"]]
        also = sorted(dict.fromkeys(m for m in person["active_in"] if m != person["member"]), key=lambda m: members[m].casefold())
        linked = [person["member"], *also]
        assert li.get_text() == f'{person["name"]}, företräder {members[person["member"]]}. Också aktiv i {", ".join(members[m] for m in also)}.'
        assert [resolve("/partnerskapet/", a["href"]) for a in li.select("a")] == [f"/medlemmar/{m}/" for m in linked]
    assert sum(len(li.select("a")) - 1 for li in by_name.values()) >= 10
    others = len(members_data["people"]) - len(tied)
    assert others and text_of(page.select_one("[data-px-competence-others]")).startswith(f"{others} personer är aktiva bara")
    assert page.select(".md-content svg") == []


# --- Open data ---------------------------------------------------------------------------------

def test_members_json_and_csv_round_trip_to_the_data(example_site, members_data, example_config):
    exported = json.loads((example_site / "medlemmar.json").read_text(encoding="utf-8"))
    by_id = {m["id"]: m for m in members_data["members"]}
    assert {m["id"] for m in exported["members"]} == set(by_id)
    for member in exported["members"]:
        source = by_id[member["id"]]
        for key in ("name", "sector", "group", "municipality", "website"):
            assert member[key] == source.get(key), (member["id"], key)
        assert member["joined"] == (str(source["joined"]) if source.get("joined") else None)
        assert member["url"] == f'{example_config["site_url"].rstrip("/")}/medlemmar/{member["id"]}/'
    people = {p["id"]: p for p in exported["people"]}
    for person in members_data["people"]:
        roles = [{"group": r["group"], "role": r["role"], "deputy": r.get("deputy", False)} for r in person.get("roles", [])]
        assert people[person["id"]]["roles"] == roles
    rows = list(csv.DictReader(io.StringIO((example_site / "medlemmar.csv").read_text(encoding="utf-8-sig"))))
    assert [r["id"] for r in rows] == sorted(by_id)
    assert all(r["name"] == by_id[r["id"]]["name"] for r in rows)


def test_exports_carry_no_private_field(example_site, members_data):
    for name in ("medlemmar.json", "kalender.json"):
        data = json.loads((example_site / name).read_text(encoding="utf-8"))
        assert not all_keys(data) & PRIVATE_KEYS, name
    header = (example_site / "medlemmar.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert not set(header) & PRIVATE_KEYS
    text = (example_site / "medlemmar.json").read_text(encoding="utf-8")
    for person in members_data["people"]:
        if person.get("email"):
            assert person["email"] not in text


def test_calendar_json_holds_the_published_events(example_site, example_repo):
    import yaml

    events = yaml.safe_load((example_repo / "events.yaml").read_text(encoding="utf-8"))["events"]
    now = dt.datetime.fromtimestamp(BUILD_EPOCH, dt.timezone.utc).date()
    published = {e["id"] for e in events if dt.date.fromisoformat(str(e["published"])) <= now}
    exported = json.loads((example_site / "kalender.json").read_text(encoding="utf-8"))
    assert {e["id"] for e in exported["events"]} == published
    by_id = {e["id"]: e for e in events}
    for event in exported["events"]:
        assert event["title"] == by_id[event["id"]]["title"]
        assert event["start"][:10] == str(by_id[event["id"]]["start"])[:10]
        # The UID as the event's calendar file has it, so that a hub reading this file (a source
        # of kind site) and its subscribers see one event: not spelled out as an e-mail address.
        own = icalendar.Calendar.from_ical((example_site / "kalender" / f"{event['id']}.ics").read_bytes())
        assert event["uid"] == str(own.walk("VEVENT")[0]["UID"])


# --- News --------------------------------------------------------------------------------------

def test_the_news_feed_parses_and_is_announced(example_site, example_repo):
    parsed = feedparser.parse((example_site / "nyheter" / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    posts = sorted((example_repo / "content" / "nyheter" / "posts").glob("*.md"))
    assert len(parsed.entries) == len(posts) >= 3
    dates = [e.published_parsed for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    for entry in parsed.entries:
        path = resolve("/", entry.link.split("://", 1)[1].split("/", 1)[1] and "/" + entry.link.split("://", 1)[1].split("/", 1)[1])
        assert parse_page(example_site, path).select_one("article h1") is not None
    heads = parse_page(example_site, "/").select('link[rel="alternate"][type="application/rss+xml"]')
    assert any(link["href"].endswith("nyheter/feed.xml") for link in heads)
