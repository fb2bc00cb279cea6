"""Work the build does once instead of once a page. The menu and the tabs are drawn once for the
generated pages that link alike (hooks/partnerskap/shared_parts.py), and the overrides that ask
for it are Material's templates with only that change. (That every page is the same as when each
draws its own, and that the generated pages make no Markdown parser, is shown by the example's
builds in test_in_process_builds.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO

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
