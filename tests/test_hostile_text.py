"""Hostile text in every place staff or settings can write it: nothing in the built site runs.

One site is built with every payload of issue 12 in it (descriptions, titles, front matter,
settings, registration links, e-mail autolinks, member names in the CSV); each test looks at one
class of payload in the parsed output, and one looks at everything the site publishes.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import HOOKS, REPO, page_tree, run_build, text_of
from hostile import MARKER, active_parts, parse_markup, scheme_of, site_problems

ATTRIBUTES = """\
## Rubrik {: tabindex="1" autofocus onfocus="alert(3)" }

![bild](img/karta.png){: onerror="alert(4)" }

<div markdown="1" onclick="alert(7)">*md i html*</div>
"""

LINKS = """\
[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](&#106;avascript:alert(1))
[d](java&#9;script:alert(1)) [e](data:text/html,alert(1)) [f](vbscript:alert(1))
[g][ref] ![h][img] [i](<java
script:alert(1)>) ![j](https://tracker.example.net/pixel.png)

[Bli medlem](om/bli-medlem.md) och [Region Halland](https://www.regionhalland.se).

[ref]: javascript:alert(5)
[img]: javascript:alert(6)
"""

EMAIL = """\
Skriv till <anna.berg@example.se> eller till kansliet@example.se.
"""

MEMBERS = """\
members:
  - id: attribut
    name: Attribut
    sector: civil
    description: |
{attributes}
  - id: lankar
    name: Länkar
    sector: civil
    description: |
{links}
  - id: post
    name: Post
    sector: civil
    description: |
{email}
  - id: formel
    name: "=HYPERLINK(\\"https://evil.example\\";\\"klicka\\")"
    sector: private
    municipality: "@SUM(1+1)"
  - id: minus
    name: "-2+3"
    sector: private
    municipality: "+46"
people: []
groups: []
""".format(
    attributes=textwrap.indent(ATTRIBUTES, " " * 6),
    links=textwrap.indent(LINKS, " " * 6),
    email=textwrap.indent(EMAIL, " " * 6),
)

EVENTS = """\
events:
  - id: kommentar
    title: "Möte <!--<script>"
    category: meeting
    start: 2027-03-10 09:30
    end: 2027-03-10 12:00
    published: 2026-11-01
    summary: "Sammanfattning </script><script>alert(8)</script> av info@example.se"
    registration:
      url: mailto:anmalan@example.se
    description: |
{links}
""".format(links=textwrap.indent(LINKS, " " * 6))

PROJECT = """\
---
title: "Projekt </title><script>alert(9)</script>"
summary: "Sammanfattning"
description: '"><script>alert(10)</script>'
status: active
start: 2026-01-01
---

Projektets egen text.
"""

NEWS = """\
---
date: 2026-11-01
slug: nyhet
title: "Nyhet & <px-probe>"
description: "Om <b>oss</b> & er"
---
# Nyhet

Text.
"""

CONFIG = f"""\
INHERIT: {REPO / "mkdocs.yml"}
site_name: "Förening <img src=x onerror=alert(11)>"
site_description: '"><script>alert(12)</script>'
copyright: "<script>alert(13)</script> Föreningen"
hooks:
  - {HOOKS / "mkdocs_hooks.py"}
theme:
  custom_dir: {REPO / "overrides"}
  language: sv
nav:
  - "Start <script>alert(14)</script>": index.md
  - "Om <img src=x onerror=alert(15)>":
      - om/bli-medlem.md
  - "Extern <b>länk</b>": https://example.se/
extra:
  partnership:
    accessibility: null
    join_page: null
    contact_page: null
    share_image: null
    sources: []
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    (root / "content" / "om").mkdir(parents=True)
    (root / "content" / "projekt").mkdir()
    (root / "content" / "img").mkdir()
    (root / "content" / "index.md").write_text("# Välkommen\n\nFöreningens startsida.\n", encoding="utf-8")
    (root / "content" / "om" / "bli-medlem.md").write_text("# Bli medlem\n\nSå blir du medlem.\n", encoding="utf-8")
    (root / "content" / "projekt" / "projektet.md").write_text(PROJECT, encoding="utf-8")
    (root / "content" / "img" / "karta.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "content" / "nyheter" / "posts").mkdir(parents=True)
    (root / "content" / "nyheter" / "index.md").write_text("# Nyheter\n", encoding="utf-8")
    (root / "content" / "nyheter" / "posts" / "nyhet.md").write_text(NEWS, encoding="utf-8")
    (root / "members.yaml").write_text(MEMBERS, encoding="utf-8")
    (root / "events.yaml").write_text(EVENTS, encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    build = run_build(root / "mkdocs.yml", root / "site")
    assert build.returncode == 0, build.log
    return build


def article(site, url):
    return site.page(url).select_one("article.md-content__inner")


# --- 1. Attributes from Markdown ---------------------------------------------------------------

def test_attribute_lists_in_a_description_make_no_attributes(site):
    body = article(site, "/medlemmar/attribut/")
    heading = body.find("h2", string=lambda s: s and "Rubrik" in s) or body.find("h2")
    assert heading is not None
    assert not any(name.startswith("on") or name in ("autofocus", "tabindex") for name in heading.attrs)
    assert body.find(attrs={"onerror": True}) is None and body.find(attrs={"onclick": True}) is None
    assert body.find("div", attrs={"markdown": True}) is None
    assert active_parts(page_tree(site.site, "/medlemmar/attribut/"), "member page") == []


def test_a_local_image_in_a_description_points_into_the_site(site):
    images = article(site, "/medlemmar/attribut/").find_all("img", alt="bild")
    assert [img["src"] for img in images] == ["../../img/karta.png"]


# --- 2. Dangerous links ------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/medlemmar/lankar/", "/kalender/kommentar/"])
def test_no_link_or_image_runs_script(site, url):
    body = article(site, url)
    for element in body.find_all(["a", "img"]):
        target = element.get("href") or element.get("src") or ""
        assert scheme_of(target) in {"", "http", "https", "mailto", "webcal"}, element
    texts = {a.get_text(): a.get("href") for a in body.find_all("a")}
    for label in "abcdefgi":
        assert texts[label] is None, (label, texts[label])
    assert not body.find_all("img", alt=["h", "j"]), "remote or scripted images must not be shown"
    assert texts["Bli medlem"] in ("../../om/bli-medlem/", "../om/bli-medlem/")
    assert texts["Region Halland"] == "https://www.regionhalland.se"


# --- 4. Settings and front matter --------------------------------------------------------------

def test_front_matter_title_and_description_stay_text(site):
    page = site.page("/projekt/projektet/")
    assert page.title.get_text().startswith("Projekt </title><script>alert(9)</script>")
    description = page.find("meta", attrs={"name": "description"})
    assert description["content"] == '"><script>alert(10)</script>'
    assert active_parts(page_tree(site.site, "/projekt/projektet/"), "project page") == []


def test_site_name_description_copyright_and_nav_titles_are_text(site):
    page = site.page("/medlemmar/")
    assert page.title.get_text().endswith("Förening <img src=x onerror=alert(11)>")
    assert page.find("meta", attrs={"name": "description"})["content"] == '"><script>alert(12)</script>'
    assert "<script>alert(13)</script> Föreningen" in text_of(page.select_one(".md-copyright"))
    nav_titles = [text_of(a) for a in page.select("nav.md-nav--primary a, nav.md-nav--primary label")]
    assert any("Start <script>alert(14)</script>" in t for t in nav_titles), nav_titles
    assert any("Extern <b>länk</b>" in t for t in nav_titles), nav_titles
    assert active_parts(page_tree(site.site, "/medlemmar/"), "directory") == []


def test_news_titles_and_descriptions_are_escaped_once(site):
    import feedparser

    feed = feedparser.parse((site.site / "nyheter" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    entry = feed.entries[0]
    assert entry.title == "Nyhet & <px-probe>"
    assert text_of(BeautifulSoup(entry.summary, "lxml")) == "Om <b>oss</b> & er"
    page = site.page("/nyheter/2026/11/01/nyhet/")
    assert page.title.get_text().startswith("Nyhet & <px-probe>")
    assert page.find("px-probe") is None


# --- 5. E-mail ---------------------------------------------------------------------------------

def test_autolinked_and_plain_addresses_are_protected_on_the_page(site):
    body = article(site, "/medlemmar/post/")
    assert "@" not in body.get_text()
    assert not [a for a in body.find_all("a") if scheme_of(a.get("href", "")) == "mailto"]
    shown = [text_of(span) for span in body.select("span.px-email")]
    assert shown == ["anna.berg [snabel-a] example.se", "kansliet [snabel-a] example.se"]


def test_a_mailto_registration_is_a_protected_address(site):
    body = article(site, "/kalender/kommentar/")
    assert not [a for a in body.find_all("a") if scheme_of(a.get("href", "")) == "mailto"]
    registration = body.select_one("section.px-registration")
    assert [text_of(span) for span in registration.select("span.px-email")] == ["anmalan [snabel-a] example.se"]


def test_no_address_in_the_search_index(site):
    docs = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    for doc in docs:
        assert "example.se" not in doc["text"] or "@" not in doc["text"], doc["location"]
    post = [doc for doc in docs if doc["location"].startswith("medlemmar/post/")]
    assert post and any("anna.berg [snabel-a] example.se" in doc["text"] for doc in post)


def test_no_published_file_carries_a_harvestable_address(site):
    """The last pass over every output: pages (their scripts and JSON-LD too), the search index,
    feeds, calendars and open data carry no address a harvester's pattern finds."""
    import re

    address = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
    found = {}
    for path in site.site.rglob("*"):
        relative = path.relative_to(site.site)
        if not path.is_file() or relative.parts[0] in ("admin", "assets") or path.suffix not in (".html", ".xml", ".ics", ".json", ".csv"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".ics":  # an event's UID is id@host by RFC 5545's advice, not a mailbox
            text = "\n".join(line for line in text.splitlines() if not line.startswith("UID:"))
        if relative == Path("kalender.json"):  # the same UIDs, for the sites that read this file
            data = json.loads(text)
            for event in data["events"]:
                assert event.pop("uid").endswith("@lluh.example.se"), event
            text = json.dumps(data, ensure_ascii=False)
        hits = address.findall(text)
        if hits:
            found[str(relative)] = hits
    assert found == {}


# --- 6. Formulas in the CSV --------------------------------------------------------------------

def test_spreadsheet_formulas_in_the_csv_are_text(site):
    text = (site.site / "medlemmar.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), row
    names = {row["name"] for row in rows}
    assert "'=HYPERLINK(\"https://evil.example\";\"klicka\")" in names and "'-2+3" in names
    assert {row["municipality"] for row in rows} >= {"'@SUM(1+1)", "'+46"}


# --- 9. A page cut short -----------------------------------------------------------------------

def test_a_comment_opener_in_a_title_leaves_json_ld_and_the_page_whole(site):
    page = site.page("/kalender/kommentar/")
    blocks = page.find_all("script", type="application/ld+json")
    assert len(blocks) == 1
    data = json.loads(blocks[0].get_text())
    assert data["name"] == "Möte <!--<script>"
    assert data["description"].startswith("Sammanfattning </script><script>alert(8)</script>")
    assert page.find("footer", class_="md-footer") is not None
    sources = [s.get("src") for s in page.find_all("script") if s.get("src")]
    assert any(src.endswith("partnership.js") for src in sources), sources


# --- Everything the site publishes ---------------------------------------------------------------

def test_nothing_the_site_publishes_runs_a_payload(site):
    assert site_problems(site.site) == []


def test_the_example_site_publishes_nothing_active(example_site):
    assert site_problems(example_site) == []


def test_the_checker_finds_what_it_looks_for():
    """The judge itself: each kind of active content it must catch, in a page of its own."""
    for markup in (
        '<h2 onfocus="alert(1)">x</h2>', '<a href="java\tscript:alert(1)">x</a>', "<iframe src=x></iframe>",
        '<img src="JaVaScRiPt:alert(1)">', "<script>alert(1)</script>",
        '<script type="application/ld+json">{"a":"<!--<script>"}</script><p>x</p>',
    ):
        assert active_parts(parse_markup(markup), "x"), markup
    assert MARKER == "alert("


@pytest.mark.parametrize("key,value", [
    ("site_url", "javascript://%0aalert(1)/"),
    ("site_url", 'https://example.se/"><script>alert(1)</script>'),
    ("repo_url", 'https://example.se/" onmouseover="alert(1)'),
])
def test_site_and_repository_addresses_must_be_web_addresses(throwaway, key, value):
    config = throwaway.write(MEMBERS)
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("hooks:\n", f"{key}: '{value}'\nhooks:\n", 1), encoding="utf-8")
    line = text[: text.index("hooks:\n")].count("\n") + 1
    build = run_build(config, throwaway.root / "site")
    assert build.returncode != 0
    assert "Traceback" not in build.log
    problems = [l.split("  -  ", 1)[-1] for l in build.log.splitlines() if "mkdocs.yml:" in l]
    assert any(p.startswith(f"mkdocs.yml:{line}: {key}:") and "är inte en webbadress" in p for p in problems), build.log


def test_a_page_template_outside_the_theme_is_a_problem_not_a_traceback(throwaway):
    build = throwaway.build(MEMBERS, files={
        "x.md": "---\ntitle: X\ntemplate: ../../../../etc/passwd\n---\n# X\n",
        "y.md": "---\ntemplate: finns-inte.html\n---\n# Y\n",
        "z.md": "---\ntemplate: main.html\n---\n# Z\n",
    })
    assert build.returncode != 0
    assert "Traceback" not in build.log
    problems = [line.split("  -  ", 1)[-1] for line in build.log.splitlines() if line.startswith("ERROR") and ".md:" in line]
    assert [p.split(": template:")[0] for p in problems] == ["content/x.md:3", "content/y.md:2"], build.log
