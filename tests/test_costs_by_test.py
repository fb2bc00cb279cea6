"""bench/costs_by_test.py, the plugin that tells what each test costs the machine: its sums of the
processor time of a test worker's process tree, where processes start and end between readings."""

from __future__ import annotations

import os
import subprocess
import sys

from costs_by_test import Process, costs, process_tree  # bench/, which conftest puts on the path

ROOT = 1
"""The test worker."""


def test_each_process_counts_for_what_it_spent_between_the_readings():
    before = (1.0, 0.0, {
        10: Process("chromium", 1.0, ROOT),  # the browser
        11: Process("chromium", 2.0, 10),  # a tab's renderer, closed during the test
        20: Process("python", 1.0, ROOT),  # a build the worker reaps during the test
    })
    after = (1.5, 3.0, {
        10: Process("chromium", 1.0 + 2.5 + 0.3, 10),  # the renderer's 2.5 in all, and 0.3 of its own
        30: Process("node", 0.4, ROOT),  # started during the test
    })
    assert costs(before, after) == {
        "worker": 0.5, "chromium": 0.8, "node": 0.4, "java": 0.0, "python": 0.0, "other": 0.0, "ended": 2.0,
    }


def test_a_process_that_ends_outside_the_tree_takes_nothing_from_the_test():
    """A closed browser's processes go to init, which reaps them: the worker's count does not grow
    by what they spent in earlier tests, and "ended" stays at nothing rather than below."""
    before = (1.0, 0.0, {10: Process("chromium", 30.0, ROOT), 11: Process("node", 5.0, ROOT)})
    after = (1.1, 0.0, {})
    assert costs(before, after) == {
        "worker": 0.1, "chromium": 0.0, "node": 0.0, "java": 0.0, "python": 0.0, "other": 0.0, "ended": 0.0,
    }


def test_a_new_process_with_an_old_pid_counts_whole():
    before = (0.0, 0.0, {10: Process("python", 4.0, ROOT)})
    after = (0.0, 4.0, {10: Process("java", 1.5, ROOT)})
    assert costs(before, after) == {
        "worker": 0.0, "chromium": 0.0, "node": 0.0, "java": 1.5, "python": 0.0, "other": 0.0, "ended": 0.0,
    }


BUSY_THEN_WAIT = """
import time
end = time.process_time() + 0.2
while time.process_time() < end:
    pass
print("busy", flush=True)
time.sleep(60)
"""


def test_the_tree_is_read_from_linux_s_process_table():
    child = subprocess.Popen([sys.executable, "-c", BUSY_THEN_WAIT], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "busy\n"
        own, _, tree = process_tree(os.getpid())
        assert own > 0
        assert tree[child.pid].kind == "python" and tree[child.pid].parent == os.getpid()
        assert 0.15 <= tree[child.pid].seconds < 5, tree[child.pid]
    finally:
        child.kill()
        child.wait()
