"""The member directory: one page listing every member, and one page per member."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from markupsafe import Markup

from partnerskap import routes
from partnerskap.i18n import Words
from partnerskap.model.partnership import SECTORS, Member, Partnership
from partnerskap.pages.calendar_views import ListingItem
from partnerskap.pages.page import Link, PageSpec, View, email_markup, url_of


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


SHOWN_OUTSIDE_FACTS = frozenset({"group", "municipality", "logo", "description"})
"""A member's keys its page shows in the header or as its text, not in the list of facts."""
SEARCHED_DESCRIPTION = 600
"""How much of a member's description the directory's own search looks in: enough for what a
member does, without a long text weighing down a page that lists every member."""


def searchable(markdown: str | None) -> str:
    """A description's words without Markdown's marks, for the directory's search."""
    if not markdown:
        return ""
    text = re.sub(r"\]\([^)]*\)|[#*_`>\[\]|]", " ", markdown)
    return " ".join(text.split())[:SEARCHED_DESCRIPTION]


@dataclass(frozen=True)
class MemberCard(View):
    """One member in the directory: the card, and what the directory's filters match it by."""

    name: str
    url: str
    sector: str
    sector_label: str
    municipality: str | None
    website: str | None
    website_label: str | None
    logo: str | None
    initials: str
    search_text: str
    """The words the directory's own search matches, casefolded."""


@dataclass(frozen=True)
class SectorCount(View):
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class DirectoryGroup(View):
    """The members under one ``group`` heading, with their count per sector."""

    heading: str
    count: int
    sectors: tuple[SectorCount, ...]
    members: tuple[MemberCard, ...]


@dataclass(frozen=True)
class DirectoryView(View):
    """The member directory: totals, the filters' choices, and the cards by group."""

    total_label: str
    sectors: tuple[SectorCount, ...]
    municipalities: tuple[str, ...]
    groups: tuple[DirectoryGroup, ...]


@dataclass(frozen=True)
class MemberFacts(View):
    """A member as staff declared it, for the top of its page, with what showing it takes worked
    out. The template draws the member's own keys directly (``m.member.phone``), so a key added
    to :class:`~partnerskap.model.partnership.Member` needs only its line in the template."""

    member: Member
    sector_label: str
    municipality: str | None
    """The municipality as most members spell it."""
    website_label: str | None
    email: Markup | None
    phone_uri: str | None
    initials: str
    joined: str | None
    joined_iso: str | None

    @property
    def logo(self) -> str | None:  # for member-logo.html, which also draws the directory's cards
        return self.member.logo

    @property
    def has_facts(self) -> bool:
        """Whether the list of facts has anything to show: any key staff may write that the page
        does not show elsewhere (in the header, or as the description)."""
        return any(
            getattr(self.member, field.name) for field in type(self.member).RECORD.fields
            if not field.required and field.name not in SHOWN_OUTSIDE_FACTS
        )


@dataclass(frozen=True)
class Representative(View):
    """A person who represents the member, with a link to each body they have a seat in."""

    name: str
    title: str | None
    email: Markup | None
    seats: tuple[Link, ...]


@dataclass(frozen=True)
class MemberProject(View):
    """A project the member takes part in, with its role and the project's status in lower case."""

    title: str
    url: str
    role: str
    status: str


@dataclass(frozen=True)
class MemberEvents(View):
    """The events a member organises or speaks at, coming and past (pages/member_events.py)."""

    upcoming: tuple[ListingItem, ...] = ()
    past: tuple[ListingItem, ...] = ()


@dataclass(frozen=True)
class MemberView(View):
    """One member's page."""

    member: MemberFacts
    representatives: tuple[Representative, ...]
    bodies: tuple[Link, ...]
    projects: tuple[MemberProject, ...]
    events: MemberEvents
    directory_url: str


def _card(member: Member, words: Words, directory_urls: bool, municipality: str | None) -> MemberCard:
    search_text = " ".join(filter(None, (
        member.name, municipality, member.group, words.sector(member.sector), searchable(member.description),
    )))
    return MemberCard(
        name=member.name,
        url=url_of(routes.member(member.id), directory_urls),
        sector=member.sector,
        sector_label=words.sector(member.sector),
        municipality=municipality,
        website=member.website,
        website_label=website_label(member.website) if member.website else None,
        logo=member.logo,
        initials=initials(member.name),
        search_text=search_text.casefold(),
    )


def directory_page(partnership: Partnership, words: Words, directory_urls: bool) -> PageSpec:
    """All members as cards, grouped under their ``group`` heading, with counts and filters."""
    spelling = municipality_spellings(partnership.members)
    cards_by_group: dict[str, list[MemberCard]] = {}
    for member in sorted(partnership.members, key=lambda m: m.name.casefold()):
        card = _card(member, words, directory_urls, spelling.get(member.municipality or ""))
        cards_by_group.setdefault(member.group or words("members"), []).append(card)
    groups = []
    for heading in sorted(cards_by_group, key=str.casefold):
        cards = cards_by_group[heading]
        counts = Counter(card.sector for card in cards)
        groups.append(DirectoryGroup(
            heading=heading,
            count=len(cards),
            sectors=tuple(SectorCount(s, words.sector(s), counts[s]) for s in SECTORS if counts[s]),
            members=tuple(cards),
        ))
    sector_counts = Counter(m.sector for m in partnership.members)
    return PageSpec(
        path=routes.DIRECTORY,
        title=words("members"),
        template="partnership/directory.html",
        view=DirectoryView(
            total_label=words.count("members_count", len(partnership.members)),
            sectors=tuple(SectorCount(s, words.sector(s), sector_counts[s]) for s in SECTORS),
            municipalities=tuple(sorted(set(spelling.values()), key=str.casefold)),
            groups=tuple(groups),
        ),
    )


def member_pages(
    partnership: Partnership, words: Words, directory_urls: bool, projects: dict[str, list[MemberProject]] | None = None,
    events: dict[str, MemberEvents] | None = None,
) -> list[PageSpec]:
    """One page per member: description, contacts, representatives and their seats, bodies,
    projects, and the events it organises or speaks at."""
    pages = []
    spelling = municipality_spellings(partnership.members)
    for member in partnership.members:
        municipality = spelling.get(member.municipality or "")
        representatives = tuple(
            Representative(
                name=person.name,
                title=person.title,
                email=email_markup(person.email, words),
                seats=tuple(
                    Link(
                        words("seat_in", role=seat.role, group=partnership.group_by_id[seat.group].name),
                        url_of(routes.group(seat.group), directory_urls),
                    )
                    for seat in person.roles
                ),
            )
            for person in partnership.representatives(member.id)
        )
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
                summary, *(part for r in representatives for part in (r.name, r.title)),
            ))),
            view=MemberView(
                member=MemberFacts(
                    member=member,
                    sector_label=words.sector(member.sector),
                    municipality=municipality,
                    website_label=website_label(member.website) if member.website else None,
                    email=email_markup(member.email, words),
                    phone_uri="tel:" + "".join(c for c in member.phone if c.isdigit() or c == "+") if member.phone else None,
                    initials=initials(member.name),
                    joined=words.date(member.joined) if member.joined else None,
                    joined_iso=member.joined.isoformat() if member.joined else None,
                ),
                representatives=representatives,
                bodies=tuple(Link(g.name, url_of(routes.group(g.id), directory_urls)) for g in partnership.groups_of(member.id)),
                projects=tuple((projects or {}).get(member.id, ())),
                events=(events or {}).get(member.id, MemberEvents()),
                directory_url=url_of(routes.DIRECTORY, directory_urls),
            ),
        ))
    return pages
