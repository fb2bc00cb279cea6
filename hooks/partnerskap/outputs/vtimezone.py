"""The VTIMEZONE of the site's zone, in the form every calendar client reads the same way.

icalendar's own VTIMEZONE put each onset at the wrong local time and listed the onsets as one
comma-separated RDATE, which vobject and calcurse read differently from other clients. This one
is derived from the zone's actual transitions (zoneinfo, the same data the pages use), written as
RFC 5545 asks: each onset's DTSTART is the local time *before* the change (in TZOFFSETFROM), and
a run of yearly changes on the same weekday rule is one RRULE (``BYMONTH=3;BYDAY=-1SU``), the
form clients handle best. A change that follows no yearly rule gets a component of its own.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar

_DAY = dt.timedelta(days=1)
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Transition:
    at: dt.datetime
    """The instant of the change, in UTC."""
    before: dt.timedelta
    after: dt.timedelta
    dst: bool
    name: str

    @property
    def onset(self) -> dt.datetime:
        """The change as a naive local time in the offset in force before it (RFC 5545 3.6.5)."""
        return (self.at + self.before).replace(tzinfo=None)

    @property
    def kind(self) -> tuple:
        return (self.before, self.after, self.dst, self.name)


def transitions(zone: ZoneInfo, first: dt.date, last: dt.date) -> list[Transition]:
    """Every change of the zone's offset, daylight flag or name from ``first`` through ``last``."""
    found = []
    moment = dt.datetime.combine(first, dt.time(), tzinfo=dt.timezone.utc)
    end = dt.datetime.combine(last + _DAY, dt.time(), tzinfo=dt.timezone.utc)
    state = _state(zone, moment)
    while moment < end:
        following = moment + _DAY
        if _state(zone, following) != state:
            low, high = moment, following  # the change lies in (low, high]: find its second
            while high - low > dt.timedelta(seconds=1):
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if _state(zone, middle) == state:
                    low = middle
                else:
                    high = middle
            after = _state(zone, high)
            found.append(Transition(high, state[0], after[0], after[1], after[2]))
            state = after
        moment = following
    return found


def _state(zone: ZoneInfo, instant: dt.datetime) -> tuple[dt.timedelta, bool, str]:
    local = instant.astimezone(zone)
    return local.utcoffset(), bool(local.dst()), local.tzname() or ""


def vtimezone(zone: ZoneInfo, first: dt.date, last: dt.date) -> icalendar.Timezone:
    """The zone's VTIMEZONE, exact for every local time from ``first`` through ``last``; its last
    yearly rules go on without end, as the zone's own rule for future years does."""
    component = icalendar.Timezone()
    component.add("tzid", zone.key)
    found = transitions(zone, first, last)
    if not found:
        # No change in the period: one definition from the start of the period.
        start = dt.datetime.combine(first, dt.time(), tzinfo=dt.timezone.utc).astimezone(zone)
        offset, dst, name = _state(zone, start)
        component.add_component(_observance(dst, name, offset, offset, start.replace(tzinfo=None)))
        return component
    observances = []
    if found[0].at.year > first.year:
        # The period begins more than a year before the first change: say what holds until then.
        start = dt.datetime.combine(first, dt.time(), tzinfo=dt.timezone.utc).astimezone(zone)
        offset, dst, name = _state(zone, start)
        observances.append((start, _observance(dst, name, offset, offset, start.replace(tzinfo=None))))
    by_kind: dict[tuple, list[Transition]] = {}
    for change in found:
        by_kind.setdefault(change.kind, []).append(change)
    for changes in by_kind.values():
        for run, rule in _yearly_runs(changes):
            observance = _observance(run[0].dst, run[0].name, run[0].before, run[0].after, run[0].onset)
            if rule is not None:
                recurrence = {"FREQ": "YEARLY", "BYMONTH": run[0].onset.month, "BYDAY": rule}
                if run[-1].at.year < last.year:
                    recurrence["UNTIL"] = run[-1].at  # the rule ended: no onsets after its last
                observance.add("rrule", recurrence)
            observances.append((run[0].at, observance))
    for _, observance in sorted(observances, key=lambda pair: pair[0]):
        component.add_component(observance)
    return component


def _observance(dst: bool, name: str, before: dt.timedelta, after: dt.timedelta, onset: dt.datetime) -> icalendar.Component:
    observance = icalendar.TimezoneDaylight() if dst else icalendar.TimezoneStandard()
    if name:
        observance.add("tzname", name)
    observance.add("tzoffsetfrom", before)
    observance.add("tzoffsetto", after)
    observance.add("dtstart", onset)
    return observance


def _weekday_rules(onset: dt.datetime) -> set[str]:
    """The BYDAY values that give this date in its month: ``2SU``, and ``-1SU`` in the last week."""
    weekday = _WEEKDAYS[onset.weekday()]
    rules = {f"{(onset.day - 1) // 7 + 1}{weekday}"}
    if onset.day + 7 > calendar.monthrange(onset.year, onset.month)[1]:
        rules.add(f"-1{weekday}")
    return rules


def _yearly_runs(changes: list[Transition]) -> list[tuple[list[Transition], str | None]]:
    """Consecutive years with the change in the same month, at the same local time, on a common
    weekday rule: one RRULE each. A change alone in its run keeps a plain DTSTART."""
    runs: list[tuple[list[Transition], set[str]]] = []
    for change in changes:
        rules = _weekday_rules(change.onset)
        if runs:
            run, common = runs[-1]
            previous = run[-1].onset
            same = rules & common
            if (
                same and change.onset.year == previous.year + 1 and change.onset.month == previous.month
                and change.onset.time() == previous.time()
            ):
                run.append(change)
                runs[-1] = (run, same)
                continue
        runs.append(([change], rules))
    # Prefer "last Sunday" to "4th Sunday" when both fit every year: it is the rule the zone states.
    return [(run, (sorted(rules, key=lambda r: not r.startswith("-"))[0] if len(run) > 1 else None)) for run, rules in runs]
