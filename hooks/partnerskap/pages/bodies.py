"""The association's bodies (LAG, board, presidium, ...): who holds each seat, and sector balance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup

from partnerskap import routes
from partnerskap.i18n import Words
from partnerskap.model.partnership import Partnership, SeatHolder
from partnerskap.model.sector_rule import over_limit
from partnerskap.pages.page import Link, PageSpec, View, email_markup, url_of

if TYPE_CHECKING:
    from partnerskap.pages.composition import Composition


@dataclass(frozen=True)
class SeatRow(View):
    """One seat in a body's table: its holder and the member they represent."""

    role: str
    person: str
    title: str | None
    email: Markup | None
    organisation: Link


@dataclass(frozen=True)
class SeatTable(View):
    """A body's ordinary or deputy seats, with the table's caption."""

    heading: str
    caption: str
    rows: tuple[SeatRow, ...]


@dataclass(frozen=True)
class SectorShare(View):
    """A sector's ordinary seats in a voting body, and whether they are over the 49 % limit."""

    label: str
    seats: int
    total: int
    percent: int
    over_limit: bool


@dataclass(frozen=True)
class GroupView(View):
    """One body's page: its seats, and for a voting body the sector balance."""

    name: str
    voting: bool
    ordinary: SeatTable | None
    deputies: SeatTable | None
    """The ordinary and the deputy seats; None for a kind the body has none of."""
    shares: tuple[SectorShare, ...]
    partnership_url: str


@dataclass(frozen=True)
class BodySummary(View):
    """A body in the partnership's list: its link and its size in words."""

    name: str
    url: str
    voting: bool
    size_label: str


@dataclass(frozen=True)
class PartnershipView(View):
    """The partnership page: the bodies, then the composition."""

    bodies: tuple[BodySummary, ...]
    composition: Composition | None


def _seat_row(holder: SeatHolder, words: Words, directory_urls: bool) -> SeatRow:
    return SeatRow(
        role=holder.seat.role,
        person=holder.person.name,
        title=holder.person.title,
        email=email_markup(holder.person.email, words),
        organisation=Link(holder.member.name, url_of(routes.member(holder.member.id), directory_urls)),
    )


def _shares(partnership: Partnership, group_id: str, words: Words) -> tuple[SectorShare, ...]:
    return tuple(
        SectorShare(
            label=words.sector(share.sector),
            seats=share.seats,
            total=share.total,
            percent=round(share.percent),
            over_limit=over_limit(share.percent),
        )
        for share in partnership.sector_shares(group_id)
    )


def group_pages(partnership: Partnership, words: Words, directory_urls: bool) -> list[PageSpec]:
    pages = []
    for group in partnership.groups:
        holders = partnership.seats(group.id)
        tables = {}
        for heading, deputy in ((words("ordinary_seats"), False), (words("deputy_seats"), True)):
            rows = tuple(_seat_row(h, words, directory_urls) for h in holders if h.seat.deputy == deputy)
            tables[deputy] = SeatTable(heading, f"{heading}, {group.name}", rows) if rows else None
        pages.append(PageSpec(
            path=routes.group(group.id),
            title=group.name,
            template="partnership/group.html",
            body=group.description or "",
            description=f"{group.name}: {words.count('seats_count', len(holders))}.",
            view=GroupView(
                name=group.name,
                voting=group.voting,
                ordinary=tables[False],
                deputies=tables[True],
                shares=_shares(partnership, group.id, words) if group.voting else (),
                partnership_url=url_of(routes.PARTNERSHIP, directory_urls),
            ),
        ))
    return pages


def partnership_page(
    partnership: Partnership, words: Words, directory_urls: bool, composition: Composition | None = None,
) -> PageSpec:
    """The bodies in file order, each with its size and a link to its page, and the composition."""
    bodies = []
    for group in partnership.groups:
        holders = partnership.seats(group.id)
        deputies = sum(1 for h in holders if h.seat.deputy)
        bodies.append(BodySummary(
            name=group.name,
            url=url_of(routes.group(group.id), directory_urls),
            voting=group.voting,
            size_label=", ".join(
                [words.count("ordinary_count", len(holders) - deputies)]
                + ([words.count("deputy_count", deputies)] if deputies else [])
            ),
        ))
    return PageSpec(
        path=routes.PARTNERSHIP,
        title=words("partnership"),
        template="partnership/partnership.html",
        view=PartnershipView(bodies=tuple(bodies), composition=composition),
    )
