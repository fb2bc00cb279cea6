"""Which events each member takes part in: those it organises and those where someone from it
speaks, for the member's page (coming ones first, then the past, newest first)."""

from __future__ import annotations

from collections import defaultdict

from partnerskap.model.agenda import split_by_now
from partnerskap.model.events import Occurrence
from partnerskap.pages.calendar_pages import CalendarContext, listing_item
from partnerskap.pages.directory import MemberEvents


def events_by_member(found: list[Occurrence], ctx: CalendarContext) -> dict[str, MemberEvents]:
    """For each member id, its coming and past events; a repeating event is listed at its next
    date only (or its last, once all have passed), so that a weekly meeting does not fill the page."""
    upcoming, past = split_by_now(found, ctx.zone, ctx.now)
    chosen: dict[str, dict[str, dict[str, Occurrence]]] = defaultdict(lambda: {"upcoming": {}, "past": {}})
    for when, occurrences in (("upcoming", upcoming), ("past", reversed(past))):
        for occ in occurrences:
            event = occ.event
            members = set(event.organisers) | {s.organisation for item in event.programme for s in item.speakers if s.organisation}
            for member_id in members:
                if when == "past" and event.id in chosen[member_id]["upcoming"]:
                    continue
                chosen[member_id][when].setdefault(event.id, occ)
    return {
        member_id: MemberEvents(**{when: tuple(listing_item(o, ctx) for o in by_event.values()) for when, by_event in lists.items()})
        for member_id, lists in chosen.items()
    }
