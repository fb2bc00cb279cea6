"""Where each generated page lives, in one place, so links and pages cannot disagree.

Paths are Markdown source paths inside the docs folder; :func:`~.pages.url_of` turns them into
URLs. The Swedish words are part of the public URLs and stay the same in an English build.
"""

DIRECTORY = "medlemmar/index.md"
PARTNERSHIP = "partnerskapet/index.md"


def member(member_id: str) -> str:
    return f"medlemmar/{member_id}.md"


def group(group_id: str) -> str:
    return f"partnerskapet/{group_id}.md"

CALENDAR = "kalender/index.md"
SUBSCRIBE = "kalender/prenumerera.md"
ARCHIVE = "kalender/arkiv/index.md"
FEED = "kalender/feed.xml"
ICALENDAR = "kalender.ics"


def event(event_id: str) -> str:
    return f"kalender/{event_id}.md"


def event_icalendar(event_id: str) -> str:
    return f"kalender/{event_id}.ics"


def category(name: str) -> str:
    return f"kalender/kategori/{name}.md"


def category_feed(name: str) -> str:
    return f"kalender/kategori/{name}/feed.xml"


def category_icalendar(name: str) -> str:
    return f"kalender/kategori/{name}.ics"


def month(year: int, number: int) -> str:
    return f"kalender/{year}/{number:02d}.md"


def archive_year(year: int) -> str:
    return f"kalender/arkiv/{year}.md"


def series(series_id: str) -> str:
    return f"kalender/serie/{series_id}.md"

PROJECTS = "projekt/index.md"
STATEMENT = "tillganglighet.md"
"""The accessibility statement, written by staff; its fixed parts come from mkdocs.yml."""
MEMBERS_JSON = "medlemmar.json"
MEMBERS_CSV = "medlemmar.csv"
CALENDAR_JSON = "kalender.json"
NEWS_FEED = "nyheter/feed.xml"


def project(project_id: str) -> str:
    return f"projekt/{project_id}.md"
