"""References between entries, checked in one pass from the declarations.

A key declared as :class:`~.fields.Reference` (``Reference("member")``) holds the id of an entry
of its target kind; :func:`check_references` looks every one up, in a block and in the blocks and
lists inside it, against the ids of each kind as written.
"""

from __future__ import annotations

from typing import Any, Collection, Mapping, Union

from partnerskap.source.fields import (
    MAX_ID_LENGTH, SLUG, Entry, ListOf, Record, Reference, TextOrRecord, did_you_mean, slugify,
)
from partnerskap.source.problems import Report
from partnerskap.source.sourcefile import LineDict, LineList

MISSING = {
    "member": 'det finns ingen medlem med id "{id}"',
    "person": 'det finns ingen person med id "{id}"',
    "group": 'det finns inget organ med id "{id}"',
    "series": 'det finns ingen serie med id "{id}"',
    "project": "det finns ingen projektsida content/projekt/{id}.md",
}
"""What staff read when a reference finds nothing, by target kind."""


class AnyId:
    """The ids of a list that could not be read (a YAML syntax error, a list written as something
    else): every reference to it counts as found. The one problem that made the list unreadable is
    the cause of any mismatch, and it is reported once, where it is; checking the references
    against nothing would add an error for every one of them (73 for one stray character in the
    example's members.yaml)."""

    def __contains__(self, item: object) -> bool:
        return True


Ids = Union[Collection[str], AnyId]
"""The ids of one kind: a set, or :class:`AnyId` when the list holding them could not be read."""


def ids_written(entries: Any, *, required: bool = False) -> set[str] | AnyId:
    """The ids of a list as written, also of entries that failed their checks, so that one broken
    entry does not make every reference to it a second, misleading error. An id that is not one
    (``Region Halland``) also counts as the id it should be (``region-halland``): references
    written either way are not errors of their own, as the id's problem is reported at the id."""
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


def check_references(entry: Entry, record: Record, known: Mapping[str, Ids], report: Report) -> None:
    """Every reference in a checked block, and in the blocks inside it, against ``known`` (the ids
    of each target kind). A value that failed its own check was reported there and is skipped."""
    for spec in record.fields:
        value = entry.values.get(spec.key)
        kind = spec.type
        if value is None:
            continue
        if isinstance(kind, Reference):
            _look_up(value, kind.target, spec.key, entry.line_of(spec.key), known, report)
        elif isinstance(kind, ListOf) and isinstance(kind.item, Reference):
            for index, item in enumerate(value):
                _look_up(item, kind.item.target, spec.key, entry.item_line(spec.key, index), known, report)
        elif isinstance(kind, ListOf) and isinstance(kind.item, Record):
            for item in value:
                check_references(item, kind.item, known, report)
        elif isinstance(kind, Record):
            check_references(value, kind, known, report)
        elif isinstance(kind, TextOrRecord) and isinstance(value, Entry):
            check_references(value, kind.record, known, report)


def _look_up(ident: str, target: str, key: str, line: int, known: Mapping[str, Ids], report: Report) -> None:
    ids = known[target]
    if ident not in ids:
        choices = sorted(ids) if not isinstance(ids, AnyId) else []
        report.error(line, f"{key}: {MISSING[target].format(id=ident)}{did_you_mean(ident, choices)}")
