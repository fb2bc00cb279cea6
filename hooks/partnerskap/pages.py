"""What a generated page is, independent of any site engine."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any, Mapping



@dataclass(frozen=True)
class PageSpec:
    """A page the generator adds: where it lives, what template draws it, and the data it draws.

    ``path`` is a Markdown source path inside the docs folder (``medlemmar/region-halland.md``).
    When staff have written a page at that path, their text is kept as the page's introduction
    and ``title``/``body`` here are not used.
    """

    path: str
    title: str
    template: str
    data: Mapping[str, Any] = field(default_factory=dict)
    body: str = ""
    """Markdown rendered as the page's content (and so indexed by search)."""
    description: str | None = None
    """The page's meta description, for search engines and link previews."""

    def source(self) -> str:
        """The page's Markdown source: its body after a blank line, so that MkDocs never reads a
        first line of staff text (``Plats: Halmstad``, ``---``) as metadata."""
        return f"\n{self.body}\n"

    def meta(self) -> dict[str, str]:
        """The page's title, template and description, as MkDocs keeps a page's metadata.

        Given to the page directly rather than written as front matter for MkDocs to read
        back: a YAML dump and parse per page was a tenth of the hooks' time (bench/run.py).
        Material prints the title and description into HTML unescaped (``<title>``, the header,
        ``<meta content>``), so they are escaped here: a member called "A & B <C>" shows as
        written and cannot inject markup.
        """
        meta = {"title": html.escape(self.title), "template": self.template}
        if self.description:
            meta["description"] = html.escape(self.description)
        return meta


def url_of(path: str, directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives the Markdown source at ``path``."""
    stem = path[:-3] if path.endswith(".md") else path
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/" if directory_urls else f"{stem}.html"


_AUTOLINK = re.compile(r"<https?://[^\s<>]+>")
_CODE = re.compile(r"(<code[^>]*>)(.*?)(</code>)", re.DOTALL)


def markdown_as_text(text: str) -> str:
    """Staff Markdown with raw HTML made visible as text, not markup.

    Every ``<`` is written as ``&lt;`` (except in ``<https://...>`` links), so ``<script>``
    shows as written while Markdown syntax still works. Whether a ``<`` stands in code is
    Markdown's to decide (indented blocks, unclosed fences, spans across paragraphs), so it is
    escaped everywhere here and :func:`code_as_written` repairs code after rendering.
    """
    parts, last = [], 0
    for match in _AUTOLINK.finditer(text):
        parts.append(text[last : match.start()].replace("<", "&lt;"))
        parts.append(match.group(0))
        last = match.end()
    parts.append(text[last:].replace("<", "&lt;"))
    return "".join(parts)


def code_as_written(rendered: str) -> str:
    """Undo :func:`markdown_as_text` inside ``<code>``, where Markdown escaped its ``&lt;`` again."""
    return _CODE.sub(lambda m: m[1] + m[2].replace("&amp;lt;", "&lt;") + m[3], rendered)
