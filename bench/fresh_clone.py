"""`make test` on fresh clones of some commits, in turn, as CI runs it (issue 15).

    python3 bench/fresh_clone.py 896a15a HEAD --rounds 2

Each run clones this repository into a folder of its own, checks the commit out and runs
`CI=true make test` there, as `.ci/run` does on a clean clone (pip's, uv's and npm's caches are
this machine's, as CI keeps its caches). It prints, per run: the whole time, pytest's own count,
when the test workers had collected, when npm's side was set up (`.venv/node-side`), the
machine's busy and idle processor-seconds over the run (`/proc/stat`: Linux), and the machine's
speed just before and just after the run: the milliseconds of processor time a fixed piece of
Python work takes (`machine.reference_seconds`, the fastest of ten), which grows when the
machine is slower, so that a slow run can be told from a suite that does more. Then, per
commit, the fastest and the median run.

This machine's speed drifts by half within minutes, so the commits take turns: the first round
runs them in the order given, the next in the reverse order, and so on (ABBA), which cancels a
steady drift; compare commits within one call, by their median or their fastest run. Nothing else
should run meanwhile. The commits are git's: commit a change before timing it. Only the standard
library: run it with any Python 3.8 or newer.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from machine import processor_times, reference_seconds  # this folder is the script's

REPO = Path(__file__).resolve().parent.parent
COLLECTED = " workers ["
"""pytest-xdist's line once every worker has collected the tests: ``2 workers [631 items]``."""
SUMMARY = re.compile(r"^=+ .* in (\d+\.\d+)s")
"""pytest's last line: ``===== 631 passed in 105.58s (0:01:45) =====``."""


@dataclass
class Run:
    commit: str
    seconds: float
    pytest_seconds: str
    collected_at: float | None
    npm_side_at: float | None
    busy: float
    idle: float
    reference: tuple[float, float]
    passed: bool


def fresh_run(commit: str, folder: Path, pytest_args: str) -> Run:
    subprocess.run(["git", "clone", "-q", str(REPO), str(folder)], check=True)
    subprocess.run(["git", "-C", str(folder), "checkout", "-q", commit], check=True)
    environment = {**os.environ, "CI": "true"}
    if pytest_args:
        environment["PYTEST_ARGS"] = pytest_args
    reference_before = reference_seconds()
    busy, idle = processor_times()
    start = time.time()
    collected_at, pytest_seconds = None, "-"
    with subprocess.Popen(["make", "test"], cwd=folder, env=environment, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True) as make:
        for line in make.stdout:
            if collected_at is None and COLLECTED in line:
                collected_at = time.time() - start
            if summary := SUMMARY.match(line):
                pytest_seconds = f"{float(summary[1]):.1f} s"
    seconds = time.time() - start
    busy_after, idle_after = processor_times()
    node_side = folder / ".venv" / "node-side"
    npm_side_at = node_side.stat().st_mtime - start if node_side.exists() else None
    return Run(commit, seconds, pytest_seconds, collected_at, npm_side_at, busy_after - busy, idle_after - idle,
               (reference_before, reference_seconds()), make.returncode == 0)


def at(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("commits", nargs="+", help="commits to compare (anything git checkout takes)")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each commit (default 2)")
    parser.add_argument("--pytest-args", default="", help="PYTEST_ARGS for make test, to time a part")
    options = parser.parse_args()
    if shutil.which("make") is None:
        sys.exit("fresh_clone.py: make is missing")
    commits = [subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", commit], check=True,
                              capture_output=True, text=True).stdout.strip() for commit in options.commits]
    runs: list[Run] = []
    print("| commit | in all | pytest | collected | npm's side | busy | idle | reference before, after | passed |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for round_number in range(options.rounds):
        for commit in commits if round_number % 2 == 0 else commits[::-1]:
            with tempfile.TemporaryDirectory(prefix="fresh-clone-") as scratch:
                run = fresh_run(commit, Path(scratch) / "clone", options.pytest_args)
            runs.append(run)
            print(f"| {commit} | {run.seconds:.1f} s | {run.pytest_seconds} | {at(run.collected_at)} | "
                  f"{at(run.npm_side_at)} | {run.busy:.0f} | {run.idle:.0f} | "
                  f"{run.reference[0] * 1000:.0f}, {run.reference[1] * 1000:.0f} ms | {'yes' if run.passed else 'NO'} |",
                  flush=True)
    print()
    for commit in commits:
        times = [run.seconds for run in runs if run.commit == commit]
        print(f"{commit}: fastest {min(times):.1f} s, median {statistics.median(times):.1f} s of {len(times)}")
    if not all(run.passed for run in runs):
        sys.exit(1)


if __name__ == "__main__":
    main()
