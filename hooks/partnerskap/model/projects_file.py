"""``content/projekt/*.md``: the facts in each project page's front matter, checked like data files."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from partnerskap.source.fields import (
    Choice, Entry, Field, Integer, IsoDate, ListOf, Record, Slug, Text, check_document, did_you_mean,
)
from partnerskap.model.funds import Fund, Period
from partnerskap.model.page_ids import check_project_file_name
from partnerskap.source.problems import Report
from partnerskap.source.sourcefile import LineDict, parse_yaml

PROJECTS_DIR = "projekt"
STATUSES = {"planned": "planerat", "active": "pågående", "completed": "avslutat"}

FUNDING = Record("funding", (
    Field("fund", Slug(), "Fond: eafrd, erdf, esf, esf-plus, tillvaxtverket eller en egen i mkdocs.yml", required=True),
    Field("period", Text(example="a programme period, such as 2014-2020"), "Programperiod, t.ex. 2014-2020 (standard: den period projektets start ligger i)"),
    Field("amount", Integer(), "Belopp i kronor"),
))

GOAL = Record("goal", (
    Field("text", Text(example="what the project wants to achieve"), "Mål", required=True),
    Field("target", Integer(minimum=1), "Målvärde"),
    Field("achieved", Integer(), "Uppnått hittills"),
))

PROJECT = Record("project", (
    Field("title", Text(example="the project's name"), "Projektets namn", required=True),
    Field("status", Choice(STATUSES), "Status: planned, active eller completed", required=True),
    Field("start", IsoDate(), "Startdatum", required=True),
    Field("end", IsoDate(), "Slutdatum"),
    Field("lead", Slug(), "Projektägare (medlemmens id)"),
    Field("partners", ListOf(Slug()), "Partner (medlemmarnas id)", default=[]),
    Field("funding", ListOf(FUNDING), "Finansiering", default=[]),
    Field("goals", ListOf(GOAL), "Mål", default=[]),
    Field("contact", Slug(), "Kontaktperson (personens id)"),
    Field("summary", Text(), "En mening om projektet (visas i projektlistan)"),
    # Front matter that MkDocs and Material read themselves. Not template: the page is drawn by
    # the generator's own (project_pages.py), and a name staff chose would reach Jinja's loader.
    Field("description", Text(), "Beskrivning för sökmotorer"),
    Field("hide", ListOf(Text()), "Dölj delar av sidan (Material)", default=[]),
    Field("search", Text(), "Sökinställning (Material)"),
), description="Faktarutan överst på en projektsida.")

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Funding:
    fund: Fund
    period: Period
    amount: int | None = None


@dataclass(frozen=True)
class Goal:
    text: str
    target: int | None = None
    achieved: int | None = None


@dataclass(frozen=True)
class Project:
    id: str
    """The page's file name: ``content/projekt/<id>.md``."""
    title: str
    status: str
    start: dt.date
    end: dt.date | None = None
    lead: str | None = None
    partners: tuple[str, ...] = ()
    funding: tuple[Funding, ...] = ()
    goals: tuple[Goal, ...] = ()
    contact: str | None = None
    summary: str | None = None


def project_paths(docs_dir: Path) -> list[Path]:
    """Every project page, in name order (the index is not a project)."""
    return sorted(p for p in (docs_dir / PROJECTS_DIR).glob("*.md") if p.name != "index.md" and p.is_file())


def load_projects(
    docs_dir: Path, shown_dir: str, member_ids: set[str],
    person_ids: set[str], funds: dict[str, Fund],
) -> tuple[list[Project] | None, list[Report]]:
    """Read and check every project page's front matter; one report per file."""
    projects, reports = [], []
    for path in project_paths(docs_dir):
        report = Report(f"{shown_dir}/{PROJECTS_DIR}/{path.name}")
        check_project_file_name(path, report)
        project = _load_one(path, report, member_ids, person_ids, funds)
        reports.append(report)
        if project is not None:
            projects.append(project)
    if any(r.problems for r in reports):
        return None, reports
    return projects, reports


def _load_one(path: Path, report: Report, member_ids, person_ids, funds) -> Project | None:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        report.error(data.count(b"\n", 0, error.start) + 1, "the file is not UTF-8 text (a letter such as å, ä or ö saved in an older encoding); save it as UTF-8")
        return None
    match = _FRONT_MATTER.match(text)
    if match is None:
        report.error(1, "a project page starts with front matter between two --- lines (title:, status:, start: ...)")
        return None
    # A leading newline for the opening --- line keeps YAML's line numbers those of the file.
    raw = parse_yaml("\n" + (match.group(1) or ""), report)
    if isinstance(raw, LineDict) and "template" in raw:
        report.error(raw.line_of("template"), "template: a project page is drawn by the site's own template, which shows the facts above; remove template:")
        del raw["template"]
    entry = check_document(raw, PROJECT, report)
    if entry is None:
        return None
    _check_member(entry, "lead", member_ids, report)
    for index, partner in enumerate(entry["partners"]):
        if partner not in member_ids:
            report.error(entry.item_line("partners", index), f'partners: there is no member with id "{partner}"{did_you_mean(partner, sorted(member_ids))}')
    contact = entry.get("contact")
    if contact and contact not in person_ids:
        report.error(entry.line_of("contact"), f'contact: there is no person with id "{contact}" in members.yaml{did_you_mean(contact, sorted(person_ids))}')
    if entry.get("end") and entry.get("start") and entry["end"] < entry["start"]:
        report.error(entry.line_of("end"), f'end: {entry["end"]} is before start {entry["start"]}')
    funding = [f for f in (_funding(item, entry["start"], funds, report) for item in entry["funding"]) if f]
    goals = []
    for goal in entry["goals"]:
        if goal.get("achieved") is not None and goal.get("target") is None:
            report.error(goal.line_of("achieved"), "achieved: needs a target: to measure against; add target: or remove achieved:")
        goals.append(Goal(goal["text"], goal.get("target"), goal.get("achieved")))
    if report.problems or not entry.complete:
        return None
    return Project(
        id=path.stem, title=entry["title"], status=entry["status"], start=entry["start"], end=entry.get("end"),
        lead=entry.get("lead"), partners=tuple(entry["partners"]), funding=tuple(funding), goals=tuple(goals),
        contact=contact, summary=entry.get("summary"),
    )


def _check_member(entry: Entry, key: str, member_ids: set[str], report: Report) -> None:
    value = entry.get(key)
    if value and value not in member_ids:
        report.error(entry.line_of(key), f'{key}: there is no member with id "{value}"{did_you_mean(value, sorted(member_ids))}')


def _funding(item: Entry, start: dt.date, funds: dict[str, Fund], report: Report) -> Funding | None:
    fund = funds.get(item["fund"])
    if fund is None:
        report.error(
            item.line_of("fund"),
            f'fund: "{item["fund"]}" is not a known fund{did_you_mean(item["fund"], sorted(funds))}; known: '
            f'{", ".join(sorted(funds))} (add your own under extra.partnership.funds in mkdocs.yml)',
        )
        return None
    name = item.get("period")
    if not name and start is None:
        return None  # the start is wrong, and reported: no period to derive
    period = fund.period_named(name) if name else fund.period_of(start)
    if period is None:
        names = ", ".join(p.name for p in fund.periods)
        what = f'period: {name}' if name else f"the project's start {start}"
        report.error(item.line_of("period") if name else item.line,
                     f"{what} has no statement for {fund.id}; its periods are {names}")
        return None
    return Funding(fund, period, item.get("amount"))
