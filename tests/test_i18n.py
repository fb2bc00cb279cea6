"""Swedish by default, English when mkdocs.yml says theme.language: en."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from babel.dates import format_date

from conftest import text_of
from partnerskap.i18n import LANGUAGES, TRANSLATIONS, Words

MEMBERS = """\
members:
  - id: region-halland
    name: Region Halland
    sector: public
    municipality: Halmstad
    joined: 2016-05-01
    email: info@example.se
  - id: hylte-bygd
    name: Hylte bygdegårdsförening
    sector: civil
people:
  - id: anna
    name: Anna Andersson
    member: region-halland
    roles:
      - group: lag
        role: Chair
      - group: lag
        role: Deputy
        deputy: true
groups:
  - id: lag
    name: LAG
    voting: true
"""


def test_every_swedish_key_has_an_english_text_and_back():
    assert set(TRANSLATIONS["sv"]) == set(TRANSLATIONS["en"])


def test_translations_use_the_same_placeholders():
    for key, swedish in TRANSLATIONS["sv"].items():
        english = TRANSLATIONS["en"][key]
        assert set(re.findall(r"{(\w+)}", swedish)) == set(re.findall(r"{(\w+)}", english)), key



@pytest.mark.parametrize("language, name, calendar", [
    ("sv", "Region Halland", "Region Hallands kalender"),
    ("sv", "Hushållningssällskapet", "Hushållningssällskapets kalender"),
    ("sv", "LAG Skåne Nordost", "LAG Skåne Nordosts kalender"),
    ("sv", "Coompanion Jämtland Härjedalens", "Coompanion Jämtland Härjedalens kalender"),
    ("sv", "Linköpings kommun", "Linköpings kommuns kalender"),
    ("sv", "Fyrbodal Lax", "Fyrbodal Lax kalender"),
    ("en", "Region Halland", "Region Halland's calendar"),
    ("en", "Friends of the Hills", "Friends of the Hills' calendar"),
])
def test_a_members_calendar_is_named_in_the_genitive_of_the_language(language, name, calendar):
    words = Words(language)
    assert words("calendar_of", owner=words.genitive(name)) == calendar

@pytest.mark.parametrize("language", LANGUAGES)
def test_calendar_date_forms_are_babels(language):
    """Words writes the calendar's date forms from Babel's names; they must read as Babel's
    format_date() gives them, on every day of two years (a leap day included)."""
    words = Words(language)
    for offset in range(731):
        day = dt.date(2027, 1, 1) + dt.timedelta(days=offset)
        assert words.weekday_date(day) == format_date(day, "EEEE d MMMM y", locale=words.locale)
        assert words.month(day) == format_date(day, "LLLL y", locale=words.locale)
        assert words.weekday_short(day) == format_date(day, "EEE", locale=words.locale).rstrip(".")
        assert words.month_short(day) == format_date(day, "LLL", locale=words.locale)
        moment = dt.datetime.combine(day, dt.time(9, 30))
        assert words.weekday_date(moment) == words.weekday_date(day)


@pytest.fixture(scope="module")
def build_in(session_throwaway):
    """The small site built in a language, once per language."""
    done = {}

    def build(language):
        if language not in done:
            # One voting body where one sector holds every ordinary seat: a warning is expected.
            result = session_throwaway(f"i18n-{language}").build(MEMBERS, language=language, strict=False)
            assert result.returncode == 0, result.log
            done[language] = result
        return done[language]

    return build


@pytest.fixture(params=["sv", "en"])
def built(request, build_in):
    return request.param, build_in(request.param)


def facts(page) -> dict[str, str]:
    return {text_of(div.dt): text_of(div.dd) for div in page.select("dl.px-facts > div")}


def test_member_page_labels_and_date_are_in_the_site_language(built):
    language, build = built
    page = build.page("/medlemmar/region-halland/")
    expected = {"sv": ("Medlem sedan", "1 maj 2016", "Offentlig sektor"),
                "en": ("Member since", "1 May 2016", "Public sector")}[language]
    label, date, sector = expected
    assert facts(page)[label] == date
    assert page.select_one("time[datetime='2016-05-01']").get_text() == date
    assert text_of(page.select_one(".px-member__meta")).startswith(sector)
    assert page.find("html")["lang"] == language


def test_directory_labels_are_in_the_site_language(built):
    language, build = built
    t = TRANSLATIONS[language]
    article = build.page("/medlemmar/").select_one("article")
    options = [text_of(o) for o in article.select("select[name=sector] option")]
    assert options == [t["all_sectors"], t["sector_public"], t["sector_private"], t["sector_civil"]]
    assert text_of(article.select_one("label[for=px-filter-text]")) == t["search_members"]


def test_group_page_labels_are_in_the_site_language(built):
    language, build = built
    t = TRANSLATIONS[language]
    article = build.page("/partnerskapet/lag/").select_one("article")
    captions = [text_of(c) for c in article.select("table caption")]
    assert captions == [f"{t['ordinary_seats']}, LAG", f"{t['deputy_seats']}, LAG", t["sector_balance_caption"]]


def test_english_pages_have_no_swedish_labels(build_in):
    build = build_in("en")
    swedish_only = {v for k, v in TRANSLATIONS["sv"].items() if v != TRANSLATIONS["en"][k] and "{" not in v}
    for path in ("/medlemmar/", "/medlemmar/region-halland/", "/partnerskapet/", "/partnerskapet/lag/"):
        text = text_of(build.page(path).select_one("article"))
        found = sorted(label for label in swedish_only if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text))
        assert found == [], (path, found)
