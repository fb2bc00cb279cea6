"""Project pages: a header of facts above the staff's text, and the index of projects by status."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal

from partnerskap import routes
from partnerskap.model.agenda import split_by_now
from partnerskap.pages.calendar_pages import CalendarContext, listing_item
from partnerskap.model.email_links import obfuscated_email
from partnerskap.model.events import Occurrence
from partnerskap.model.funds import BUILT_IN, Fund, Period
from partnerskap.i18n import Words
from partnerskap.model.partnership import Partnership
from partnerskap.pages.page import PageSpec, url_of
from partnerskap.model.projects_file import Project

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


def _member(member_id: str | None, partnership: Partnership, urls: bool) -> dict[str, str] | None:
    if member_id is None:
        return None
    member = partnership.member_by_id[member_id]
    return {"name": member.name, "url": url_of(routes.member(member.id), urls)}


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
            data={
                "project": {
                    "title": project.title,
                    "status": project.status,
                    "status_label": words(f"project_status_{project.status}"),
                    "period": period_label(project, words),
                    "lead": _member(project.lead, partnership, urls),
                    "partners": [_member(p, partnership, urls) for p in project.partners],
                    "contact": {
                        "name": contact.name,
                        "title": contact.title,
                        "email": obfuscated_email(contact.email) if contact.email else None,
                        "organisation": _member(contact.member, partnership, urls),
                    } if contact else None,
                },
                "funding": [
                    {
                        **fund_words(f.fund, f.period, words),
                        "period": f.period.name if f.period.name != "alla" else None,
                        "emblem": f.period.emblem,
                        "amount": words("amount_sek", amount=format_decimal(f.amount, locale=words.locale)) if f.amount is not None else None,
                    }
                    for f in project.funding
                ],
                "goals": [
                    {
                        "text": g.text,
                        "target": g.target,
                        "achieved": g.achieved or 0,
                        "progress": words("progress_of", achieved=g.achieved or 0, target=g.target) if g.target else None,
                    }
                    for g in project.goals
                ],
                "upcoming": [listing_item(o, ctx) for o in upcoming],
                "past": [listing_item(o, ctx) for o in reversed(past)],
                "index_url": url_of(routes.PROJECTS, urls),
            },
        ))
    return pages


def projects_index(projects: list[Project], partnership: Partnership, words: Words, urls: bool) -> PageSpec:
    groups = []
    for status in STATUS_ORDER:
        chosen = sorted((p for p in projects if p.status == status), key=lambda p: (p.start, p.title), reverse=status == "completed")
        if chosen:
            groups.append({
                "status": status,
                "label": words(f"project_status_{status}_plural"),
                "projects": [
                    {
                        "title": p.title,
                        "url": url_of(routes.project(p.id), urls),
                        "period": period_label(p, words),
                        "lead": _member(p.lead, partnership, urls),
                        "summary": p.summary,
                    }
                    for p in chosen
                ],
            })
    return PageSpec(path=routes.PROJECTS, title=words("projects"), template="partnership/projects.html", data={"groups": groups})


def projects_by_member(projects: list[Project], words: Words, urls: bool) -> dict[str, list[dict[str, Any]]]:
    """For each member id, the projects it leads or takes part in (for the member pages)."""
    by_member: dict[str, list[dict[str, Any]]] = {}
    for project in sorted(projects, key=lambda p: (p.start, p.title), reverse=True):
        entry = {"title": project.title, "url": url_of(routes.project(project.id), urls), "status_label": words(f"project_status_{project.status}")}
        if project.lead:
            by_member.setdefault(project.lead, []).append({**entry, "role": words("project_lead")})
        for partner in project.partners:
            if partner != project.lead:
                by_member.setdefault(partner, []).append({**entry, "role": words("project_partner")})
    return by_member

