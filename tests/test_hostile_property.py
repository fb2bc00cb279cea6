"""Property: hostile text in any text field never becomes markup, script or a dangerous link.

Hypothesis writes text from the pieces attackers use (tags, attribute lists, event handlers,
scripted URLs hidden by case, entities and white space, comment openers, e-mail autolinks) and
puts it in every text field that the field declarations of members.yaml and events.yaml have,
found by walking the declarations, so a field added later is covered without touching this test.
The staff Markdown renderer is checked on many examples in-process; whole sites on a few, through
``mkdocs build``: every page, the search index, every feed and calendar is parsed and checked.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import THROWAWAY_CONFIG, run_build
from hostile import MARKER, active_parts, parse_markup, site_problems

from partnerskap.i18n import Words
from partnerskap.model.events_file import EVENT, SERIES
from partnerskap.model.members_file import GROUP, MEMBER, PERSON
from partnerskap.pages.staff_text import StaffMarkdown
from partnerskap.source.fields import ListOf, Markdown, Record, Text, TextOrRecord

PROBE = "px-probe"
"""A tag no page has: found as an element anywhere, some text was printed unescaped."""

PIECES = [
    f"<{PROBE}>", f"</{PROBE}>", f"<{PROBE} onclick=alert(1)>", "<script>alert(1)</script>", "</title><script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>", "<!--<script>", "-->", "]]>", "</script>",
    '{: onclick="alert(1)" }', "{: autofocus onfocus=alert(1) }", '<div markdown="1" onclick="alert(1)">*x*</div>',
    "[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](&#106;avascript:alert(1))", "[x](java&#9;script:alert(1))",
    "[x](<java\nscript:alert(1)>)", "[x]( javascript:alert(1))", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](vbscript:alert(1))", "![x](javascript:alert(1))", "![x](https://tracker.example.net/p.png)", "[x][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>", "<x@example.org>", "kontakt@example.org", '<https://example.se/"onmouseover="alert(1)>',
    f"&lt;{PROBE}&gt;", f"&#60;{PROBE}&#62;", f"`<{PROBE}>`", f"    <{PROBE}>", "## Rubrik", "*kursiv*", "| a | b |\n|---|---|\n| c | d |",
    "!!! note \"<script>alert(1)</script>\"\n    text", "=HYPERLINK(\"https://evil.example\")", "&", "<", ">", '"', "'",
]
SEPARATORS = ["", " ", "\n", "\n\n"]
# Made once: Hypothesis checks every strategy a composite makes anew, for every example.
pieces = st.lists(st.sampled_from(PIECES) | st.text(alphabet="abcåäö <>&\"'=:/()[]{}!#*`", max_size=6), min_size=1, max_size=6)
separator = st.sampled_from(SEPARATORS)


@st.composite
def hostile_text(draw, *, one_line: bool) -> str:
    parts = draw(pieces)
    text = "".join(part + draw(separator) for part in parts).strip()
    if one_line:
        text = " ".join(text.split())
    return text or f"<{PROBE}>"


HOSTILE_TEXT = {one_line: hostile_text(one_line=one_line) for one_line in (True, False)}


def assert_inert_fragment(markup: str, where: str) -> None:
    tree = parse_markup(markup)
    assert active_parts(tree, where) == []
    assert next(tree.iter(PROBE), None) is None, f"{where}: text printed as markup: {markup[:300]!r}"
    for script in tree.iter("script"):
        assert MARKER not in script.text_content(), where


# --- The renderer alone: many examples --------------------------------------------------------

@pytest.fixture(scope="module")
def renderer():
    return StaffMarkdown(Words("sv"))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=hostile_text(one_line=False), page=st.sampled_from(["index.md", "medlemmar/x.md", "kalender/2027/x.md"]))
def test_staff_markdown_never_makes_active_html(renderer, text, page):
    rendered = renderer.render(text, page)
    assert_inert_fragment(rendered.html, f"{text!r}")
    for img in parse_markup(rendered.html).iter("img"):
        assert "://" not in img.get("src", "") and not img.get("src", "").startswith("/"), img.attrib
    for token in rendered.toc_tokens:
        assert_inert_fragment(token["name"], "toc")


# --- Whole sites: every text field --------------------------------------------------------------

def text_keys(record: Record) -> list[tuple[str, bool]]:
    """The record's text fields (key, one line?), Markdown ones marked as several lines."""
    return [(f.key, not isinstance(f.type, Markdown)) for f in record.fields if isinstance(f.type, Text)]


def record_of(field_type):
    if isinstance(field_type, ListOf):
        return record_of(field_type.item)
    if isinstance(field_type, TextOrRecord):
        return field_type.record
    return field_type if isinstance(field_type, Record) else None


@st.composite
def filled(draw, record: Record, skeleton: dict) -> dict:
    """``skeleton`` with every text field of ``record`` (and of its nested records) written by
    Hypothesis; fields the skeleton gives that are not text keep their values."""
    entry = dict(skeleton)
    for key, one_line in text_keys(record):
        if key in ("rule", "phone", "logo"):  # checked formats, not free text
            continue
        entry[key] = draw(HOSTILE_TEXT[one_line])
    for field in record.fields:
        nested = record_of(field.type)
        if nested is None or field.key not in entry:
            continue
        value = entry[field.key]
        if isinstance(value, list):
            entry[field.key] = [draw(filled(nested, item)) for item in value]
        elif isinstance(value, dict):
            entry[field.key] = draw(filled(nested, value))
    return entry


MEMBER_SKELETON = {"id": "medlem", "name": "", "sector": "civil", "email": "info@example.se", "website": "https://example.se"}
PERSON_SKELETON = {"id": "person", "name": "", "member": "medlem", "email": "p@example.se", "roles": [{"group": "styrelse", "role": ""}]}
GROUP_SKELETON = {"id": "styrelse", "name": ""}
SERIES_SKELETON = {"id": "serien", "title": ""}
EVENT_SKELETON = {
    "id": "motet-2027-03-10", "title": "", "category": "meeting", "series": "serien", "start": "2027-03-10 09:30",
    "end": "2027-03-10 12:00", "published": "2026-11-01", "organisers": ["medlem"],
    "location": {"name": "", "address": "", "url": "https://example.se/plats"},
    "registration": {"url": "mailto:anmalan@example.se", "deadline": "2027-03-01"},
    "programme": [{"time": "10:00", "title": "", "speakers": [{"name": "", "role": "", "organisation": ""}]}],
    "documents": [{"title": "", "url": "https://example.se/dok.pdf"}],
}


@st.composite
def hostile_association(draw) -> tuple[str, str]:
    members = {
        "members": [draw(filled(MEMBER, MEMBER_SKELETON))],
        "people": [draw(filled(PERSON, PERSON_SKELETON))],
        "groups": [draw(filled(GROUP, GROUP_SKELETON))],
    }
    events = {"series": [draw(filled(SERIES, SERIES_SKELETON))], "events": [draw(filled(EVENT, EVENT_SKELETON))]}
    dump = lambda doc: yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10_000)
    return dump(members), dump(events)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-property")
    (root / "content").mkdir()
    (root / "mkdocs.yml").write_text(THROWAWAY_CONFIG.format(language="sv"), encoding="utf-8")
    return root


@pytest.mark.build
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(files=hostile_association())
def test_hostile_text_in_every_field_builds_an_inert_site(project, files):
    members, events = files
    (project / "members.yaml").write_text(members, encoding="utf-8")
    (project / "events.yaml").write_text(events, encoding="utf-8")
    build = run_build(project / "mkdocs.yml", project / "site", strict=False)
    assert "Traceback" not in build.log, build.log[-3000:]
    assert build.returncode == 0, build.log[-3000:]
    site = build.site
    assert site_problems(site) == []
    for path in site.rglob("*.html"):
        if "admin" in path.relative_to(site).parts:
            continue
        tree = parse_markup(path.read_text(encoding="utf-8"))
        assert next(tree.iter(PROBE), None) is None, f"{path.relative_to(site)}: text printed as markup"
    assert "@example.se" not in (site / "kalender" / "motet-2027-03-10" / "index.html").read_text(encoding="utf-8")
