"""The partnership's composition: sector balance, area covered, gender counts, competence map.

Python computes every figure and every bar's length; the templates draw the bars in HTML, so that
their labels are text at the page's own size on any screen, with a data table beside each chart
for screen readers. No chart library, no script.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from partnerskap import routes
from partnerskap.pages.bodies import SECTOR_LIMIT_PERCENT
from partnerskap.i18n import Words
from partnerskap.model.partnership import GENDERS, SECTORS, Partnership
from partnerskap.pages.page import url_of

MIN_GROUP = 3
"""The smallest figure the gender counts show (statistical disclosure control's usual threshold)."""


def _bars(rows: list[tuple[str, int]], total: int) -> dict[str, Any]:
    """Horizontal bars: each row's share of ``total`` as a width in percent of the chart."""
    largest = max((count for _, count in rows), default=0) or 1
    return {
        "rows": [
            {
                "label": label,
                "count": count,
                "percent": round(100 * count / total) if total else 0,
                "width": round(100 * count / largest, 1),
            }
            for label, count in rows
        ],
    }


def sector_balance(partnership: Partnership, words: Words) -> list[dict[str, Any]]:
    bodies = []
    for group in partnership.groups:
        if not group.voting:
            continue
        shares = partnership.sector_shares(group.id)
        total = shares[0].total if shares else 0
        chart = _bars([(words.sector(s.sector), s.seats) for s in shares], total)
        for row, share in zip(chart["rows"], shares):
            row["over_limit"] = share.percent > SECTOR_LIMIT_PERCENT
            # Against the whole body, so the 49 % line sits at the same place for every bar.
            row["width"] = round(share.percent, 1)
        bodies.append({"name": group.name, "id": group.id, "total": total, "chart": chart, "limit": SECTOR_LIMIT_PERCENT})
    return bodies


def municipalities(partnership: Partnership, words: Words) -> dict[str, Any]:
    counts = Counter(m.municipality for m in partnership.members if m.municipality)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    without = sum(1 for m in partnership.members if not m.municipality)
    return {"chart": _bars(rows, len(partnership.members)), "count": len(rows), "without": without}


def gender_counts(partnership: Partnership, words: Words) -> list[dict[str, Any]]:
    """Per body, how many seats are held by women, men, others and not stated: counts only, and
    only where they cannot reveal a person's gender (:func:`reveals_a_person`); otherwise
    ``counts`` is ``None`` and the page says why."""
    result = []
    for group in partnership.groups:
        holders = partnership.seats(group.id)
        counts = Counter(h.person.gender or "unknown" for h in holders)
        shown = not reveals_a_person(counts, len(holders))
        result.append({
            "name": group.name,
            "counts": [{"label": words(f"gender_{g}"), "count": counts.get(g, 0)} for g in (*GENDERS, "unknown")] if shown else None,
            "total": len(holders) if shown else None,
        })
    return result


def reveals_a_person(counts: Counter, seats: int) -> bool:
    """Whether a body's gender counts would tell someone's gender: the seat holders are named
    on the body's page, so one woman among not-stated seats is that woman's gender (a figure
    from 1 to ``MIN_GROUP - 1``), and in a body of women only everyone's is known (one gender
    holds every seat)."""
    small = any(0 < count < MIN_GROUP for count in counts.values())
    uniform = seats > 0 and any(counts.get(gender, 0) == seats for gender in GENDERS)
    return small or uniform


def competence_map(partnership: Partnership, words: Words, urls: bool) -> dict[str, Any]:
    """Each person with the member they represent and the other members they are active in.

    Only the ties that exist: a people × organisations grid grows with members squared (8 MB at a
    thousand members) and cannot be read on a phone; this list grows with the people.
    """
    def link(member_id: str) -> dict[str, str]:
        member = partnership.member_by_id[member_id]
        return {"name": member.name, "url": url_of(routes.member(member.id), urls)}

    people = sorted(partnership.people, key=lambda p: p.name.casefold())
    return {
        "people": [
            {
                "name": person.name,
                "represents": link(person.member),
                "also": sorted((link(m) for m in dict.fromkeys(person.active_in) if m != person.member), key=lambda o: o["name"].casefold()),
            }
            for person in people
        ],
    }


def composition(partnership: Partnership, words: Words, urls: bool) -> dict[str, Any]:
    return {
        "sector_balance": sector_balance(partnership, words),
        "municipalities": municipalities(partnership, words),
        "gender": gender_counts(partnership, words),
        "gender_labels": [words(f"gender_{g}") for g in (*GENDERS, "unknown")],
        "gender_rule": words("composition_gender_rule", minimum=MIN_GROUP),
        "competence": competence_map(partnership, words, urls),
        "sectors": [words.sector(s) for s in SECTORS],
    }
