"""Files that ask for more than a build may spend: each is refused at its line, within the budget.

Every hostile file is checked the way staff check it (``make check``: ``python -m partnerskap.cli
check``, forked as the tests' builds are), in a process limited to 1 GB of memory; the
timeout is only a safety net, the assertions are on the problems reported. Before the limits, these files took minutes and
gigabytes (issue 12, item 7).
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

from conftest import THROWAWAY_CONFIG, run_check

MEMORY = 1 << 30
"""RLIMIT_AS for the check: the promise is "under 1 GB"."""
PROBLEM = re.compile(r"^(?:ERROR\s+-\s+)?(members\.yaml|events\.yaml):(\d+): (.+)$", re.MULTILINE)
MEMBERS = "members:\n  - {id: a, name: A, sector: public}\n"


def check(root: Path, *, members: str = MEMBERS, events: str = "events: []\n") -> list[tuple[str, int, str]]:
    """``make check`` on a throwaway project: the problems it reports, as (file, line, message)."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "members.yaml").write_text(members, encoding="utf-8")
    (root / "events.yaml").write_text(events, encoding="utf-8")
    (root / "mkdocs.yml").write_text(THROWAWAY_CONFIG.format(language="sv"), encoding="utf-8")
    done = run_check(root, memory=MEMORY)
    output = done.stdout + done.stderr
    assert "Traceback" not in output and "MemoryError" not in output, output
    assert done.returncode == 1, output
    return [(name, int(line), message) for name, line, message in PROBLEM.findall(output)]


def event(number: int, start: str, more: str = "") -> str:
    """One event of events.yaml, seven lines plus ``more``, each item at two spaces."""
    return textwrap.indent(textwrap.dedent(f"""\
        - id: e{number}
          title: Träff {number}
          category: meeting
          start: {start}
          published: 2026-01-01
        """) + textwrap.indent(more, "  "), "  ")


def test_merge_keys_nested_thirty_deep_are_refused_at_the_alias(tmp_path):
    # Each level merges the one before twice: 2**30 keys as PyYAML merges them (16 GB).
    levels = ["base0: &a0 {k0: 0}"] + [f"base{i}: &a{i} {{<<: [*a{i - 1}, *a{i - 1}], k{i}: {i}}}" for i in range(1, 31)]
    members = "\n".join(levels) + "\n" + MEMBERS
    problems = check(tmp_path, members=members)
    assert len(problems) == 1, problems
    name, line, message = problems[0]
    assert name == "members.yaml" and "*a" in levels[line - 1].split(":", 1)[1], (line, levels[line - 1])
    assert "100 000 värden" in message


def test_aliases_inside_aliases_are_refused_at_the_alias(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"] + [
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)
    ]
    events = "\n".join(lines) + "\nevents:\n" + event(1, "2026-12-01", "organisers: *a8\n")
    problems = check(tmp_path, events=events)
    assert len(problems) == 1, problems
    name, line, message = problems[0]
    assert name == "events.yaml" and "*a" in lines[line - 1], (line, lines)  # where the count passes 100,000
    assert "100 000 värden" in message


def test_a_daily_repeat_from_1900_to_2199_is_refused_at_its_rule(tmp_path):
    events = "events:\n" + event(1, "1900-01-01", "repeat:\n  rule: FREQ=DAILY\n  until: 2199-12-31\n")
    problems = check(tmp_path, events=events)
    assert len(problems) == 1, problems
    name, line, message = problems[0]
    assert (name, line) == ("events.yaml", 8)  # rule:
    assert "3 000" in message and "until:" in message


def test_an_all_day_event_lasting_three_centuries_is_refused_at_its_end(tmp_path):
    events = "events:\n" + event(1, "1900-01-01", "end: 2199-12-31\nrepeat:\n  rule: FREQ=DAILY\n")
    problems = check(tmp_path, events=events)
    assert [(name, line) for name, line, _ in problems] == [("events.yaml", 7)]  # end:
    assert "109 573 dagar" in problems[0][2]


def test_eight_hundred_rules_without_dates_are_reported_within_the_search_budget(tmp_path):
    # Rules the quick check of month lengths does not catch: each is searched for its dates
    # (until the year 9999 before the limits; bench/README.md has how long that took).
    rules = ["FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6", "FREQ=DAILY;BYSETPOS=2"]
    events = "events:\n" + "".join(
        event(n, "2026-01-01 10:00", f"repeat:\n  rule: '{rules[n % 2]}'\n") for n in range(800)
    )
    problems = check(tmp_path, events=events)
    assert len(problems) < 20, problems  # the budget is reported once, not for each of the 800
    for number, (name, line, message) in enumerate(problems[:-1]):
        assert (name, line) == ("events.yaml", 8 + 7 * number)  # each rule:
        assert message == f'rule: "{rules[number % 2]}" ger inga datum alls; kontrollera dagarna och månaderna regeln nämner'
    name, line, message = problems[-1]
    assert line == 8 + 7 * (len(problems) - 1) and "500 000 dagar" in message


def test_1500_exceptions_are_checked_against_one_expansion(tmp_path):
    first = dt.date(2000, 1, 3)
    exceptions = [first + dt.timedelta(weeks=week) for week in range(1500)]
    exceptions[700] += dt.timedelta(days=1)  # a Tuesday: not one of the rule's dates
    more = "repeat:\n  rule: FREQ=WEEKLY\n  except:\n" + "".join(f"    - {day}\n" for day in exceptions)
    problems = check(tmp_path, events="events:\n" + event(1, first.isoformat(), more))
    assert problems == [("events.yaml", 10 + 700, f"except: {exceptions[700]} är inte ett av datumen regeln ger; kontrollera datumet")]


def test_the_file_as_a_whole_has_a_budget_of_days(tmp_path):
    # Each event is within its own limit (2,900 dates); together they are not.
    events = "events:\n" + "".join(event(n, "2020-06-01 10:00", "repeat:\n  rule: FREQ=DAILY\n") for n in range(8))
    problems = check(tmp_path, events=events)
    assert len(problems) == 1, problems
    name, line, message = problems[0]
    assert (name, line) == ("events.yaml", 8 + 7 * 6) and "20 000 dagar" in message  # the seventh event's rule:


def test_the_build_refuses_the_daily_repeat_with_its_line(throwaway):
    events = "events:\n" + event(1, "1900-01-01", "repeat:\n  rule: FREQ=DAILY\n  until: 2199-12-31\n")
    build = throwaway.build(MEMBERS, events=events)
    assert build.returncode != 0
    assert "Traceback" not in build.log
    assert [(name, int(line)) for name, line, _ in PROBLEM.findall(build.log)] == [("events.yaml", 8)], build.log


def test_the_build_lists_a_long_repeat_up_to_the_horizon(throwaway):
    # until: far ahead is fine: the lists show the next 550 days, the calendar file the rule.
    events = "events:\n" + event(1, "2026-11-01", "repeat:\n  rule: FREQ=DAILY\n  until: 2199-12-31\n")
    build = throwaway.build(MEMBERS, events=events)
    assert build.returncode == 0, build.log
    grids = sorted("-".join(path.parent.parts[-2:]) for path in (build.site / "kalender").glob("[0-9]*/[0-9]*/index.html"))
    assert grids[0] == "2026-11" and grids[-1] == "2028-05", grids
