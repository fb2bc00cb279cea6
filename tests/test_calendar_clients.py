"""Real clients read the subscriptions: khal (a calendar program) and newsboat-free feedparser."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from clients import Khal

# Every test here runs khal, a real calendar program.
pytestmark = pytest.mark.external

def test_khal_imports_the_calendar_and_lists_events_at_local_times(example_site, example_repo, tmp_path):
    khal = Khal(tmp_path, "Europe/Stockholm")
    khal.subscribe(example_site / "kalender.ics")
    listed = khal.run("list", "--format", "{start} -> {end} {title}", "2019-01-01", "2028-01-01")
    lines = listed.stdout.splitlines()
    events = yaml.safe_load((example_repo / "events.yaml").read_text(encoding="utf-8"))["events"]
    webinar = next(e for e in events if e["id"] == "aktorssamverkan-2019-02-06")
    expected = f"{str(webinar['start'])[:16]} -> {str(webinar['end'])[:16]} {webinar['title']}"
    assert expected in lines, lines[:20]

    timed_summer = [
        e for e in events
        if len(str(e["start"])) > 10 and str(e["start"])[5:7] in {"05", "06", "08", "09"} and "repeat" not in e
        and e.get("status", "scheduled") == "scheduled"
        and dt.date.fromisoformat(str(e["published"])) <= dt.date(2026, 11, 18)
    ]
    assert timed_summer
    event = timed_summer[0]
    assert any(line.startswith(str(event["start"])[:16]) and line.endswith(event["title"]) for line in lines), event


def test_khal_rejects_a_broken_file(tmp_path):
    """The judge can fail: a calendar without its END line is refused."""
    khal = Khal(tmp_path, "Europe/Stockholm")
    broken = tmp_path / "broken.ics"
    broken.write_text("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:x\nDTSTART:2027010\n", encoding="utf-8")
    result = khal.run("import", "--batch", str(broken), check=False)
    assert result.returncode != 0
