"""``members.yaml``: its keys, their checks, and the :class:`~.model.Partnership` built from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from partnerskap.source.fields import (
    INVALID, MAX_ID_LENGTH, SLUG, Boolean, Choice, Email, Entry, Field, IsoDate, ListOf, Markdown, Record, Slug, Text,
    Url, check_document, did_you_mean, report_duplicate_ids, slugify,
)
from partnerskap.model.partnership import GENDERS, SECTORS, Group, Member, Partnership, Person, Seat
from partnerskap.model.page_ids import check_not_reserved
from partnerskap.source.problems import Report
from partnerskap.source.sourcefile import LineDict, LineList, read_yaml

MEMBER = Record("member", (
    Field("id", Slug(), "Id (små bokstäver, siffror och bindestreck; används i adresser och hänvisningar, ändras aldrig)", required=True),
    Field("name", Text(example="the organisation's name"), "Organisationens namn", required=True),
    Field("sector", Choice(SECTORS), "Sektor: public (offentlig), private (privat) eller civil (ideell)", required=True),
    Field("group", Text(), "Rubrik i medlemsförteckningen"),
    Field("municipality", Text(), "Kommun där medlemmen främst verkar"),
    Field("website", Url(), "Webbplats (http:// eller https://)"),
    Field("email", Email(), "Organisationens publika e-postadress"),
    Field("phone", Text(example='a phone number in quotes, "+46 35 00 00 00"'), "Telefon"),
    Field("logo", Text(example="a path inside content/, img/medlemmar/x.svg"), "Logotyp: sökväg inne i content/"),
    Field("joined", IsoDate(), "Medlem sedan (datum)"),
    Field("description", Markdown(), "Kort presentation (Markdown; HTML visas som text)"),
), description="En medlemsorganisation i föreningen.")

SEAT = Record("seat", (
    Field("group", Slug(), "Organets id (under groups)", required=True),
    Field("role", Text(example="a role, such as Ledamot"), "Roll, till exempel Ordförande eller Ledamot", required=True),
    Field("deputy", Boolean(), "true för ersättare", default=False),
), description="En plats i ett organ.")

PERSON = Record("person", (
    Field("id", Slug(), "Id (små bokstäver, siffror och bindestreck)", required=True),
    Field("name", Text(example="the person's name"), "Namn", required=True),
    Field("member", Slug(), "Medlemsorganisationen personen företräder (medlemmens id)", required=True),
    Field("title", Text(), "Titel i den egna organisationen"),
    Field("email", Email(), "E-post (publiceras bara om den anges)"),
    Field("gender", Choice(GENDERS), "Kön: woman, man eller other (visas aldrig per person, räknas bara)"),
    Field("roles", ListOf(SEAT), "Platser i organen", default=[]),
    Field("active_in", ListOf(Slug()), "Medlemmar personen också är aktiv i (kompetenskartan)", default=[]),
), description="En person som företräder en medlem och kan sitta i föreningens organ.")

GROUP = Record("group", (
    Field("id", Slug(), "Id, till exempel lag eller presidium", required=True),
    Field("name", Text(example="the body's name"), "Namn", required=True),
    Field("description", Markdown(), "Beskrivning (Markdown)"),
    Field("voting", Boolean(), "true om organet beslutar och 49 %-regeln gäller", default=False),
), description="Ett organ: LAG, styrelse, presidium, valberedning ...")

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

    # Ids as written, also of entries that failed their checks, so that one broken member does
    # not make every reference to it a second, misleading error.
    as_written = raw if isinstance(raw, LineDict) else {}  # an empty file has no entries
    written = {key: _ids_written(as_written.get(key), required=key == "members") for key in ("members", "people", "groups")}
    for key, what in (("members", "member"), ("people", "person"), ("groups", "group")):
        report_duplicate_ids(as_written.get(key), what, report)
    members = _first_of_each_id(document["members"])
    people = _first_of_each_id(document["people"])
    groups = _first_of_each_id(document["groups"])
    for kind, entries in (("member", members), ("group", groups)):
        for entry in entries:
            check_not_reserved(kind, entry["id"], entry.line_of("id"), report, entry["name"])

    for entry in document["members"]:
        logo = entry.get("logo")
        if logo:
            try:
                target = (docs_dir / logo).resolve()
                inside = not Path(logo).is_absolute() and target.is_relative_to(docs_dir.resolve())
                exists = inside and target.is_file()
            except OSError:  # a name longer than the file system allows, for one
                inside, exists = True, False
            if not inside:
                report.error(entry.line_of("logo"), f'logo: "{logo}" is outside content/; write a path inside it, such as img/medlemmar/{entry["id"]}.svg')
            elif not exists:
                report.error(entry.line_of("logo"), f'logo: there is no file content/{logo}; put the image there or fix the path')
    for entry in document["people"]:
        _check_reference(entry, "member", written["members"], report)
        for seat in entry.get("roles", []):
            _check_reference(seat, "group", written["groups"], report)
        for index, member_id in enumerate(entry.get("active_in", [])):
            if member_id not in written["members"]:
                report.error(
                    entry.item_line("active_in", index),
                    f'active_in: there is no member with id "{member_id}"{did_you_mean(member_id, sorted(written["members"]))}',
                )
    if report.problems:
        return None, report

    partnership = Partnership(
        members=tuple(Member(**e.values) for e in members),
        people=tuple(
            Person(**{**e.values, "roles": tuple(Seat(**s.values) for s in e["roles"]), "active_in": tuple(e["active_in"])})
            for e in people
        ),
        groups=tuple(Group(**e.values, line=e.line) for e in groups),
    )
    return partnership, report


class AnyId:
    """The ids of a list that could not be read (a YAML syntax error, a list written as something
    else): every reference to it counts as found. The one problem that made the list unreadable is
    the cause of any mismatch, and it is reported once, where it is; checking the references
    against nothing would add an error for every one of them (73 for one stray character in the
    example's members.yaml)."""

    def __contains__(self, item: object) -> bool:
        return True


def member_ids_written(path: Path) -> tuple[set[str] | AnyId, set[str] | AnyId]:
    """The member and person ids in a members.yaml as written, even one with problems.

    Other files' references are checked against these while members.yaml is being fixed.
    """
    raw = read_yaml(path, Report(str(path)))
    if not isinstance(raw, LineDict):
        return AnyId(), AnyId()
    return _ids_written(raw.get("members"), required=True), _ids_written(raw.get("people"))


def _ids_written(entries: Any, *, required: bool = False) -> set[str] | AnyId:
    """The ids of a list as written. An id that is not one (``Region Halland``) also counts as
    the id it should be (``region-halland``): references written either way are not errors of
    their own, as the id's problem is reported at the id."""
    if entries is None and not required:
        return set()
    if not isinstance(entries, LineList):
        return AnyId()
    ids = set()
    for entry in entries:
        if isinstance(entry, LineDict) and isinstance(entry.get("id"), str):
            ident = entry["id"]
            ids.add(ident)
            if not (SLUG.fullmatch(ident) and len(ident) <= MAX_ID_LENGTH):
                ids.add(slugify(ident)[:MAX_ID_LENGTH].strip("-"))
    return ids


def _first_of_each_id(entries: list[Entry]) -> list[Entry]:
    """The entries with duplicates dropped (they are reported from the file as written)."""
    seen: set[str] = set()
    kept = []
    for entry in entries:
        if entry["id"] is not None and entry["id"] not in seen:
            seen.add(entry["id"])
            kept.append(entry)
    return kept


def _check_reference(entry: Entry, key: str, known: set[str], report: Report) -> None:
    target = entry.get(key)
    if target is not None and target is not INVALID and target not in known:
        kind = {"member": "member", "group": "group"}[key]
        report.error(
            entry.line_of(key),
            f'{key}: there is no {kind} with id "{target}"{did_you_mean(target, sorted(known))}',
        )
