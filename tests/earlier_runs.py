"""The temporary folders of earlier test runs, deleted while this run tests instead of after it.

pytest keeps the folders of the last runs (``tmp_path_retention_count``, 3) and deletes the
oldest when a run ends: a run of this suite leaves some 700 MB in 45,000 files (sites, a fresh
venv, copies of the repository), which this machine's disk takes 4 s to delete, with both cores
idle, at the end of every ``make test`` after the third (bench/README.md, "The end of a run").
The controller moves those folders aside as the run starts and deletes them in a thread of its
own, which has nothing else to do while the workers test; pytest's cleanup at the end then finds
nothing to delete. A folder still being deleted when the run ends is deleted by the next run.
"""

from __future__ import annotations

import getpass
import os
import shutil
import tempfile
import threading
from pathlib import Path

import pytest

ASIDE = "-deleting-"
"""Between the name of pytest's folder of runs and a run's: where a folder waits for deletion,
beside pytest's folder, where pytest does not look."""


def runs_folder() -> Path:
    """pytest's folder of numbered run folders, named as pytest names it (``_pytest.tmpdir``)."""
    try:
        user = getpass.getuser()
    except (ImportError, OSError, KeyError):
        user = "unknown"
    temproot = Path(os.environ.get("PYTEST_DEBUG_TEMPROOT") or tempfile.gettempdir()).resolve()
    return temproot / f"pytest-of-{user}"


def to_delete(root: Path, keep: int) -> list[Path]:
    """The run folders pytest would delete at the end of the run about to start, which will be
    the newest: ``pytest-N`` up to the newest N + 1 - ``keep``, but none a running session holds
    (its ``.lock``)."""
    numbered = {}
    for path in root.glob("pytest-*"):
        number = path.name.removeprefix("pytest-")
        if number.isdigit() and not path.is_symlink():
            numbered[int(number)] = path
    if not numbered:
        return []
    last = max(numbered) + 1 - keep
    return [path for number, path in sorted(numbered.items()) if number <= last and not (path / ".lock").exists()]


def delete_in_background(config: pytest.Config) -> threading.Thread | None:
    """In the controller (or the one process without pytest-xdist), before any test: moves the
    folders pytest would delete at the end aside and starts deleting them."""
    if hasattr(config, "workerinput") or config.option.basetemp:
        return None  # a worker's folder is inside the controller's; a given --basetemp is kept by no count
    if config.getini("tmp_path_retention_policy") == "none":
        return None  # pytest deletes this run's folder too at the end, which must not be moved
    root = runs_folder()
    aside = [path for path in root.parent.glob(f"{root.name}{ASIDE}*") if not path.is_symlink()]
    for path in to_delete(root, int(config.getini("tmp_path_retention_count"))):
        target = root.parent / f"{root.name}{ASIDE}{path.name}"
        try:
            path.rename(target)
        except OSError:
            continue  # another session got there first, or the name is taken: pytest deletes it
        aside.append(target)
    if not aside:
        return None
    thread = threading.Thread(
        target=lambda: [shutil.rmtree(path, ignore_errors=True) for path in aside], name="earlier-runs", daemon=True)
    thread.start()
    return thread
