"""The bodies (LAG, board, ...): every seat of members.yaml on its group page, and sector shares."""

from __future__ import annotations

from collections import Counter

from conftest import parse_page, resolve, text_of
from partnerskap.i18n import TRANSLATIONS

SV = TRANSLATIONS["sv"]


def group_path(group_id: str) -> str:
    return f"/partnerskapet/{group_id}/"


def expected_seats(members_data, group_id: str, deputy: bool) -> Counter:
    """(role, person, organisation) of every seat in the group, read from members.yaml."""
    names = {m["id"]: m["name"] for m in members_data["members"]}
    seats = Counter()
    for person in members_data.get("people", []):
        for seat in person.get("roles") or []:
            if seat["group"] == group_id and bool(seat.get("deputy", False)) == deputy:
                seats[(seat["role"], person["name"], names[person["member"]])] += 1
    return seats


def seats_table(page, label: str, group_name: str):
    """The seats table whose caption is "<label>, <group name>", or None."""
    for table in page.select("table.px-seats"):
        if text_of(table.caption) == f"{label}, {group_name}":
            return table
    return None


def rows_of(table, page_path: str) -> Counter:
    rows = Counter()
    for tr in table.select("tbody tr"):
        role, organisation = tr.find_all("td")
        person = next(tr.find("th").stripped_strings)
        link = organisation.find("a")
        assert resolve(page_path, link["href"]).startswith("/medlemmar/"), link
        rows[(text_of(role), person, text_of(link))] += 1
    return rows


def test_every_group_has_a_page_with_its_name_as_h1(example_site, members_data):
    assert members_data.get("groups"), "the example should have bodies"
    for group in members_data["groups"]:
        h1s = parse_page(example_site, group_path(group["id"])).find_all("h1")
        assert [text_of(h) for h in h1s] == [group["name"]]


def test_group_pages_list_every_ordinary_seat(example_site, members_data):
    for group in members_data["groups"]:
        page = parse_page(example_site, group_path(group["id"]))
        expected = expected_seats(members_data, group["id"], deputy=False)
        table = seats_table(page, SV["ordinary_seats"], group["name"])
        assert (rows_of(table, group_path(group["id"])) if table else Counter()) == expected, group["id"]


def test_deputies_are_in_a_table_of_their_own(example_site, members_data):
    with_deputies = 0
    for group in members_data["groups"]:
        page = parse_page(example_site, group_path(group["id"]))
        expected = expected_seats(members_data, group["id"], deputy=True)
        table = seats_table(page, SV["deputy_seats"], group["name"])
        assert (rows_of(table, group_path(group["id"])) if table else Counter()) == expected, group["id"]
        with_deputies += bool(expected)
    assert with_deputies, "the example should have deputies somewhere to test this"


def test_voting_groups_show_sector_shares_adding_up_to_the_ordinary_seats(example_site, members_data):
    sector_of = {m["id"]: m["sector"] for m in members_data["members"]}
    person_sector = {p["id"]: sector_of[p["member"]] for p in members_data.get("people", [])}
    voting = [g for g in members_data["groups"] if g.get("voting")]
    assert voting, "the example should have a voting body"
    for group in voting:
        ordinary = Counter(
            person_sector[p["id"]]
            for p in members_data["people"]
            for seat in p.get("roles") or []
            if seat["group"] == group["id"] and not seat.get("deputy", False)
        )
        total = sum(ordinary.values())
        table = parse_page(example_site, group_path(group["id"])).select_one("table.px-shares")
        assert table is not None, group["id"]
        shown = {}
        for tr in table.select("tbody tr"):
            seats, of = (int(n) for n in text_of(tr.find("td")).split("/"))
            assert of == total
            shown[text_of(tr.find("th"))] = seats
        assert sum(shown.values()) == total
        assert shown == {SV[f"sector_{s}"]: ordinary.get(s, 0) for s in ("public", "private", "civil")}


def test_non_voting_groups_show_no_sector_shares(example_site, members_data):
    for group in members_data["groups"]:
        if not group.get("voting"):
            assert parse_page(example_site, group_path(group["id"])).select_one("table.px-shares") is None


def test_the_partnership_page_links_every_group(example_site, members_data):
    page = parse_page(example_site, "/partnerskapet/")
    links = {resolve("/partnerskapet/", a["href"]): text_of(a) for a in page.select("article a[href], .md-content a[href]")}
    for group in members_data["groups"]:
        assert links.get(group_path(group["id"])) == group["name"]
