"""Builds of the example in the test's own process, as `mkdocs serve` makes them: at every save it
builds again in the same process, with the hook file loaded once (hooks/mkdocs_hooks.py).

Four builds, one after the other, and what each property needs of them:

1. a fresh configuration, with the feeds and calendars written in-process instead of in a forked
   child (hooks/partnerskap/outputs/background.py, where fork is not safe): the same site as the
   session's forked build;
2. and 3. one loaded configuration built twice: nothing a build leaves behind (the hooks'
   ``_build``, the package's caches, the plugins' state) reaches the next, so both are the same site;
   build 2 also counts the Markdown parsers MkDocs makes (one for each page staff wrote, not one
   for each generated page) and how often the menu and the tabs are drawn;
4. a fresh configuration again, as serve loads one for every rebuild: what the cycle collector no
   longer looks at (``gc.freeze()`` in ``_long_lived``, when the content is built) does not grow
   by a build with every build; and every page drawing its own menu and tabs
   (hooks/partnerskap/shared_parts.py sharing nothing, which only the pages drawn after the
   freeze see): the same pages as build 2, which drew them a few times, not once a page.

The builds are made once for the five tests (a module fixture): each is a whole build of the
example, a second and a half of the processor's time.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path

import markdown
import pytest
from conftest import BUILD_EPOCH, REPO

from partnerskap.outputs import background
from partnerskap.shared_parts import SharedParts

pytestmark = pytest.mark.build


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass
class Rebuilds:
    sites: list[Path]
    frozen: list[int]
    """``gc.get_freeze_count()`` after each build."""
    parsers: int
    """Markdown parsers made during build 2."""
    shared_draws: int
    """Menus and tabs drawn during build 2."""
    alone_draws: list[str]
    """The parts drawn during build 4, by name."""


@pytest.fixture(scope="module")
def rebuilds(tmp_path_factory) -> Rebuilds:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = tmp_path_factory.mktemp("in-process")
    sites = [root / f"site-{number}" for number in range(1, 5)]
    frozen: list[int] = []
    made = [0]  # a count, not the parsers: a parser kept here would be kept from the collector
    init = markdown.Markdown.__init__

    def counted(self, *args, **kwargs):
        made[0] += 1
        init(self, *args, **kwargs)

    drawn: list[str] = []
    share = SharedParts.__call__

    def counted_draws(self, name, page, nav, caller):
        def draw():
            drawn.append(name)
            return caller()
        return share(self, name, page, nav, draw)

    def config(site: Path):
        return load_config(str(REPO / "mkdocs.yml"), site_dir=str(site), strict=True)

    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(BUILD_EPOCH))
        monkeypatch.chdir(REPO)
        try:
            with monkeypatch.context() as without_fork:
                without_fork.setattr(background, "can_fork", lambda: False)
                build(config(sites[0]))
            frozen.append(gc.get_freeze_count())
            loaded = config(sites[1])
            with monkeypatch.context() as counting:
                counting.setattr(markdown.Markdown, "__init__", counted)
                counting.setattr(SharedParts, "__call__", counted_draws)
                build(loaded)
            frozen.append(gc.get_freeze_count())
            shared_draws = len(drawn)
            loaded.site_dir = str(sites[2])
            build(loaded)
            frozen.append(gc.get_freeze_count())
            del loaded  # serve lets go of the last configuration (and the plugins' state in it)
            drawn.clear()
            with monkeypatch.context() as alone:
                alone.setattr(SharedParts, "__call__", counted_draws)
                alone.setattr(SharedParts, "_key", lambda self, name, page, nav: None)  # each page its own
                build(config(sites[3]))
            frozen.append(gc.get_freeze_count())
        finally:
            gc.unfreeze()
    return Rebuilds(sites, frozen, made[0], shared_draws, list(drawn))


@pytest.mark.skipif(not background.can_fork(), reason="fork is used on Linux only")
def test_the_example_is_the_same_site_when_written_without_fork(example_site, rebuilds):
    """The session's example build forked; build 1 wrote everything itself."""
    forked, inline = tree(example_site), tree(rebuilds.sites[0])
    assert sorted(forked) == sorted(inline)
    assert [path for path in forked if forked[path] != inline[path]] == []
    assert any(path.endswith(".ics") for path in inline) and "kalender.json" in inline


def test_a_second_build_in_the_same_process_is_the_same_site(rebuilds):
    first, second = tree(rebuilds.sites[1]), tree(rebuilds.sites[2])
    assert "index.html" in first and "kalender.ics" in first and "kalender.json" in first
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []


def test_generated_pages_make_no_markdown_parser(rebuilds):
    """A generated page's Markdown is empty (its text is staff text, rendered by the hooks): MkDocs
    makes a Markdown parser only for the pages staff wrote."""
    staff_pages = sum(1 for _ in (REPO / "content").rglob("*.md"))
    pages = sum(1 for _ in rebuilds.sites[1].rglob("index.html"))
    generated = pages - staff_pages
    assert generated > 100
    # The staff pages' parsers, the blog's (excerpts, views) and the hooks' one: not one a page.
    assert rebuilds.parsers < generated / 4, (rebuilds.parsers, generated)


def test_rebuilds_do_not_keep_the_builds_before_them(rebuilds):
    # The first build's imports and caches stay; after that a build keeps what the one before kept,
    # not that and one more build (the example's content is some ten thousand objects).
    kept = rebuilds.frozen
    assert kept[3] <= kept[1] * 1.05, kept


def html_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.html"))}


def test_pages_drawn_with_shared_parts_are_the_pages_drawn_alone(rebuilds):
    shared, alone = html_files(rebuilds.sites[1]), html_files(rebuilds.sites[3])
    assert sorted(shared) == sorted(alone)
    assert [path for path in shared if shared[path] != alone[path]] == []
    # The menu and the tabs of the calendar's and members' pages were drawn a few times, not once a page.
    assert rebuilds.alone_draws.count("nav") > 200
    assert rebuilds.shared_draws < len(rebuilds.alone_draws) / 4, (rebuilds.shared_draws, len(rebuilds.alone_draws))
