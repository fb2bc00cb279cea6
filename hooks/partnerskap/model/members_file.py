"""``members.yaml``: its keys (declared with :class:`~.partnership.Member`, :class:`~.partnership.Person`
and the rest), their checks, and the :class:`~.partnership.Partnership` built from it."""

from __future__ import annotations

from pathlib import Path

from partnerskap.model.page_ids import check_not_reserved
from partnerskap.model.partnership import Group, Member, Partnership, Person, Seat
from partnerskap.source.fields import Entry, Field, ListOf, Record, check_document, report_duplicate_ids
from partnerskap.source.problems import Report
from partnerskap.source.references import AnyId, check_references, ids_written
from partnerskap.source.sourcefile import LineDict, read_yaml

MEMBER, SEAT, PERSON, GROUP = Member.RECORD, Seat.RECORD, Person.RECORD, Group.RECORD

MEMBERS_FILE = Record("members.yaml", (
    Field("members", ListOf(MEMBER), "Medlemmar", required=True),
    Field("people", ListOf(PERSON), "Personer", default=[]),
    Field("groups", ListOf(GROUP), "Organ", default=[]),
), description="Föreningens medlemmar, personerna som företräder dem och organen de sitter i.")


def load_members(path: Path, shown_as: str, docs_dir: Path) -> tuple[Partnership | None, Report]:
    """Read, check and cross-reference ``members.yaml``.

    Returns the model, or ``None`` with every problem in the report.
    """
    report = Report(shown_as)
    raw = read_yaml(path, report)
    document = check_document(raw, MEMBERS_FILE, report)
    if document is None:
        return None, report

    as_written = raw if isinstance(raw, LineDict) else {}  # an empty file has no entries
    for key, what in (("members", "medlemmen"), ("people", "personen"), ("groups", "organet")):
        report_duplicate_ids(as_written.get(key), what, report)
    members = _first_of_each_id(document["members"])
    people = _first_of_each_id(document["people"])
    groups = _first_of_each_id(document["groups"])
    for kind, entries in (("member", members), ("group", groups)):
        for entry in entries:
            check_not_reserved(kind, entry["id"], entry.line_of("id"), report, entry["name"])
    for entry in document["members"]:
        _check_logo(entry, docs_dir, report)
    check_references(document, MEMBERS_FILE, {
        "member": ids_written(as_written.get("members"), required=True),
        "group": ids_written(as_written.get("groups")),
    }, report)
    if report.problems:
        return None, report

    partnership = Partnership(
        members=tuple(MEMBER.make(entry) for entry in members),
        people=tuple(PERSON.make(entry) for entry in people),
        groups=tuple(GROUP.make(entry, line=entry.line) for entry in groups),
    )
    return partnership, report


def _check_logo(entry: Entry, docs_dir: Path, report: Report) -> None:
    """A logo is a file inside the docs folder (the image is copied from there)."""
    logo = entry.get("logo")
    if not logo:
        return
    try:
        target = (docs_dir / logo).resolve()
        inside = not Path(logo).is_absolute() and target.is_relative_to(docs_dir.resolve())
        exists = inside and target.is_file()
    except OSError:  # a name longer than the file system allows, for one
        inside, exists = True, False
    if not inside:
        report.error(entry.line_of("logo"), f'logo: "{logo}" ligger utanför content/; skriv en sökväg inne i den, till exempel img/medlemmar/{entry["id"]}.svg')
    elif not exists:
        report.error(entry.line_of("logo"), f"logo: det finns ingen fil content/{logo}; lägg bilden där eller rätta sökvägen")


def member_ids_written(path: Path) -> tuple[set[str] | AnyId, set[str] | AnyId]:
    """The member and person ids in a members.yaml as written, even one with problems.

    Other files' references are checked against these while members.yaml is being fixed.
    """
    raw = read_yaml(path, Report(str(path)))
    if not isinstance(raw, LineDict):
        return AnyId(), AnyId()
    return ids_written(raw.get("members"), required=True), ids_written(raw.get("people"))


def _first_of_each_id(entries: list[Entry]) -> list[Entry]:
    """The entries with duplicates dropped (they are reported from the file as written)."""
    seen: set[str] = set()
    kept = []
    for entry in entries:
        if entry["id"] is not None and entry["id"] not in seen:
            seen.add(entry["id"])
            kept.append(entry)
    return kept
