"""The validated facts of an association: plain, frozen records with no knowledge of files."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

SECTORS = {
    "public": "offentlig sektor",
    "private": "privat sektor",
    "civil": "ideell sektor",
}
"""The three sectors of a LEADER partnership; values are the Swedish meaning for the schema."""

GENDERS = {"woman": "kvinna", "man": "man", "other": "annat"}


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    sector: str
    group: str | None = None
    municipality: str | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    logo: str | None = None
    """A path inside the docs folder."""
    joined: dt.date | None = None
    description: str | None = None
    """Markdown written by staff; raw HTML in it is shown as text."""


@dataclass(frozen=True)
class Seat:
    group: str
    role: str
    deputy: bool = False


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    member: str
    title: str | None = None
    email: str | None = None
    gender: str | None = None
    """Only ever counted, never shown per person."""
    roles: tuple[Seat, ...] = ()
    active_in: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    description: str | None = None
    voting: bool = False
    line: int = field(default=0, compare=False)
    """Where the group starts in members.yaml, for messages about it."""


@dataclass(frozen=True)
class SeatHolder:
    """A seat in a body together with who holds it and whom they represent."""

    seat: Seat
    person: Person
    member: Member


@dataclass(frozen=True)
class SectorShare:
    sector: str
    seats: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.seats / self.total if self.total else 0.0


@dataclass(frozen=True)
class Partnership:
    """Members, the people who represent them, and the bodies they sit in."""

    members: tuple[Member, ...]
    people: tuple[Person, ...]
    groups: tuple[Group, ...]

    @cached_property
    def member_by_id(self) -> dict[str, Member]:
        return {m.id: m for m in self.members}

    @cached_property
    def person_by_id(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}

    @cached_property
    def group_by_id(self) -> dict[str, Group]:
        return {g.id: g for g in self.groups}

    @cached_property
    def _seats_by_group(self) -> dict[str, list[SeatHolder]]:
        seats: dict[str, list[SeatHolder]] = {g.id: [] for g in self.groups}
        for person in self.people:
            for seat in person.roles:
                seats[seat.group].append(SeatHolder(seat, person, self.member_by_id[person.member]))
        return seats

    @cached_property
    def _representatives(self) -> dict[str, list[Person]]:
        by_member: dict[str, list[Person]] = {m.id: [] for m in self.members}
        for person in self.people:
            by_member[person.member].append(person)
        return by_member

    def seats(self, group_id: str) -> list[SeatHolder]:
        """Every seat of a body in file order, ordinary seats before deputies."""
        return sorted(self._seats_by_group[group_id], key=lambda holder: holder.seat.deputy)

    def representatives(self, member_id: str) -> list[Person]:
        return self._representatives[member_id]

    def groups_of(self, member_id: str) -> list[Group]:
        """The bodies a member sits in through the people who represent it."""
        ids = {seat.group for person in self.representatives(member_id) for seat in person.roles}
        return [g for g in self.groups if g.id in ids]

    def sector_shares(self, group_id: str) -> list[SectorShare]:
        """How the ordinary (non-deputy) seats of a body divide over the sectors."""
        ordinary = [h for h in self.seats(group_id) if not h.seat.deputy]
        counts = Counter(holder.member.sector for holder in ordinary)
        return [SectorShare(sector, counts.get(sector, 0), len(ordinary)) for sector in SECTORS]
