"""Accessibility: axe-core (npm, injected through Playwright) finds nothing on any kind of page,
and the accessibility statement Swedish law asks for (DOS-lagen) is there, linked from every page,
with the contact and the date of the last check from mkdocs.yml."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

import material
import pytest
from axe_playwright_python.sync_playwright import Axe

from browser_pages import PAGE_TYPES, close, open_page
from conftest import REPO, THROWAWAY_CONFIG, css_class, need, page_tree, parse_page, resolve, run_build, text_of
from partnerskap.i18n import TRANSLATIONS

# One worker runs test_browser.py, test_accessibility.py and test_requests.py: they share the
# pages its browser loaded once (conftest's settled_pages).
pytestmark = pytest.mark.xdist_group("settled-pages")

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
STATEMENT = "/tillganglighet/"
DIGG_REPORT = "https://www.digg.se/tdosanmalan"
SV_MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
             "oktober", "november", "december"]


@pytest.fixture(scope="module")
def axe() -> Axe:
    need(AXE.is_file(), f"{AXE.relative_to(REPO)} (make test runs npm ci)")
    return Axe.from_file(AXE)


def report(result) -> str:
    return result.generate_report()


# --- axe ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_finds_no_violations(kind, settled_pages, axe):
    v = settled_pages[kind]
    result = axe.run(v.page)
    assert result.violations_count == 0, report(result)


@pytest.mark.parametrize("kind", ["directory", "group", "month"])
def test_axe_finds_no_violations_on_a_phone(kind, paths, site_tabs, served, axe):
    """The pages whose own markup changes shape on a phone (cards, seat tables, month grid)."""
    v = open_page(site_tabs, served, paths[kind], width=375, height=800, settle=False)
    try:
        result = axe.run(v.page)
        assert result.violations_count == 0, report(result)
    finally:
        close(v)


def test_axe_finds_a_violation_when_there_is_one(paths, site_tabs, served, axe):
    """The checks above can fail: a page with an unnamed image and low contrast is caught."""
    v = open_page(site_tabs, served, paths["purpose"], settle=False)
    try:
        v.page.evaluate("""() => {
            const p = document.createElement('p'); p.textContent = 'Blek text'; p.style.color = '#ddd';
            const img = document.createElement('img'); img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
            document.querySelector('article').append(p, img); }""")
        found = {v["id"] for v in axe.run(v.page).response["violations"]}
        assert {"color-contrast", "image-alt"} <= found, found
    finally:
        close(v)


def test_the_search_dialog_has_a_name_in_the_page(settled_pages):
    v = settled_pages["search"]
    assert v.page.locator(".md-search[role=dialog]").get_attribute("aria-label") == "Sök"
    assert v.page.locator(".md-search-result__meta").get_attribute("role") == "status"


def test_the_search_override_is_materials_with_a_named_dialog_and_a_status():
    header = re.compile(r"\A\{#-.*?-#\}\n", re.DOTALL)
    ours = header.sub("", (REPO / "overrides/partials/search.html").read_text(encoding="utf-8"), count=1)
    theirs = header.sub("", (MATERIAL_TEMPLATES / "partials/search.html").read_text(encoding="utf-8"), count=1)
    changes = [
        ('role="dialog">', 'role="dialog" aria-label="{{ lang.t(\'search\') }}">'),
        ('<div class="md-search-result__meta">', '<div class="md-search-result__meta" role="status">'),
    ]
    for old, new in changes:
        assert theirs.count(old) == 1, f"Material's search.html changed: {old!r}; update overrides/partials/search.html"
        theirs = theirs.replace(old, new)
    assert ours == theirs


# --- The accessibility statement ----------------------------------------------------------------

DIGG_SECTIONS = [
    "Hur tillgänglig är webbplatsen?",
    "Teknisk information om webbplatsens tillgänglighet",
    "Innehåll som inte är tillgängligt",
    "Vad kan du göra om du inte kan använda delar av webbplatsen?",
    "Rapportera brister i webbplatsens tillgänglighet",
    "Tillsyn",
    "Hur vi testat webbplatsen",
]


def swedish_date(day: dt.date) -> str:
    return f"{day.day} {SV_MONTHS[day.month - 1]} {day.year}"


@pytest.fixture(scope="module")
def statement(example_site):
    return parse_page(example_site, STATEMENT)


@pytest.fixture(scope="module")
def settings(example_config) -> dict:
    return example_config["extra"]["partnership"]["accessibility"]


def heading(node) -> str:
    """A heading's text without the permalink (¶) Markdown adds to it."""
    return " ".join(t for t in node.find_all(string=True) if not t.find_parent(class_="headerlink")).strip()


def plain(node) -> str:
    """A node's text as a reader sees it: whitespace collapsed, nothing added between elements."""
    return " ".join(node.get_text().split())


def test_the_statement_has_digg_s_sections_in_order(statement):
    assert heading(statement.select_one("article h1")) == "Tillgänglighetsredogörelse"
    assert "Tillgänglighetsredogörelse" in statement.title.string
    headings = [heading(h) for h in statement.select("article h2, article h3")]
    assert [h for h in headings if h in DIGG_SECTIONS] == DIGG_SECTIONS, headings
    text = text_of(statement.select_one("article"))
    assert "Lokalt ledd utveckling Halland står bakom den här webbplatsen" in text
    assert "lagen (2018:1937) om tillgänglighet till digital offentlig service" in text
    assert re.search(r"\b(helt|delvis|inte) förenlig\b", text), "the statement must say how compliant the site is"


def test_the_statement_gives_the_contact_from_mkdocs_yml(statement, settings, example_site):
    user, domain = settings["contact_email"].split("@")
    shown = [text_of(node) for node in statement.select("article [data-px-email]")]
    assert shown and set(shown) == {f"{user} [{TRANSLATIONS['sv']['email_at']}] {domain}"}, shown
    for node in statement.select("article [data-px-email]"):
        assert (node["data-u"][::-1], node["data-d"][::-1]) == (user, domain)
    links = {resolve(STATEMENT, a["href"]) for a in statement.select("article a[href]")}
    contact = "/" + settings["contact_page"].removesuffix(".md") + "/"
    assert contact in links and parse_page(example_site, contact)


def test_the_statement_names_digg_and_links_its_report_form(statement):
    section = statement.select_one("#px-a11y-supervision").find_parent("section")
    assert "Myndigheten för digital förvaltning" in text_of(section)
    assert [a["href"] for a in section.select("a[href]")] == [DIGG_REPORT]


def test_the_statement_gives_the_date_of_the_last_check_from_mkdocs_yml(statement, settings):
    checked = settings["checked"]
    assert isinstance(checked, dt.date)
    section = statement.select_one("#px-a11y-tested").find_parent("section")
    times = section.select("time")
    assert times and times[0]["datetime"] == checked.isoformat()
    assert text_of(times[0]) == swedish_date(checked)
    assert f"Senaste bedömningen gjordes den {swedish_date(checked)}." in plain(section)


NOT_SITE_PAGES = ("/admin/",)
"""The staff's editor (Decap CMS, built when npm installed it): a program, not a page of the site."""


def test_every_page_links_the_statement_in_its_footer(example_site):
    pages = sorted(example_site.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        url_path = "/" + path.relative_to(example_site).as_posix()
        if url_path.startswith(NOT_SITE_PAGES):
            continue
        if url_path.endswith("/index.html"):
            url_path = url_path[: -len("index.html")]
        copyright_links = page_tree(example_site, url_path).xpath(f"//footer//*[{css_class('md-copyright')}]//a[@href]")
        links = [a for a in copyright_links if text_of(a) == "Tillgänglighetsredogörelse"]
        assert len(links) == 1, url_path
        assert resolve(url_path, links[0].get("href")) == STATEMENT, (url_path, links[0].get("href"))


# --- The statement on another site: the settings drive it -----------------------------------------

MEMBERS = """\
members:
  - id: bygdeforeningen
    name: Bygdeföreningen
    sector: civil
  - id: kommunen
    name: Kommunen
    sector: public
  - id: foretaget
    name: Företaget AB
    sector: private
people:
  - {id: anna, name: Anna Andersson, member: kommunen, roles: [{group: lag, role: Chair}]}
  - {id: bo, name: Bo Berg, member: bygdeforeningen, roles: [{group: lag, role: Member}]}
  - {id: cia, name: Cia Carlsson, member: foretaget, roles: [{group: lag, role: Member}]}
groups:
  - {id: lag, name: LAG, voting: true}
"""

OTHER_SETTINGS = """
extra:
  partnership:
    accessibility:
      contact_email: tillganglighet@bygd.example.org
      contact_page: null
      checked: 2025-03-07
    join_page: null
    contact_page: null
    share_image: null
    sources: []
"""


@pytest.fixture(scope="module")
def english_site(tmp_path_factory):
    """A small English site with other settings, the example's statement page and no contact page."""
    root = tmp_path_factory.mktemp("statement")
    (root / "content").mkdir()
    (root / "content" / "tillganglighet.md").write_bytes((REPO / "content" / "tillganglighet.md").read_bytes())
    (root / "members.yaml").write_text(MEMBERS, encoding="utf-8")
    (root / "events.yaml").write_text("events: []\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(THROWAWAY_CONFIG.format(language="en") + textwrap.dedent(OTHER_SETTINGS), encoding="utf-8")
    build = run_build(config, root / "site")
    assert build.returncode == 0, build.log
    return build


def test_another_site_s_statement_shows_its_own_settings_in_its_language(english_site):
    page = english_site.page(STATEMENT)
    shown = [text_of(node) for node in page.select("article [data-px-email]")]
    assert shown and set(shown) == {f"tillganglighet [{TRANSLATIONS['en']['email_at']}] bygd.example.org"}
    tested = plain(page.select_one("#px-a11y-tested").find_parent("section"))
    assert "The latest assessment was made on 7 March 2025." in tested
    assert page.select_one("#px-a11y-tested").find_parent("section").select_one("time")["datetime"] == "2025-03-07"
    # No contact page configured: no link to one.
    contact = page.select_one("#px-a11y-contact").find_parent("section")
    assert [a["href"] for a in contact.select("a[href]")] == []
    footer = [text_of(a) for a in page.select("footer .md-copyright a")]
    assert "Accessibility statement" in footer and "Tillgänglighetsredogörelse" not in footer
