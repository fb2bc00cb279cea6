"""Where each generated page lives, in one place, so links and pages cannot disagree.

Paths are Markdown source paths inside the docs folder; :func:`~.pages.url_of` turns them into
URLs. The Swedish words are part of the public URLs and stay the same in an English build.

Each kind of page named by a staff id has its pattern here (``MEMBER``), so that
:func:`reserved_ids` can tell, from the addresses themselves, which ids would land on another page.
"""

from __future__ import annotations

import re

DIRECTORY = "medlemmar/index.md"
PARTNERSHIP = "partnerskapet/index.md"
MEMBER = "medlemmar/{id}.md"
GROUP = "partnerskapet/{id}.md"


def member(member_id: str) -> str:
    return MEMBER.format(id=member_id)


def group(group_id: str) -> str:
    return GROUP.format(id=group_id)

CALENDAR = "kalender/index.md"
SUBSCRIBE = "kalender/prenumerera.md"
ARCHIVE = "kalender/arkiv/index.md"
FEED = "kalender/feed.xml"
ICALENDAR = "kalender.ics"
EVENT = "kalender/{id}.md"
EVENT_ICALENDAR = "kalender/{id}.ics"
CATEGORY = "kalender/kategori/{id}.md"
CATEGORY_FEED = "kalender/kategori/{id}/feed.xml"
CATEGORY_ICALENDAR = "kalender/kategori/{id}.ics"
MONTH = "kalender/{year}/{number:02d}.md"
ARCHIVE_YEAR = "kalender/arkiv/{year}.md"
SERIES = "kalender/serie/{id}.md"


def event(event_id: str) -> str:
    return EVENT.format(id=event_id)


def event_icalendar(event_id: str) -> str:
    return EVENT_ICALENDAR.format(id=event_id)


CATEGORY_SLUGS = {
    "sv": {
        "webinar": "webbinarium", "meeting": "mote", "conference": "konferens", "annual-meeting": "arsmote",
        "strategy-day": "strategidag", "afterwork": "aw", "workshop": "workshop", "other": "ovrigt",
    },
}
"""A category's name in its addresses, in the site's language; a language not listed uses the
category's id (English), as events.yaml writes it."""


def category_slug(name: str, language: str) -> str:
    return CATEGORY_SLUGS.get(language, {}).get(name, name)


def category(name: str, language: str) -> str:
    return CATEGORY.format(id=category_slug(name, language))


def category_feed(name: str, language: str) -> str:
    return CATEGORY_FEED.format(id=category_slug(name, language))


def category_icalendar(name: str, language: str) -> str:
    return CATEGORY_ICALENDAR.format(id=category_slug(name, language))


def month(year: int, number: int) -> str:
    return MONTH.format(year=year, number=number)


def archive_year(year: int) -> str:
    return ARCHIVE_YEAR.format(year=year)


def series(series_id: str) -> str:
    return SERIES.format(id=series_id)

PROJECTS = "projekt/index.md"
PROJECT = "projekt/{id}.md"
STATEMENT = "tillganglighet.md"
"""The accessibility statement, written by staff; its fixed parts come from mkdocs.yml."""
MEMBERS_JSON = "medlemmar.json"
MEMBERS_CSV = "medlemmar.csv"
CALENDAR_JSON = "kalender.json"
NEWS_FEED = "nyheter/feed.xml"


def project(project_id: str) -> str:
    return PROJECT.format(id=project_id)


def _addresses() -> list[str]:
    """Every path and pattern above: the module's upper-case strings."""
    return [value for name, value in globals().items() if name.isupper() and isinstance(value, str)]


def reserved_ids(pattern: str) -> frozenset[str]:
    """The ids a page of ``pattern`` (such as :data:`MEMBER`) may not have.

    ``index`` always: ``medlemmar/index.md`` is the folder's own page, so a member ``index`` would
    take the directory's address. Then the first name of every other address in the same folder:
    an event ``arkiv`` (``kalender/arkiv.md``) gets the URL ``kalender/arkiv/`` of the archive
    (``kalender/arkiv/index.md``), and ``feed`` or ``kategori`` would sit beside the calendar's
    feed and inside its category folder. Names that are themselves a placeholder (a year, another
    kind's id) are not words an id can collide with.
    """
    folder = pattern.split("{", 1)[0]
    names = {"index"}
    for other in _addresses():
        if other != pattern and other.startswith(folder):
            first = re.split(r"[/.]", other[len(folder):], maxsplit=1)[0]
            if "{" not in first:
                names.add(first)
    return frozenset(names)
