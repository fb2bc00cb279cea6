"""The whole machine's processor time, by which the benchmarks measure (Linux's /proc/stat).

Only the standard library: `fresh_clone.py` runs on any Python, without the venv."""

from __future__ import annotations

import os


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
