"""What a link preview (Open Graph, Twitter cards) shows besides the page's own title and
description: an image at an absolute address on the site itself, and the site's locale."""

from __future__ import annotations

from partnerskap.i18n import LOCALES
from partnerskap.settings import Settings

THEME_IMAGE = "assets/partnership/share.png"
"""The theme's own image (1200 × 630 px, overrides/), for a site without ``share_image``."""


def share_meta(settings: Settings) -> dict[str, str]:
    return {
        "image": settings.site_url + (settings.share_image or THEME_IMAGE),
        "locale": LOCALES[settings.language],
    }
