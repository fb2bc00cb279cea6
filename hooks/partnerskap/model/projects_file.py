"""``content/projekt/*.md``: the facts in each project page's front matter, checked like data files."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from partnerskap.i18n import swedish_names
from partnerskap.model.funds import Fund, Period
from partnerskap.model.page_ids import check_project_file_name
from partnerskap.source.declarations import entity, key
from partnerskap.source.fields import (
    Choice, Entry, Integer, IsoDate, ListOf, Reference, Slug, Text, check_document, did_you_mean,
)
from partnerskap.source.problems import Report
from partnerskap.source.references import Ids, check_references
from partnerskap.source.sourcefile import LineDict, parse_yaml

PROJECTS_DIR = "projekt"
STATUSES = swedish_names("project_status_{}", ("planned", "active", "completed"))

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


@entity("funding", noun="finansiering")
@dataclass(frozen=True, kw_only=True)
class Funding:
    fund: Fund = key(Slug(), "Fond: eafrd, erdf, esf, esf-plus, tillvaxtverket eller en egen i mkdocs.yml")
    """Written as the fund's id, kept as the fund from mkdocs.yml."""
    period: Period = key(
        Text(example="en programperiod, till exempel 2014-2020"),
        "Programperiod, t.ex. 2014-2020 (standard: den period projektets start ligger i)", default=None,
    )
    """Written as its name or left to the project's start, kept as the fund's period."""
    amount: int | None = key(Integer(), "Belopp i kronor", default=None)


@entity("goal", noun="mål")
@dataclass(frozen=True, kw_only=True)
class Goal:
    text: str = key(Text(example="vad projektet vill uppnå"), "Mål")
    target: int | None = key(Integer(minimum=1), "Målvärde", default=None)
    achieved: int | None = key(Integer(), "Uppnått hittills", default=None)


@entity("project", noun="projekt", description="Faktarutan överst på en projektsida.")
@dataclass(frozen=True, kw_only=True)
class Project:
    id: str
    """The page's file name: ``content/projekt/<id>.md``."""
    title: str = key(Text(example="projektets namn"), "Projektets namn")
    status: str = key(Choice(STATUSES), "Status: planned, active eller completed")
    start: dt.date = key(IsoDate(), "Startdatum")
    end: dt.date | None = key(IsoDate(), "Slutdatum", default=None)
    lead: str | None = key(Reference("member"), "Projektägare (medlemmens id)", default=None)
    partners: tuple[str, ...] = key(ListOf(Reference("member")), "Partner (medlemmarnas id)", default=())
    funding: tuple[Funding, ...] = key(ListOf(Funding.RECORD), "Finansiering", default=())
    goals: tuple[Goal, ...] = key(ListOf(Goal.RECORD), "Mål", default=())
    contact: str | None = key(Reference("person"), "Kontaktperson (personens id)", default=None)
    summary: str | None = key(Text(), "En mening om projektet (visas i projektlistan)", default=None)
    # Front matter that MkDocs and Material read themselves. Not template: the page is drawn by
    # the generator's own (project_pages.py), and a name staff chose would reach Jinja's loader.
    description: str | None = key(Text(), "Beskrivning för sökmotorer", default=None)
    hide: tuple[str, ...] = key(ListOf(Text()), "Dölj delar av sidan (Material)", default=())
    search: str | None = key(Text(), "Sökinställning (Material)", default=None)


FUNDING, GOAL, PROJECT = Funding.RECORD, Goal.RECORD, Project.RECORD


def project_paths(docs_dir: Path) -> list[Path]:
    """Every project page, in name order (the index is not a project)."""
    return sorted(p for p in (docs_dir / PROJECTS_DIR).glob("*.md") if p.name != "index.md" and p.is_file())


def load_projects(
    docs_dir: Path, shown_dir: str, member_ids: Ids, person_ids: Ids, funds: dict[str, Fund],
) -> tuple[list[Project] | None, list[Report]]:
    """Read and check every project page's front matter; one report per file."""
    projects, reports = [], []
    for path in project_paths(docs_dir):
        report = Report(f"{shown_dir}/{PROJECTS_DIR}/{path.name}")
        check_project_file_name(path, report)
        project = _load_one(path, report, {"member": member_ids, "person": person_ids}, funds)
        reports.append(report)
        if project is not None:
            projects.append(project)
    if any(r.problems for r in reports):
        return None, reports
    return projects, reports


def _load_one(path: Path, report: Report, known: dict[str, Ids], funds: dict[str, Fund]) -> Project | None:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        report.error(data.count(b"\n", 0, error.start) + 1, "filen är inte UTF-8-text (en bokstav som å, ä eller ö sparad i en äldre teckenkodning); spara den som UTF-8")
        return None
    match = _FRONT_MATTER.match(text)
    if match is None:
        report.error(1, "en projektsida börjar med front matter mellan två rader --- (title:, status:, start: ...)")
        return None
    # A leading newline for the opening --- line keeps YAML's line numbers those of the file.
    raw = parse_yaml("\n" + (match.group(1) or ""), report)
    if isinstance(raw, LineDict) and "template" in raw:
        report.error(raw.line_of("template"), "template: en projektsida ritas av webbplatsens egen mall, som visar faktarutan; ta bort template:")
        del raw["template"]
    entry = check_document(raw, PROJECT, report)
    if entry is None:
        return None
    check_references(entry, PROJECT, known, report)
    if entry.get("end") and entry.get("start") and entry["end"] < entry["start"]:
        report.error(entry.line_of("end"), f'end: {entry["end"]} är före start {entry["start"]}')
    funding = [_funding(item, entry["start"], funds, report) for item in entry["funding"]]
    for goal in entry["goals"]:
        if goal.get("achieved") is not None and goal.get("target") is None:
            report.error(goal.line_of("achieved"), "achieved: behöver ett target: att mätas mot; lägg till target: eller ta bort achieved:")
    if report.problems or not entry.complete:
        return None
    return PROJECT.make(entry, id=path.stem, funding=tuple(funding))


def _funding(item: Entry, start: dt.date, funds: dict[str, Fund], report: Report) -> Funding | None:
    if item["fund"] is None:
        return None  # not an id, and reported
    fund = funds.get(item["fund"])
    if fund is None:
        report.error(
            item.line_of("fund"),
            f'fund: "{item["fund"]}" är ingen känd fond{did_you_mean(item["fund"], sorted(funds))}; kända: '
            f'{", ".join(sorted(funds))} (lägg till egna under extra.partnership.funds i mkdocs.yml)',
        )
        return None
    name = item.get("period")
    if not name and start is None:
        return None  # the start is wrong, and reported: no period to derive
    period = fund.period_named(name) if name else fund.period_of(start)
    if period is None:
        names = ", ".join(p.name for p in fund.periods)
        what = f'period: {name}' if name else f"projektets start {start}"
        report.error(item.line_of("period") if name else item.line,
                     f"{what} har ingen finansieringstext för {fund.id}; fondens perioder är {names}")
        return None
    return FUNDING.make(item, fund=fund, period=period)
