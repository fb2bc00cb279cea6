"""The member directory: one page listing every member, and one page per member."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .i18n import Words
from .model import SECTORS, Member, Partnership
from . import routes
from .pages import PageSpec, markdown_as_text, url_of


def initials(name: str) -> str:
    """Up to two initials for a member without a logo: ``Region Halland`` -> ``RH``."""
    letters = [word[0] for word in name.split() if word[:1].isalnum()]
    return "".join(letters[:2]).upper() or "?"


def website_label(url: str) -> str:
    """A web address as people say it: ``https://www.example.se/`` -> ``www.example.se``."""
    return url.split("://", 1)[-1].rstrip("/")


def obfuscated_email(address: str) -> dict[str, str]:
    """An address split for the page: harvesters find no ``mailto:``; a script joins it for people.

    The parts are stored reversed, and the visible text spells out the at sign.
    """
    user, _, domain = address.partition("@")
    return {"user": user[::-1], "domain": domain[::-1], "text_user": user, "text_domain": domain}


def _card(member: Member, words: Words, directory_urls: bool) -> dict[str, Any]:
    search_text = " ".join(filter(None, (member.name, member.municipality, member.group, words.sector(member.sector))))
    return {
        "id": member.id,
        "name": member.name,
        "url": url_of(routes.member(member.id), directory_urls),
        "sector": member.sector,
        "sector_label": words.sector(member.sector),
        "municipality": member.municipality,
        "website": member.website,
        "website_label": website_label(member.website) if member.website else None,
        "logo": member.logo,
        "initials": initials(member.name),
        "search_text": search_text.casefold(),
    }


def directory_page(partnership: Partnership, words: Words, directory_urls: bool) -> PageSpec:
    """All members as cards, grouped under their ``group`` heading, with counts and filters."""
    cards_by_group: dict[str, list[dict[str, Any]]] = {}
    for member in sorted(partnership.members, key=lambda m: m.name.casefold()):
        cards_by_group.setdefault(member.group or words("members"), []).append(_card(member, words, directory_urls))
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
    municipalities = sorted({m.municipality for m in partnership.members if m.municipality}, key=str.casefold)
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
) -> list[PageSpec]:
    """One page per member: description, contacts, representatives and their seats, bodies, projects."""
    pages = []
    for member in partnership.members:
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
        if member.municipality:
            summary += f", {member.municipality}"
        pages.append(PageSpec(
            path=routes.member(member.id),
            title=member.name,
            template="partnership/member.html",
            body=markdown_as_text(member.description or ""),
            description=summary + ".",
            data={
                "member": {
                    "id": member.id,
                    "name": member.name,
                    "sector_label": words.sector(member.sector),
                    "municipality": member.municipality,
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
                "directory_url": url_of(routes.DIRECTORY, directory_urls),
            },
        ))
    return pages
