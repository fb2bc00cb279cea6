"""Decap CMS at ``/admin/``: forms for the staff's files, generated from the declarations.

The collections are made from the same :class:`~.fields.Record` that each entity's declaration
gives (:mod:`.source.declarations`) and that validates the files (``members.yaml``,
``events.yaml`` and the project pages' front matter), so the forms, the JSON Schemas and the
checks cannot drift apart; a :class:`~.fields.Reference` key becomes a relation widget. Decap itself comes from npm
(``node_modules/decap-cms/dist``) and is copied next to the page: the admin loads nothing from
another site.

What a form cannot say (ids that must exist, daylight-saving gaps, the 49 % rule) stays with the
build and ``make check``: the forms only catch what each single value must look like.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence
from urllib.parse import urlsplit

import yaml

from partnerskap.model.events_file import EVENTS_FILE
from partnerskap.model.members_file import MEMBERS_FILE
from partnerskap.model.projects_file import PROJECT, PROJECTS_DIR
from partnerskap.outputs.decap_bundle import BUNDLE, DIST
from partnerskap.settings import Settings
from partnerskap.source.fields import (
    EMAIL, SLUG, Boolean, Choice, ClockTime, DateOrDateTime, Email, Field, FieldType, Integer,
    IsoDate, ListOf, Markdown, Record, Reference, Slug, Text, TextOrRecord, Url,
)

PLACEHOLDER_REPO = "OWNER/REPOSITORY"
"""``backend.repo`` when mkdocs.yml has no GitHub ``repo_url``; production needs the real one."""

MEMBERS_COLLECTION = "medlemmar"
EVENTS_COLLECTION = "kalender"
PROJECTS_COLLECTION = "projekt"
NEWS_COLLECTION = "nyheter"
PAGES_COLLECTION = "sidor"

PUBLISH_MODES = ("editorial_workflow", "simple")
"""Decap's ``publish_mode``. The first is the default: each save is a pull request, which the
workflow tests before anyone publishes it; ``extra.decap.publish_mode: simple`` commits to the
branch at once."""

MEDIA: dict[tuple[str, str], str] = {("member", "logo"): "img/medlemmar"}
"""Keys that hold an image path inside the docs folder: an image widget uploads into the folder
and writes the path the build checks (``img/medlemmar/x.svg``)."""

SLUG_FROM_TITLE: dict[str, tuple[str, str]] = {NEWS_COLLECTION: ("title", "slug")}
"""Collections whose ``slug`` key the admin page fills in from the title before saving, unless
the editor wrote one: a post's address without å, ä and ö, as :func:`.fields.slugify` makes it."""
SLUG_LETTERS = {"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "æ": "ae", "ø": "o"}

# Decap reads dates back with this day.js format; the staff's files keep "2026-05-01".
DATE_FORMAT = "YYYY-MM-DD"


class BundleMissing(FileNotFoundError):
    """Decap's browser build is not installed (neither ``make admin`` nor ``npm ci`` has run)."""


@dataclass(frozen=True)
class Relation:
    """Where the entries a :class:`~.fields.Reference` names are kept: a relation widget offers
    their ids, shown by their names."""

    collection: str
    value_field: str
    display_field: str
    file: str | None = None


RELATIONS: dict[str, Relation] = {
    "member": Relation(MEMBERS_COLLECTION, "members.*.id", "members.*.name", "members"),
    "person": Relation(MEMBERS_COLLECTION, "people.*.id", "people.*.name", "members"),
    "group": Relation(MEMBERS_COLLECTION, "groups.*.id", "groups.*.name", "members"),
    "series": Relation(EVENTS_COLLECTION, "series.*.id", "series.*.title", "events"),
    "project": Relation(PROJECTS_COLLECTION, "{{slug}}", "title"),
}
"""The collection of each kind a reference can name (``Reference("member")``). Which keys are
references is said by the declarations; the build checks them, the forms make them easy to pick."""


def relation_of(kind: FieldType) -> Relation | None:
    """The relation a reference (or a list of references) picks from, if ``kind`` is one."""
    if isinstance(kind, ListOf):
        kind = kind.item
    return RELATIONS[kind.target] if isinstance(kind, Reference) else None


_PATTERN_HELP = {
    Slug: "små bokstäver a–z, siffror och bindestreck, till exempel region-halland",
    Url: "en webbadress som börjar med https://",
    Email: "en e-postadress, namn@example.se",
    DateOrDateTime: "ett datum, 2026-05-01, eller datum och tid, 2026-05-01 13:30",
    ClockTime: "ett klockslag, 13:30",
}


def label_and_hint(title: str) -> tuple[str, str | None]:
    """A short label from a field's Swedish title; the whole title as the hint when longer.

    ``"Start: 2026-05-01 13:30, eller bara datum"`` -> ``("Start", the whole title)``.
    """
    short = re.split(r":\s|\s\(", title, maxsplit=1)[0].strip()
    return (short, title) if short != title else (title, None)


def _pattern(kind: FieldType) -> list[str]:
    if isinstance(kind, Slug):
        regex = SLUG.pattern
    elif isinstance(kind, Email):
        regex = EMAIL.pattern.replace('\\"', '"')
    else:
        regex = kind.schema()["pattern"]
    return [regex, _PATTERN_HELP[type(kind)]]


def widget(kind: FieldType, *, required: bool = True) -> dict[str, Any]:
    """The Decap widget settings for one field type (without name and label)."""
    reference = relation_of(kind)
    if reference is not None:
        relation: dict[str, Any] = {
            "widget": "relation",
            "collection": reference.collection,
            "value_field": reference.value_field,
            "search_fields": [reference.display_field],
            "display_fields": [reference.display_field],
            "options_length": 1000,
        }
        if reference.file:
            relation["file"] = reference.file
        if isinstance(kind, ListOf):
            relation["multiple"] = True
        return relation
    if isinstance(kind, Markdown):
        return {"widget": "markdown"}
    if isinstance(kind, Text):
        return {"widget": "text" if kind.multiline else "string"}
    if isinstance(kind, (Slug, Url, Email, DateOrDateTime, ClockTime)):
        return {"widget": "string", "pattern": _pattern(kind)}
    if isinstance(kind, IsoDate):
        return {"widget": "datetime", "format": DATE_FORMAT, "date_format": DATE_FORMAT, "time_format": False}
    if isinstance(kind, Boolean):
        return {"widget": "boolean"}
    if isinstance(kind, Integer):
        return {"widget": "number", "value_type": "int", "min": kind.minimum}
    if isinstance(kind, Choice):
        return {
            "widget": "select",
            "options": [{"label": f"{meaning} ({word})", "value": word} for word, meaning in kind.choices.items()],
        }
    if isinstance(kind, ListOf):
        if isinstance(kind.item, Record):
            listed = {"widget": "list", "collapsed": True, "summary": _summary(kind.item), "fields": fields(kind.item)}
            if kind.item.noun:  # the add button names one: "Lägg till serie", not "... serier"
                listed["label_singular"] = kind.item.noun
            return listed
        return {"widget": "list", "field": {"name": "item", "label": "Värde", **widget(kind.item)}}
    if isinstance(kind, Record):
        return {"widget": "object", "collapsed": not required, "fields": fields(kind, required=required)}
    if isinstance(kind, TextOrRecord):
        # Decap has no "text or block" widget: the form always writes the block. A short form
        # already in the file (location: Online) shows as an empty block until it is filled in.
        return widget(kind.record, required=required)
    raise TypeError(f"no Decap widget for {type(kind).__name__}")


def field(spec: Field, record: Record, *, required: bool = True) -> dict[str, Any]:
    """One key of a record as a Decap field. ``required`` is false inside an optional block:
    Decap would otherwise refuse to save while the block is left empty."""
    label, hint = label_and_hint(spec.title)
    is_required = spec.required and required
    result: dict[str, Any] = {"name": spec.key, "label": label}
    if hint:
        result["hint"] = hint
    result.update(widget(spec.type, required=is_required))
    folder = MEDIA.get((record.name, spec.key))
    if folder:
        # decap_config moves the folder onto the file, under the docs folder it knows.
        result.update(widget="image", public_folder=folder, choose_url=False)
    result["required"] = is_required
    if isinstance(spec.type, Choice) and spec.default is not None:
        result["default"] = spec.default
    return result


def fields(record: Record, *, required: bool = True) -> list[dict[str, Any]]:
    return [field(spec, record, required=required) for spec in record.fields]


def _summary(record: Record) -> str:
    """How a collapsed list item is shown: its date and title, name, or id."""
    keys = [f.key for f in record.fields]
    if "start" in keys and "title" in keys:
        return "{{fields.start}} · {{fields.title}}"
    for key in ("name", "title", "text", "id", "fund"):
        if key in keys:
            return f"{{{{fields.{key}}}}}"
    return "{{fields." + keys[0] + "}}"


def leading_comment(text: str) -> str | None:
    """The comment lines a YAML file starts with, in the form Decap's ``comment`` option takes.

    Decap writes the whole file anew when it saves, without its comments; a ``comment`` on the
    first key is written above it, so the file keeps its head (and the
    ``# yaml-language-server: $schema=`` line editors read). Decap splits the comment at a
    backslash followed by n.
    """
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].removeprefix(" ").rstrip())
    while lines and not lines[-1]:
        lines.pop()
    return "\\n".join(lines) if lines else None


def _file_collection(
    name: str, label: str, file_name: str, file_label: str, path: str, record: Record, comment: str | None,
) -> dict[str, Any]:
    file_fields = fields(record)
    for entry in file_fields:
        if entry["widget"] == "list":
            # The file's own lists (the members, the events) open as one line, "43 evenemang":
            # Decap draws every item's form, a rich-text editor each, and draws them all again on
            # each key pressed, which made typing into a new event take most of a second a field.
            # Opened by its arrow, the list shows a line per item; "Add" draws only the new one.
            entry["minimize_collapsed"] = True
    collection: dict[str, Any] = {
        "name": name,
        "label": label,
        "description": record.description,
        "files": [{"name": file_name, "label": file_label, "file": path, "fields": file_fields}],
    }
    if comment:
        file_fields[0]["comment"] = comment
        # Decap 3.16 looks a key's comment up among the collection's own fields, which a file
        # collection does not have (its fields are the file's): this copy of the first key is
        # only read for its comment. The form and the order of keys still come from the file.
        collection["fields"] = [{"name": file_fields[0]["name"], "label": file_fields[0]["label"],
                                 "widget": "hidden", "comment": comment}]
        collection["identifier_field"] = file_fields[0]["name"]  # else Decap looks for a title in it
    return collection


def key_orders(record: Record, path: str = "") -> dict[str, list[str]]:
    """The order of keys in each block of a file, by the block's path of keys (``events.location``).

    Decap keeps an entry as an Immutable.js map, which forgets the order of more than eight keys;
    the admin page puts each block back in this order before saving (:data:`ADMIN_PAGE`).
    """
    orders = {path: [spec.key for spec in record.fields]}
    for spec in record.fields:
        kind = spec.type
        if isinstance(kind, ListOf):
            kind = kind.item
        if isinstance(kind, TextOrRecord):
            kind = kind.record
        if isinstance(kind, Record):
            orders.update(key_orders(kind, f"{path}.{spec.key}" if path else spec.key))
    return orders


def repo_from_url(repo_url: str | None) -> str:
    """``owner/name`` from a GitHub ``repo_url``; :data:`PLACEHOLDER_REPO` otherwise."""
    if repo_url:
        parts = urlsplit(repo_url)
        path = parts.path.strip("/").removesuffix(".git").split("/")
        if parts.hostname in ("github.com", "www.github.com") and len(path) >= 2 and all(path[:2]):
            return f"{path[0]}/{path[1]}"
    return PLACEHOLDER_REPO


def decap_config(
    *,
    members_file: str = "members.yaml",
    events_file: str = "events.yaml",
    docs_dir: str = "content",
    repo: str = PLACEHOLDER_REPO,
    branch: str = "main",
    site_url: str | None = None,
    local_backend_url: str | None = None,
    comments: Mapping[str, str | None] | None = None,
    backend: Any = None,
    news_dir: str | None = None,
    pages: Sequence[tuple[str, str]] = (),
    publish_mode: str = PUBLISH_MODES[0],
) -> dict[str, Any]:
    """The whole ``config.yml``. Paths are relative to the repository (the folder of mkdocs.yml).

    ``news_dir`` is the folder of the news posts inside the docs folder (``nyheter/posts``),
    ``pages`` the other pages as (path inside the docs folder, label), each a form of its own.

    ``local_backend_url`` points the admin at a ``decap-server`` on another port than 8081;
    ``comments`` maps a data file's path to the head comment to keep when Decap rewrites it;
    ``backend`` (``extra.decap.backend`` in mkdocs.yml) adds to or replaces the GitHub backend's
    settings, such as ``base_url`` of the OAuth provider.
    """
    if backend is not None and not (isinstance(backend, Mapping) and all(isinstance(k, str) for k in backend)):
        raise ValueError("mkdocs.yml: extra.decap.backend ska vara ett block av nycklar, till exempel base_url: https://...")
    comments = comments or {}
    docs = docs_dir.strip("/")
    project_fields = fields(PROJECT)
    project_fields.append({"name": "body", "label": "Text", "widget": "markdown", "required": False,
                           "hint": "Sidans text under faktarutan (Markdown)."})
    config: dict[str, Any] = {
        "backend": {"name": "github", "repo": repo, "branch": branch, **dict(backend or {})},
        "local_backend": {"url": local_backend_url} if local_backend_url else True,
        "locale": "sv",
        "publish_mode": publish_mode,
        "media_folder": f"{docs}/img",
        # Images put into a page's text are linked from the site's root, which is a sub-path
        # when the site lives under one (https://example.github.io/sajten/img/...).
        "public_folder": f"{urlsplit(site_url or '').path.rstrip('/')}/img",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "editor": {"preview": False},
    }
    if site_url:
        config["site_url"] = config["display_url"] = site_url
    config["collections"] = [
        _file_collection(MEMBERS_COLLECTION, "Medlemmar, personer och organ", "members", members_file,
                         members_file, MEMBERS_FILE, comments.get(members_file)),
        _file_collection(EVENTS_COLLECTION, "Kalendern", "events", events_file, events_file, EVENTS_FILE,
                         comments.get(events_file)),
        {
            "name": PROJECTS_COLLECTION,
            "label": "Projekt",
            "label_singular": "projekt",
            "description": f"{PROJECT.description} Filnamnet blir projektets id och adress. "
                           f"Sidan index är inledningen till projektlistan, inget projekt.",
            "folder": f"{docs}/{PROJECTS_DIR}",
            "extension": "md",
            "format": "frontmatter",
            "create": True,
            "slug": "{{slug}}",
            "identifier_field": "title",
            "summary": "{{title}}",
            "view_groups": [{"label": "Status", "field": "status"}],
            "fields": project_fields,
        },
    ]
    if news_dir:
        config["collections"].append(_news_collection(f"{docs}/{news_dir.strip('/')}"))
    if pages:
        config["collections"].append(_pages_collection(docs, pages))
    for collection in config["collections"]:
        for file in collection.get("files", []):
            folder = _image_folder(file["fields"])
            if folder:
                file["media_folder"], file["public_folder"] = f"/{docs}/{folder}", folder
    return config


def _image_folder(form: list[dict[str, Any]]) -> str | None:
    """The folder inside the docs folder that a form's image widget uploads into, taken off the
    widget (Decap 3.16 fails to save a list item whose widget has a folder of its own)."""
    for item in form:
        folder = item.pop("public_folder") if item.get("widget") == "image" else _image_folder(item.get("fields", []))
        if folder:
            return folder
    return None


def _news_collection(folder: str) -> dict[str, Any]:
    """Material's blog posts: the file is named by date and title, and the address (``slug``) is
    made from the title by the admin page when the editor leaves it empty."""
    return {
        "name": NEWS_COLLECTION,
        "label": "Nyheter",
        "label_singular": "nyhet",
        "description": "Nyheter och medlemsbrev. Första stycket visas i listan över nyheter.",
        "folder": folder,
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "slug": "{{year}}-{{month}}-{{day}}-{{slug}}",
        "identifier_field": "title",
        "summary": "{{date}} · {{title}}",
        "sortable_fields": ["date", "title"],
        "fields": [
            {"name": "title", "label": "Rubrik", "widget": "string", "required": True},
            {"name": "date", "label": "Datum", "widget": "datetime", "format": DATE_FORMAT,
             "date_format": DATE_FORMAT, "time_format": False, "required": True,
             "hint": "Dagen nyheten publiceras; den visas från den dagen."},
            {"name": "slug", "label": "Adress", "widget": "string", "required": False,
             "pattern": _pattern(Slug()),
             "hint": "Lämna tom: adressen görs av rubriken, utan å, ä och ö. Ändra den inte efter publiceringen."},
            {"name": "categories", "label": "Kategorier", "widget": "list", "required": False,
             "hint": "Till exempel Medlemsbrev, Projekt eller Kalender."},
            {"name": "description", "label": "Sammanfattning", "widget": "text", "required": False,
             "hint": "En mening om nyheten, för flödet och sökmotorerna."},
            {"name": "body", "label": "Text", "widget": "markdown", "required": True,
             "hint": "Skriv <!-- more --> efter första stycket: det som står före visas i listan."},
        ],
    }


def _pages_collection(docs: str, pages: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The site's own pages, each with its title, description and text."""
    form = [
        {"name": "title", "label": "Rubrik", "widget": "string", "required": False,
         "hint": "Sidans namn i menyn och i webbläsarens flik; utan den gäller sidans första rubrik."},
        {"name": "description", "label": "Beskrivning", "widget": "text", "required": False,
         "hint": "En mening om sidan, för sökmotorerna."},
        {"name": "body", "label": "Text", "widget": "markdown", "required": False},
    ]
    return {
        "name": PAGES_COLLECTION,
        "label": "Sidor",
        "description": "Webbplatsens egna sidor. Nya sidor läggs till i menyn (nav i mkdocs.yml) av den som sköter webbplatsen.",
        "files": [{"name": re.sub(r"[^a-z0-9]+", "-", path.lower().removesuffix(".md")).strip("-"),
                   "label": label, "file": f"{docs}/{path}", "fields": form} for path, label in pages],
    }


def content_pages(docs_dir: Path, skip: Sequence[str]) -> list[tuple[str, str]]:
    """The Markdown pages in the docs folder outside the folders in ``skip``, with their titles."""
    pages = []
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir).as_posix()
        if any(relative.startswith(folder.strip("/") + "/") for folder in skip):
            continue
        pages.append((relative, f"{_page_title(path) or relative} ({relative})"))
    return pages


def _page_title(path: Path) -> str | None:
    """A page's ``title:`` in its front matter, or its first heading."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    if match:
        title = re.search(r"^title:\s*(.+?)\s*$", match[1], re.MULTILINE)
        if title:
            return title[1].strip("'\"")
        text = text[match.end():]
    heading = re.search(r"^#\s+(.+?)\s*$", text, re.MULTILINE)
    return heading[1] if heading else None


class _Emitter(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """PyYAML's safe emitter, but text holding a line break other than \\n is written in double
    quotes: in any other style PyYAML writes NEL, LS and PS as they are, and readers take them for
    line breaks (NEL) or not, so a staff file's head comment or a page title would come back
    changed. In double quotes they are escaped (\\N, \\L, \\P) and read back the same by every reader.

    libyaml's emitter where PyYAML was built with it: the same file, on every build, in a fifth of
    the time of PyYAML's own (bench/README.md), except that it writes a
    character beyond U+FFFF, an emoji in a title, as its escape ("\\U0001F600"), which every
    reader reads back as the character."""


_OTHER_LINE_BREAKS = ("\x85", "\u2028", "\u2029")


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if any(mark in value for mark in _OTHER_LINE_BREAKS) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Emitter.add_representer(str, _text)


def render(config: Mapping[str, Any]) -> str:
    head = "# Generated by hooks/partnerskap/outputs/decap.py from the field descriptions; edit those, not this.\n"
    return head + yaml.dump(dict(config), Dumper=_Emitter, allow_unicode=True, sort_keys=False, width=1000)


SWEDISH_PHRASES: dict[str, Any] = {
    "auth": {"loginWithForgejo": "Logga in med Forgejo"},
    "collection": {
        "collectionTop": {"viewAsList": "Visa som lista", "viewAsGrid": "Visa som rutnät"},
        "entries": {"unpublishedHeader": "Opublicerade inlägg"},
    },
    "editor": {
        "editorControl": {"field": {"widgetLabel": "fältet %{widgetLabel}"}},
        "editorControlPane": {"i18n": {
            "copyFromLocale": "Fyll i från ett annat språk",
            "copyFromLocaleConfirm": "Vill du fylla i uppgifterna från språket %{locale}?\nAllt som redan står skrivs över.",
        }},
        "editorInterface": {"toggleNotes": "Visa eller dölj anteckningar"},
        "editorNotesPane": {
            "title": "Anteckningar",
            "emptyState": "Inga anteckningar än. Skriv den första här nedanför.",
            "addNote": "Lägg till anteckning", "addPlaceholder": "Skriv en anteckning …",
            "editPlaceholder": "Ändra anteckningen …", "save": "Spara", "cancel": "Avbryt", "edit": "Ändra",
            "delete": "Ta bort", "resolve": "Markera som klar", "unresolve": "Öppna igen",
            "confirmDelete": "Vill du ta bort anteckningen?",
            "shortcut": "Tips: Ctrl+Enter lägger till anteckningen direkt",
        },
        "editorToolbar": {
            "statusInfoTooltipDraft": "Inlägget är ett utkast. När det är klart: välj status Under granskning.",
            "statusInfoTooltipInReview": "Inlägget granskas och du behöver inte göra något mer, men du kan fortsätta ändra i det.",
        },
        "editorWidgets": {
            "markdown": {"strikethrough": "Genomstruken",
                         "toggleMode": {"rich": "Byt till formaterad text", "markdown": "Byt till Markdown"}},
            "image": {"chooseMultiple": "Välj bilder", "addMore": "Lägg till fler bilder", "removeAll": "Ta bort alla bilder"},
            "file": {"chooseMultiple": "Välj filer", "addMore": "Lägg till fler filer", "removeAll": "Ta bort alla filer"},
            "datetime": {"setToNow": "Sätt %{fieldLabel} till nu"},
            "list": {"add": "Lägg till %{item}", "addType": "Lägg till %{item}"},
            "object": {"expand": "Fäll ut", "collapse": "Fäll ihop"},
        },
    },
    "mediaLibrary": {"mediaLibraryModal": {"close": "Stäng"}},
    "ui": {
        "settingsDropdown": {"account": "Kontoinställningar"},
        "toast": {
            "noteAdded": "Anteckningen är tillagd", "onFailToAddNote": "Kunde inte lägga till anteckningen: %{details}",
            "noteUpdated": "Anteckningen är ändrad", "onFailToUpdateNote": "Kunde inte ändra anteckningen: %{details}",
            "noteDeleted": "Anteckningen är borttagen", "onFailToDeleteNote": "Kunde inte ta bort anteckningen: %{details}",
            "noteResolved": "Anteckningen är markerad som klar", "noteReopened": "Anteckningen är öppnad igen",
            "onFailToToggleNote": "Kunde inte ändra anteckningens status: %{details}",
        },
    },
}
"""What Decap's Swedish lacks of its English (Decap 3.16.3), which it would show in English: "Add
evenemang" on every list, "Expand" read out by screen readers on every block. The admin page adds
each phrase the Swedish does not have; the editor's end-to-end test checks that none is missing."""


ADMIN_PAGE = """\
<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<link rel="icon" href="data:,">
<link rel="cms-config-url" type="text/yaml" href="config.yml">
<title>Redigera – {site_name}</title>
</head>
<body>
<script src="{bundle}"></script>
<script>
// The phrases Decap's Swedish lacks, added to it in place before Decap draws (never replacing one).
(function (phrases, added) {{
  (function add(into, from) {{
    Object.keys(from).forEach(function (key) {{
      if (typeof from[key] === "object") {{ add(into[key] = into[key] || {{}}, from[key]); }}
      else if (!(key in into)) {{ into[key] = from[key]; }}
    }});
  }})(phrases, added);
}})(CMS.getLocale("sv"), {phrases});
// Before each save, put the keys of every block back in the order of the field descriptions.
(function () {{
  var ORDER = {orders};
  function ordered(value, keys, path) {{
    if (value && value["@@__IMMUTABLE_LIST__@@"]) {{
      return value.map(function (item) {{ return ordered(item, keys, path); }});
    }}
    if (value && value["@@__IMMUTABLE_MAP__@@"]) {{
      var own = keys[path] || [];
      var rank = function (key) {{ var i = own.indexOf(key); return i < 0 ? own.length : i; }};
      return value.sortBy(function (v, key) {{ return rank(key); }}).map(function (v, key) {{
        return ordered(v, keys, path ? path + "." + key : key);
      }});
    }}
    return value;
  }}
  // A post's address from its title when the editor left it empty, as the build's slugify makes it.
  var SLUGS = {slugs};
  var LETTERS = {letters};
  function slugify(text) {{
    var lowered = String(text).toLowerCase().replace(/[^a-z0-9]/g, function (letter) {{
      return LETTERS[letter] === undefined ? letter : LETTERS[letter];
    }});
    return lowered.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }}
  CMS.registerEventListener({{
    name: "preSave",
    handler: function (event) {{
      var name = event.entry.get("collection");
      var data = event.entry.get("data");
      var slug = SLUGS[name];
      if (slug && !data.get(slug[1]) && data.get(slug[0])) {{
        data = data.set(slug[1], slugify(data.get(slug[0])));
      }}
      var keys = ORDER[name];
      return keys ? ordered(data, keys, "") : data;
    }}
  }});
}})();
</script>
</body>
</html>
"""


def admin_page(site_name: str, orders: Mapping[str, Mapping[str, list[str]]] | None = None) -> str:
    """The page at ``/admin/``: Decap's bundle, and the key order for each collection."""
    def script_json(value: Any) -> str:
        return json.dumps(value, ensure_ascii=True, sort_keys=True).replace("</", "<\\/")

    return ADMIN_PAGE.format(
        site_name=html.escape(site_name or "webbplatsen"), bundle=f"./{BUNDLE}", orders=script_json(orders or {}),
        slugs=script_json(SLUG_FROM_TITLE), letters=script_json(SLUG_LETTERS), phrases=script_json(SWEDISH_PHRASES),
    )


def collection_key_orders() -> dict[str, dict[str, list[str]]]:
    return {
        MEMBERS_COLLECTION: key_orders(MEMBERS_FILE),
        EVENTS_COLLECTION: key_orders(EVENTS_FILE),
        PROJECTS_COLLECTION: key_orders(PROJECT),
    }


GENERATOR_DIR = Path(__file__).resolve().parents[3]
"""The folder holding ``hooks/``: its ``node_modules`` serves sites kept elsewhere too."""


def bundle_files(project_dir: Path) -> list[Path]:
    """Decap's browser build: the bundle, the pieces it loads on demand, and its licence.

    Looked for in the site's folder, then in the generator's (a site that INHERITs the settings
    of another and uses its hooks).
    """
    for base in (project_dir, GENERATOR_DIR):
        dist = base / DIST
        if (dist / BUNDLE).is_file():
            break
    else:
        raise BundleMissing(
            f"Decap CMS är inte installerat ({DIST / BUNDLE} saknas): redigeraren på /admin/ kommer inte med "
            f"i det här bygget; kör `make admin` för att lägga till den (Node behövs inte)"
        )
    pieces = sorted(dist.glob("*.decap-cms.js")) + sorted(dist.glob("*.wasm"))
    licence = dist / f"{BUNDLE}.LICENSE.txt"
    return [dist / BUNDLE, *pieces, *([licence] if licence.is_file() else [])]


def admin_files(
    settings: Settings, *, repo_url: str | None = None, local_backend_url: str | None = None, options: Any = None,
    news_dir: str | None = None,
) -> dict[str, bytes]:
    """Every file of ``/admin/`` by its path in the built site.

    ``options`` is ``extra.decap`` in mkdocs.yml: ``backend:`` settings for production and the
    ``publish_mode``; ``news_dir`` the folder of the news posts inside the docs folder. Raises
    :class:`BundleMissing` when Decap is not installed, ``ValueError`` when the options are not
    written as a block of keys.
    """
    if options is not None and not (isinstance(options, Mapping) and set(options) <= {"backend", "publish_mode"}):
        raise ValueError("mkdocs.yml: extra.decap tar backend: (inställningar för Decaps GitHub-backend) "
                         "och publish_mode: (editorial_workflow eller simple)")
    backend = (options or {}).get("backend")
    publish_mode = (options or {}).get("publish_mode", PUBLISH_MODES[0])
    if publish_mode not in PUBLISH_MODES:
        raise ValueError(f"mkdocs.yml: extra.decap.publish_mode: {publish_mode!r} är inte ett av {', '.join(PUBLISH_MODES)}")
    bundle = bundle_files(settings.project_dir)
    try:
        docs_dir = settings.docs_dir.resolve().relative_to(settings.project_dir.resolve()).as_posix()
    except ValueError:
        docs_dir = "content"
    comments = {}
    for name in (settings.members_file, settings.events_file):
        path = settings.project_dir / name
        if path.is_file():
            comments[name] = leading_comment(path.read_text(encoding="utf-8"))
    config = decap_config(
        members_file=settings.members_file, events_file=settings.events_file, docs_dir=docs_dir,
        repo=repo_from_url(repo_url), site_url=settings.site_url, local_backend_url=local_backend_url,
        comments=comments, backend=backend, news_dir=news_dir, publish_mode=publish_mode,
        pages=content_pages(settings.docs_dir, [PROJECTS_DIR, *([news_dir] if news_dir else [])]),
    )
    files = {
        "admin/index.html": admin_page(settings.site_name, collection_key_orders()).encode("utf-8"),
        "admin/config.yml": render(config).encode("utf-8"),
    }
    for path in bundle:
        files[f"admin/{path.name}"] = path.read_bytes()
    return files
