"""events.yaml: every kind of problem is reported with its line, all in one run."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from partnerskap.model.events_file import load_events

ZONE = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2026, 11, 18, 12, tzinfo=dt.timezone.utc)
MEMBERS = {"region-halland", "tillvaxtverket"}

GOOD_EVENT = """\
  - id: ok
    title: Ett möte
    category: meeting
    start: 2026-12-01 10:00
    published: 2026-11-01
"""


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "events.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    calendar, report = load_events(path, "events.yaml", ZONE, MEMBERS, NOW)
    assert (calendar is None) == bool(report.problems)
    return [str(p) for p in report.problems]


def one_problem(tmp_path: Path, text: str) -> str:
    found = problems(tmp_path, text)
    assert len(found) == 1, found
    return found[0]


def test_a_valid_file_has_no_problems(tmp_path):
    assert problems(tmp_path, "events:\n" + GOOD_EVENT) == []


def test_unknown_category_names_the_line_and_the_nearest_category(tmp_path):
    message = one_problem(tmp_path, """\
        events:
          - title: Webbinarium
            category: webinarium
            start: 2026-12-01 10:00
            published: 2026-11-01
            id: e1
        """)
    assert message.startswith("events.yaml:3: category:")
    assert 'menade du "webinar"' in message


def test_unknown_series(tmp_path):
    message = one_problem(tmp_path, """\
        series:
          - id: webbinarier
            title: Webbinarier
        events:
          - title: Del 1
            category: webinar
            series: webinarier
            start: 2026-12-01 10:00
            published: 2026-11-01
            id: e2
        """)
    assert message.startswith("events.yaml:7: series:")
    assert message == 'events.yaml:7: series: det finns ingen serie med id "webinarier" (menade du "webbinarier"?)'


def test_unknown_organiser(tmp_path):
    message = one_problem(tmp_path, """\
        events:
          - title: Möte
            category: meeting
            start: 2026-12-01 10:00
            published: 2026-11-01
            organisers: [region-haland]
            id: e3
        """)
    assert message.startswith("events.yaml:6: organisers:")
    assert 'det finns ingen medlem med id "region-haland" (menade du "region-halland"?)' in message


def test_end_before_start(tmp_path):
    message = one_problem(tmp_path, """\
        events:
          - title: Möte
            category: meeting
            start: 2026-12-01 10:00
            end: 2026-12-01 09:00
            published: 2026-11-01
            id: e4
        """)
    assert message.startswith("events.yaml:5: end:")
    assert "är före start" in message


def test_registration_deadline_after_start(tmp_path):
    message = one_problem(tmp_path, """\
        events:
          - title: Möte
            category: meeting
            start: 2026-12-01 10:00
            published: 2026-11-01
            registration:
              url: https://example.se/anmalan
              deadline: 2026-12-02
            id: e5
        """)
    assert message.startswith("events.yaml:8: deadline:")


@pytest.mark.parametrize("url", ["www.example.se", "ftp://example.se/a", "javascript:alert(1)"])
def test_bad_urls(tmp_path, url):
    message = one_problem(tmp_path, f"""\
        events:
          - title: Möte
            category: meeting
            start: 2026-12-01 10:00
            published: 2026-11-01
            documents:
              - title: Bilder
                url: {url}
            id: e6
        """)
    assert message.startswith("events.yaml:8: url:")
    assert "https://" in message


def test_a_time_the_clocks_skip_is_an_error(tmp_path):
    message = one_problem(tmp_path, """\
        events:
          - title: Nattmöte
            category: meeting
            start: 2027-03-28 02:30
            published: 2026-11-01
            id: e7
        """)
    assert message.startswith("events.yaml:4: start: 2027-03-28 02:30 finns inte i Europe/Stockholm")


def test_a_time_that_happens_twice_is_an_error(tmp_path):
    message = one_problem(tmp_path, """\
        events:
          - title: Nattmöte
            category: meeting
            start: 2026-10-25 02:30
            published: 2026-10-01
            id: e8
        """)
    assert message.startswith("events.yaml:4: start: 2026-10-25 02:30 inträffar två gånger")


def test_an_explicit_offset_settles_an_ambiguous_time(tmp_path):
    assert problems(tmp_path, """\
        events:
          - title: Nattmöte
            category: meeting
            start: 2026-10-25 02:30+02:00
            published: 2026-10-01
            id: e9
        """) == []


def test_invalid_repeat_rule(tmp_path):
    message = one_problem(tmp_path, """\
        events:
          - title: AW
            category: afterwork
            start: 2026-12-03 17:00
            published: 2026-11-01
            repeat:
              rule: FREQ=SOMETIMES
            id: e10
        """)
    assert message.startswith("events.yaml:7: rule:")


def test_an_exception_that_is_not_an_occurrence(tmp_path):
    message = one_problem(tmp_path, """\
        events:
          - title: AW
            category: afterwork
            start: 2026-12-03 17:00
            published: 2026-11-01
            repeat:
              rule: FREQ=MONTHLY;BYDAY=1TH
              until: 2027-06-30
              except: [2027-01-08]
            id: e11
        """)
    assert message.startswith("events.yaml:9: except: 2027-01-08")


def test_missing_required_keys_and_unknown_keys(tmp_path):
    found = problems(tmp_path, """\
        events:
          - title: Möte
            start: 2026-12-01 10:00
            publshed: 2026-11-01
            id: e12
        """)
    assert any(p.startswith("events.yaml:2:") and "category saknas" in p for p in found)
    assert any(p.startswith("events.yaml:2:") and "published saknas" in p for p in found)
    assert any(p.startswith("events.yaml:4: publshed: okänd nyckel") and 'menade du "published"' in p for p in found)


def test_duplicate_ids(tmp_path):
    message = one_problem(tmp_path, "events:\n" + GOOD_EVENT + GOOD_EVENT)
    assert message.startswith("events.yaml:7: id:")
    assert "rad 2" in message


def test_every_problem_in_the_file_is_reported_at_once(tmp_path):
    found = problems(tmp_path, """\
        events:
          - title: Ett
            category: meating
            start: 2026-12-01 10:00
            published: 2026-11-01
            id: e13
          - title: Två
            category: meeting
            start: 2026-13-01 10:00
            published: 2026-11-01
            id: e14
          - title: Tre
            category: meeting
            start: 2026-12-01 10:00
            end: 2026-11-30 10:00
            published: 2026-11-01
            id: e15
        """)
    assert [p.split(":")[1] for p in found] == ["3", "9", "15"]


def test_yaml_syntax_error_names_line_and_column(tmp_path):
    message = one_problem(tmp_path, """\
        events:
          - title: Möte
            category: meeting
           start: 2026-12-01 10:00
        """)
    assert message.startswith("events.yaml:4:")
    assert "kolumn" in message


def test_unpublished_events_are_left_out(tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text("events:\n" + GOOD_EVENT + GOOD_EVENT.replace("id: ok", "id: later").replace("2026-11-01", "2027-01-15"))
    calendar, report = load_events(path, "events.yaml", ZONE, MEMBERS, NOW)
    assert report.problems == []
    assert [e.id for e in calendar.events] == ["ok"]


def test_an_event_without_an_id_is_refused_with_one_to_write(tmp_path):
    """A derived id would change when the event is moved or renamed, and with it the page's
    address, the feed's guid and the calendar's UID: staff write it once instead."""
    message = one_problem(tmp_path, """\
        events:
          - title: Strategidag
            category: strategy-day
            start: 2027-03-10 09:30
            published: 2026-11-01
        """)
    assert message == "events.yaml:2: id saknas; lägg till exempelvis id: strategidag-2027-03-10"


def test_a_timed_event_lasts_an_hour_by_default(tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text("events:\n" + GOOD_EVENT)
    calendar, _ = load_events(path, "events.yaml", ZONE, MEMBERS, NOW)
    (event,) = calendar.events
    assert event.end.astimezone(dt.timezone.utc) - event.start.astimezone(dt.timezone.utc) == dt.timedelta(hours=1)


def test_an_end_before_the_start_in_the_hour_that_happens_twice(tmp_path):
    """02:45 summer time is before 02:30 winter time that night, though its clock shows later."""
    message = one_problem(tmp_path, GOOD_EVENT_AT.format(start="2026-10-25 02:30+01:00", end="2026-10-25 02:45+02:00"))
    assert message.startswith("events.yaml:5: end:") and "är före start" in message


def test_changed_before_published_is_an_error(tmp_path):
    message = one_problem(tmp_path, "events:\n" + GOOD_EVENT + "    changed: 2026-10-01\n")
    assert message.startswith("events.yaml:7: changed: 2026-10-01 är före published")


GOOD_EVENT_AT = """\
events:
  - id: natt
    title: Nattmöte
    start: {start}
    end: {end}
    category: meeting
    published: 2026-09-01
"""


@pytest.mark.parametrize("start, end, rule, message", [
    ("2026-09-27 02:30", "2026-09-27 03:00", "FREQ=MONTHLY;BYDAY=-1SU",
     "rule: upprepningen 2026-10-25 kl. 02:30 inträffar två gånger i Europe/Stockholm"),
    ("2027-02-28 02:30", "2027-02-28 03:00", "FREQ=MONTHLY;BYDAY=-1SU",
     "rule: upprepningen 2027-03-28 kl. 02:30 finns inte i Europe/Stockholm"),
    ("2026-10-04 01:30", "2026-10-04 03:30", "FREQ=WEEKLY",
     "rule: upprepningen 2026-10-25 kl. 01:30 pågår medan klockan ställs om"),
])
def test_a_repeat_that_meets_a_clock_change_is_refused_naming_the_repetition(tmp_path, start, end, rule, message):
    found = one_problem(tmp_path, GOOD_EVENT_AT.format(start=start, end=end) + f"    repeat:\n      rule: {rule}\n")
    assert found.startswith(f"events.yaml:9: {message}"), found


def test_a_monthly_repeat_at_six_passes_both_clock_changes(tmp_path):
    assert problems(tmp_path, GOOD_EVENT_AT.format(start="2026-09-27 18:00", end="2026-09-27 19:00") + (
        "    repeat:\n      rule: FREQ=MONTHLY;BYDAY=-1SU\n      except: [2026-12-27]\n"
    )) == []
