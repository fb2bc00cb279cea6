"""The public site's pages read back from the build (issue 14): link previews, the site's language
in an English build (EU statements, category addresses, the footer), the settings the home page
and the previews read, and the home page's figures and news computed from the data."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import parse_page, run_build, text_of
from partnerskap.i18n import TRANSLATIONS
from partnerskap.model.funds import BUILT_IN

MEMBERS = """\
members:
  - {id: kommunen, name: Kommunen, sector: public, municipality: Bygd}
  - {id: foretaget, name: Företaget, sector: private, municipality: Bygd}
people:
  - {id: anna, name: Anna Andersson, title: Chair of the board, member: kommunen, email: anna@example.se, roles: [{group: lag, role: Chair, deputy: true}]}
groups:
  - {id: lag, name: LAG, voting: true}
"""

EVENTS = """\
events:
  - id: webinar-one
    title: A webinar
    category: webinar
    start: 2027-03-01 12:00
    end: 2027-03-01 13:00
    published: 2026-11-01
    organisers: [kommunen]
  - id: annual
    title: Annual meeting
    category: annual-meeting
    start: 2027-04-01 17:00
    end: 2027-04-01 19:00
    published: 2026-11-01
"""

PROJECT = """\
---
title: Village services
summary: Services in the villages.
status: active
start: 2024-03-01
end: 2027-02-28
lead: kommunen
contact: anna
funding:
  - fund: eafrd
    amount: 100000
---

Text.
"""


@pytest.fixture(scope="module")
def english(session_throwaway):
    build = session_throwaway("english").build(
        MEMBERS, events=EVENTS, language="en", files={"index.md": "Welcome.\n", "projekt/services.md": PROJECT},
    )
    assert build.returncode == 0, build.log
    return build


# --- 9. Link previews ---------------------------------------------------------------------------

def previews(page) -> dict[str, str]:
    return {m.get("property") or m.get("name"): m["content"] for m in page.select('meta[property^="og:"], meta[name^="twitter:"]')}


@pytest.mark.parametrize("path", ["/", "/medlemmar/region-halland/", "/kalender/lokalt-kapital-2027-01-20/"])
def test_every_page_has_link_preview_tags_with_absolute_addresses_on_the_site(path, example_site, example_config):
    page = parse_page(example_site, path)
    tags = previews(page)
    site = example_config["site_url"]
    assert tags["og:title"] and tags["og:description"] == page.select_one('meta[name="description"]')["content"]
    assert tags["og:url"] == site.rstrip("/") + path
    assert tags["og:site_name"] == example_config["site_name"]
    assert tags["og:locale"] == "sv_SE" and tags["twitter:card"] == "summary_large_image"
    image = tags["og:image"]
    assert image == site + example_config["extra"]["partnership"]["share_image"]
    # On the site itself, so sharing asks no other host; and in the built site.
    assert urlsplit(image).netloc == urlsplit(site).netloc
    assert (example_site / urlsplit(image).path.lstrip("/")).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_site_without_a_share_image_uses_the_theme_s(english):
    tags = previews(english.page("/"))
    assert urlsplit(tags["og:image"]).path == "/assets/partnership/share.png"
    assert (english.site / "assets" / "partnership" / "share.png").is_file()
    assert tags["og:locale"] == "en_GB"


# --- 8. The English site is in English ----------------------------------------------------------

def test_an_english_site_has_the_eu_statement_categories_and_footer_in_english(english):
    project = english.page("/projekt/services/")
    statements = [text_of(p) for p in project.select(".px-fund__statement")]
    assert statements == ["Co-funded by the European Union"]
    assert project.select_one(".px-fund__emblem")["alt"] == "The EU flag"
    assert "European Agricultural Fund for Rural Development" in text_of(project.select_one(".px-fund__details"))
    swedish = [text for text in TRANSLATIONS["sv"].values() if len(text) > 8 and "{" not in text]
    assert not [s for s in swedish if s in text_of(project)], "Swedish words on the English site"
    assert "Made with" in text_of(project.select_one(".md-copyright"))
    # Category addresses in the site's language: the English ids.
    assert (english.site / "kalender" / "kategori" / "webinar" / "index.html").is_file()
    assert (english.site / "kalender" / "kategori" / "annual-meeting.ics").is_file()


def test_the_swedish_site_has_swedish_category_addresses_and_statements(example_site):
    assert (example_site / "kalender" / "kategori" / "webbinarium" / "index.html").is_file()
    assert (example_site / "kalender" / "kategori" / "arsmote" / "feed.xml").is_file()
    assert not (example_site / "kalender" / "kategori" / "webinar").exists()
    page = parse_page(example_site, "/projekt/hallbara-platser/")
    assert "Medfinansieras av Europeiska unionen" in [text_of(p) for p in page.select(".px-fund__statement")]


def test_the_swedish_words_for_the_built_in_funds_are_the_fund_table_s():
    """The fund table is what the rules require; the site's words may not drift from it."""
    sv = TRANSLATIONS["sv"]
    for fund in BUILT_IN.values():
        assert sv[f"fund_{fund.id}"] == fund.name
        for period in fund.periods:
            assert sv[f"fund_{fund.id}_{period.name}"] == period.statement
            if period.emblem_alt:
                assert sv["eu_emblem_alt"] == period.emblem_alt


# --- 1. and 7. What the home, member and project pages are given --------------------------------

def test_the_home_page_and_footer_of_a_site_without_join_or_contact_page(english):
    home = english.page("/")
    assert [text_of(a) for a in home.select(".px-actions a")] == ["Follow the calendar"]
    assert [text_of(a) for a in home.select(".px-footer-links a")] == ["Subscribe to the calendar"]
    figures = {text_of(li.select_one(".px-figure__label")): int(text_of(li.select_one(".px-figure__count"))) for li in home.select(".px-figures__list li")}
    assert figures == {"members": 2, "public sector": 1, "private sector": 1, "municipalities": 1, "bodies of the association": 1}
    assert home.select(".px-home-news") == []  # no news section without posts


def test_a_member_page_lists_the_events_it_organises_and_a_project_its_contacts_email(english):
    member = english.page("/medlemmar/kommunen/")
    assert [text_of(a) for a in member.select(".px-events .px-event__title a")] == ["A webinar"]
    assert text_of(member.select_one(".px-person__title")).endswith("Chair of the board")
    assert [text_of(a) for a in member.select(".px-person__seats a")] == ["Chair, LAG"]
    project = english.page("/projekt/services/")
    email = project.select_one(".px-facts .px-email")
    assert email is not None and "anna@example.se" not in str(project)  # protected, not harvestable


# --- Settings ------------------------------------------------------------------------------------

WRONG_SETTINGS = [
    ("join_page", "om/finns-inte.md", "det finns ingen fil content/om/finns-inte.md"),
    ("contact_page", "../mkdocs.yml", "ska vara sökvägen till en Markdown-fil i content/"),
    ("share_image", "img/logo.svg", "ska vara sökvägen till en PNG- eller JPEG-fil i content/"),
]


def test_wrong_page_and_image_settings_are_each_reported_at_their_line(throwaway):
    """All three at once, in one build: a build reports every problem it finds, not the first."""
    build = throwaway.build(MEMBERS, files={"index.md": "Hej.\n", "img/logo.svg": "<svg/>"})
    assert build.returncode == 0, build.log
    config = (throwaway.root / "mkdocs.yml").read_text(encoding="utf-8")
    for key, value, _ in WRONG_SETTINGS:
        config = config.replace(f"    {key}: null", f"    {key}: {value}")
    (throwaway.root / "mkdocs.yml").write_text(config, encoding="utf-8")
    failed = run_build(throwaway.root / "mkdocs.yml", throwaway.root / "site")
    assert failed.returncode == 1
    for key, _, message in WRONG_SETTINGS:
        line = next(i for i, text in enumerate(config.splitlines(), 1) if text.strip().startswith(f"{key}:"))
        said = [text for text in failed.log.splitlines() if f"mkdocs.yml:{line}: extra.partnership.{key}: " in text]
        assert len(said) == 1 and message in said[0], failed.log
    assert "Traceback" not in failed.log
