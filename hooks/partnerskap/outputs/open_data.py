"""Open data: the member list, the people's public roles and the calendar as JSON and CSV.

Only what the site itself shows goes in: never gender, and no e-mail addresses (the pages show
them only in a form harvesters cannot read, so a file of them would undo that).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any, Callable

from partnerskap import routes
from partnerskap.model.events import Calendar, Event
from partnerskap.model.partnership import Partnership

MEMBER_COLUMNS = ("id", "name", "sector", "group", "municipality", "website", "joined", "url")


def _dump(data: Any) -> bytes:
    # On one line: with indent=, json runs its pure-Python encoder, a tenth of the time the
    # feeds and calendars take for a large association. Browsers show JSON indented anyway.
    return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")


def members_rows(partnership: Partnership, absolute: Callable[[str], str]) -> list[dict[str, Any]]:
    return [
        {
            "id": m.id,
            "name": m.name,
            "sector": m.sector,
            "group": m.group,
            "municipality": m.municipality,
            "website": m.website,
            "joined": m.joined.isoformat() if m.joined else None,
            "url": absolute(routes.member(m.id)),
        }
        for m in sorted(partnership.members, key=lambda m: m.id)
    ]


def members_json(partnership: Partnership, absolute: Callable[[str], str]) -> bytes:
    return _dump({
        "members": members_rows(partnership, absolute),
        "people": [
            {
                "id": p.id,
                "name": p.name,
                "title": p.title,
                "member": p.member,
                "roles": [{"group": s.group, "role": s.role, "deputy": s.deputy} for s in p.roles],
            }
            for p in sorted(partnership.people, key=lambda p: p.id)
        ],
        "groups": [
            {"id": g.id, "name": g.name, "voting": g.voting, "url": absolute(routes.group(g.id))}
            for g in partnership.groups
        ],
    })


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
"""What Excel, LibreOffice and Google Sheets read as the start of a formula in a CSV cell."""


def spreadsheet_text(value: Any) -> str:
    """A CSV cell that a spreadsheet shows as text: a name such as ``=HYPERLINK(...)`` or
    ``-Föreningen`` gets a leading apostrophe, which spreadsheets hide and treat as "text"
    (OWASP's advice for CSV injection). Numbers and dates are written as they are."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def members_csv(partnership: Partnership, absolute: Callable[[str], str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=MEMBER_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in members_rows(partnership, absolute):
        writer.writerow({key: spreadsheet_text(value) for key, value in row.items()})
    # A byte order mark lets Excel, which staff open CSV files in, read the Swedish letters.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _moment(value: dt.date) -> str:
    return value.isoformat()


def calendar_json(calendar: Calendar, absolute: Callable[[str], str], uid: Callable[[Event], str],
                  text: Callable[[str], str]) -> bytes:
    """The association's events as JSON. ``text`` is applied to every string but the UIDs (the
    e-mail addresses spelled out): a UID is ``id@host`` by RFC 5545's advice, not a mailbox, and
    another site of this generator that reads this file (a calendar source of kind ``site``)
    needs it exactly as the calendar files give it, to show each event once."""

    def event(e: Event) -> dict[str, Any]:
        return {
            "id": e.id,
            "uid": uid(e),
            **_texts({
                "title": e.title,
                "category": e.category,
                "start": _moment(e.start),
                "end": _moment(e.end),
                "all_day": e.all_day,
                "status": e.status,
                "audience": e.audience,
                "location": {"name": e.location.name, "address": e.location.address, "url": e.location.url} if e.location else None,
                "series": e.series,
                "project": e.project,
                "organisers": list(e.organisers),
                "repeat": {"rule": e.repeat.rule, "until": e.repeat.until.isoformat() if e.repeat.until else None,
                           "except": [d.isoformat() for d in e.repeat.exceptions]} if e.repeat else None,
                "url": absolute(routes.event(e.id)),
                "summary": e.summary,
            }, text),
        }

    return _dump({
        "series": [_texts({"id": s.id, "title": s.title, "url": absolute(routes.series(s.id))}, text) for s in calendar.series],
        "events": [event(e) for e in sorted(calendar.events, key=lambda e: (e.start.isoformat(), e.id))],
    })


def _texts(value: Any, text: Callable[[str], str]) -> Any:
    """``value`` with ``text`` applied to each string in it, however deep."""
    if isinstance(value, str):
        return text(value)
    if isinstance(value, dict):
        return {key: _texts(item, text) for key, item in value.items()}
    if isinstance(value, list):
        return [_texts(item, text) for item in value]
    return value
