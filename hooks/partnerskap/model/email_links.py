"""Keep e-mail addresses on pages staff write away from address harvesters.

Markdown turns ``<name@example.se>`` into a ``mailto:`` link (its entity encoding fools no
harvester). Such links become the same protected address that generated pages use: readable
text without JavaScript, a working link once the site's script has joined the parts.
"""

from __future__ import annotations

import html
import re

from partnerskap.i18n import Words

_LINK = re.compile(r'<a\b[^>]*?\bhref="(?P<href>[^"]+)"[^>]*>(?P<text>.*?)</a>', re.DOTALL | re.IGNORECASE)
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+")
_LOCAL_PART = frozenset("._+-")
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

    def replace_text(start: int, user: str, domain: str) -> str | None:
        tag = page_html.rfind("<", 0, start)
        if tag > page_html.rfind(">", 0, start):
            # In an attribute (a meta description, a card's search words): spelled out, as
            # text; a link's or an image's target is left as it is (``logo@2x.png``).
            attribute = _ATTRIBUTE_NAME.search(page_html, tag, start)
            if attribute is None or attribute[1].lower() in _URL_ATTRIBUTES:
                return None
            return f"{user} [{words('email_at')}] {domain}"
        for element in ("script", "style"):
            if page_html.rfind(f"<{element}", 0, start) > page_html.rfind(f"</{element}", 0, start):
                return None
        return protected_address(f"{user}@{domain}", words)

    page_html = _LINK.sub(replace_link, page_html)
    return _replace_addresses(page_html, replace_text)


def _replace_addresses(text: str, replace) -> str:
    """``text`` with each e-mail address (``name@example.se``, or ``mailto:name@example.se``)
    replaced by ``replace(start, user, domain)``, or kept where that gives None.

    Found from each ``@`` outwards: a regular expression tried at every position of a page
    cost more than the rest of the page's processing (see bench/README.md).
    """
    parts: list[str] = []
    done = 0
    at = text.find("@")
    while at != -1:
        start = at
        while start > done and (text[start - 1].isalnum() or text[start - 1] in _LOCAL_PART or text[start - 1] == "_"):
            start -= 1
        domain = _DOMAIN.match(text, at + 1)
        if start < at and domain is not None:
            user = text[start:at]
            if text[max(done, start - 7):start].lower() == "mailto:":
                start -= 7
            replacement = replace(start, user, domain[0])
            if replacement is not None:
                parts += (text[done:start], replacement)
                done = domain.end()
        at = text.find("@", max(at + 1, done))
    parts.append(text[done:])
    return "".join(parts)


def addresses_spelled_out(text: str, words: Words) -> str:
    """Plain text (a feed item, a calendar entry) with every e-mail address written as
    ``name [snabel-a] example.se``: readable by a person, not matched by a harvester's pattern.

    Feeds and calendars run no script, so the protected markup of pages cannot be used there;
    this is the same visible text without the script's link."""
    at = words("email_at")
    return _replace_addresses(text, lambda start, user, domain: f"{user} [{at}] {domain}")
