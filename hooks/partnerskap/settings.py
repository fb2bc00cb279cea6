"""The generator's settings: ``extra.partnership`` in mkdocs.yml and the site-wide values it needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import routes
from .fields import EMAIL
from .i18n import LANGUAGES


class SettingsError(ValueError):
    """A setting in mkdocs.yml that cannot work; the message says what to write."""


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
    def from_block(cls, block: Any, docs_dir: Path) -> "AccessibilitySettings | None":
        if block is None:
            return None
        where = "mkdocs.yml: extra.partnership.accessibility"
        if not isinstance(block, Mapping):
            raise SettingsError(f"{where} must be a block with contact_email:, checked: and optionally contact_page:, updated:")
        unknown = sorted(set(block) - {"contact_email", "contact_page", "checked", "updated"})
        if unknown:
            raise SettingsError(f"{where} has unknown keys {', '.join(unknown)}")
        email = block.get("contact_email")
        if not isinstance(email, str) or not EMAIL.match(email):
            raise SettingsError(f"{where}.contact_email must be an e-mail address, such as kontoret@example.se")
        dates = {}
        for key in ("checked", "updated"):
            value = block.get(key, block.get("checked"))
            try:
                dates[key] = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
            except ValueError:
                raise SettingsError(f"{where}.{key} must be a date, such as 2026-11-02") from None
        page = block.get("contact_page")
        if page is not None and not (isinstance(page, str) and (docs_dir / page).is_file()):
            raise SettingsError(f"{where}.contact_page: there is no page content/{page}")
        if not (docs_dir / routes.STATEMENT).is_file():
            raise SettingsError(f"{where} is set, but the statement page content/{routes.STATEMENT} is missing; write it")
        return cls(email, dates["checked"], dates["updated"], page)


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
    funds: Mapping[str, Any] | None = None
    """The association's own funds (``extra.partnership.funds``), checked by :mod:`.funds`."""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @classmethod
    def from_config(
        cls,
        partnership: Mapping[str, Any] | None,
        *,
        project_dir: Path,
        docs_dir: Path,
        site_url: str | None,
        site_name: str = "",
        language: str,
        directory_urls: bool = True,
    ) -> "Settings":
        """Build settings from the ``extra.partnership`` block, checking each value."""
        block = dict(partnership or {})
        known = {"timezone", "members", "events", "feed", "funds", "accessibility"}
        unknown = sorted(set(block) - known)
        if unknown:
            raise SettingsError(
                f"mkdocs.yml: extra.partnership has unknown keys {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        if not site_url:
            raise SettingsError("mkdocs.yml: site_url is required (feeds and calendars need absolute links)")
        if language not in LANGUAGES:
            raise SettingsError(f"mkdocs.yml: theme.language must be one of {', '.join(LANGUAGES)}")
        timezone = str(block.get("timezone", cls.timezone))
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise SettingsError(
                f"mkdocs.yml: extra.partnership.timezone {timezone!r} is not an IANA zone, such as Europe/Stockholm"
            ) from None
        feed = block.get("feed") or {}
        if not isinstance(feed, Mapping):
            raise SettingsError("mkdocs.yml: extra.partnership.feed must be a block with title: and items:")
        items = feed.get("items", cls.feed_items)
        if not isinstance(items, int) or isinstance(items, bool) or items < 1:
            raise SettingsError("mkdocs.yml: extra.partnership.feed.items must be a whole number, at least 1")
        return cls(
            project_dir=project_dir,
            docs_dir=docs_dir,
            site_url=site_url if site_url.endswith("/") else site_url + "/",
            site_name=site_name,
            language=language,
            timezone=timezone,
            members_file=str(block.get("members", cls.members_file)),
            events_file=str(block.get("events", cls.events_file)),
            feed_title=feed.get("title"),
            feed_items=items,
            directory_urls=directory_urls,
            funds=block.get("funds"),
            accessibility=AccessibilitySettings.from_block(block.get("accessibility"), docs_dir),
        )
