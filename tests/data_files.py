"""Data files as the tests read them: plain values, the way PyYAML's safe loader builds them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader on libyaml's parser where PyYAML has it: the same values, a tenth of the
time (the example's events.yaml takes 0.085 s in Python, 0.010 s in libyaml), and some tests read
the example's files again for each test."""


def read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
