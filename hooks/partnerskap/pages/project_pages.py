"""Project pages: a header of facts above the staff's text, and the index of projects by status."""

from __future__ import annotations

from dataclasses import dataclass

from babel.numbers import format_decimal
from markupsafe import Markup

from partnerskap import routes
from partnerskap.i18n import Words
from partnerskap.model.agenda import split_by_now
from partnerskap.model.events import Occurrence
from partnerskap.model.funds import BUILT_IN, Fund, Period
from partnerskap.model.partnership import Partnership
from partnerskap.model.projects_file import Project
from partnerskap.pages.calendar_pages import CalendarContext, listing_item
from partnerskap.pages.calendar_views import ListingItem
from partnerskap.pages.directory import MemberProject
from partnerskap.pages.page import Link, PageSpec, View, email_markup, url_of

STATUS_ORDER = ("active", "planned", "completed")


def period_label(project: Project, words: Words) -> str:
    start = words.date(project.start)
    return words("period_range", start=start, end=words.date(project.end)) if project.end else words("period_from", start=start)


def fund_words(fund: Fund, period: Period, words: Words) -> dict[str, str]:
    """A fund's name, statement and emblem text: a built-in fund's in the site's language (the EU
    publishes its statements in every official language), an association's own as mkdocs.yml
    writes them."""
    if BUILT_IN.get(fund.id) is fund:
        key = f"fund_{fund.id}"
        return {"fund": words(key), "statement": words(f"{key}_{period.name}"),
                "emblem_alt": words("eu_emblem_alt") if period.emblem else words(key)}
    return {"fund": fund.name, "statement": period.statement, "emblem_alt": period.emblem_alt or fund.name}


@dataclass(frozen=True)
class Contact(View):
    name: str
    title: str | None
    email: Markup | None
    organisation: Link | None


@dataclass(frozen=True)
class ProjectFacts(View):
    """The facts in a project's header."""

    title: str
    status: str
    status_label: str
    period: str
    lead: Link | None
    partners: tuple[Link, ...]
    contact: Contact | None


@dataclass(frozen=True)
class Funding(View):
    """A funder's statement and emblem, and the line under it (fund, programme period, amount)."""

    statement: str
    emblem: str | None
    emblem_alt: str
    details: str


@dataclass(frozen=True)
class Goal(View):
    text: str
    target: int | None
    achieved: int
    progress: str | None
    """The progress in words ("3 of 5"), for a goal with a target."""


@dataclass(frozen=True)
class ProjectView(View):
    """A project page: the header's facts, funders and goals, and the project's events."""

    project: ProjectFacts
    funding: tuple[Funding, ...]
    goals: tuple[Goal, ...]
    upcoming: tuple[ListingItem, ...]
    past: tuple[ListingItem, ...]
    index_url: str


@dataclass(frozen=True)
class ProjectSummary(View):
    """A project in the index."""

    title: str
    url: str
    period: str
    lead: Link | None
    summary: str | None


@dataclass(frozen=True)
class ProjectGroup(View):
    status: str
    label: str
    projects: tuple[ProjectSummary, ...]


@dataclass(frozen=True)
class ProjectsView(View):
    """The project index: the projects by status, active first."""

    groups: tuple[ProjectGroup, ...]


def _member(member_id: str | None, partnership: Partnership, urls: bool) -> Link | None:
    if member_id is None:
        return None
    member = partnership.member_by_id[member_id]
    return Link(member.name, url_of(routes.member(member.id), urls))


def _funding(funding, words: Words) -> Funding:
    text = fund_words(funding.fund, funding.period, words)
    details = text["fund"]
    if funding.period.name != "alla":
        details += ", " + words("programme_period", period=funding.period.name)
    if funding.amount is not None:
        details += ": " + words("amount_sek", amount=format_decimal(funding.amount, locale=words.locale))
    return Funding(statement=text["statement"], emblem=funding.period.emblem, emblem_alt=text["emblem_alt"], details=details)


def project_pages(
    projects: list[Project], partnership: Partnership, found: list[Occurrence], ctx: CalendarContext,
) -> list[PageSpec]:
    """One spec per project page staff wrote: the header's data; their Markdown stays the body."""
    words, urls = ctx.words, ctx.directory_urls
    pages = []
    for project in projects:
        occurrences = [o for o in found if o.event.project == project.id]
        upcoming, past = split_by_now(occurrences, ctx.zone, ctx.now)
        contact = partnership.person_by_id.get(project.contact) if project.contact else None
        pages.append(PageSpec(
            path=routes.project(project.id),
            title=project.title,
            template="partnership/project.html",
            view=ProjectView(
                project=ProjectFacts(
                    title=project.title,
                    status=project.status,
                    status_label=words(f"project_status_{project.status}"),
                    period=period_label(project, words),
                    lead=_member(project.lead, partnership, urls),
                    partners=tuple(_member(p, partnership, urls) for p in project.partners),
                    contact=Contact(
                        name=contact.name,
                        title=contact.title,
                        email=email_markup(contact.email, words),
                        organisation=_member(contact.member, partnership, urls),
                    ) if contact else None,
                ),
                funding=tuple(_funding(f, words) for f in project.funding),
                goals=tuple(
                    Goal(
                        text=g.text,
                        target=g.target,
                        achieved=g.achieved or 0,
                        progress=words("progress_of", achieved=g.achieved or 0, target=g.target) if g.target else None,
                    )
                    for g in project.goals
                ),
                upcoming=tuple(listing_item(o, ctx) for o in upcoming),
                past=tuple(listing_item(o, ctx) for o in reversed(past)),
                index_url=url_of(routes.PROJECTS, urls),
            ),
        ))
    return pages


def projects_index(projects: list[Project], partnership: Partnership, words: Words, urls: bool) -> PageSpec:
    groups = []
    for status in STATUS_ORDER:
        chosen = sorted((p for p in projects if p.status == status), key=lambda p: (p.start, p.title), reverse=status == "completed")
        if chosen:
            groups.append(ProjectGroup(
                status=status,
                label=words(f"project_status_{status}_plural"),
                projects=tuple(
                    ProjectSummary(
                        title=p.title,
                        url=url_of(routes.project(p.id), urls),
                        period=period_label(p, words),
                        lead=_member(p.lead, partnership, urls),
                        summary=p.summary,
                    )
                    for p in chosen
                ),
            ))
    return PageSpec(
        path=routes.PROJECTS, title=words("projects"), template="partnership/projects.html", view=ProjectsView(tuple(groups)),
    )


def projects_by_member(projects: list[Project], words: Words, urls: bool) -> dict[str, list[MemberProject]]:
    """For each member id, the projects it leads or takes part in (for the member pages)."""
    by_member: dict[str, list[MemberProject]] = {}
    lead, partner = words("project_lead").lower(), words("project_partner").lower()
    for project in sorted(projects, key=lambda p: (p.start, p.title), reverse=True):
        url = url_of(routes.project(project.id), urls)
        status = words(f"project_status_{project.status}").lower()
        if project.lead:
            by_member.setdefault(project.lead, []).append(MemberProject(project.title, url, lead, status))
        for member in project.partners:
            if member != project.lead:
                by_member.setdefault(member, []).append(MemberProject(project.title, url, partner, status))
    return by_member
