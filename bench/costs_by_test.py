"""What each test costs the machine: the processor time of the test worker and of every process
under it (Chromium, Playwright's driver, the Nu Html Checker, the forked builds), by kind.

    PYTHONPATH=bench make test PYTEST_ARGS="-p costs_by_test"   # writes .test-costs.jsonl
    python3 bench/costs_by_test.py                               # the summary

pytest's durations are wall-clock time, in which a worker waits for Chromium as it waits for a
slow test; `perf` tells the processes apart but not the tests. This plugin reads `/proc` (Linux)
before and after each test: the worker's own time and each process under it. What a process that
ended during the test spent shows in its parent's count: under "ended" where the worker reaped it
(a subprocess the test ran), under the parent's kind otherwise (a forked build under "python", as
the forkserver reaps it; a closed tab's renderer under "chromium").
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

OUTPUT = Path(".test-costs.jsonl")
"""Where the plugin writes, one line a test, in the folder pytest runs in."""
KINDS = ("worker", "chromium", "node", "java", "python", "other", "ended")


@dataclass(frozen=True)
class Process:
    kind: str
    seconds: float
    """Its own processor time and that of the children it has reaped."""
    parent: int


Reading = tuple[float, float, dict[int, Process]]
"""A process's own processor-seconds, its reaped children's, and the live processes under it."""


def kind_of(name: str) -> str:
    """The kind of a process, by the name Linux gives it (its threads' names are not seen here)."""
    lowered = name.lower()
    if "chrom" in lowered:
        return "chromium"
    if lowered.startswith(("node", "npm", "npx")):
        return "node"
    if lowered == "java":
        return "java"
    if lowered.startswith(("python", "mkdocs", "properdocs")):
        return "python"
    return "other"


def process_tree(root: int) -> Reading:
    """``root``'s own processor-seconds, those of its reaped children, and every live process under it."""
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = collections.defaultdict(list)
    read: dict[int, tuple[str, list[int]]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                text = stat.read()
        except OSError:  # ended meanwhile
            continue
        # The name is in parentheses and may hold spaces; the fields after it are numbers.
        name, fields = text[text.index("(") + 1:text.rindex(")")], text[text.rindex(")") + 2:].split()
        children[int(fields[1])].append(int(entry))
        read[int(entry)] = (name, [int(value) for value in fields[11:15]])  # utime stime cutime cstime
    tree: dict[int, Process] = {}
    waiting = [(pid, root) for pid in children.get(root, ())]
    while waiting:
        pid, parent = waiting.pop()
        if pid in read:
            name, times = read[pid]
            tree[pid] = Process(kind_of(name), sum(times) / tick, parent)
            waiting.extend((child, pid) for child in children.get(pid, ()))
    own = read.get(root, ("", [0, 0, 0, 0]))[1]
    return (own[0] + own[1]) / tick, (own[2] + own[3]) / tick, tree


def costs(before: Reading, after: Reading) -> dict[str, float]:
    """The processor-seconds between two readings, by kind: the worker's own, each live process's
    growth (a new one's whole count), and "ended", what the worker's reaped children spent.

    A process that ended between the readings left all it had spent in its parent's count, where
    its time before the first reading would count again: it is taken from the kind of its nearest
    ancestor still alive (a renderer's, from Chromium), or from "ended" where that is the worker."""
    own_before, reaped_before, tree_before = before
    own_after, reaped_after, tree_after = after
    spent = {kind: 0.0 for kind in KINDS}
    spent["worker"] = own_after - own_before
    spent["ended"] = reaped_after - reaped_before
    for pid, process in tree_after.items():
        earlier = tree_before.get(pid)
        same = earlier is not None and earlier.kind == process.kind  # not a new process with an old pid
        spent[process.kind] += process.seconds - (earlier.seconds if same else 0.0)
    for pid, process in tree_before.items():
        if pid in tree_after and tree_after[pid].kind == process.kind:
            continue
        ancestor = process.parent
        while ancestor in tree_before and ancestor not in tree_after:
            ancestor = tree_before[ancestor].parent
        spent[tree_after[ancestor].kind if ancestor in tree_after else "ended"] -= process.seconds
    # Some end outside the tree's counts (a browser's processes, which init reaps once the browser
    # is gone): what they spent was counted in earlier tests, and none of it comes back here.
    spent["ended"] = max(spent["ended"], 0.0)
    return {kind: round(seconds, 2) for kind, seconds in spent.items()}


try:
    import pytest
except ImportError:  # the summary runs on any Python, without pytest
    pytest = None

if pytest is not None:

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(item, nextitem):
        before = process_tree(os.getpid())
        start = time.monotonic()
        yield
        spent = costs(before, process_tree(os.getpid()))
        with OUTPUT.open("a", encoding="utf-8") as output:
            row = {"test": item.nodeid, "wall": round(time.monotonic() - start, 2), **spent}
            output.write(json.dumps(row) + "\n")


def summary(path: Path, top: int) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    totals = {kind: sum(row[kind] for row in rows) for kind in KINDS}
    print(f"{len(rows)} tests, {sum(totals.values()):.1f} processor-seconds: "
          + ", ".join(f"{kind} {seconds:.1f}" for kind, seconds in totals.items()))
    modules: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for row in rows:
        for kind in KINDS:
            modules[row["test"].split("::")[0]][kind] += row[kind]
    print(f"\n| module | all | {' | '.join(KINDS)} |\n| --- |{' ---: |' * (len(KINDS) + 1)}")
    for module, spent in sorted(modules.items(), key=lambda item: -sum(item[1].values()))[:top]:
        print(f"| {module} | {sum(spent.values()):.1f} | "
              + " | ".join(f"{spent[kind]:.1f}" for kind in KINDS) + " |")
    print(f"\n| test | all | wall | {' | '.join(KINDS)} |\n| --- |{' ---: |' * (len(KINDS) + 2)}")
    for row in sorted(rows, key=lambda row: -sum(row[kind] for kind in KINDS))[:top]:
        print(f"| {row['test']} | {sum(row[kind] for kind in KINDS):.1f} | {row['wall']:.1f} | "
              + " | ".join(f"{row[kind]:.1f}" for kind in KINDS) + " |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, nargs="?", default=OUTPUT, help="the plugin's output")
    parser.add_argument("--top", type=int, default=25, help="modules and tests shown (default 25)")
    options = parser.parse_args()
    if not options.file.is_file():
        sys.exit(f"costs_by_test.py: no {options.file}; run pytest with -p costs_by_test first")
    summary(options.file, options.top)
