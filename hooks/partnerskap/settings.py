"""The generator's settings: ``extra.partnership`` in mkdocs.yml and the site-wide values it needs.

Every value is checked, and every problem is reported at once at its line in mkdocs.yml (or in
the file it ``INHERIT``s the value from), as the data files' problems are.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping
from zoneinfo import ZoneInfo, available_timezones

from partnerskap import routes
from partnerskap.source.config_lines import ConfigLines
from partnerskap.source.fields import EMAIL, did_you_mean
from partnerskap.model.funds import BUILT_IN, Fund, FundSettingsError, fund_table
from partnerskap.i18n import LANGUAGES
from partnerskap.source.problems import DataError, Problem

PARTNERSHIP = ("extra", "partnership")
WEB_ADDRESS = re.compile(
    r"^https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?$"
)
"""The site's own address and its repository's: printed into every page's links by the theme,
so nothing but a plain http(s) address (no quotes, spaces, < or >, no other scheme) is taken."""
KNOWN = ("timezone", "members", "events", "feed", "funds", "accessibility", "join_page", "contact_page", "share_image")
SHARE_IMAGE_TYPES = (".png", ".jpg", ".jpeg")
"""What link previews show: Facebook, LinkedIn and the chat apps read no SVG or WebP."""
_KINDS = {".md": "Markdown", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
ACCESSIBILITY_KEYS = ("contact_email", "contact_page", "checked", "updated")
FEED_KEYS = ("title", "items")

Complain = Callable[[tuple[str, ...], str], None]
"""Records a problem with the setting at the given keys (under the block being checked)."""


class SettingsError(DataError):
    """Settings in mkdocs.yml that cannot work: every one, as ``mkdocs.yml:LINE: message``."""


@dataclass(frozen=True)
class AccessibilitySettings:
    """``extra.partnership.accessibility``: what the accessibility statement needs (DOS-lagen)."""

    contact_email: str
    checked: dt.date
    """The date of the last assessment."""
    updated: dt.date
    """The date the statement was last updated (defaults to ``checked``)."""
    contact_page: str | None = None
    """A Markdown page in the docs folder with more ways to get in touch (``kontakt.md``)."""

    @classmethod
    def from_block(cls, block: Any, docs_dir: Path, complain: Complain) -> "AccessibilitySettings | None":
        """The settings, or ``None`` when there are none or ``complain`` was told what is wrong."""
        if block is None:
            return None
        if not isinstance(block, Mapping):
            complain((), "must be a block with contact_email:, checked: and optionally contact_page:, updated:")
            return None
        problems: list[str] = []

        def problem(keys: tuple[str, ...], message: str) -> None:
            problems.append(message)
            complain(keys, message)

        for key in block:
            if key not in ACCESSIBILITY_KEYS:
                problem((str(key),), f"unknown key{did_you_mean(str(key), ACCESSIBILITY_KEYS)}; known: {', '.join(ACCESSIBILITY_KEYS)}")
        email = block.get("contact_email")
        if not isinstance(email, str) or not EMAIL.match(email):
            problem(("contact_email",), "must be an e-mail address, such as kontoret@example.se")
        dates = {}
        for key in ("checked", "updated"):
            value = block.get(key)
            if value is None and key == "updated":
                continue  # then the statement was last updated when it was checked
            try:
                dates[key] = value if type(value) is dt.date else dt.date.fromisoformat(str(value))
            except ValueError:
                problem((key,), f"{_shown(value)} is not a date; write it as 2026-11-02")
        page = block.get("contact_page")
        if page is not None and not (isinstance(page, str) and _inside(docs_dir, page)):
            problem(("contact_page",), f"{_shown(page)} is not inside content/; write the path of a page there, such as kontakt.md")
        elif page is not None and not _is_file(docs_dir / page):
            problem(("contact_page",), f"there is no page content/{page}")
        if not (docs_dir / routes.STATEMENT).is_file():
            problem((), f"is set, but the statement page content/{routes.STATEMENT} is missing; write it")
        if problems:
            return None
        return cls(email, dates["checked"], dates.get("updated", dates["checked"]), page)


@dataclass(frozen=True)
class Settings:
    project_dir: Path
    """The folder of mkdocs.yml; data file paths are relative to it."""
    docs_dir: Path
    site_url: str
    site_name: str = ""
    language: str = "sv"
    timezone: str = "Europe/Stockholm"
    members_file: str = "members.yaml"
    events_file: str = "events.yaml"
    feed_title: str | None = None
    feed_items: int = 50
    directory_urls: bool = True
    accessibility: AccessibilitySettings | None = None
    funds: Mapping[str, Fund] = field(default_factory=lambda: dict(BUILT_IN))
    """The built-in funds and the association's own (``extra.partnership.funds``, see :mod:`.funds`)."""
    join_page: str | None = None
    """The page on becoming a member, for the home page's first call to action (``om/bli-medlem.md``)."""
    contact_page: str | None = None
    """The page on reaching the association, for the home page and every page's footer (``kontakt.md``)."""
    share_image: str | None = None
    """A PNG or JPEG in the docs folder that link previews show; the theme's own when not set."""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @classmethod
    def from_config(
        cls,
        partnership: Any,
        *,
        project_dir: Path,
        docs_dir: Path,
        site_url: Any,
        repo_url: Any = None,
        site_name: str = "",
        language: Any,
        directory_urls: bool = True,
        config_file: Path | None = None,
    ) -> "Settings":
        """Build settings from the ``extra.partnership`` block, checking each value.

        Raises :class:`SettingsError` with every problem, each at its line in ``config_file``.
        """
        lines = ConfigLines.read(config_file, project_dir)
        problems: list[Problem] = []

        def under(prefix: tuple[str, ...]) -> Complain:
            return lambda keys, message: problems.append(lines.problem((*prefix, *keys), message))

        complain = under(PARTNERSHIP)
        block: Mapping[str, Any] = {}
        if isinstance(partnership, Mapping):
            block = partnership
        elif partnership is not None:
            complain((), f"must be a block with the generator's settings: {', '.join(KNOWN)}")
        for key in block:
            if key not in KNOWN:
                complain((str(key),), f"unknown setting{did_you_mean(str(key), KNOWN)}; known: {', '.join(KNOWN)}")
        if not isinstance(site_url, str) or not site_url:
            under(())(("site_url",), "is required (feeds and calendars need absolute links), such as https://example.se/")
            site_url = "/"
        elif not WEB_ADDRESS.match(site_url):
            under(())(("site_url",), f"{_shown(site_url)} is not a web address; write the address the site is published at, "
                      "starting with https://, without spaces, quotes or < >, such as https://example.se/")
            site_url = "/"
        if repo_url is not None and not (isinstance(repo_url, str) and WEB_ADDRESS.match(repo_url)):
            under(())(("repo_url",), f"{_shown(repo_url)} is not a web address; write the repository's address, "
                      "such as https://github.com/forening/webbplats")
        if language not in LANGUAGES:
            under(())(("theme", "language"), f"must be one of {', '.join(LANGUAGES)}")
        timezone = block.get("timezone", cls.timezone)
        zones = available_timezones()  # a name, not a path: ZoneInfo would open a file by it
        if not isinstance(timezone, str) or timezone not in zones:
            hint = did_you_mean(timezone, sorted(zones)) if isinstance(timezone, str) else ""
            complain(("timezone",), f"{_shown(timezone)} is not a time zone{hint}; write one such as Europe/Stockholm")
            timezone = cls.timezone
        data_files = {
            key: _data_file(block.get(key, default), default, project_dir, lambda message, key=key: complain((key,), message))
            for key, default in (("members", cls.members_file), ("events", cls.events_file))
        }
        feed = block.get("feed") or {}
        if not isinstance(feed, Mapping):
            complain(("feed",), "must be a block with title: and items:")
            feed = {}
        for key in feed:
            if key not in FEED_KEYS:
                complain(("feed", str(key)), f"unknown key{did_you_mean(str(key), FEED_KEYS)}; known: {', '.join(FEED_KEYS)}")
        title = feed.get("title")
        if title is not None and not (isinstance(title, str) and title.strip() and "\n" not in title):
            complain(("feed", "title"), "must be the feed's name, one line of text")
            title = None
        items = feed.get("items", cls.feed_items)
        if not isinstance(items, int) or isinstance(items, bool) or items < 1:
            complain(("feed", "items"), f"{_shown(items)} must be a whole number, at least 1")
            items = cls.feed_items
        try:
            funds = fund_table(block.get("funds"))
        except FundSettingsError as error:
            for keys, message in error.problems:
                complain(("funds", *keys), message)
            funds = dict(BUILT_IN)
        pages = {
            key: _page(block.get(key), docs_dir, SHARE_IMAGE_TYPES if key == "share_image" else (".md",), example,
                       lambda message, key=key: complain((key,), message))
            for key, example in (("join_page", "om/bli-medlem.md"), ("contact_page", "kontakt.md"), ("share_image", "img/dela.png"))
        }
        accessibility = AccessibilitySettings.from_block(
            block.get("accessibility"), docs_dir, under((*PARTNERSHIP, "accessibility"))
        )
        if problems:
            raise SettingsError(problems)
        return cls(
            project_dir=project_dir,
            docs_dir=docs_dir,
            site_url=site_url if site_url.endswith("/") else site_url + "/",
            site_name=site_name,
            language=language,
            timezone=timezone,
            members_file=data_files["members"],
            events_file=data_files["events"],
            feed_title=title,
            feed_items=items,
            directory_urls=directory_urls,
            funds=funds,
            accessibility=accessibility,
            **pages,
        )


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 60 else text[:57] + '..."'


def _inside(folder: Path, relative: str) -> bool:
    """Whether ``relative`` names something inside ``folder``, symbolic links followed."""
    try:
        return not Path(relative).is_absolute() and (folder / relative).resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError, ValueError):  # a loop of links, a NUL character
        return False


def _page(value: Any, docs_dir: Path, suffixes: tuple[str, ...], example: str, complain: Callable[[str], None]) -> str | None:
    """A file in the docs folder named by an optional setting, when it is one of ``suffixes``."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.lower().endswith(suffixes) or not _inside(docs_dir, value):
        complain(f"{_shown(value)} must be the path of a {' or '.join(dict.fromkeys(_KINDS.get(s, s) for s in suffixes))} file inside content/, such as {example}")
    elif not _is_file(docs_dir / value):
        complain(f"there is no file content/{value}")
    else:
        return value
    return None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name longer than the file system takes: no file has it
        return False


def _data_file(value: Any, example: str, project_dir: Path, complain: Callable[[str], None]) -> str:
    """A data file's path as written, when it is a file inside the project folder.

    The build reads the file and publishes what it holds, so a path out of the folder (``../``,
    an absolute path, a link that leads out) could publish any file of the build machine.
    """
    if not isinstance(value, str) or not value.strip():
        complain(f"must be the path of a YAML file next to mkdocs.yml, such as {example}")
    elif not _inside(project_dir, value):
        complain(f"{_shown(value)} is outside the project folder; write a path inside the folder of mkdocs.yml, such as {example}")
    else:
        try:
            folder = (project_dir / value).is_dir()
        except OSError as error:  # a name longer than the file system takes, for one
            complain(f"{_shown(value)} cannot be a file's path here ({error.strerror}); write one such as {example}")
        else:
            if folder:
                complain(f"{_shown(value)} is a folder; write the path of the YAML file, such as {example}")
    return str(value)
