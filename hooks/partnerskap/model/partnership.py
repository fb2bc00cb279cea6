"""The facts of an association, each declared once: the keys staff write in members.yaml, how
each is checked, shown in the editor's forms and kept (:mod:`.source.declarations`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from partnerskap.i18n import swedish_names
from partnerskap.source.declarations import entity, key
from partnerskap.source.fields import (
    Boolean, Choice, Email, IsoDate, ListOf, Markdown, Reference, Slug, Text, Url,
)

SECTORS = swedish_names("sector_{}", ("public", "private", "civil"))
"""The three sectors of a LEADER partnership, with their Swedish names."""

GENDERS = swedish_names("gender_{}_one", ("woman", "man", "other"))


@entity("member", noun="medlem", description="En medlemsorganisation i föreningen.")
@dataclass(frozen=True, kw_only=True)
class Member:
    id: str = key(Slug(), "Id (små bokstäver, siffror och bindestreck; används i adresser och hänvisningar, ändras aldrig)")
    name: str = key(Text(example="organisationens namn"), "Organisationens namn")
    sector: str = key(Choice(SECTORS), "Sektor: public (offentlig), private (privat) eller civil (ideell)")
    group: str | None = key(Text(), "Rubrik i medlemsförteckningen", default=None)
    municipality: str | None = key(Text(), "Kommun där medlemmen främst verkar", default=None)
    website: str | None = key(Url(), "Webbplats (http:// eller https://)", default=None)
    email: str | None = key(Email(), "Organisationens publika e-postadress", default=None)
    phone: str | None = key(Text(example='ett telefonnummer inom citattecken, "+46 35 00 00 00"'), "Telefon", default=None)
    logo: str | None = key(Text(example="en sökväg inne i content/, img/medlemmar/x.svg"), "Logotyp: sökväg inne i content/", default=None)
    """A path inside the docs folder."""
    joined: dt.date | None = key(IsoDate(), "Medlem sedan (datum)", default=None)
    description: str | None = key(Markdown(), "Kort presentation (Markdown; HTML visas som text)", default=None)
    """Markdown written by staff; raw HTML in it is shown as text."""


@entity("seat", noun="plats", description="En plats i ett organ.")
@dataclass(frozen=True, kw_only=True)
class Seat:
    group: str = key(Reference("group"), "Organets id (under groups)")
    role: str = key(Text(example="en roll, till exempel Ledamot"), "Roll, till exempel Ordförande eller Ledamot")
    deputy: bool = key(Boolean(), "true för ersättare", default=False)


@entity("person", noun="person", description="En person som företräder en medlem och kan sitta i föreningens organ.")
@dataclass(frozen=True, kw_only=True)
class Person:
    id: str = key(Slug(), "Id (små bokstäver, siffror och bindestreck)")
    name: str = key(Text(example="personens namn"), "Namn")
    member: str = key(Reference("member"), "Medlemsorganisationen personen företräder (medlemmens id)")
    title: str | None = key(Text(), "Titel i den egna organisationen", default=None)
    email: str | None = key(Email(), "E-post (publiceras bara om den anges)", default=None)
    gender: str | None = key(Choice(GENDERS), "Kön: woman, man eller other (visas aldrig per person, räknas bara)", default=None)
    """Only ever counted, never shown per person."""
    roles: tuple[Seat, ...] = key(ListOf(Seat.RECORD), "Platser i organen", default=())
    active_in: tuple[str, ...] = key(ListOf(Reference("member")), "Medlemmar personen också är aktiv i (kompetenskartan)", default=())


@entity("group", noun="organ", description="Ett organ: LAG, styrelse, presidium, valberedning ...")
@dataclass(frozen=True, kw_only=True)
class Group:
    id: str = key(Slug(), "Id, till exempel lag eller presidium")
    name: str = key(Text(example="organets namn"), "Namn")
    description: str | None = key(Markdown(), "Beskrivning (Markdown)", default=None)
    voting: bool = key(Boolean(), "true om organet beslutar och 49 %-regeln gäller", default=False)
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
