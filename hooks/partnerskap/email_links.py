"""Keep e-mail addresses on pages staff write away from address harvesters.

Markdown turns ``<name@example.se>`` into a ``mailto:`` link (its entity encoding fools no
harvester). Such links become the same protected address that generated pages use: readable
text without JavaScript, a working link once the site's script has joined the parts.
"""

from __future__ import annotations

import html
import re

from .i18n import Words

_LINK = re.compile(r'<a\b[^>]*?\bhref="(?P<href>[^"]+)"[^>]*>(?P<text>.*?)</a>', re.DOTALL | re.IGNORECASE)
_ADDRESS_IN_TEXT = re.compile(r"(?<![\w.+-])(?:mailto:)?([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)", re.IGNORECASE)
"""An address in text (and in a link target written out, with its ``mailto:``)."""
_ATTRIBUTE_NAME = re.compile(r"""([^\s"'<>/=]+)\s*=\s*(?:"[^"]*|'[^']*|[^\s"'>]*)$""")
"""The attribute whose value runs to the end of the searched span (a match ends at the address)."""
_URL_ATTRIBUTES = frozenset(("href", "src", "srcset", "action", "poster", "data", "cite"))


def obfuscated_email(address: str) -> dict[str, str]:
    """An address split for the page: harvesters find no ``mailto:``; a script joins it for people.

    The parts are stored reversed, and the visible text spells out the at sign.
    """
    user, _, domain = address.partition("@")
    return {"user": user[::-1], "domain": domain[::-1], "text_user": user, "text_domain": domain}


def protected_address(address: str, words: Words) -> str:
    """The markup of ``partials/partnership/email.html``, for HTML that Python writes."""
    parts = {key: html.escape(value) for key, value in obfuscated_email(address).items()}
    return (
        f'<span class="px-email" data-px-email data-u="{parts["user"]}" data-d="{parts["domain"]}">'
        f'{parts["text_user"]} <span class="px-email__at">[{html.escape(words("email_at"))}]</span> '
        f'{parts["text_domain"]}</span>'
    )


def protect_email_links(page_html: str, words: Words) -> str:
    """The last pass over a page: every ``mailto:`` link, and every address written as plain
    text, becomes the protected address. Addresses inside tags (an attribute), scripts and
    styles are left alone: they are not shown, and rewriting them would break the markup."""
    def replace_link(match: re.Match) -> str:
        href = html.unescape(match["href"])
        if not href.lower().startswith("mailto:"):
            return match.group(0)
        address = href[len("mailto:"):].split("?", 1)[0]
        return protected_address(address, words)

    def replace_text(match: re.Match) -> str:
        at = match.start()
        tag = page_html.rfind("<", 0, at)
        if tag > page_html.rfind(">", 0, at):
            # In an attribute (a meta description, a card's search words): spelled out, as
            # text; a link's or an image's target is left as it is (``logo@2x.png``).
            attribute = _ATTRIBUTE_NAME.search(page_html, tag, at)
            if attribute is None or attribute[1].lower() in _URL_ATTRIBUTES:
                return match.group(0)
            return f"{match[1]} [{words('email_at')}] {match[2]}"
        for element in ("script", "style"):
            if page_html.rfind(f"<{element}", 0, at) > page_html.rfind(f"</{element}", 0, at):
                return match.group(0)
        return protected_address(f"{match[1]}@{match[2]}", words)

    page_html = _LINK.sub(replace_link, page_html)
    if "@" not in page_html:
        return page_html
    return _ADDRESS_IN_TEXT.sub(replace_text, page_html)


def addresses_spelled_out(text: str, words: Words) -> str:
    """Plain text (a feed item, a calendar entry) with every e-mail address written as
    ``name [snabel-a] example.se``: readable by a person, not matched by a harvester's pattern.

    Feeds and calendars run no script, so the protected markup of pages cannot be used there;
    this is the same visible text without the script's link."""
    at = words("email_at")
    return _ADDRESS_IN_TEXT.sub(lambda m: f"{m[1]} [{at}] {m[2]}", text)
