"""The folders of earlier runs that the suite deletes while it tests (earlier_runs.py): exactly
those pytest would delete when the run ends, none a running session holds."""

from __future__ import annotations

from pathlib import Path

import earlier_runs


def runs(root: Path, *numbers: int, locked: tuple[int, ...] = ()) -> None:
    for number in numbers:
        (root / f"pytest-{number}").mkdir(parents=True)
        if number in locked:
            (root / f"pytest-{number}" / ".lock").write_text("", encoding="utf-8")
    (root / "pytest-current").symlink_to(root / f"pytest-{max(numbers)}")


def test_the_runs_pytest_would_delete_at_the_end_of_this_one(tmp_path):
    runs(tmp_path, 4, 7, 8, 9, 10)
    # This run will be pytest-11; pytest keeps 9, 10 and 11.
    assert earlier_runs.to_delete(tmp_path, keep=3) == [tmp_path / "pytest-4", tmp_path / "pytest-7", tmp_path / "pytest-8"]
    assert earlier_runs.to_delete(tmp_path, keep=8) == []  # 4 to 11 kept


def test_a_run_still_going_is_left_alone(tmp_path):
    runs(tmp_path, 1, 2, 3, 4, 5, locked=(2,))
    assert earlier_runs.to_delete(tmp_path, keep=3) == [tmp_path / "pytest-1", tmp_path / "pytest-3"]


def test_no_runs_yet(tmp_path):
    assert earlier_runs.to_delete(tmp_path / "nothing", keep=3) == []
