"""The typed views the templates draw: a name a view does not have fails the build instead of
drawing a blank, while Material's own templates keep Jinja's lenient lookups."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import jinja2
import pytest

from conftest import REPO, THROWAWAY_CONFIG, run_build

from partnerskap.pages.page import Link, ViewUndefined

MEMBERS = """\
members:
  - id: region-halland
    name: Region Halland
    sector: public
groups: []
people: []
"""


def environment() -> jinja2.Environment:
    return jinja2.Environment(undefined=ViewUndefined, autoescape=True)


def test_a_name_a_view_does_not_have_fails():
    template = environment().from_string("<a href='{{ link.url }}'>{{ link.txet }}</a>")
    with pytest.raises(jinja2.UndefinedError, match="txet"):
        template.render(link=Link("Region Halland", "medlemmar/region-halland/"))


@pytest.mark.parametrize("source", ["{% if link.txet %}x{% endif %}", "{% for x in link.txet %}{% endfor %}"])
def test_a_missing_name_on_a_view_fails_in_a_test_or_a_loop_too(source):
    with pytest.raises(jinja2.UndefinedError):
        environment().from_string(source).render(link=Link("Region Halland", "x/"))


def test_other_lookups_stay_lenient_as_materials_templates_expect():
    """Material looks up optional settings (``config.extra.x``, ``page.meta.x``) and tests them."""
    template = environment().from_string("[{{ meta.hide }}]{% if meta.hide %}hidden{% endif %}[{{ missing }}]")
    assert template.render(meta={}) == "[][]"


def build_with_overrides(root: Path, change=None):
    """A small site drawn by a copy of the theme's overrides, after ``change(overrides)``."""
    overrides = root / "overrides"
    shutil.copytree(REPO / "overrides", overrides)
    if change is not None:
        change(overrides)
    (root / "content").mkdir()
    (root / "members.yaml").write_text(textwrap.dedent(MEMBERS), encoding="utf-8")
    (root / "events.yaml").write_text("events: []\n", encoding="utf-8")
    config = THROWAWAY_CONFIG.format(language="sv")
    ours = f"custom_dir: {REPO / 'overrides'}"
    assert ours in config
    (root / "mkdocs.yml").write_text(config.replace(ours, f"custom_dir: {overrides}"), encoding="utf-8")
    return run_build(root / "mkdocs.yml", root / "site")


def rename_in_member_page(old: str, new: str):
    """A template that still uses an attribute's old name."""
    def rename(overrides: Path) -> None:
        partial = overrides / "partials" / "partnership" / "member.html"
        text = partial.read_text(encoding="utf-8")
        assert old in text
        partial.write_text(text.replace(old, new), encoding="utf-8")
    return rename


RENAMES = [
    ("{{ m.sector_label }}", "{{ m.sector_lable }}", "pages.directory.MemberFacts", "sector_lable"),  # a view's
    ("<h1>{{ m.member.name }}</h1>", "<h1>{{ m.member.nmae }}</h1>", "model.partnership.Member", "nmae"),  # an entity's
]


@pytest.mark.build
def test_a_renamed_view_attribute_in_a_template_fails_the_build(tmp_path):
    sound = build_with_overrides(tmp_path / "sound")
    assert sound.returncode == 0, sound.log
    assert sound.site.joinpath("medlemmar", "region-halland", "index.html").is_file()

    for number, (old, new, owner, attribute) in enumerate(RENAMES):
        renamed = build_with_overrides(tmp_path / f"renamed-{number}", rename_in_member_page(old, new))
        assert renamed.returncode != 0, renamed.log
        assert f"'partnerskap.{owner} object' has no attribute '{attribute}'" in renamed.log, renamed.log
