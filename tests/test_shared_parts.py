"""Work the build does once instead of once a page. The menu and the tabs are drawn once for the
generated pages that link alike (hooks/partnerskap/shared_parts.py): every page is the same as
when each draws its own, and the overrides that ask for it are Material's templates with only
that change. (That the generated pages make no Markdown parser is in test_in_process_builds.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import BUILD_EPOCH, REPO
from partnerskap.shared_parts import SharedParts

MATERIAL_TEMPLATES = Path(__import__("material").__file__).parent / "templates"
HEADER = re.compile(r"\A\{#-.*?-#\}\n", re.DOTALL)


@pytest.mark.parametrize("name, part", [("nav.html", "nav"), ("tabs.html", "tabs")])
def test_the_override_is_materials_drawn_once(name, part):
    ours = HEADER.sub("", (REPO / "overrides" / "partials" / name).read_text(encoding="utf-8"), count=1)
    theirs = HEADER.sub("", (MATERIAL_TEMPLATES / "partials" / name).read_text(encoding="utf-8"), count=1)
    first, rest = theirs.split("\n", 1)
    assert first.startswith("{% import"), f"Material's partials/{name} changed; update overrides/partials/{name}"
    assert rest.endswith("</nav>\n"), f"Material's partials/{name} changed; update overrides/partials/{name}"
    wrapped = f'{{% call partnership_shared("{part}", page, nav) -%}}\n{first}\n{rest[:-1]}\n{{%- endcall %}}\n'
    assert ours == wrapped


def html_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.html"))}


@pytest.mark.build
def test_pages_drawn_with_shared_parts_are_the_pages_drawn_alone(tmp_path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(BUILD_EPOCH))
    monkeypatch.chdir(REPO)
    drawn: list[str] = []
    share = SharedParts.__call__

    def counted(self, name, page, nav, caller):
        def draw():
            drawn.append(name)
            return caller()
        return share(self, name, page, nav, draw)

    monkeypatch.setattr(SharedParts, "__call__", counted)
    build(load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / "shared"), strict=True))
    shared_draws = len(drawn)
    monkeypatch.setattr(SharedParts, "_key", lambda self, name, page, nav: None)  # each page draws its own
    drawn.clear()
    build(load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / "alone"), strict=True))

    shared, alone = html_files(tmp_path / "shared"), html_files(tmp_path / "alone")
    assert sorted(shared) == sorted(alone)
    assert [path for path in shared if shared[path] != alone[path]] == []
    # The menu and the tabs of the calendar's and members' pages were drawn a few times, not once a page.
    assert drawn.count("nav") > 200
    assert shared_draws < len(drawn) / 4, (shared_draws, len(drawn))
