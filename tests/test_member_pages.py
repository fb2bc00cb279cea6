"""The member directory and the member pages of the example site, read as parsed HTML."""

from __future__ import annotations

import re
from collections import Counter

import lxml.etree

from conftest import page_tree, parse_page, resolve, text_of, tree_text
from partnerskap.i18n import TRANSLATIONS

SV = TRANSLATIONS["sv"]
DIRECTORY = "/medlemmar/"
SECTORS = {"public", "private", "civil"}


def member_path(member_id: str) -> str:
    return f"/medlemmar/{member_id}/"


def directory(site):
    root = parse_page(site, DIRECTORY).select_one("[data-px-directory]")
    assert root is not None, "the directory block is missing"
    return root


# --- The directory --------------------------------------------------------------------------------

def test_directory_links_every_member_by_name(example_site, members_data):
    links = {resolve(DIRECTORY, a["href"]): text_of(a) for a in directory(example_site).select(".px-card__name a[href]")}
    for member in members_data["members"]:
        assert links.get(member_path(member["id"])) == member["name"], member["id"]


def test_directory_lists_each_member_once(example_site, members_data):
    names = [text_of(h) for h in directory(example_site).select(".px-card__name")]
    assert Counter(names) == Counter(m["name"] for m in members_data["members"])


def test_directory_groups_have_headings_with_counts(example_site, members_data):
    expected = Counter(m.get("group") or SV["members"] for m in members_data["members"])
    headings = [text_of(h) for h in directory(example_site).select("section[data-px-group] > h2")]
    assert sorted(headings) == sorted(f"{group} ({count})" for group, count in expected.items())


def test_directory_filters_are_a_search_box_and_sector_and_municipality_selects(example_site, members_data):
    form = directory(example_site).select_one("form[role=search]")
    assert form is not None
    assert form.select_one("input[type=search]") is not None
    sectors = {o["value"] for o in form.select("select[name=sector] option") if o["value"]}
    assert sectors == SECTORS
    municipalities = {o["value"] for o in form.select("select[name=municipality] option") if o["value"]}
    assert municipalities == {m["municipality"] for m in members_data["members"] if m.get("municipality")}
    # Every field has a label a screen reader announces.
    for field in form.select("input, select"):
        assert form.select_one(f'label[for="{field["id"]}"]') is not None, field


def test_the_whole_list_stands_in_the_html_and_the_filters_wait_for_the_script(example_site, members_data):
    """Nothing is hidden in the HTML; the stylesheet shows the filters only under ``html.px-js``,
    which a script in <head> sets before the first paint (in a browser: test_directory_browser)."""
    root = directory(example_site)
    assert root.select("[hidden]") == []
    assert len(root.select(".px-card")) == len(members_data["members"])
    head_scripts = [s.get_text() for s in parse_page(example_site, "/medlemmar/").head.find_all("script", src=False)]
    assert any('classList.add("px-js")' in text for text in head_scripts)


# --- Member pages ---------------------------------------------------------------------------------

def test_each_member_page_has_one_h1_with_the_member_name(example_site, members_data):
    for member in members_data["members"]:
        h1s = parse_page(example_site, member_path(member["id"])).find_all("h1")
        assert [text_of(h) for h in h1s] == [member["name"]], member["id"]


def test_member_pages_are_not_in_the_navigation(example_site, members_data):
    member_pages = {member_path(m["id"]) for m in members_data["members"]}
    for member in members_data["members"]:
        here = member_path(member["id"])
        navs = parse_page(example_site, here).select("nav.md-nav")
        assert navs, "Material's navigation is missing"
        linked = {resolve(here, a["href"]) for nav in navs for a in nav.select("a[href]")}
        assert linked & (member_pages - {here}) == set(), here
        # The navigation itself is there: it links the directory.
        assert DIRECTORY in linked


def test_member_page_lists_its_representatives(example_site, members_data):
    for member in members_data["members"]:
        expected = sorted(p["name"] for p in members_data.get("people", []) if p["member"] == member["id"])
        page = parse_page(example_site, member_path(member["id"]))
        shown = sorted(text_of(s) for s in page.select("ul.px-people > li > strong"))
        assert shown == expected, member["id"]


# --- Things never shown ---------------------------------------------------------------------------

GENDER_WORDS = re.compile(r"\b(woman|women|kvinna|kvinnor|female)\b", re.IGNORECASE)


def page_paths(members_data) -> list[str]:
    return [member_path(m["id"]) for m in members_data["members"]] + [
        f"/partnerskapet/{g['id']}/" for g in members_data.get("groups", [])
    ]


def test_gender_is_never_shown_on_member_or_group_pages(example_site, members_data):
    people = members_data.get("people", [])
    assert any(p.get("gender") == "woman" for p in people), "the example should record some gender to test this"
    for path in page_paths(members_data):
        article = parse_page(example_site, path).select_one("article")
        assert article is not None, path
        assert not GENDER_WORDS.search(text_of(article)), path
        for tag in article.find_all(True):
            for value in tag.attrs.values():
                value = " ".join(value) if isinstance(value, list) else value
                assert not GENDER_WORDS.search(value), (path, tag.name, value)


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def emails_written(members_data) -> set[str]:
    entries = members_data["members"] + members_data.get("people", [])
    return {e["email"] for e in entries if e.get("email")}


def test_no_page_has_a_mailto_link_or_a_plain_address(example_site, members_data):
    addresses = emails_written(members_data)
    assert addresses, "the example should publish some address to test this"
    pages = sorted(example_site.rglob("*.html"))
    assert pages
    for path in pages:
        url_path = "/" + str(path.relative_to(example_site))
        tree = page_tree(example_site, url_path)
        for a in tree.xpath("//a[@href]"):
            assert not a.get("href").strip().lower().startswith("mailto:"), (url_path, a.get("href"))
        text = " ".join(tree_text(tree))
        assert not EMAIL.search(text), (url_path, EMAIL.search(text)[0])
        for tag in tree.iter(lxml.etree.Element):
            for value in tag.attrib.values():
                assert not any(address in value for address in addresses), (url_path, tag.tag, value)


def test_an_address_is_readable_for_people_without_script(example_site, members_data):
    for member in members_data["members"]:
        if not member.get("email"):
            continue
        user, _, domain = member["email"].partition("@")
        page = parse_page(example_site, member_path(member["id"]))
        shown = [text_of(node) for node in page.select("article [data-px-email]")]
        assert f"{user} [{SV['email_at']}] {domain}" in shown, member["id"]
