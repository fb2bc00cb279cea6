"""Ids that become page addresses: the ones another page already has, and project file names.

A member ``index`` would be written to ``medlemmar/index.md``, the directory's own address, and
silently replace it. The reserved ids come from :mod:`.routes` (:func:`~.routes.reserved_ids`),
so a new page there reserves its name here without anyone listing it.
"""

from __future__ import annotations

from pathlib import Path

from partnerskap import routes
from partnerskap.source.fields import MAX_ID_LENGTH, SLUG, slugify
from partnerskap.source.problems import Report, one_line

RESERVED = {
    "member": routes.reserved_ids(routes.MEMBER),
    "group": routes.reserved_ids(routes.GROUP),
    "event": routes.reserved_ids(routes.EVENT),
    "series": routes.reserved_ids(routes.SERIES),
    "project": routes.reserved_ids(routes.PROJECT),
}
"""For each kind of entry that gets a page of its own, the ids it may not have."""
KIND_WORDS = {
    "member": ("medlemmens", "medlemmar"),
    "group": ("organets", "organ"),
    "event": ("evenemangets", "evenemang"),
    "series": ("seriens", "serier"),
    "project": ("projektets", "projekt"),
}
"""Each kind in the staff's messages: whose page it is, and what the reserved ids are ids of."""


def suggestion(kind: str, *candidates: str | None) -> str:
    """An id for ``kind`` that is neither reserved nor empty, from the first usable candidate
    (the id as written, the entry's name ...), made into a slug."""
    reserved = RESERVED[kind]
    for candidate in candidates:
        slug = slugify(candidate)[:MAX_ID_LENGTH].strip("-") if isinstance(candidate, str) else ""
        if slug and slug not in reserved:
            return slug
    first = next((c for c in candidates if isinstance(c, str) and slugify(c)), kind)
    return f"{slugify(first)[:MAX_ID_LENGTH - len(kind) - 1].strip('-')}-{kind}"


def check_not_reserved(kind: str, value: object, line: int, report: Report, *alternatives: str | None) -> None:
    """Report an ``id:`` that is reserved for another page of the site; ``alternatives`` (the
    entry's name or title) give the suggested id."""
    reserved = RESERVED[kind]
    if value not in reserved:
        return
    whose, plural = KIND_WORDS[kind]
    report.error(
        line,
        f'id: "{value}" är reserverat: {whose} sida skulle ta adressen från en av webbplatsens egna '
        f'sidor (reserverade id för {plural}: {", ".join(sorted(reserved))}); välj ett annat, till exempel '
        f'"{suggestion(kind, *alternatives, value)}"',
    )


def check_project_file_name(path: Path, report: Report) -> None:
    """A project page's file name is its id (``content/projekt/<id>.md``): report one that is not
    an id, with the name to rename it to."""
    stem = path.stem
    if SLUG.fullmatch(stem) and len(stem) <= MAX_ID_LENGTH and stem not in RESERVED["project"]:
        return
    shown = one_line(stem if len(stem) <= 60 else stem[:57] + "...")
    report.error(
        1,
        f'filnamnet "{shown}" är inte ett projekt-id (små bokstäver a-z, siffror och bindestreck, högst '
        f'{MAX_ID_LENGTH} tecken; det blir sidans adress): byt namn på filen till '
        f'{suggestion("project", stem)}.md',
    )
