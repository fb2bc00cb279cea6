"""The member directory: one page listing every member, and one page per member."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Sequence

from partnerskap.i18n import Words
from partnerskap.model.partnership import SECTORS, Member, Partnership
from partnerskap import routes
from partnerskap.model.email_links import obfuscated_email
from partnerskap.pages.page import PageSpec, url_of


def initials(name: str) -> str:
    """Up to two initials for a member without a logo: ``Region Halland`` -> ``RH``."""
    letters = [word[0] for word in name.split() if word[:1].isalnum()]
    return "".join(letters[:2]).upper() or "?"


def website_label(url: str) -> str:
    """A web address as people say it: ``https://www.example.se/`` -> ``www.example.se``."""
    return url.split("://", 1)[-1].rstrip("/")


def municipality_spellings(members: Sequence[Member]) -> dict[str, str]:
    """Each municipality as written, mapped to the one spelling the directory shows for it.

    "Varberg" and "varberg" are one municipality: one filter choice that finds both members.
    The spelling most members use is shown (on a tie, the first in members.yaml), so that the
    pages do not depend on the order of a set, which changes from build to build.
    """
    spellings: dict[str, Counter[str]] = {}
    for member in members:
        if member.municipality:
            spellings.setdefault(member.municipality.casefold(), Counter())[member.municipality] += 1
    return {
        written: counts.most_common(1)[0][0]  # most_common keeps first-seen order on ties
        for counts in spellings.values() for written in counts
    }


SEARCHED_DESCRIPTION = 600
"""How much of a member's description the directory's own search looks in: enough for what a
member does, without a long text weighing down a page that lists every member."""


def searchable(markdown: str | None) -> str:
    """A description's words without Markdown's marks, for the directory's search."""
    if not markdown:
        return ""
    text = re.sub(r"\]\([^)]*\)|[#*_`>\[\]|]", " ", markdown)
    return " ".join(text.split())[:SEARCHED_DESCRIPTION]


def _card(member: Member, words: Words, directory_urls: bool, municipality: str | None) -> dict[str, Any]:
    search_text = " ".join(filter(None, (
        member.name, municipality, member.group, words.sector(member.sector), searchable(member.description),
    )))
    return {
        "id": member.id,
        "name": member.name,
        "url": url_of(routes.member(member.id), directory_urls),
        "sector": member.sector,
        "sector_label": words.sector(member.sector),
        "municipality": municipality,
        "website": member.website,
        "website_label": website_label(member.website) if member.website else None,
        "logo": member.logo,
        "initials": initials(member.name),
        "search_text": search_text.casefold(),
    }


def directory_page(partnership: Partnership, words: Words, directory_urls: bool) -> PageSpec:
    """All members as cards, grouped under their ``group`` heading, with counts and filters."""
    spelling = municipality_spellings(partnership.members)
    cards_by_group: dict[str, list[dict[str, Any]]] = {}
    for member in sorted(partnership.members, key=lambda m: m.name.casefold()):
        card = _card(member, words, directory_urls, spelling.get(member.municipality or ""))
        cards_by_group.setdefault(member.group or words("members"), []).append(card)
    groups = []
    for heading in sorted(cards_by_group, key=str.casefold):
        cards = cards_by_group[heading]
        counts = Counter(card["sector"] for card in cards)
        groups.append({
            "heading": heading,
            "count": len(cards),
            "sectors": [{"label": words.sector(s), "count": counts[s]} for s in SECTORS if counts[s]],
            "members": cards,
        })
    sector_counts = Counter(m.sector for m in partnership.members)
    municipalities = sorted(set(spelling.values()), key=str.casefold)
    return PageSpec(
        path=routes.DIRECTORY,
        title=words("members"),
        template="partnership/directory.html",
        data={
            "total": len(partnership.members),
            "total_label": words.count("members_count", len(partnership.members)),
            "groups": groups,
            "sectors": [
                {"value": s, "label": words.sector(s), "count": sector_counts[s]} for s in SECTORS
            ],
            "municipalities": municipalities,
        },
    )


def member_pages(
    partnership: Partnership, words: Words, directory_urls: bool, projects: dict[str, list[dict[str, Any]]] | None = None,
    events: dict[str, dict[str, list[dict[str, Any]]]] | None = None,
) -> list[PageSpec]:
    """One page per member: description, contacts, representatives and their seats, bodies,
    projects, and the events it organises or speaks at."""
    pages = []
    spelling = municipality_spellings(partnership.members)
    for member in partnership.members:
        municipality = spelling.get(member.municipality or "")
        representatives = []
        for person in partnership.representatives(member.id):
            representatives.append({
                "name": person.name,
                "title": person.title,
                "email": obfuscated_email(person.email) if person.email else None,
                "seats": [
                    {
                        "group": partnership.group_by_id[seat.group].name,
                        "url": url_of(routes.group(seat.group), directory_urls),
                        "role": seat.role,
                        "deputy": seat.deputy,
                    }
                    for seat in person.roles
                ],
            })
        bodies = [{"name": g.name, "url": url_of(routes.group(g.id), directory_urls)} for g in partnership.groups_of(member.id)]
        summary = f"{member.name}, {words.sector(member.sector).lower()}"
        if municipality:
            summary += f", {municipality}"
        pages.append(PageSpec(
            path=routes.member(member.id),
            title=member.name,
            template="partnership/member.html",
            body=member.description or "",
            description=summary + ".",
            # The site search finds a member by the people who represent it.
            search_text=" ".join(filter(None, (
                summary, *(part for r in representatives for part in (r["name"], r["title"])),
            ))),
            data={
                "member": {
                    "id": member.id,
                    "name": member.name,
                    "sector_label": words.sector(member.sector),
                    "municipality": municipality,
                    "group": member.group,
                    "website": member.website,
                    "website_label": website_label(member.website) if member.website else None,
                    "email": obfuscated_email(member.email) if member.email else None,
                    "phone": member.phone,
                    "phone_uri": "tel:" + "".join(c for c in member.phone if c.isdigit() or c == "+") if member.phone else None,
                    "logo": member.logo,
                    "initials": initials(member.name),
                    "joined": words.date(member.joined) if member.joined else None,
                    "joined_iso": member.joined.isoformat() if member.joined else None,
                },
                "representatives": representatives,
                "bodies": bodies,
                "projects": (projects or {}).get(member.id, []),
                "events": (events or {}).get(member.id, {"upcoming": [], "past": []}),
                "directory_url": url_of(routes.DIRECTORY, directory_urls),
            },
        ))
    return pages
