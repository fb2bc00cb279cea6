"""members.yaml: each kind of problem is reported as ``members.yaml:LINE: message``, all in one run."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from partnerskap.model.members_file import MEMBER, load_members

VALID = """\
members:
  - id: region-halland
    name: Region Halland
    sector: public
    website: https://www.regionhalland.se
  - id: hylte-bygd
    name: Hylte bygdegårdsförening
    sector: civil
people:
  - id: anna
    name: Anna Andersson
    member: region-halland
    gender: woman
    roles:
      - group: lag
        role: Ordförande
    active_in: [hylte-bygd]
groups:
  - id: lag
    name: LAG
    voting: true
"""


def problems(tmp_path: Path, text: str, files: tuple[str, ...] = ()) -> list[str]:
    docs = tmp_path / "content"
    for name in files:
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    docs.mkdir(exist_ok=True)
    path = tmp_path / "members.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    model, report = load_members(path, "members.yaml", docs)
    assert (model is None) == bool(report.problems)
    return [str(p) for p in report.problems]


def one_problem(tmp_path: Path, text: str, files: tuple[str, ...] = ()) -> str:
    found = problems(tmp_path, text, files)
    assert len(found) == 1, found
    return found[0]


def test_a_valid_file_has_no_problems(tmp_path):
    assert problems(tmp_path, VALID) == []


def test_a_valid_logo_path_is_accepted(tmp_path):
    text = VALID.replace("    sector: civil\n", "    sector: civil\n    logo: img/hylte.svg\n")
    assert problems(tmp_path, text, files=("img/hylte.svg",)) == []


def test_yaml_syntax_error_gives_line_and_column(tmp_path):
    found = problems(tmp_path, """\
        members:
          - id: a
            name: A
           sector: public
        """)
    assert found[0].startswith("members.yaml:4: YAML-syntax, kolumn 4:"), found


def test_yaml_syntax_error_is_the_only_problem_reported(tmp_path):
    one_problem(tmp_path, """\
        members:
          - id: a
            name: A
           sector: public
        """)


def test_wrong_type(tmp_path):
    message = one_problem(tmp_path, """\
        members:
          - id: a
            name: [a, b]
            sector: public
        """)
    assert message == "members.yaml:3: name: här ska stå organisationens namn, inte en lista"


def test_a_number_where_text_belongs_asks_for_quotes(tmp_path):
    message = one_problem(tmp_path, """\
        members:
          - id: a
            name: A
            sector: public
            phone: 4635000000
        """)
    assert message.startswith("members.yaml:5: phone:") and "citattecken" in message


def test_missing_required_key_names_the_entry(tmp_path):
    message = one_problem(tmp_path, """\
        members:
          - id: a
            sector: public
        """)
    assert message.startswith('members.yaml:2: medlem "a": name saknas; lägg till name:')


def test_unknown_key_hints_at_the_nearest_known_key(tmp_path):
    found = problems(tmp_path, """\
        members:
          - id: a
            name: A
            sector: public
            webiste: https://example.se
        """)
    assert len(found) == 1
    assert found[0].startswith("members.yaml:5: webiste: okänd nyckel i medlem")
    assert '(menade du "website"?)' in found[0]


def test_a_blank_key_or_one_with_space_around_it_is_named_in_quotes(tmp_path):
    """Found by Hypothesis: a key of one space read as "members.yaml:6:  : okänd nyckel"."""
    found = problems(tmp_path, """\
        members:
          - id: a
            name: A
            sector: public
            ' ': x
            'website ': https://example.se
        """)
    assert sorted(found) == [
        'members.yaml:5: " ": okänd nyckel i medlem; kända nycklar: ' + ", ".join(f.key for f in MEMBER.fields),
        'members.yaml:6: "website ": okänd nyckel i medlem (menade du "website"?); kända nycklar: '
        + ", ".join(f.key for f in MEMBER.fields),
    ]


def test_misspelt_required_key_gives_the_hint_and_the_missing_key(tmp_path):
    found = problems(tmp_path, """\
        members:
          - id: a
            name: A
            sektor: public
        """)
    missing, unknown = sorted(found)
    assert missing.startswith('members.yaml:2: medlem "a": sector saknas; lägg till sector:')
    assert unknown.startswith("members.yaml:4: sektor: okänd nyckel i medlem")
    assert '(menade du "sector"?)' in unknown


def test_duplicate_ids(tmp_path):
    message = one_problem(tmp_path, """\
        members:
          - id: a
            name: A
            sector: public
          - id: a
            name: B
            sector: civil
        """)
    assert message == 'members.yaml:5: id: "a" används redan av medlemmen på rad 2; varje id får bara finnas en gång'


def test_duplicate_person_ids(tmp_path):
    text = VALID.replace("groups:\n", "  - id: anna\n    name: Anna Berg\n    member: hylte-bygd\ngroups:\n")
    message = one_problem(tmp_path, text)
    assert message == 'members.yaml:18: id: "anna" används redan av personen på rad 10; varje id får bara finnas en gång'


def test_dangling_member(tmp_path):
    message = one_problem(tmp_path, VALID.replace("member: region-halland", "member: region-hallnd"))
    assert message == 'members.yaml:12: member: det finns ingen medlem med id "region-hallnd" (menade du "region-halland"?)'


def test_dangling_group(tmp_path):
    message = one_problem(tmp_path, VALID.replace("- group: lag", "- group: styrelse"))
    assert message == 'members.yaml:15: group: det finns inget organ med id "styrelse"'


def test_dangling_active_in(tmp_path):
    message = one_problem(tmp_path, VALID.replace("active_in: [hylte-bygd]", "active_in: [hylte-bygden]"))
    assert message == 'members.yaml:17: active_in: det finns ingen medlem med id "hylte-bygden" (menade du "hylte-bygd"?)'


def test_unknown_sector_with_hint(tmp_path):
    message = one_problem(tmp_path, VALID.replace("sector: public", "sector: publik"))
    assert message == 'members.yaml:4: sector: "publik" är inte ett av public, private, civil (menade du "public"?)'


@pytest.mark.parametrize("url", ["ftp://example.se/", "www.example.se", "javascript:alert(1)"])
def test_website_must_be_http_or_https(tmp_path, url):
    message = one_problem(tmp_path, VALID.replace("https://www.regionhalland.se", url))
    assert message.startswith("members.yaml:5: website:")
    assert "börja den med http:// eller https://" in message


def test_logo_that_does_not_exist(tmp_path):
    message = one_problem(tmp_path, VALID.replace("    sector: civil\n", "    sector: civil\n    logo: img/hylte.svg\n"))
    assert message == "members.yaml:9: logo: det finns ingen fil content/img/hylte.svg; lägg bilden där eller rätta sökvägen"


@pytest.mark.parametrize("where", ["relative", "absolute"])
def test_logo_outside_the_content_folder_is_an_error(tmp_path, where):
    # Both name members.yaml itself, which exists but is not inside content/.
    logo = "../members.yaml" if where == "relative" else str(tmp_path / "members.yaml")
    message = one_problem(tmp_path, VALID.replace("    sector: civil\n", f"    sector: civil\n    logo: {logo}\n"))
    assert message.startswith("members.yaml:9: logo:") and "utanför content/" in message


def test_duplicate_key_in_one_mapping(tmp_path):
    message = one_problem(tmp_path, """\
        members:
          - id: a
            name: A
            sector: public
            name: B
        """)
    assert message == "members.yaml:5: 'name' står två gånger i samma post (första gången på rad 3); behåll en av dem"


def test_invalid_id_suggests_a_slug(tmp_path):
    message = one_problem(tmp_path, VALID.replace("id: hylte-bygd\n", "id: Hylte Bygd\n").replace("[hylte-bygd]", "[]"))
    assert message.startswith('members.yaml:6: id: "Hylte Bygd" är inget id')
    assert '"hylte-bygd"' in message


def test_every_problem_is_reported_in_one_run(tmp_path):
    found = problems(tmp_path, """\
        members:
          - id: a
            name: A
            sector: publik
            website: www.example.se
          - id: a
            name: B
            sector: civil
            logo: img/b.png
        people:
          - id: p
            name: P
            member: c
            roles:
              - group: lag
                role: Ledamot
            active_in: [d]
            titel: Chef
        groups: []
        """)
    lines = sorted(int(re.match(r"members\.yaml:(\d+): ", p)[1]) for p in found)
    assert lines == [4, 5, 6, 9, 13, 15, 17, 18], found
    assert any(p.startswith("members.yaml:18: titel: okänd nyckel i person") and '"title"' in p for p in found)


def test_a_duplicate_id_is_reported_even_when_the_first_entry_has_another_problem(tmp_path):
    found = problems(tmp_path, """\
        members:
          - id: a
            name: A
            sector: publik
          - id: a
            name: B
            sector: civil
        """)
    assert any(p.startswith('members.yaml:5: id: "a" används redan') for p in found), found
