"""The line a YAML problem is reported on: a bad byte's own line, an alias's use, a merge's override."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from zoneinfo import ZoneInfo

from partnerskap.model.events_file import load_events
from partnerskap.model.members_file import load_members

NOW = dt.datetime(2026, 11, 18, 12, tzinfo=dt.timezone.utc)


def member_problems(tmp_path: Path, text: str | bytes) -> list[tuple[int, str]]:
    (tmp_path / "content").mkdir(exist_ok=True)
    path = tmp_path / "members.yaml"
    path.write_bytes(text if isinstance(text, bytes) else textwrap.dedent(text).encode("utf-8"))
    model, report = load_members(path, "members.yaml", tmp_path / "content")
    assert (model is None) == bool(report.problems)
    return [(p.line, p.message) for p in report.problems]


def event_problems(tmp_path: Path, text: str) -> list[tuple[int, str]]:
    path = tmp_path / "events.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    _, report = load_events(path, "events.yaml", ZoneInfo("Europe/Stockholm"), {"a"}, NOW)
    return [(p.line, p.message) for p in report.problems]


def test_a_latin_1_byte_is_reported_on_its_own_line(tmp_path):
    text = "members:\n  - id: a\n    name: Gården\n    sector: public\n".encode("latin-1")
    problems = member_problems(tmp_path, text)
    assert [line for line, _ in problems] == [3]
    assert "0xE5" in problems[0][1] and "UTF-8" in problems[0][1]


def test_a_latin_1_byte_after_other_line_breaks_is_found_on_its_line(tmp_path):
    # A lone carriage return is a line break to YAML too.
    text = b"members:\r  - id: a\r\n    name: A\n    sector: public\n    description: G\xe5rd\n"
    assert [line for line, _ in member_problems(tmp_path, text)] == [5]


def test_keys_written_in_an_entry_override_merged_ones(tmp_path):
    problems = member_problems(tmp_path, """\
        members:
          - &base {id: a, name: A, sector: public, municipality: Varberg}
          - {<<: *base, id: b, name: B}
          - <<: *base
            id: c
            name: C
        """)
    assert problems == []


def test_a_key_written_twice_next_to_a_merge_is_still_an_error(tmp_path):
    problems = member_problems(tmp_path, """\
        members:
          - &base {id: a, name: A, sector: public}
          - {<<: *base, id: b, name: B, name: C}
        """)
    assert problems == [(3, "'name' står två gånger i samma post (första gången på rad 3); behåll en av dem")]


def test_a_problem_in_an_aliased_list_item_is_reported_where_the_alias_is_used(tmp_path):
    problems = event_problems(tmp_path, """\
        events:
          - id: first
            title: Ett
            category: meeting
            start: 2026-12-01 10:00
            published: 2026-11-01
            organisers: [&who nobody]
          - id: second
            title: Två
            category: meeting
            start: 2026-12-02 10:00
            published: 2026-11-01
            organisers:
              - a
              - *who
        """)
    assert [line for line, _ in problems] == [7, 15]
    assert all('det finns ingen medlem med id "nobody"' in message for _, message in problems)


def test_a_problem_inside_an_aliased_block_is_reported_where_the_alias_is_used(tmp_path):
    problems = event_problems(tmp_path, """\
        events:
          - id: first
            title: Ett
            category: meeting
            start: 2026-12-01 10:00
            published: 2026-11-01
            location: &hall
              name: Hallen
              url: ftp://hallen.example.se/
          - id: second
            title: Två
            category: meeting
            start: 2026-12-02 10:00
            published: 2026-11-01
            location: *hall
        """)
    assert [line for line, _ in problems] == [9, 15]
    assert all(message.startswith("url:") for _, message in problems)
