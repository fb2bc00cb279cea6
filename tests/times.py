"""Writes tests/durations.json: the last run's time of every test the suite still has.

    make test-times

The times come from pytest's cache (conftest's ``Durations``, kept by every ``make test``); a
fresh clone's first run orders its tests by this file (conftest, "Order").
"""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import DURATIONS, SEED_DURATIONS

TESTS = SEED_DURATIONS.parent
CACHE = TESTS.parent / ".pytest_cache" / "v" / DURATIONS


def main() -> int:
    if not CACHE.is_file():
        print("make test-times: inga tider ännu; kör make test först", file=sys.stderr)
        return 1
    timed = json.loads(CACHE.read_text(encoding="utf-8"))
    listed = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:xdist"],
                            cwd=TESTS.parent, capture_output=True, text=True, check=True).stdout.splitlines()
    current = sorted(test for test in listed if test in timed)
    SEED_DURATIONS.write_text(
        json.dumps({test: round(timed[test], 1) for test in current}, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"tests/durations.json: {len(current)} tests, {sum(timed[test] for test in current):.0f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
