"""events.yaml: every kind of problem is reported with its line, all in one run."""

from __future__ import annotations

import datetime as dt
import sys
import textwrap
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

from partnerskap.events_file import load_events  # noqa: E402

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
        """)
    assert message.startswith("events.yaml:3: category:")
    assert 'did you mean "webinar"' in message


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
        """)
    assert message.startswith("events.yaml:7: series:")
    assert 'did you mean "webbinarier"' in message


def test_unknown_organiser(tmp_path):
    message = one_problem(tmp_path, """\
        events:
          - title: Möte
            category: meeting
            start: 2026-12-01 10:00
            published: 2026-11-01
            organisers: [region-haland]
        """)
    assert message.startswith("events.yaml:6: organisers:")
    assert 'did you mean "region-halland"' in message


def test_end_before_start(tmp_path):
    message = one_problem(tmp_path, """\
        events:
          - title: Möte
            category: meeting
            start: 2026-12-01 10:00
            end: 2026-12-01 09:00
            published: 2026-11-01
        """)
    assert message.startswith("events.yaml:5: end:")
    assert "before start" in message


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
        """)
    assert message.startswith("events.yaml:4: start: 2027-03-28 02:30 does not exist in Europe/Stockholm")


def test_a_time_that_happens_twice_is_an_error(tmp_path):
    message = one_problem(tmp_path, """\
        events:
          - title: Nattmöte
            category: meeting
            start: 2026-10-25 02:30
            published: 2026-10-01
        """)
    assert message.startswith("events.yaml:4: start: 2026-10-25 02:30 happens twice")


def test_an_explicit_offset_settles_an_ambiguous_time(tmp_path):
    assert problems(tmp_path, """\
        events:
          - title: Nattmöte
            category: meeting
            start: 2026-10-25 02:30+02:00
            published: 2026-10-01
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
        """)
    assert message.startswith("events.yaml:9: except: 2027-01-08")


def test_missing_required_keys_and_unknown_keys(tmp_path):
    found = problems(tmp_path, """\
        events:
          - title: Möte
            start: 2026-12-01 10:00
            publshed: 2026-11-01
        """)
    assert any(p.startswith("events.yaml:2:") and "category is missing" in p for p in found)
    assert any(p.startswith("events.yaml:2:") and "published is missing" in p for p in found)
    assert any(p.startswith("events.yaml:4: publshed: unknown key") and 'did you mean "published"' in p for p in found)


def test_duplicate_ids(tmp_path):
    message = one_problem(tmp_path, "events:\n" + GOOD_EVENT + GOOD_EVENT)
    assert message.startswith("events.yaml:7: id:")
    assert "line 2" in message


def test_every_problem_in_the_file_is_reported_at_once(tmp_path):
    found = problems(tmp_path, """\
        events:
          - title: Ett
            category: meating
            start: 2026-12-01 10:00
            published: 2026-11-01
          - title: Två
            category: meeting
            start: 2026-13-01 10:00
            published: 2026-11-01
          - title: Tre
            category: meeting
            start: 2026-12-01 10:00
            end: 2026-11-30 10:00
            published: 2026-11-01
        """)
    assert [p.split(":")[1] for p in found] == ["3", "8", "13"]


def test_yaml_syntax_error_names_line_and_column(tmp_path):
    message = one_problem(tmp_path, """\
        events:
          - title: Möte
            category: meeting
           start: 2026-12-01 10:00
        """)
    assert message.startswith("events.yaml:4:")
    assert "column" in message


def test_unpublished_events_are_left_out(tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text("events:\n" + GOOD_EVENT + GOOD_EVENT.replace("id: ok", "id: later").replace("2026-11-01", "2027-01-15"))
    calendar, report = load_events(path, "events.yaml", ZONE, MEMBERS, NOW)
    assert report.problems == []
    assert [e.id for e in calendar.events] == ["ok"]


def test_default_id_and_end(tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text("events:\n" + GOOD_EVENT.replace("  - id: ok\n    title", "  - title"))
    calendar, _ = load_events(path, "events.yaml", ZONE, MEMBERS, NOW)
    (event,) = calendar.events
    assert event.id == "2026-12-01-ett-mote"
    assert event.end - event.start == dt.timedelta(hours=1)
