"""The association's bodies (LAG, board, presidium, ...): who holds each seat, and sector balance."""

from __future__ import annotations

from typing import Any

from partnerskap import routes
from partnerskap.model.email_links import obfuscated_email
from partnerskap.i18n import Words
from partnerskap.model.partnership import Partnership, SeatHolder
from partnerskap.pages.page import PageSpec, url_of

SECTOR_LIMIT_PERCENT = 49.0


def balance_warnings(partnership: Partnership, members_file: str) -> list[str]:
    """The 49 % rule: one line for every voting body where a sector holds too many ordinary seats."""
    warnings = []
    for group in partnership.groups:
        if not group.voting:
            continue
        for share in partnership.sector_shares(group.id):
            if share.percent > SECTOR_LIMIT_PERCENT:
                warnings.append(
                    f"{members_file}:{group.line}: {group.name} ({group.id}): the {share.sector} sector holds "
                    f"{share.seats} of {share.total} ordinary seats ({share.percent:.0f} %); "
                    f"at most {SECTOR_LIMIT_PERCENT:.0f} % is allowed: give a seat to another sector, "
                    "or mark one of these seats deputy: true"
                )
    return warnings


def _seat_row(holder: SeatHolder, directory_urls: bool) -> dict[str, Any]:
    return {
        "role": holder.seat.role,
        "person": holder.person.name,
        "title": holder.person.title,
        "email": obfuscated_email(holder.person.email) if holder.person.email else None,
        "organisation": holder.member.name,
        "organisation_url": url_of(routes.member(holder.member.id), directory_urls),
    }


def _shares(partnership: Partnership, group_id: str, words: Words) -> list[dict[str, Any]]:
    return [
        {
            "sector": share.sector,
            "label": words.sector(share.sector),
            "seats": share.seats,
            "total": share.total,
            "percent": round(share.percent),
            "over_limit": share.percent > SECTOR_LIMIT_PERCENT,
        }
        for share in partnership.sector_shares(group_id)
    ]


def group_pages(partnership: Partnership, words: Words, directory_urls: bool) -> list[PageSpec]:
    pages = []
    for group in partnership.groups:
        holders = partnership.seats(group.id)
        pages.append(PageSpec(
            path=routes.group(group.id),
            title=group.name,
            template="partnership/group.html",
            body=group.description or "",
            description=f"{group.name}: {words.count('seats_count', len(holders))}.",
            data={
                "group": {"id": group.id, "name": group.name, "voting": group.voting},
                "ordinary": [_seat_row(h, directory_urls) for h in holders if not h.seat.deputy],
                "deputies": [_seat_row(h, directory_urls) for h in holders if h.seat.deputy],
                "shares": _shares(partnership, group.id, words) if group.voting else [],
                "partnership_url": url_of(routes.PARTNERSHIP, directory_urls),
            },
        ))
    return pages


def partnership_page(
    partnership: Partnership, words: Words, directory_urls: bool, composition: dict[str, Any] | None = None,
) -> PageSpec:
    """The bodies in file order, each with its size and a link to its page, and the composition."""
    bodies = []
    for group in partnership.groups:
        holders = partnership.seats(group.id)
        deputies = sum(1 for h in holders if h.seat.deputy)
        bodies.append({
            "name": group.name,
            "url": url_of(routes.group(group.id), directory_urls),
            "voting": group.voting,
            "ordinary": len(holders) - deputies,
            "deputies": deputies,
            "size_label": ", ".join(
                [words.count("ordinary_count", len(holders) - deputies)]
                + ([words.count("deputy_count", deputies)] if deputies else [])
            ),
        })
    return PageSpec(
        path=routes.PARTNERSHIP,
        title=words("partnership"),
        template="partnership/partnership.html",
        data={"bodies": bodies, "composition": composition},
    )
