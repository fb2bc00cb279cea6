"""`mkdocs serve` builds again in the same process at every save: a rebuild must not keep the
builds before it alive (hooks/mkdocs_hooks.py, ``_long_lived``: the content is exempted from the
cycle collector with ``gc.freeze()``, and each build hands the last one back to be freed)."""

from __future__ import annotations

import gc

import pytest
from conftest import BUILD_EPOCH, REPO

pytestmark = pytest.mark.build


def test_rebuilds_do_not_keep_the_builds_before_them(tmp_path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(BUILD_EPOCH))
    monkeypatch.chdir(REPO)
    kept = []
    try:
        for number in range(4):
            build(load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / f"site-{number}"), strict=True))
            kept.append(gc.get_freeze_count())  # what the cycle collector no longer looks at
    finally:
        gc.unfreeze()
    # The first build's imports and caches stay; after that a build keeps what the one before kept,
    # not that and one more build (the example's content is some ten thousand objects).
    assert kept[3] <= kept[1] * 1.05, kept
