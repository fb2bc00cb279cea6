"""One declaration per entity: the class staff's blocks become is also their check, their JSON
Schema, their form at /admin/ and the references between them.

The worked example of docs/architecture.md is tested here: a member declared with one more
optional text key (``contact_person``) gets it in the object, the check (a wrong value is a
``FILE:LINE`` problem), the editor schema and the Decap form, with no other edit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import textwrap
import types
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2
import lxml.html
import pytest

from conftest import REPO
from partnerskap.i18n import Words
from partnerskap.model import members_file
from partnerskap.model.events import Event, Location
from partnerskap.model.events_file import EVENTS_FILE, load_events
from partnerskap.model.members_file import MEMBERS_FILE, load_members
from partnerskap.model.partnership import Member, Person, Seat
from partnerskap.model.projects_file import PROJECT
from partnerskap.outputs import decap, schemas
from partnerskap.pages.directory import member_pages
from partnerskap.pages.page import ViewUndefined
from partnerskap.source.declarations import entity, key
from partnerskap.source.fields import ListOf, Record, Reference, Text, TextOrRecord
from partnerskap.source.references import MISSING, AnyId


@entity("member", noun="medlem", description=Member.RECORD.description)
@dataclasses.dataclass(frozen=True, kw_only=True)
class MemberWithContact(Member):
    """The worked example: Member and one more key, declared the way a developer adds it."""

    contact_person: str | None = key(Text(example="kontaktpersonens namn"), "Kontaktperson hos medlemmen", default=None)


MEMBERS = """\
members:
  - id: region-halland
    name: Region Halland
    sector: public
    contact_person: {contact}
people:
  - id: anna
    name: Anna Andersson
    member: region-halland
    roles:
      - group: lag
        role: Ordförande
    active_in: [region-halland]
groups:
  - id: lag
    name: LAG
"""


@pytest.fixture
def members_with_contact(monkeypatch):
    """members.yaml read, checked, described and edited with the extended member: the loader,
    the schema writer and the form builder are left as they are, only their record is the new one."""
    record = dataclasses.replace(
        MEMBERS_FILE, fields=(dataclasses.replace(MEMBERS_FILE.fields[0], type=ListOf(MemberWithContact.RECORD)),
                              *MEMBERS_FILE.fields[1:]),
    )
    monkeypatch.setattr(members_file, "MEMBERS_FILE", record)
    monkeypatch.setattr(members_file, "MEMBER", MemberWithContact.RECORD)
    monkeypatch.setattr(decap, "MEMBERS_FILE", record)
    monkeypatch.setattr(schemas, "SCHEMAS", {**schemas.SCHEMAS, "members.schema.json": (record, schemas.SCHEMAS["members.schema.json"][1])})


def load(tmp_path: Path, text: str):
    path = tmp_path / "members.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    partnership, report = load_members(path, "members.yaml", tmp_path)
    return partnership, [str(p) for p in report.problems]


def test_a_declared_key_is_in_the_object(tmp_path, members_with_contact):
    partnership, found = load(tmp_path, MEMBERS.format(contact="Eva Lind"))
    assert found == []
    member = partnership.member_by_id["region-halland"]
    assert isinstance(member, MemberWithContact) and member.contact_person == "Eva Lind"
    assert "contact_person" not in {f.name for f in dataclasses.fields(Member)}  # the real Member is as it was


def test_a_declared_key_is_checked_with_its_file_and_line(tmp_path, members_with_contact):
    partnership, found = load(tmp_path, MEMBERS.format(contact="[Eva, Lind]"))
    assert partnership is None
    assert found == ["members.yaml:5: contact_person: här ska stå kontaktpersonens namn, inte en lista"]


def test_a_declared_key_is_in_the_editor_schema(members_with_contact):
    schema = json.loads(schemas.rendered()["members.schema.json"])
    member = schema["properties"]["members"]["items"]
    assert member["properties"]["contact_person"] == {
        "title": "Kontaktperson hos medlemmen", "type": "string", "minLength": 1, "maxLength": 2000,
        "description": "Kontaktperson hos medlemmen",
    }
    assert "contact_person" not in member["required"]
    assert list(member["properties"])[-1] == "contact_person"


def test_a_declared_key_is_in_the_form(members_with_contact):
    config = decap.decap_config()
    members_form = next(f for f in config["collections"][0]["files"][0]["fields"] if f["name"] == "members")
    field = next(f for f in members_form["fields"] if f["name"] == "contact_person")
    assert field == {"name": "contact_person", "label": "Kontaktperson hos medlemmen", "widget": "string", "required": False}
    assert decap.key_orders(members_file.MEMBERS_FILE)["members"][-1] == "contact_person"


WORKED_EXAMPLE_LINE = (
    "    {% if m.member.contact_person %}<div><dt>{{ t.contact }}</dt><dd>{{ m.member.contact_person }}</dd></div>{% endif %}\n"
)


def member_page_facts(tmp_path: Path, partnership, add_line: bool) -> dict[str, str]:
    """The member page's list of facts, drawn by the real template (with the worked example's one
    line added after the phone line, when ``add_line``), as {term: description}."""
    overrides = tmp_path / "overrides" / "partials" / "partnership"
    overrides.mkdir(parents=True)
    template = (REPO / "overrides" / "partials" / "partnership" / "member.html").read_text(encoding="utf-8")
    phone = next(line for line in template.splitlines(keepends=True) if "{% if m.member.phone %}" in line)
    overrides.joinpath("member.html").write_text(
        template.replace(phone, phone + WORKED_EXAMPLE_LINE) if add_line else template, encoding="utf-8")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([tmp_path / "overrides", REPO / "overrides"]), undefined=ViewUndefined,
    )
    env.filters["url"] = lambda url: url
    words = Words("sv")
    spec = next(s for s in member_pages(partnership, words, True) if s.path == "medlemmar/region-halland.md")
    html = env.get_template("partials/partnership/member.html").render(
        partnership=spec.view, t=words.table, page=types.SimpleNamespace(content=""))
    facts = lxml.html.fromstring(html).xpath("//dl[@class='px-facts']/div")
    return {fact.findtext("dt"): fact.find("dd").text_content() for fact in facts}


def test_a_declared_key_is_on_the_page_with_one_template_line(tmp_path, members_with_contact):
    partnership, found = load(tmp_path, MEMBERS.format(contact="Eva <b>Lind</b>"))
    assert found == []
    assert member_page_facts(tmp_path / "without", partnership, add_line=False) == {}
    contact = Words("sv").table["contact"]
    assert member_page_facts(tmp_path / "with", partnership, add_line=True) == {contact: "Eva <b>Lind</b>"}


def test_the_typed_object_has_tuples_and_nested_objects(tmp_path):
    partnership, found = load(tmp_path, MEMBERS.replace("    contact_person: {contact}\n", ""))
    assert found == []
    person = partnership.person_by_id["anna"]
    assert person == Person(
        id="anna", name="Anna Andersson", member="region-halland",
        roles=(Seat(group="lag", role="Ordförande", deputy=False),), active_in=("region-halland",),
    )


def test_a_short_location_is_the_place_named(tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text(textwrap.dedent("""\
        events:
          - id: e1
            title: Möte
            category: meeting
            start: 2026-12-01 10:00
            published: 2026-11-01
            location: Online
        """), encoding="utf-8")
    now = dt.datetime(2026, 11, 15, tzinfo=dt.timezone.utc)
    calendar, report = load_events(path, "events.yaml", ZoneInfo("Europe/Stockholm"), AnyId(), now)
    assert report.problems == []
    (event,) = calendar.events
    assert isinstance(event, Event) and event.location == Location(name="Online")


def declared_records(record: Record) -> list[Record]:
    """A record and every record inside it."""
    found = [record]
    for spec in record.fields:
        kind = spec.type.item if isinstance(spec.type, ListOf) else spec.type
        kind = kind.record if isinstance(kind, TextOrRecord) else kind
        if isinstance(kind, Record):
            found += declared_records(kind)
    return found


ALL_RECORDS = [r for top in (MEMBERS_FILE, EVENTS_FILE, PROJECT) for r in declared_records(top)]


def test_every_reference_has_a_message_and_a_form_to_pick_from():
    targets = set()
    for record in ALL_RECORDS:
        for spec in record.fields:
            kind = spec.type.item if isinstance(spec.type, ListOf) else spec.type
            if isinstance(kind, Reference):
                targets.add(kind.target)
    assert targets == {"member", "person", "group", "series", "project"}
    assert targets <= set(MISSING) and targets <= set(decap.RELATIONS)


def test_every_declared_key_is_an_attribute_of_its_class():
    """Each record that makes objects makes them from all of its keys (none read and dropped)."""
    for record in ALL_RECORDS:
        if record.builds is None:
            continue  # a whole file (its lists are made into a Partnership or a Calendar)
        attributes = {f.name for f in dataclasses.fields(record.builds)}
        assert {spec.name for spec in record.fields} <= attributes, record.name


@pytest.mark.parametrize(("written", "expected"), [
    ("member: region-hallnd", 'members.yaml:8: member: det finns ingen medlem med id "region-hallnd" (menade du "region-halland"?)'),
    ("member: region-halland\n    active_in: [lagg]", 'members.yaml:9: active_in: det finns ingen medlem med id "lagg"'),
])
def test_one_reference_pass_names_the_line_and_the_nearest_id(tmp_path, written, expected):
    text = MEMBERS.replace("    contact_person: {contact}\n", "").replace("    member: region-halland\n", f"    {written}\n", 1)
    text = text.replace("    active_in: [region-halland]\n", "") if "active_in" in written else text
    _, found = load(tmp_path, text)
    assert found == [expected]


def test_a_reference_to_a_list_that_could_not_be_read_is_not_an_error(tmp_path):
    path = tmp_path / "events.yaml"
    path.write_text("events:\n  - {id: e1, title: M, category: meeting, start: 2026-12-01, published: 2026-11-01, organisers: [vem-som-helst]}\n", encoding="utf-8")
    now = dt.datetime(2026, 11, 15, tzinfo=dt.timezone.utc)
    _, report = load_events(path, "events.yaml", ZoneInfo("Europe/Stockholm"), AnyId(), now)
    assert report.problems == []
    _, report = load_events(path, "events.yaml", ZoneInfo("Europe/Stockholm"), {"vem-annars"}, now)
    assert [str(p) for p in report.problems] == ['events.yaml:2: organisers: det finns ingen medlem med id "vem-som-helst"']
