"""The one page that lists every person, /partnerskapet/, stays small as the association grows
(issue 18): its competence map names only the people active in a member besides their own, a
sentence each, so the page grows with those people and not with everyone (nor with members
squared, as a people x organisations grid did). Measured on two synthetic associations from
bench/generate.py, without their events (which do not touch this page), and extrapolated to the
5,000 members of the benchmark, where `bench/run.py` measures the page itself."""

from __future__ import annotations

import pytest
from conftest import read_yaml, run_build

import generate

pytestmark = pytest.mark.build

SIZES = (100, 300)
LARGEST = 5_000
LIMIT = 1_000_000
"""Issue 18: under 1 MB at 5,000 members."""
SENTENCE = 450
"""Bytes a listed person may add: a name and three member links with their names (the
synthetic names are about 30 characters, their addresses as long again)."""


def tied_people(project) -> int:
    people = read_yaml(project / "members.yaml")["people"]
    return sum(1 for p in people if set(p.get("active_in", [])) - {p["member"]})


def test_the_partnership_page_grows_with_the_people_who_have_ties_and_stays_under_a_megabyte(tmp_path):
    measured = {}
    for members in SIZES:
        config = generate.association(tmp_path / f"project-{members}", members, events_per_member=0)
        build = run_build(config, tmp_path / f"site-{members}", strict=False)
        assert build.returncode == 0, build.log
        page = build.site / "partnerskapet" / "index.html"
        measured[members] = (page.stat().st_size, tied_people(config.parent))
    (small, small_tied), (large, large_tied) = measured[SIZES[0]], measured[SIZES[1]]
    assert large_tied > small_tied + 50, measured  # enough people with ties to measure by
    per_person = (large - small) / (large_tied - small_tied)
    assert per_person <= SENTENCE, measured
    per_member = (large - small) / (SIZES[1] - SIZES[0])
    extrapolated = large + (LARGEST - SIZES[1]) * per_member
    assert extrapolated <= 0.8 * LIMIT, (measured, extrapolated)
