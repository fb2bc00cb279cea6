"""Staff text is shown as written: names and descriptions never become markup."""

from __future__ import annotations

import pytest

from conftest import text_of

NAME = "Bygg & Bo <Test>"

MEMBERS = """\
members:
  - id: bygg-och-bo
    name: "Bygg & Bo <Test>"
    sector: private
    municipality: Halmstad
    description: |
      Vi bygger *hus* & bo. <script>alert(1)</script>

      <img src=x onerror=alert(2)>

      Kod: `a < b & c`.
  - id: knepig
    name: Knepig förening
    sector: civil
    description: |
      Ett `tecken

      <script>alert(3)</script>

      och ett till` här.

          <b>indrag</b>

      ~~~
      <u>ett kodblock som aldrig stängs
people:
  - id: p
    name: "Pia <b>Fet</b>"
    member: bygg-och-bo
    title: "VD & grundare"
    roles:
      - group: styrelse
        role: Ledamot
groups:
  - id: styrelse
    name: "Styrelse <i>2026</i>"
"""


@pytest.fixture(scope="module")
def site(session_throwaway):
    build = session_throwaway("escaping").build(MEMBERS)
    assert build.returncode == 0, build.log
    return build


def content(page):
    article = page.select_one("article.md-content__inner")
    assert article is not None
    return article


def test_member_name_is_the_h1_exactly(site):
    page = site.page("/medlemmar/bygg-och-bo/")
    assert [h.get_text() for h in page.find_all("h1")] == [NAME]


def test_member_name_is_in_the_title_as_written(site):
    title = site.page("/medlemmar/bygg-och-bo/").title.get_text()
    assert NAME in title
    assert "&amp;" not in title and "&lt;" not in title


def test_member_name_is_never_double_escaped_on_its_page(site):
    page = site.page("/medlemmar/bygg-och-bo/")
    for part in (page.select_one("header.md-header"), page.find("h1"), page.select_one(".px-card, .px-member__header")):
        assert "&amp;" not in part.get_text() and "&lt;" not in part.get_text()
    assert text_of(page.select_one('[data-md-component="header-topic"]')) == NAME


def test_description_script_is_text_not_an_element(site):
    article = content(site.page("/medlemmar/bygg-och-bo/"))
    assert article.find("script") is None
    assert article.find("img", onerror=True) is None
    assert "<script>alert(1)</script>" in article.get_text()
    # Markdown still works in the description.
    assert [em.get_text() for em in article.find_all("em")] == ["hus"]


def test_member_name_in_the_directory_is_text(site):
    article = content(site.page("/medlemmar/"))
    assert NAME in [a.get_text() for a in article.select(".px-card__name a")]
    assert article.find("test") is None


def test_person_and_group_names_are_text(site):
    article = content(site.page("/partnerskapet/styrelse/"))
    assert [h.get_text() for h in article.find_all("h1")] == ["Styrelse <i>2026</i>"]
    assert article.find("b") is None and article.find("i") is None
    assert "Pia <b>Fet</b>" in article.get_text()
    assert "VD & grundare" in article.get_text()
    member = content(site.page("/medlemmar/bygg-och-bo/"))
    assert "Pia <b>Fet</b>" in [s.get_text() for s in member.select("ul.px-people strong")]


def test_meta_description_is_not_double_escaped(site):
    meta = site.page("/medlemmar/bygg-och-bo/").find("meta", attrs={"name": "description"})
    assert meta is not None
    assert meta["content"].startswith(NAME)


def test_code_in_a_description_shows_as_written(site):
    article = content(site.page("/medlemmar/bygg-och-bo/"))
    assert [code.get_text() for code in article.find_all("code")] == ["a < b & c"]


def test_raw_html_cannot_slip_out_between_code_markers(site):
    # Backticks in two paragraphs are no code span, an indented block is code, and a fence that
    # is never closed is no code block: raw HTML stays text in each case.
    article = content(site.page("/medlemmar/knepig/"))
    assert article.find("script") is None
    assert article.find("u") is None and article.find("b") is None
    text = article.get_text()
    assert "<script>alert(3)</script>" in text
    assert "<u>ett kodblock som aldrig stängs" in text
    assert [code.get_text() for code in article.select("pre code")] == ["<b>indrag</b>\n"]
