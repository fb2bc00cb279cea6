"""The partnership's composition: sector balance, area covered, gender counts, competence map.

Python computes every figure and every coordinate; the templates draw them as inline SVG with a
data table beside each chart for screen readers. No chart library, no script.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from . import routes
from .bodies import SECTOR_LIMIT_PERCENT
from .i18n import Words
from .model import GENDERS, SECTORS, Partnership
from .pages import url_of

BAR_HEIGHT = 28
ROW_GAP = 12
NETWORK_ROW = 26


def _bars(rows: list[tuple[str, int]], total: int) -> dict[str, Any]:
    """Horizontal bars: each row's share of ``total`` as a width in percent of the chart."""
    largest = max((count for _, count in rows), default=0) or 1
    return {
        "height": len(rows) * (BAR_HEIGHT + ROW_GAP),
        "rows": [
            {
                "label": label,
                "count": count,
                "percent": round(100 * count / total) if total else 0,
                "width": round(100 * count / largest, 1),
                "y": index * (BAR_HEIGHT + ROW_GAP),
            }
            for index, (label, count) in enumerate(rows)
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
    """Per body, how many seats are held by women, men, others and not stated: counts only."""
    result = []
    for group in partnership.groups:
        holders = partnership.seats(group.id)
        counts = Counter(h.person.gender or "unknown" for h in holders)
        result.append({
            "name": group.name,
            "counts": [{"label": words(f"gender_{g}"), "count": counts.get(g, 0)} for g in (*GENDERS, "unknown")],
            "total": len(holders),
        })
    return result


def competence_map(partnership: Partnership, words: Words, urls: bool) -> dict[str, Any]:
    """People × organisations: whom each person represents and where else they are active."""
    people = list(partnership.people)
    org_ids = []
    for person in people:
        for member_id in (person.member, *person.active_in):
            if member_id not in org_ids:
                org_ids.append(member_id)
    orgs = sorted((partnership.member_by_id[i] for i in org_ids), key=lambda m: m.name.casefold())
    column = {m.id: index for index, m in enumerate(orgs)}
    rows = []
    for person in people:
        cells = [""] * len(orgs)
        cells[column[person.member]] = "represents"
        for member_id in person.active_in:
            if cells[column[member_id]] == "":
                cells[column[member_id]] = "active"
        rows.append({"name": person.name, "title": person.title, "cells": cells})

    # The drawn network: people in the left column, organisations in the right, one line per
    # tie; solid for the member a person represents, dashed where they are also active.
    height = max(len(people), len(orgs)) * NETWORK_ROW + NETWORK_ROW
    person_y = {p.id: NETWORK_ROW + i * (height - NETWORK_ROW) / max(len(people), 1) for i, p in enumerate(people)}
    org_y = {m.id: NETWORK_ROW + i * (height - NETWORK_ROW) / max(len(orgs), 1) for i, m in enumerate(orgs)}
    edges = []
    for person in people:
        edges.append({"y1": round(person_y[person.id], 1), "y2": round(org_y[person.member], 1), "kind": "represents"})
        for member_id in person.active_in:
            if member_id != person.member:
                edges.append({"y1": round(person_y[person.id], 1), "y2": round(org_y[member_id], 1), "kind": "active"})
    return {
        "organisations": [{"name": m.name, "url": url_of(routes.member(m.id), urls)} for m in orgs],
        "rows": rows,
        "active_count": sum(len(p.active_in) for p in people),
        "network": {
            "height": round(height + NETWORK_ROW / 2),
            "people": [{"name": p.name, "y": round(person_y[p.id], 1)} for p in people],
            "organisations": [{"name": m.name, "y": round(org_y[m.id], 1)} for m in orgs],
            "edges": edges,
        },
    }


def composition(partnership: Partnership, words: Words, urls: bool) -> dict[str, Any]:
    return {
        "sector_balance": sector_balance(partnership, words),
        "municipalities": municipalities(partnership, words),
        "gender": gender_counts(partnership, words),
        "gender_labels": [words(f"gender_{g}") for g in (*GENDERS, "unknown")],
        "competence": competence_map(partnership, words, urls),
        "sectors": [words.sector(s) for s in SECTORS],
    }
