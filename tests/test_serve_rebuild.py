"""`mkdocs serve` builds again in the same process whenever a file changes: nothing a build leaves
behind (the hooks' module-level ``_build``, the package's caches, the plugins' state) may reach the
next one. Two builds of the example from one loaded configuration must be the same site."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BUILD_EPOCH, REPO

# Two whole builds of the example, here in the test's own process.
pytestmark = pytest.mark.build


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_second_build_in_the_same_process_is_the_same_site(tmp_path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(BUILD_EPOCH))
    monkeypatch.chdir(REPO)
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / "first"), strict=True)
    build(config)
    config.site_dir = str(tmp_path / "second")
    build(config)
    first, second = tree(tmp_path / "first"), tree(tmp_path / "second")
    assert "index.html" in first and "kalender.ics" in first and "kalender.json" in first
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []
