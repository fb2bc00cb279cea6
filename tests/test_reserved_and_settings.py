"""Ids that would take another page's address, mkdocs.yml's problems at their lines, one cause
reported once, project pages that cannot pick a template, and gender counts too small to show."""

from __future__ import annotations

import datetime as dt
from collections import Counter
import textwrap
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import BUILD_EPOCH, HOOKS, REPO, run_build, run_check, text_of

from partnerskap import routes
from partnerskap.build import load_data, refuse_shared_addresses
from partnerskap.cli import read_config
from partnerskap.model.events_file import load_events
from partnerskap.model.funds import BUILT_IN
from partnerskap.model.members_file import load_members
from partnerskap.model.page_ids import RESERVED
from partnerskap.model.projects_file import load_projects
from partnerskap.pages.composition import reveals_a_person
from partnerskap.pages.page import PageSpec
from partnerskap.settings import Settings, SettingsError
from partnerskap.source.problems import DataError

NOW = dt.datetime.fromtimestamp(BUILD_EPOCH, tz=dt.timezone.utc)
ZONE = ZoneInfo("Europe/Stockholm")

MEMBERS = """\
members:
  - id: index
    name: Index AB
    sector: private
  - id: hylte-bygd
    name: Hylte bygd
    sector: civil
people:
  - id: anna
    name: Anna
    member: index
    roles:
      - group: index
        role: Ledamot
groups:
  - id: index
    name: Styrelsen
"""


def member_problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "members.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "content").mkdir(exist_ok=True)
    _, report = load_members(path, "members.yaml", tmp_path / "content")
    return [str(p) for p in report.problems]


# --- 8. Pages silently replaced ----------------------------------------------------------------

def test_a_member_or_body_with_a_reserved_id_is_refused_at_its_id(tmp_path):
    found = member_problems(tmp_path, MEMBERS)
    assert [p.split(":")[:2] for p in found] == [["members.yaml", "2"], ["members.yaml", "16"]], found
    member, group = found
    # Says which ids are reserved and suggests one from the name; the references to "index"
    # (lines 11 and 13) are not errors of their own.
    assert "(reserverade id för medlemmar: index)" in member and member.endswith('till exempel "index-ab"')
    assert "(reserverade id för organ: index)" in group and group.endswith('till exempel "styrelsen"')


def test_a_calendar_id_that_is_another_calendar_page_is_refused(tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text(textwrap.dedent("""\
        series:
          - id: index
            title: Frukostmöten
        events:
          - id: prenumerera
            title: Träff
            category: meeting
            series: index
            start: 2026-05-01 10:00
            published: 2026-01-01
        """), encoding="utf-8")
    _, report = load_events(path, "events.yaml", ZONE, set(), NOW)
    found = [str(p) for p in report.problems]
    assert [p.split(":")[:2] for p in found] == [["events.yaml", "2"], ["events.yaml", "5"]], found
    assert "(reserverade id för serier: index)" in found[0] and found[0].endswith('till exempel "frukostmoten"')
    assert "(reserverade id för evenemang: arkiv, feed, index, kategori, prenumerera, serie)" in found[1]
    assert found[1].endswith('till exempel "traff"')


def test_the_reserved_ids_are_the_names_of_the_other_addresses_in_each_folder():
    """Derived from routes.py: every fixed address in kalender/ reserves its first name for events."""
    calendar_names = {
        path[len("kalender/"):].split("/")[0].split(".")[0]
        for path in (routes.CALENDAR, routes.SUBSCRIBE, routes.ARCHIVE, routes.FEED,
                     routes.CATEGORY.format(id="x"), routes.series("x"), routes.archive_year(2026))
    }
    assert RESERVED["event"] == calendar_names == {"index", "prenumerera", "arkiv", "feed", "kategori", "serie"}
    assert RESERVED["member"] == RESERVED["group"] == RESERVED["series"] == RESERVED["project"] == {"index"}


@pytest.mark.parametrize("first, second, urls", [
    ("medlemmar/index.md", "medlemmar/index.md", True),
    ("kalender/arkiv/index.md", "kalender/arkiv.md", True),  # both /kalender/arkiv/
])
def test_two_generated_pages_at_one_address_fail_naming_both(first, second, urls):
    pages = [PageSpec(path=first, title="Medlemmar", template="a.html"), PageSpec(path=second, title="Index AB", template="b.html")]
    with pytest.raises(ValueError) as raised:
        refuse_shared_addresses(pages, urls)
    message = str(raised.value)
    assert first in message and second in message and '"Medlemmar"' in message and '"Index AB"' in message


def test_pages_at_different_addresses_pass():
    refuse_shared_addresses([PageSpec(path="kalender/arkiv/index.md", title="A", template="a.html"),
                             PageSpec(path="kalender/arkiv.md", title="B", template="b.html")], False)


# --- 10. Project file names and templates -------------------------------------------------------

def project_problems(tmp_path: Path, files: dict[str, str]) -> list[str]:
    folder = tmp_path / "content" / "projekt"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    _, reports = load_projects(tmp_path / "content", "content", set(), set(), BUILT_IN)
    return [str(p) for r in reports for p in r.problems]


FRONT = "---\ntitle: Ett projekt\nstatus: active\nstart: 2026-01-01\n{more}---\n\nText.\n"


def test_a_project_file_name_that_is_not_an_id_gets_a_suggested_name(tmp_path):
    found = project_problems(tmp_path, {"Ett Projekt!.md": FRONT.format(more=""), "ett-annat.md": FRONT.format(more="")})
    assert len(found) == 1, found
    assert found[0].startswith('content/projekt/Ett Projekt!.md:1: filnamnet "Ett Projekt!" är inte ett projekt-id')
    assert found[0].endswith("byt namn på filen till ett-projekt.md")


@pytest.mark.parametrize("template", ["../../etc/passwd", "finns-inte.html", "partnership/project.html"])
def test_a_project_cannot_choose_its_template(tmp_path, template):
    found = project_problems(tmp_path, {"x.md": FRONT.format(more=f"template: {template}\n")})
    assert found == ["content/projekt/x.md:5: template: en projektsida ritas av webbplatsens egen mall, "
                     "som visar faktarutan; ta bort template:"]


def test_a_project_page_saved_in_latin_1_is_reported_at_its_line(tmp_path):
    folder = tmp_path / "content" / "projekt"
    folder.mkdir(parents=True)
    (folder / "x.md").write_bytes(FRONT.format(more="summary: Café\n").encode("latin-1"))
    _, reports = load_projects(tmp_path / "content", "content", set(), set(), BUILT_IN)
    assert [(p.path, p.line) for r in reports for p in r.problems] == [("content/projekt/x.md", 5)]


def test_a_build_with_a_template_outside_the_theme_stops_with_the_line_and_no_traceback(throwaway):
    build = throwaway.build(
        "members:\n  - id: a\n    name: A\n    sector: civil\n",
        files={"projekt/x.md": FRONT.format(more="template: ../../../../etc/passwd\n")},
    )
    assert build.returncode != 0
    assert "Traceback" not in build.log and "TemplateNotFound" not in build.log
    errors = [line.split("-", 1)[1].strip() for line in build.log.splitlines() if line.startswith("ERROR")]
    assert errors[0].startswith("content/projekt/x.md:5: template:"), errors


# --- 10. mkdocs.yml: every problem at its line --------------------------------------------------

BAD_SETTINGS = """\
    timezone: Europe/Stokholm
    members: ../../etc/passwd
    events: länk.yaml
    colour: red
    feed:
      items: many
    funds:
      Egen Fond:
        name: Egen fond
      leader:
        name: Leader
        periods: [2021, 2027]
"""


SETTINGS = f"""\
site_name: Bygd
site_url: https://bygd.example.se/
docs_dir: content
theme:
  name: material
  custom_dir: {REPO / "overrides"}
  language: sv
hooks:
  - {HOOKS / "mkdocs_hooks.py"}
extra:
  partnership:
"""


def settings_project(root: Path, extra: str, base: str | None = None) -> Path:
    """A project whose mkdocs.yml has ``extra`` under extra.partnership (from line 12); ``base``
    puts all of it in a file mkdocs.yml inherits instead."""
    (root / "content").mkdir(parents=True)
    (root / "members.yaml").write_text("members:\n  - id: a\n    name: A\n    sector: civil\n", encoding="utf-8")
    (root / "events.yaml").write_text("events: []\n", encoding="utf-8")
    (root / "länk.yaml").symlink_to("/etc/passwd")
    config = root / "mkdocs.yml"
    if base is None:
        config.write_text(SETTINGS + extra, encoding="utf-8")
    else:
        (root / "base.yml").write_text(SETTINGS + extra, encoding="utf-8")
        config.write_text(f"# The site\nINHERIT: base.yml\nsite_name: Bygd\n{base}", encoding="utf-8")
    return config


EXPECTED = [
    (12, "extra.partnership.timezone: \"Europe/Stokholm\" är inte en tidszon (menade du \"Europe/Stockholm\"?)"),
    (13, "extra.partnership.members: \"../../etc/passwd\" ligger utanför projektmappen"),
    (14, "extra.partnership.events: \"länk.yaml\" ligger utanför projektmappen"),
    (15, "extra.partnership.colour: okänd inställning"),
    (17, "extra.partnership.feed.items: \"many\" ska vara ett heltal"),
    (19, "extra.partnership.funds.Egen Fond: \"Egen Fond\" är inte ett id"),
    (19, "extra.partnership.funds.Egen Fond: behöver statement:"),
    (23, "extra.partnership.funds.leader.periods: ska vara ett block"),
]


def settings_of(config: Path) -> Settings:
    """The settings as `make check` reads them (INHERIT merged as MkDocs merges it)."""
    return Settings.from_mkdocs(read_config(config))


def assert_expected(problems, path: str) -> None:
    assert [(p.path, p.line) for p in problems] == [(path, line) for line, _ in EXPECTED], [str(p) for p in problems]
    for problem, (_, start) in zip(problems, EXPECTED):
        assert problem.message.startswith(start), problem


def test_every_settings_problem_is_reported_at_once_at_its_line(tmp_path):
    config = settings_project(tmp_path / "p", BAD_SETTINGS)
    with pytest.raises(SettingsError) as raised:
        settings_of(config)
    assert_expected(raised.value.problems, "mkdocs.yml")


def test_a_setting_written_in_an_inherited_file_is_reported_there(tmp_path):
    config = settings_project(tmp_path / "p", BAD_SETTINGS, base="")
    with pytest.raises(SettingsError) as raised:
        settings_of(config)
    assert_expected(raised.value.problems, "base.yml")


def test_make_check_reads_mkdocs_yml_as_mkdocs_does(tmp_path, monkeypatch):
    """`!ENV` and INHERIT mean what they mean in the build, and MkDocs' own settings are checked,
    each problem at its line."""
    monkeypatch.setenv("PARTNERSKAP_TEST_ZONE", "America/New_York")
    config = settings_project(tmp_path / "p", "    timezone: !ENV [PARTNERSKAP_TEST_ZONE, Europe/Stockholm]\n", base="")
    assert settings_of(config).timezone == "America/New_York"
    monkeypatch.delenv("PARTNERSKAP_TEST_ZONE")
    assert settings_of(config).timezone == "Europe/Stockholm"
    config.write_text(config.read_text(encoding="utf-8") + "use_directory_urls: maybe\n", encoding="utf-8")
    with pytest.raises(SettingsError) as raised:
        settings_of(config)
    assert [(p.path, p.line, p.message.split(":")[0]) for p in raised.value.problems] == [("mkdocs.yml", 4, "use_directory_urls")]


def test_every_problem_in_a_block_of_settings_is_reported_at_its_line(tmp_path):
    """MkDocs' own validation stops at a block's first problem; the settings report them all."""
    config = settings_project(tmp_path / "p", (
        "    accessibility:\n"          # line 12
        "      checked: igår\n"
        "      contact_page: ../hemlig.md\n"
        "      kontakt: 010-00 00 00\n"
        "    feed:\n"
        "      title: \"\"\n"
    ))
    with pytest.raises(SettingsError) as raised:
        settings_of(config)
    found = [(p.line, *p.message.split(": ", 1)) for p in raised.value.problems]
    expected = [
        (12, "extra.partnership.accessibility.contact_email", "saknas"),
        (12, "extra.partnership.accessibility", f"är ifyllt, men redogörelsens sida content/{routes.STATEMENT} saknas"),
        (13, "extra.partnership.accessibility.checked", '"igår" är inte ett datum'),
        (14, "extra.partnership.accessibility.contact_page", '"../hemlig.md" ska vara sökvägen till en Markdown-fil i content/'),
        (15, "extra.partnership.accessibility.kontakt", "okänd inställning"),
        (17, "extra.partnership.feed.title", "ska vara flödets namn, en rad text"),
    ]
    assert len(found) == len(expected), found
    for (line, setting, message), (want_line, want_setting, start) in zip(found, expected):
        assert (line, setting) == (want_line, want_setting) and message.startswith(start), found


def test_a_data_file_inside_the_project_is_accepted(tmp_path):
    config = settings_project(tmp_path / "p", "    members: ./members.yaml\n    timezone: Europe/Stockholm\n")
    settings = settings_of(config)
    assert settings.members_file == "./members.yaml" and settings.timezone == "Europe/Stockholm"


@pytest.mark.build
def test_the_build_and_make_check_report_the_settings_problems_as_data_problems(tmp_path):
    config = settings_project(tmp_path / "p", BAD_SETTINGS)
    build = run_build(config, tmp_path / "site")
    assert build.returncode != 0 and "Traceback" not in build.log
    logged = [line.split("-", 1)[1].strip() for line in build.log.splitlines() if line.startswith("ERROR")]
    assert [tuple(line.split(":")[:2]) for line in logged[:-1]] == [("mkdocs.yml", str(n)) for n, _ in EXPECTED], logged
    done = run_check(config.parent, "-f", str(config))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[:-1] == logged[:-1]


# --- 10. One bad member id, one message --------------------------------------------------------

EVENTS = """\
events:
  - id: traff
    title: Träff
    category: meeting
    start: 2026-05-01 10:00
    published: 2026-01-01
    organisers: [region-halland, hylte-bygd]
"""


@pytest.mark.parametrize("bad_id, line", [("@region-halland", 2), ("Region Halland", 2)])
def test_a_bad_member_id_is_reported_once_not_at_every_reference(tmp_path, bad_id, line):
    (tmp_path / "content" / "projekt").mkdir(parents=True)
    (tmp_path / "content" / "projekt" / "p.md").write_text(
        FRONT.format(more="lead: region-halland\npartners: [hylte-bygd]\n"), encoding="utf-8")
    (tmp_path / "members.yaml").write_text(textwrap.dedent(f"""\
        members:
          - id: {bad_id}
            name: Region Halland
            sector: public
          - id: hylte-bygd
            name: Hylte bygd
            sector: civil
        people:
          - id: anna
            name: Anna
            member: region-halland
        """), encoding="utf-8")
    (tmp_path / "events.yaml").write_text(EVENTS, encoding="utf-8")
    settings = Settings(project_dir=tmp_path, docs_dir=tmp_path / "content", site_url="https://x.se/")
    with pytest.raises(DataError) as raised:
        load_data(settings, NOW)
    assert [(p.path, p.line) for p in raised.value.problems] == [("members.yaml", line)], [str(p) for p in raised.value.problems]


# --- 11. Gender counts only where they reveal no one ------------------------------------------

GENDER_MEMBERS = """\
members:
  - id: a
    name: A
    sector: civil
people:
{people}
groups:
  - id: lag
    name: LAG
  - id: styrelse
    name: Styrelsen
"""


def person(number: int, group: str, gender: str | None) -> str:
    line = f"  - id: p{number}\n    name: Person {number}\n    member: a\n"
    if gender:
        line += f"    gender: {gender}\n"
    return line + f"    roles:\n      - group: {group}\n        role: Ledamot\n"


def test_gender_counts_are_shown_only_for_bodies_where_they_reveal_no_one(throwaway):
    people = (
        # LAG: 3 women, 3 men, 3 not stated: shown.
        [person(i, "lag", "woman") for i in range(3)] + [person(i, "lag", "man") for i in range(3, 6)]
        + [person(i, "lag", None) for i in range(6, 9)]
        # The board: one woman among four: hidden, with the reason.
        + [person(9, "styrelse", "woman")] + [person(i, "styrelse", None) for i in range(10, 13)]
    )
    build = throwaway.build(GENDER_MEMBERS.format(people="".join(people)))
    assert build.returncode == 0, build.log
    table = build.page("/partnerskapet/").select_one("table[data-px-gender]")
    rows = {text_of(tr.th): tr for tr in table.select("tbody tr")}
    assert [text_of(td) for td in rows["LAG"].select("td")] == ["3", "3", "0", "3", "9"]
    (cell,) = rows["Styrelsen"].select("td")
    assert cell["colspan"] == str(len(table.select("thead th")) - 1)
    assert not any(ch.isdigit() for ch in text_of(cell)) and text_of(cell).startswith("Visas inte")


@pytest.mark.parametrize("genders, shown", [
    (["woman"] * 3 + ["man"] * 3, True),
    (["woman"] * 4, False),  # everyone's gender would be known
    (["woman"] * 3 + ["man"] * 2, False),
    ([None] * 4, True),  # no gender recorded: nothing to reveal
    ([], True),
])
def test_the_rule_for_showing_a_body_s_gender_counts(genders, shown):
    assert reveals_a_person(Counter(g or "unknown" for g in genders), len(genders)) is not shown
