"""The generator's settings: ``extra.partnership`` in mkdocs.yml and the site-wide values it needs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .i18n import LANGUAGES


class SettingsError(ValueError):
    """A setting in mkdocs.yml that cannot work; the message says what to write."""


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
        )
