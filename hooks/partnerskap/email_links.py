"""Keep e-mail addresses on pages staff write away from address harvesters.

Markdown turns ``<name@example.se>`` into a ``mailto:`` link (its entity encoding fools no
harvester). Such links become the same protected address that generated pages use: readable
text without JavaScript, a working link once the site's script has joined the parts.
"""

from __future__ import annotations

import html
import re

from .directory import obfuscated_email
from .i18n import Words

_LINK = re.compile(r'<a\b[^>]*?\bhref="(?P<href>[^"]+)"[^>]*>(?P<text>.*?)</a>', re.DOTALL | re.IGNORECASE)


def protected_address(address: str, words: Words) -> str:
    """The markup of ``partials/partnership/email.html``, for HTML that Python writes."""
    parts = {key: html.escape(value) for key, value in obfuscated_email(address).items()}
    return (
        f'<span class="px-email" data-px-email data-u="{parts["user"]}" data-d="{parts["domain"]}">'
        f'{parts["text_user"]} <span class="px-email__at">[{html.escape(words("email_at"))}]</span> '
        f'{parts["text_domain"]}</span>'
    )


def protect_email_links(page_html: str, words: Words) -> str:
    def replace(match: re.Match) -> str:
        href = html.unescape(match["href"])
        if not href.lower().startswith("mailto:"):
            return match.group(0)
        address = href[len("mailto:"):].split("?", 1)[0]
        return protected_address(address, words)

    return _LINK.sub(replace, page_html)
