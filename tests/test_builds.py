"""Whole builds: a broken members.yaml stops the build with clear lines, the 49 % rule warns,
and the example also builds with ProperDocs, the maintained fork of MkDocs 1.x."""

from __future__ import annotations

import re

import pytest

from conftest import REPO, run_build, text_of
from forked_builds import PRELOADED, modules_of_a_child

BROKEN = """\
members:
  - id: region-halland
    name: Region Halland
    sector: publik
    website: www.regionhalland.se
people:
  - id: anna
    name: Anna Andersson
    member: region-hallnd
"""

PROBLEM_LINE = re.compile(r"^(?:ERROR\s+-\s+)?(members\.yaml):(\d+): (.+)$", re.MULTILINE)


def test_a_broken_members_file_stops_the_build_with_every_problem_and_no_traceback(throwaway):
    build = throwaway.build(BROKEN)
    assert build.returncode != 0
    assert "Traceback" not in build.log, build.log
    found = [(int(line), message) for _, line, message in PROBLEM_LINE.findall(build.log)]
    assert [line for line, _ in found] == [4, 5, 9], build.log
    assert found[0][1].startswith('sector: "publik" är inte ett av public, private, civil (menade du "public"?)')
    assert found[2][1] == 'member: det finns ingen medlem med id "region-hallnd" (menade du "region-halland"?)'
    assert not build.site.joinpath("index.html").exists()


def test_a_broken_members_file_also_stops_a_non_strict_build(throwaway):
    build = throwaway.build(BROKEN, strict=False)
    assert build.returncode != 0
    assert "Traceback" not in build.log, build.log
    assert PROBLEM_LINE.search(build.log), build.log


UNBALANCED = """\
members:
  - id: kommun-a
    name: Kommun A
    sector: public
  - id: kommun-b
    name: Kommun B
    sector: public
  - id: forening
    name: Föreningen
    sector: civil
people:
  - {id: a1, name: A Ett, member: kommun-a, roles: [{group: lag, role: Ordförande}]}
  - {id: b1, name: B Ett, member: kommun-b, roles: [{group: lag, role: Ledamot}]}
  - {id: f1, name: F Ett, member: forening, roles: [{group: lag, role: Ledamot}]}
  - {id: f2, name: F Två, member: forening, roles: [{group: lag, role: Ersättare, deputy: true},
                                                   {group: styrelse, role: Ledamot}]}
  - {id: a2, name: A Två, member: kommun-a, roles: [{group: styrelse, role: Ledamot}]}
  - {id: b2, name: B Två, member: kommun-b, roles: [{group: styrelse, role: Ledamot}]}
groups:
  - id: lag
    name: LAG Halland
    voting: true
  - id: styrelse
    name: Styrelsen
"""


def warnings_in(log: str) -> list[str]:
    return [line for line in log.splitlines() if line.startswith("WARNING")]


def test_a_sector_over_49_percent_of_a_voting_body_warns_naming_the_body(throwaway):
    build = throwaway.build(UNBALANCED, strict=False)
    assert build.returncode == 0, build.log
    warnings = warnings_in(build.log)
    assert len(warnings) == 1, build.log
    assert "LAG Halland (lag)" in warnings[0] and "(public)" in warnings[0] and "2 av 3" in warnings[0]
    group_line = UNBALANCED.splitlines().index("  - id: lag") + 1
    assert f"members.yaml:{group_line}: LAG Halland" in warnings[0]
    # The non-voting board, two thirds public as well, is not held to the rule.
    assert "styrelse" not in warnings[0].lower()
    # The group page shows the share over the limit.
    over = build.page("/partnerskapet/lag/").select("table.px-shares tr.px-shares--over th")
    assert [text_of(th) for th in over] == ["Offentlig sektor"]


def test_a_sector_over_49_percent_fails_a_strict_build(throwaway):
    build = throwaway.build(UNBALANCED, strict=True)
    assert build.returncode != 0
    assert any("LAG Halland (lag)" in w for w in warnings_in(build.log)), build.log
    assert "Traceback" not in build.log


def test_deputies_do_not_count_towards_the_balance(throwaway):
    # Ordinary seats: one per sector. Counting the two public deputies would make it 3 of 5 public.
    build = throwaway.build("""\
        members:
          - {id: kommun, name: Kommunen, sector: public}
          - {id: foretag, name: Företaget, sector: private}
          - {id: forening, name: Föreningen, sector: civil}
        people:
          - {id: k1, name: K Ett, member: kommun, roles: [{group: lag, role: Ordförande}]}
          - {id: t1, name: T Ett, member: foretag, roles: [{group: lag, role: Ledamot}]}
          - {id: f1, name: F Ett, member: forening, roles: [{group: lag, role: Ledamot}]}
          - {id: k2, name: K Två, member: kommun, roles: [{group: lag, role: Ersättare, deputy: true}]}
          - {id: k3, name: K Tre, member: kommun, roles: [{group: lag, role: Ersättare, deputy: true}]}
        groups:
          - {id: lag, name: LAG, voting: true}
        """, strict=True)
    assert build.returncode == 0, build.log
    assert warnings_in(build.log) == []
    shares = build.page("/partnerskapet/lag/").select("table.px-shares tbody td:first-of-type")
    assert [text_of(td) for td in shares] == ["1 / 3", "1 / 3", "1 / 3"]


def test_the_example_builds_with_properdocs(tmp_path, example_build):
    build = run_build(REPO / "mkdocs.yml", tmp_path / "site", program="properdocs")
    assert build.returncode == 0, build.log
    assert "WARNING" not in build.log and "Traceback" not in build.log, build.log
    home = build.page("/")
    assert home.find("meta", attrs={"name": "generator"})["content"].startswith("mkdocs-ProperDocs")
    # The same pages come out as with MkDocs, generated ones included.
    assert sorted(p.relative_to(build.site) for p in build.site.rglob("*.html")) == sorted(
        p.relative_to(example_build.site) for p in example_build.site.rglob("*.html")
    )
    assert build.page("/medlemmar/").select(".px-card")


@pytest.mark.build
def test_every_forked_build_starts_with_mkdocs_and_the_generator_imported():
    """The tests' builds are forks of a server that imported these once (forked_builds.py). The
    server skips a module it cannot import without a word: the generator, outside its path, was
    imported afresh by every build. And what an import changed for the whole process is as in
    a build of its own: khal's made pytz read every calendar of the builds."""
    import icalendar

    modules, provider = modules_of_a_child()
    assert set(PRELOADED) - modules == set()
    assert "khal.cli" in modules and provider == icalendar.timezone.tzp.name == "zoneinfo"


@pytest.mark.build
def test_the_theme_s_environments_list_no_icons_and_keep_compiled_templates(tmp_path, monkeypatch):
    """Every Jinja environment of the theme (MkDocs' for the pages, and those Material's blog and
    search make for their labels) lists the theme's files without walking Material's .icons
    (14,500 files, 70 ms of every build), so that MkDocs copies the same static files as from
    Jinja's own list, and loads a template another build compiled from Jinja's cache."""
    import jinja2
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    monkeypatch.chdir(REPO)
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path))
    config = config.plugins.on_config(config)
    env = config.theme.get_env()
    listed = env.list_templates()
    copied = Files([])
    copied.add_files_from_theme(env, config)
    env.loader = jinja2.FileSystemLoader(env.loader.searchpath)
    whole = env.list_templates()
    copied_before = Files([])
    copied_before.add_files_from_theme(env, config)

    assert sum(name.startswith(".icons/") for name in whole) > 10_000
    assert not any(name.startswith(".icons/") for name in listed)
    assert len(copied) > 20 and any(f.src_uri.startswith("assets/javascripts/bundle.") for f in copied)
    assert sorted(f.src_uri for f in copied) == sorted(f.src_uri for f in copied_before)
    assert env.get_template(".icons/material/calendar.svg") is not None  # loading by name is Jinja's own

    compiled = []
    compile_source = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return compile_source(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    config.theme.get_env().get_template("partials/language.html")  # compiled, or from an earlier build's cache
    compiled.clear()
    config.theme.get_env().get_template("partials/language.html")  # a new environment, as the blog's
    assert compiled == []
