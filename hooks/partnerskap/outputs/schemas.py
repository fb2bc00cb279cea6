"""JSON Schemas of the staff's files, generated from the declarations that also validate them.

Editors that read ``# yaml-language-server: $schema=...`` (VS Code with the YAML extension, and
others) then complete keys and flag mistakes while staff type. The checks a schema cannot say
(references between files, daylight-saving gaps) remain the build's and ``make check``'s.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from partnerskap.model.events_file import EVENTS_FILE
from partnerskap.model.members_file import MEMBERS_FILE
from partnerskap.model.projects_file import PROJECT
from partnerskap.outputs.decap import label_and_hint
from partnerskap.source.fields import Record

SCHEMAS: dict[str, tuple[Record, str]] = {
    "members.schema.json": (MEMBERS_FILE, "Medlemmar, personer och organ (members.yaml)"),
    "events.schema.json": (EVENTS_FILE, "Kalendern (events.yaml)"),
    "project.schema.json": (PROJECT, "Faktarutan i en projektsida (content/projekt/*.md)"),
}


DRAFT = "http://json-schema.org/draft-07/schema#"
"""The newest draft yaml-language-server (VS Code's YAML extension) reads; nothing newer is used."""


def explained(node: dict[str, Any]) -> dict[str, Any]:
    """A schema whose every field has a ``description`` beside its ``title``, as the forms at
    /admin/ show them: the whole Swedish text as the description (what an editor shows in its
    completion list and on hover), its first words as the title."""
    node = dict(node)
    if "title" in node:
        short, _ = label_and_hint(node["title"])
        node.setdefault("description", node["title"])
        node["title"] = short
    if "properties" in node:
        node["properties"] = {key: explained(value) for key, value in node["properties"].items()}
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            node[key] = explained(node[key])
    if "anyOf" in node:
        node["anyOf"] = [explained(choice) for choice in node["anyOf"]]
    return node


def schema_document(record: Record, title: str) -> dict[str, Any]:
    return {"$schema": DRAFT, **explained(record.schema()), "title": title, "description": record.description or title}


def rendered() -> dict[str, str]:
    """Each schema file's name and text, as committed under ``schemas/``."""
    return {
        name: json.dumps(schema_document(record, title), ensure_ascii=False, indent=2) + "\n"
        for name, (record, title) in SCHEMAS.items()
    }


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in rendered().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
