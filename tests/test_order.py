"""The order the workers take the tests in (conftest, "Order"): the longest first, by the last
run's times, or on a fresh clone by tests/durations.json."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

import conftest


def fake_item(nodeid: str, tier: str = "unit"):
    return SimpleNamespace(
        nodeid=nodeid,
        module=SimpleNamespace(__name__=nodeid.split("::")[0]),
        get_closest_marker=lambda name: object() if name == tier else None,
        _fixtureinfo=SimpleNamespace(name2fixturedefs={}),
    )


class FakeCache:
    def __init__(self, timed: dict[str, float]) -> None:
        self.timed = timed

    def get(self, key: str, default):
        return self.timed if key == conftest.DURATIONS and self.timed else default


def ordered(timed: dict[str, float]) -> list[str]:
    items = [fake_item("tests/test_a.py::short"), fake_item("tests/test_b.py::long"), fake_item("tests/test_c.py::new", "browser")]
    conftest.order_longest_first(SimpleNamespace(cache=FakeCache(timed)), items)
    return [item.nodeid for item in items]


def test_a_fresh_clone_takes_the_longest_tests_of_the_committed_times_first(tmp_path, monkeypatch):
    seed = tmp_path / "durations.json"
    seed.write_text(json.dumps({"tests/test_a.py::short": 0.1, "tests/test_b.py::long": 30.0}), encoding="utf-8")
    monkeypatch.setattr(conftest, "SEED_DURATIONS", seed)
    # No cache: the committed times, and a test they do not know guessed from its tier (2 s).
    assert ordered({}) == ["tests/test_b.py::long", "tests/test_c.py::new", "tests/test_a.py::short"]
    # The last run's times win over the committed ones, which still time what that run left out.
    assert ordered({"tests/test_a.py::short": 60.0}) == ["tests/test_a.py::short", "tests/test_b.py::long", "tests/test_c.py::new"]


def test_the_committed_times_are_of_tests_the_suite_has(request):
    seed = json.loads(conftest.SEED_DURATIONS.read_text(encoding="utf-8"))
    collected = {item.nodeid for item in request.session.items}
    selected = request.config.option.markexpr or request.config.option.keyword
    if selected or len(collected) < 500:  # -m or -k leave tests out after collection
        pytest.skip("the whole suite is not collected in this run")
    assert len(seed) > 500
    assert set(seed) - collected == set(), "tests/durations.json names tests that are gone: run `make test-times`"
