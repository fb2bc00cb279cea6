"""Project pages: their front matter checked like data, drawn as a header of facts."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import parse_page, resolve, text_of

from partnerskap.model.funds import BUILT_IN, fund_table
from partnerskap.model.projects_file import load_projects

MEMBERS = {"hela-sverige", "coompanion", "region-halland"}
PEOPLE = {"eva-lindqvist"}


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---")[1])


def project_problems(tmp_path: Path, front: str, extra_funds=None) -> list[str]:
    """The problems of content/projekt/x.md; its front matter starts on line 2, after ---."""
    docs = tmp_path / "content"
    (docs / "projekt").mkdir(parents=True, exist_ok=True)
    (docs / "projekt" / "x.md").write_text("---\n" + textwrap.dedent(front) + "---\n\nText.\n", encoding="utf-8")
    projects, reports = load_projects(docs, "content", MEMBERS, PEOPLE, fund_table(extra_funds))
    return [str(p) for r in reports for p in r.problems]


VALID = """\
title: Ett projekt
status: active
start: 2024-01-01
end: 2026-12-31
lead: hela-sverige
partners: [coompanion]
funding:
  - fund: eafrd
    amount: 100000
goals:
  - text: Fem initiativ
    target: 5
    achieved: 2
contact: eva-lindqvist
"""


def test_a_valid_project_has_no_problems(tmp_path):
    assert project_problems(tmp_path, VALID) == []


@pytest.mark.parametrize(("change", "line", "words"), [
    (("status: active", "status: ongoing"), 3, 'status: "ongoing" är inte ett av planned, active, completed'),
    (("lead: hela-sverige", "lead: hela-sverge"), 6, 'lead: det finns ingen medlem med id "hela-sverge" (menade du "hela-sverige"?)'),
    (("partners: [coompanion]", "partners: [compania]"), 7, 'partners: det finns ingen medlem med id "compania"'),
    (("contact: eva-lindqvist", "contact: eva"), 15, 'contact: det finns ingen person med id "eva"'),
    (("fund: eafrd", "fund: eafdr"), 9, 'fund: "eafdr" är ingen känd fond (menade du "eafrd"?)'),
    (("end: 2026-12-31", "end: 2023-12-31"), 5, "end: 2023-12-31 är före start 2024-01-01"),
    (("    target: 5\n", ""), 13, "achieved: behöver ett target:"),
    (("    amount: 100000", "    period: 2007-2013"), 10, "period: 2007-2013 har ingen finansieringstext för eafrd; fondens perioder är 2014-2020, 2023-2027"),
])
def test_each_kind_of_problem_names_the_file_and_line(tmp_path, change, line, words):
    found = project_problems(tmp_path, VALID.replace(*change))
    assert len(found) == 1, found
    assert found[0].startswith(f"content/projekt/x.md:{line}: "), found
    assert words in found[0]


def test_every_problem_in_a_project_is_reported_at_once(tmp_path):
    broken = VALID.replace("status: active", "status: x").replace("lead: hela-sverige", "lead: y").replace("contact: eva-lindqvist", "contact: z")
    lines = [int(p.split(":")[1]) for p in project_problems(tmp_path, broken)]
    assert lines == [3, 6, 15]


def test_funds_from_mkdocs_yml_extend_the_table(tmp_path):
    extra = {"region-halland-utveckling": {"name": "Region Hallands utvecklingsmedel", "statement": "Projektet finansieras av Region Halland."}}
    front = VALID.replace("  - fund: eafrd\n", "  - fund: region-halland-utveckling\n")
    assert project_problems(tmp_path, front) != []
    assert project_problems(tmp_path, front, extra) == []
    assert set(BUILT_IN) <= set(fund_table(extra))


def test_a_2019_and_a_2024_eafrd_project_carry_their_periods_wording(example_site, example_repo):
    by_start = {}
    for path in sorted((example_repo / "content" / "projekt").glob("*.md")):
        if path.name == "index.md":
            continue
        meta = front_matter(path)
        if any(f["fund"] == "eafrd" for f in meta.get("funding", [])):
            by_start[str(meta["start"])[:4]] = path.stem
    statements = {}
    for year in ("2019", "2024"):
        page = parse_page(example_site, f"/projekt/{by_start[year]}/")
        funds = page.select(".px-fund")
        statements[year] = [text_of(f.select_one(".px-fund__statement")) for f in funds]
        emblem = funds[0].select_one("img.px-fund__emblem")
        assert emblem is not None and emblem["alt"] == "EU-flaggan"
        assert (example_site / resolve(f"/projekt/{by_start[year]}/", emblem["src"]).lstrip("/")).is_file()
    assert statements["2019"][0] == "Europeiska jordbruksfonden för landsbygdsutveckling: Europa investerar i landsbygdsområden"
    assert statements["2024"][0] == "Medfinansieras av Europeiska unionen"


def test_project_headers_link_lead_partners_and_show_progress(example_site, example_repo):
    for path in sorted((example_repo / "content" / "projekt").glob("*.md")):
        if path.name == "index.md":
            continue
        meta = front_matter(path)
        page_path = f"/projekt/{path.stem}/"
        page = parse_page(example_site, page_path)
        header = page.select_one("header.px-project")
        assert text_of(header.select_one("h1")) == meta["title"]
        links = {resolve(page_path, a["href"]) for a in header.select(".px-facts a")}
        assert f"/medlemmar/{meta['lead']}/" in links
        assert {f"/medlemmar/{p}/" for p in meta.get("partners", [])} <= links
        bars = header.select(".px-goals progress")
        with_target = [g for g in meta.get("goals", []) if g.get("target")]
        assert len(bars) == len(with_target)
        for bar, goal in zip(bars, with_target):
            assert int(bar["max"]) == goal["target"] and int(bar["value"]) == goal.get("achieved", 0)
            assert f"{goal.get('achieved', 0)} av {goal['target']}" in bar["aria-label"]
        # The staff's Markdown stays the body, below the header.
        assert header.find_next("p") is not None


def test_the_project_index_groups_by_status(example_site, example_repo):
    page = parse_page(example_site, "/projekt/")
    statuses = {}
    for path in (example_repo / "content" / "projekt").glob("*.md"):
        if path.name != "index.md":
            statuses.setdefault(front_matter(path)["status"], set()).add(f"/projekt/{path.stem}/")
    for status, expected in statuses.items():
        section = page.select_one(f"#px-projects-{status}").find_parent("section")
        assert {resolve("/projekt/", a["href"]) for a in section.select("h3 a")} == expected


def test_member_pages_list_their_projects(example_site, example_repo):
    for path in (example_repo / "content" / "projekt").glob("*.md"):
        if path.name == "index.md":
            continue
        meta = front_matter(path)
        for member in {meta["lead"], *meta.get("partners", [])}:
            page_path = f"/medlemmar/{member}/"
            section = parse_page(example_site, page_path).select_one('section[aria-labelledby="px-member-projects"]')
            assert section is not None, member
            assert f"/projekt/{path.stem}/" in {resolve(page_path, a["href"]) for a in section.select("a")}


def test_events_of_a_project_are_listed_on_its_page(example_site, example_repo):
    events = yaml.safe_load((example_repo / "events.yaml").read_text(encoding="utf-8"))["events"]
    with_project = [e for e in events if e.get("project")]
    assert with_project
    for event in with_project:
        page_path = f"/projekt/{event['project']}/"
        listed = {resolve(page_path, a["href"]) for a in parse_page(example_site, page_path).select(".px-event__title a")}
        assert f"/kalender/{event['id']}/" in listed


def test_an_event_naming_an_unknown_project_is_an_error(tmp_path):
    import datetime as dt
    from zoneinfo import ZoneInfo

    from partnerskap.model.events_file import load_events

    path = tmp_path / "events.yaml"
    path.write_text("events:\n  - title: X\n    category: meeting\n    start: 2026-12-01 10:00\n    published: 2026-11-01\n    project: hallbara-platsr\n    id: x\n")
    _, report = load_events(path, "events.yaml", ZoneInfo("Europe/Stockholm"), set(), dt.datetime(2026, 11, 18, tzinfo=dt.timezone.utc), {"hallbara-platser"})
    assert [str(p) for p in report.problems] == [
        'events.yaml:6: project: det finns ingen projektsida content/projekt/hallbara-platsr.md (menade du "hallbara-platser"?)'
    ]
