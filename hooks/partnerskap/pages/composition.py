"""The partnership's composition: sector balance, area covered, gender counts, competence map.

Python computes every figure and every bar's length; the templates draw the bars in HTML, so that
their labels are text at the page's own size on any screen, with a data table beside each chart
for screen readers. No chart library, no script.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from partnerskap import routes
from partnerskap.i18n import Words
from partnerskap.model.partnership import GENDERS, Partnership
from partnerskap.model.sector_rule import SECTOR_LIMIT_PERCENT, over_limit
from partnerskap.pages.page import Link, View, url_of

MIN_GROUP = 3
"""The smallest figure the gender counts show (statistical disclosure control's usual threshold)."""


@dataclass(frozen=True)
class Bar(View):
    """One bar: its label, its figure, its share of the whole in percent, and its length in
    percent of the chart's width (the CSS width, computed here)."""

    label: str
    count: int
    percent: int
    width: float
    over_limit: bool = False


@dataclass(frozen=True)
class BarChart(View):
    """Horizontal bars, named for screen readers by ``label``; ``limit`` is where a limit line
    crosses the bars, in percent of the chart's width (None: no line)."""

    label: str
    rows: tuple[Bar, ...]
    limit: float | None = None


@dataclass(frozen=True)
class SectorBalance(View):
    """A voting body's ordinary seats per sector, against the 49 % limit."""

    name: str
    id: str
    total: int
    chart: BarChart


@dataclass(frozen=True)
class Municipalities(View):
    """How many members are in each municipality."""

    intro: str
    chart: BarChart


@dataclass(frozen=True)
class GenderRow(View):
    """A body's seats by gender, in the order of :attr:`Composition.gender_labels`; ``counts``
    and ``total`` are None where the figures would reveal someone's gender."""

    name: str
    counts: tuple[int, ...] | None
    total: int | None


@dataclass(frozen=True)
class Ties(View):
    """A person active in more members than one: the member they represent, and the others."""

    name: str
    represents: Link
    also: tuple[Link, ...]


@dataclass(frozen=True)
class CompetenceMap(View):
    """The people with ties beyond the member they represent, by name, and how many have none
    in words (None when everyone has)."""

    people: tuple[Ties, ...]
    others: str | None


@dataclass(frozen=True)
class Composition(View):
    """The composition section of the partnership page."""

    sector_balance: tuple[SectorBalance, ...]
    municipalities: Municipalities
    gender: tuple[GenderRow, ...]
    gender_labels: tuple[str, ...]
    gender_rule: str
    competence: CompetenceMap

    @property
    def gender_columns(self) -> int:
        """The columns a body's hidden gender figures span: one per label and the total."""
        return len(self.gender_labels) + 1


def _bars(rows: list[tuple[str, int]], total: int) -> tuple[Bar, ...]:
    """Horizontal bars: each row's share of ``total``, and its length against the largest row."""
    largest = max((count for _, count in rows), default=0) or 1
    return tuple(
        Bar(label, count, round(100 * count / total) if total else 0, round(100 * count / largest, 1))
        for label, count in rows
    )


def sector_balance(partnership: Partnership, words: Words) -> tuple[SectorBalance, ...]:
    bodies = []
    for group in partnership.groups:
        if not group.voting:
            continue
        shares = partnership.sector_shares(group.id)
        total = shares[0].total if shares else 0
        rows = tuple(
            # Against the whole body, so the 49 % line sits at the same place for every bar.
            replace(bar, width=round(share.percent, 1), over_limit=over_limit(share.percent))
            for bar, share in zip(_bars([(words.sector(s.sector), s.seats) for s in shares], total), shares)
        )
        chart = BarChart(words("chart_of", title=group.name), rows, SECTOR_LIMIT_PERCENT)
        bodies.append(SectorBalance(name=group.name, id=group.id, total=total, chart=chart))
    return tuple(bodies)


def municipalities(partnership: Partnership, words: Words) -> Municipalities:
    counts = Counter(m.municipality for m in partnership.members if m.municipality)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    chart = BarChart(words("chart_of", title=words("composition_area")), _bars(rows, len(partnership.members)))
    return Municipalities(intro=words("composition_area_intro", count=len(rows)), chart=chart)


def gender_counts(partnership: Partnership, words: Words) -> tuple[GenderRow, ...]:
    """Per body, how many seats are held by women, men, others and not stated: counts only, and
    only where they cannot reveal a person's gender (:func:`reveals_a_person`); otherwise
    ``counts`` is ``None`` and the page says why."""
    result = []
    for group in partnership.groups:
        holders = partnership.seats(group.id)
        counts = Counter(h.person.gender or "unknown" for h in holders)
        shown = not reveals_a_person(counts, len(holders))
        result.append(GenderRow(
            name=group.name,
            counts=tuple(counts.get(g, 0) for g in (*GENDERS, "unknown")) if shown else None,
            total=len(holders) if shown else None,
        ))
    return tuple(result)


def reveals_a_person(counts: Counter, seats: int) -> bool:
    """Whether a body's gender counts would tell someone's gender: the seat holders are named
    on the body's page, so one woman among not-stated seats is that woman's gender (a figure
    from 1 to ``MIN_GROUP - 1``), and in a body of women only everyone's is known (one gender
    holds every seat)."""
    small = any(0 < count < MIN_GROUP for count in counts.values())
    uniform = seats > 0 and any(counts.get(gender, 0) == seats for gender in GENDERS)
    return small or uniform


def competence_map(partnership: Partnership, words: Words, urls: bool) -> CompetenceMap:
    """Each person active in another member than the one they represent, with both; the others
    are counted, and each stands on their member's page.

    Only the ties that exist, and only the people who have one: a people × organisations grid
    grows with members squared, and a row for everyone with the member alone filled the page
    (2 MB at 5,000 members; see bench/README.md). Most people represent their member and
    nothing else, which their member's page already says.
    """
    def link(member_id: str) -> Link:
        member = partnership.member_by_id[member_id]
        return Link(member.name, url_of(routes.member(member.id), urls))

    people, others = [], 0
    for person in sorted(partnership.people, key=lambda p: p.name.casefold()):
        also = [m for m in dict.fromkeys(person.active_in) if m != person.member]
        if not also:
            others += 1
            continue
        people.append(Ties(
            name=person.name,
            represents=link(person.member),
            also=tuple(sorted((link(m) for m in also), key=lambda o: o.text.casefold())),
        ))
    return CompetenceMap(tuple(people), words.count("competence_others", others) if others else None)


def composition(partnership: Partnership, words: Words, urls: bool) -> Composition:
    return Composition(
        sector_balance=sector_balance(partnership, words),
        municipalities=municipalities(partnership, words),
        gender=gender_counts(partnership, words),
        gender_labels=tuple(words(f"gender_{g}") for g in (*GENDERS, "unknown")),
        gender_rule=words("composition_gender_rule", minimum=MIN_GROUP),
        competence=competence_map(partnership, words, urls),
    )
