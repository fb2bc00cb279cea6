"""`mkdocs serve` prints a generated page as an earlier build of the process drew it when nothing
it is drawn from has changed (hooks/partnerskap/drawn_pages.py). A rebuild after any edit must
give what a fresh build of the edited project gives, byte for byte, and still reuse the pages
the edit did not touch."""

from __future__ import annotations

import filecmp
import logging
import re
from pathlib import Path

import jinja2.meta
import pytest
from conftest import BUILD_EPOCH, REPO, run_build

import generate


def files_of(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


def differing(one: Path, other: Path) -> list[str]:
    names = files_of(one)
    assert names == files_of(other)
    return sorted(name for name in names if not filecmp.cmp(one / name, other / name, shallow=False))


class Reused(logging.Handler):
    """The hooks' count of the pages printed as drawn before, per build."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.counts: list[tuple[int, int]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if hasattr(record, "reused"):
            self.counts.append((record.reused, record.kept))


def edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    edited, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert count == 1, (path, pattern)
    path.write_text(edited, encoding="utf-8")


@pytest.mark.build
def test_rebuilds_while_serving_equal_fresh_builds_of_the_edited_project(tmp_path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = generate.association(tmp_path / "project", 0, events_per_member=0)  # the example
    project = config_file.parent
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(BUILD_EPOCH))
    monkeypatch.chdir(project)
    reused = Reused()
    logger = logging.getLogger("mkdocs.hooks.partnerskap")
    logger.addHandler(reused)
    # setLevel, which also empties the loggers' caches of isEnabledFor: an earlier test in this
    # process may have asked while the level was higher.
    level = logger.level
    logger.setLevel(logging.DEBUG)

    def serve_build(number: int) -> Path:
        """A build as `mkdocs serve` makes each: a fresh config, in the same process and folder."""
        config = load_config(str(config_file), site_dir=str(tmp_path / "served"))
        if number == 0:
            config.plugins.on_startup(command="serve", dirty=False)  # once, as `mkdocs serve` does
        build(config)
        return Path(config.site_dir)

    edits = [
        # a template, which only some pages use
        (project / "overrides/partials/partnership/event.html", r"\A", "<!-- ändrad -->\n"),
        # the menu: a page's title, which the menu of every page shows
        (project / "content/om/andamal.md", r"^title: .*$", "title: Vad föreningen vill"),
        # a setting of mkdocs.yml, printed on every page
        (config_file, r"^copyright: .*$", "copyright: Någon annan"),
        # the data: one event's title; the last, so that the pages it keeps were drawn after the
        # three edits above, and one fresh build shows both the kept pages and those edits right
        (project / "events.yaml", r"^(- id: \S+\n  title: ).*$", r"\1Rubriken ändrad"),
    ]
    try:
        serve_build(0)
        for number, (path, pattern, replacement) in enumerate(edits, start=1):
            edit(path, pattern, replacement)
            served = serve_build(number)
    finally:
        logger.removeHandler(reused)
        logger.setLevel(level)
    fresh = run_build(config_file, tmp_path / "fresh", strict=False)
    assert fresh.returncode == 0, fresh.log
    assert differing(served, fresh.site) == []
    (none, kept), *rebuilds = reused.counts
    assert none == 0 and kept > 100, reused.counts
    after_template, after_menu, after_setting, after_data = rebuilds
    assert after_template[0] == after_menu[0] == after_setting[0] == 0, reused.counts
    assert kept - 10 <= after_data[0] < kept, reused.counts  # all but the few pages the event is on


def test_no_page_template_reads_what_a_kept_page_is_not_kept_by():
    """MkDocs hands every template ``pages`` (all pages, with their titles) and ``build_date_utc``
    (which moves with every build while serving). A kept page's digest holds neither: no page
    template of the theme, ours or Material's, may read them."""
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"))
    env = config.theme.get_env()
    env.filters["date"] = str  # Material's blog adds it when it builds
    read = {}
    for name in env.list_templates(extensions=["html"]):
        if name in config.theme.static_templates:
            continue  # drawn once, not as a page (sitemap.xml, 404.html)
        source = env.loader.get_source(env, name)[0]
        read[name] = jinja2.meta.find_undeclared_variables(env.parse(source))
    assert len(read) > 50 and "main.html" in read and any("page" in names for names in read.values())
    assert {name: names & {"pages", "build_date_utc"} for name, names in read.items() if names & {"pages", "build_date_utc"}} == {}
