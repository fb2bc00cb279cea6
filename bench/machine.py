"""The whole machine's processor time, by which the benchmarks measure (Linux's /proc/stat).

Only the standard library: `fresh_clone.py` runs on any Python, without the venv."""

from __future__ import annotations

import os
import time


def processor_times() -> tuple[float, float]:
    """Busy (user, nice, system, irq, softirq) and idle (idle, iowait) processor-seconds of every
    processor since boot."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    tick = os.sysconf("SC_CLK_TCK")
    return sum(fields[i] for i in (0, 1, 2, 5, 6)) / tick, (fields[3] + fields[4]) / tick


def processor_seconds() -> float:
    """Busy processor-seconds of every processor since boot."""
    return processor_times()[0]


def reference_seconds(rounds: int = 10) -> float:
    """The machine's speed at this moment: the processor-seconds one fixed piece of Python work
    takes (strings, a dictionary, a sort: what the suite's Python mostly does), the fastest of
    ``rounds`` (a single try varies by half within seconds on an idle machine). The same code on
    the same machine gives the same figure in a steady phase; when the machine is slower, it
    grows with everything else, so that a slow run can be told from more work."""

    def work() -> int:
        table: dict[str, int] = {}
        for number in range(300_000):
            key = str(number * 7919 % 100_003)
            table[key] = table.get(key, 0) + number
        return len(sorted(table, key=table.__getitem__))

    fastest = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        work()
        fastest = min(fastest, time.process_time() - start)
    return fastest
