"""What ``make test`` tells the suite about npm's side of the set-up (Makefile, ``node-side``).

``make test`` starts pytest as soon as the Python side is installed, while ``npm ci`` and
Decap's download still run, so that pytest's start and collection overlap them. It names a file
in ``NODE_SIDE``, where npm's side writes ``ok`` when it is done, or what failed; no test may start
before then (conftest's ``pytest_runtestloop``). Without ``NODE_SIDE`` (pytest run by hand) there
is nothing to wait for.
"""

from __future__ import annotations

import time
from pathlib import Path

VARIABLE = "NODE_SIDE"
SECONDS = 1200
"""How long npm's side may take before the run stops: npm ci takes 10 to 40 s here."""


def wait(status: Path, seconds: float = SECONDS) -> str | None:
    """Wait until ``status`` says something; ``None`` when all is set up, else the run's one line."""
    deadline = time.monotonic() + seconds
    while not (said := status.read_text(encoding="utf-8").strip() if status.exists() else ""):
        if time.monotonic() > deadline:
            return f"make test: {status} sade inte på {seconds / 60:.0f} minuter att npm ci var klart; inga tester kördes"
        time.sleep(0.05)
    if said == "ok":
        return None
    return f"make test: {said} kunde inte installeras (se utskriften ovan); inga tester kördes"
