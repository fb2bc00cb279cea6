"""An event's time as one value: all day or timed, its days and instants across clock changes, and
its repeat rule parsed once for every page, feed and calendar file."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from partnerskap.i18n import Words
from partnerskap.model import event_time
from partnerskap.model.agenda import occurrences, when
from partnerskap.model.event_time import (
    EventTime, MixedTimes, RepeatedTime, RepeatRule, SkippedTime, last_moment, localised,
)
from partnerskap.model.events_file import load_events
from partnerskap.outputs import feeds, icalendar_files
from partnerskap.pages import calendar_pages

ZONE = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2026, 11, 18, 12, tzinfo=dt.timezone.utc)
UTC = dt.timezone.utc


def local(*parts: int, fold: int = 0) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=ZONE, fold=fold)


def test_a_date_is_all_day_and_ends_the_same_day():
    time = EventTime.written(dt.date(2026, 5, 1))
    assert time.all_day
    assert (time.first_day, time.last_day, time.days) == (dt.date(2026, 5, 1), dt.date(2026, 5, 1), 1)
    assert time.starts_at(ZONE) == local(2026, 5, 1)
    assert time.ends_at(ZONE) == local(2026, 5, 2)  # midnight after the last day


def test_a_time_of_day_is_timed_and_lasts_an_hour_without_an_end():
    time = EventTime.written(local(2026, 5, 1, 13, 30))
    assert not time.all_day
    assert time.end == local(2026, 5, 1, 14, 30)
    assert time.starts_at(ZONE) == time.start and time.ends_at(ZONE) == time.end
    assert time.local_start == dt.datetime(2026, 5, 1, 13, 30)


def test_a_date_and_a_time_of_day_do_not_make_one_time():
    with pytest.raises(MixedTimes):
        EventTime.written(dt.date(2026, 5, 1), local(2026, 5, 1, 15))
    with pytest.raises(MixedTimes):
        EventTime.written(local(2026, 5, 1, 15), dt.date(2026, 5, 2))


def test_several_days_all_day_and_timed_past_midnight():
    conference = EventTime(dt.date(2026, 11, 30), dt.date(2026, 12, 2))
    assert conference.days == 3 and conference.ends_at(ZONE) == local(2026, 12, 3)
    party = EventTime(local(2026, 12, 31, 20), local(2027, 1, 1, 2))
    assert (party.first_day, party.last_day, party.days) == (dt.date(2026, 12, 31), dt.date(2027, 1, 1), 2)


def test_clock_times_the_night_the_clocks_change_must_be_settled():
    with pytest.raises(SkippedTime):
        localised(dt.datetime(2026, 3, 29, 2, 30), ZONE)  # clocks jump from 02:00 to 03:00
    with pytest.raises(RepeatedTime):
        localised(dt.datetime(2026, 10, 25, 2, 30), ZONE)  # 02:30 comes twice
    with_offset = localised(dt.datetime(2026, 10, 25, 2, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))), ZONE)
    assert with_offset.astimezone(UTC) == dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert localised(dt.date(2026, 10, 25), ZONE) == dt.date(2026, 10, 25)


def test_an_end_before_the_start_is_found_as_instants_not_clock_times():
    # The second 02:30 of the autumn night comes after the first 02:45, though its clock shows less.
    second_half_past_two = local(2026, 10, 25, 2, 30, fold=1)
    first_quarter_to_three = local(2026, 10, 25, 2, 45, fold=0)
    assert EventTime(second_half_past_two, first_quarter_to_three).ends_before_start
    assert not EventTime(first_quarter_to_three, second_half_past_two).ends_before_start
    assert EventTime(dt.date(2026, 5, 2), dt.date(2026, 5, 1)).ends_before_start


def test_a_repetition_keeps_its_clock_time_across_a_clock_change():
    time = EventTime(local(2026, 3, 26, 18), local(2026, 3, 26, 20))  # winter time, +01:00
    after = time.at(dt.datetime(2026, 4, 2, 18))  # summer time, +02:00
    assert (after.start.hour, after.end.hour) == (18, 20)
    assert after.start.utcoffset() == dt.timedelta(hours=2)
    assert after.start.astimezone(UTC) - time.start.astimezone(UTC) == dt.timedelta(days=7, hours=-1)


def test_a_deadline_date_means_the_end_of_that_day():
    assert last_moment(dt.date(2026, 5, 1), ZONE) == local(2026, 5, 1, 23, 59, 59)
    assert last_moment(local(2026, 5, 1, 12), ZONE) == local(2026, 5, 1, 12)
    assert EventTime.written(dt.date(2026, 5, 1)).latest_deadline(ZONE) == local(2026, 5, 1, 23, 59, 59)
    assert EventTime.written(local(2026, 5, 1, 9)).latest_deadline(ZONE) == local(2026, 5, 1, 9)


def test_a_repeat_begins_at_its_rules_first_date_with_until_in_utc():
    # 2026-01-05 is a Monday; the first Thursday of a month from then is 5 February.
    time = EventTime(local(2026, 1, 5, 10), local(2026, 1, 5, 11, 30))
    repeat = RepeatRule.of(time, "FREQ=MONTHLY;BYDAY=1TH", dt.date(2026, 6, 30), (dt.date(2026, 4, 2),))
    assert repeat.first == EventTime(local(2026, 2, 5, 10), local(2026, 2, 5, 11, 30))
    assert repeat.skipped == [local(2026, 4, 2, 10)]
    rule = repeat.recurrence(ZONE)
    assert rule.to_ical() == b"FREQ=MONTHLY;UNTIL=20260630T215959Z;BYDAY=1TH"  # in UTC: 23:59:59 summer time
    all_day = RepeatRule.of(EventTime(dt.date(2026, 1, 5), dt.date(2026, 1, 5)), "FREQ=WEEKLY", dt.date(2026, 6, 30), ())
    assert all_day.recurrence(ZONE)["UNTIL"] == [dt.date(2026, 6, 30)]
    assert all_day.first.start == dt.date(2026, 1, 5)


def test_when_reads_each_kind_of_time():
    words = Words("sv")
    assert "heldag" in when(EventTime(dt.date(2026, 5, 1), dt.date(2026, 5, 1)), words)
    timed = when(EventTime(local(2026, 5, 1, 13, 30), local(2026, 5, 1, 15)), words)
    assert "13.30" in timed and "15.00" in timed and "heldag" not in timed


REPEATING = """\
events:
  - id: traff
    title: Månadsträff
    category: meeting
    start: 2026-01-05 10:00
    end: 2026-01-05 11:30
    published: 2025-12-01
    location: Online
    repeat:
      rule: FREQ=MONTHLY;BYDAY=1TH
      until: 2027-12-31
      except: [2026-04-02]
"""


def test_the_repeat_rule_is_parsed_once_for_every_page_feed_and_calendar(tmp_path, monkeypatch):
    parses = []
    real = event_time.rrulestr
    monkeypatch.setattr(event_time, "rrulestr", lambda *args, **kw: parses.append(args) or real(*args, **kw))
    path = tmp_path / "events.yaml"
    path.write_text(REPEATING, encoding="utf-8")
    calendar, report = load_events(path, "events.yaml", ZONE, set(), NOW)
    assert not report.problems and calendar is not None
    event = calendar.events[0]
    assert len(parses) == 2  # the check of the file as written, and the event's own
    assert event.repeat_rule is event.repeat_rule

    found = occurrences(event, ZONE, NOW)
    words = Words("sv")
    writer = icalendar_files.IcalendarWriter(
        words=words, zone=ZONE, host="bygd.example.se", event_url=lambda e: "https://bygd.example.se/e/", now=NOW,
    )
    ics = icalendar.Calendar.from_ical(writer.file([event], "Kalender"))
    feeds.items([event], ZONE, NOW)
    google = calendar_pages._google_dates(event)
    assert len(parses) == 2, "a page, feed or calendar file parsed the rule again"

    # And they agree: the pages' first date is the calendar's DTSTART and the Google link's.
    assert found[0].start == local(2026, 2, 5, 10)
    assert dt.date(2026, 4, 2) not in {o.first_day for o in found}
    first = min(ics.walk("VEVENT"), key=lambda v: v.decoded("dtstart"))
    assert first.decoded("dtstart") == found[0].start
    assert google.startswith(found[0].start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ"))


READS_TIMES = {"model/event_time.py", "model/imported_events.py", "model/events.py"}
"""Where a time's type is asked: the site's own events' (event_time), the sources' values as
icalendar parsed them (imported_events) and an id suggested from a written start (events)."""


def test_only_the_modules_that_read_times_ask_whether_one_is_a_date_or_a_datetime():
    package = Path(__file__).resolve().parents[1] / "hooks" / "partnerskap"
    asking = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "isinstance" and len(node.args) == 2:
                named = {n.attr if isinstance(n, ast.Attribute) else getattr(n, "id", None) for n in ast.walk(node.args[1])}
                if named & {"date", "datetime"}:
                    asking.add(path.relative_to(package).as_posix())
    assert asking == READS_TIMES, "pages and outputs call the event's (or the imported series') methods instead"
