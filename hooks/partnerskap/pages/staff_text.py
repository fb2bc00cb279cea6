"""Staff Markdown from the data files (descriptions), made into HTML that cannot run script.

Text in ``members.yaml``, ``events.yaml`` and front matter is written by people who are not web
developers, pasted from e-mails and other sites, and edited in a browser by anyone with access:
it is treated as hostile. Two layers make that safe by construction rather than case by case:

1. A **restricted renderer**: Python-Markdown with the raw-HTML readers removed (so ``<script>``
   is shown as text) and only extensions that add no attributes of the author's choosing (no
   ``attr_list``, no ``md_in_html``). The site's own pages under ``content/`` keep the full
   Markdown of ``mkdocs.yml``: they are the site's, not data.
2. An **allow-list sanitiser** on what the renderer made: nh3, the binding of the Rust crate
   ammonia, which parses the HTML as a browser does (html5ever) and keeps only the tags,
   attributes, classes and URL schemes listed below. It is maintained, fast (see bench/README.md)
   and made for exactly this; bleach, the usual Python choice, is deprecated.

Links and images whose target has no scheme are paths inside ``content/`` (``om/bli-medlem.md``,
``img/karta.png``), as in the rest of the data files, and are made relative to the page they
end up on. Images must be the site's own: an image from another host would make every visitor's
browser ask that host, which the site promises never to do.

E-mail addresses are protected after sanitising (:mod:`.email_links`), so that the markup the
site's script needs is the generator's own, not something the sanitiser let through.
"""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions.toc import TocExtension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from partnerskap.i18n import Words
from partnerskap.model.email_links import protect_email_links
from partnerskap.pages.page import url_of

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
"""What Markdown and its admonitions make; ``h1`` is the page's own title, so a description's
top heading level is ``##``."""
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    **{f"h{level}": {"id"} for level in range(2, 7)},
}
_CLASSES = {
    "a": {"headerlink"},
    "div": {"admonition", "note", "abstract", "info", "tip", "success", "question", "warning",
            "failure", "danger", "bug", "example", "quote"},
    "p": {"admonition-title"},
}
_SCHEMES = {"http", "https", "mailto"}
_URL_IGNORED = re.compile(r"[\t\n\r]")
_URL_TRIMMED = "".join(map(chr, range(0x21)))


@dataclass(frozen=True)
class StaffHtml:
    """A description made safe: its HTML and the headings for the page's table of contents."""

    html: str
    toc_tokens: list
    """Python-Markdown's ``toc_tokens``: nested dicts of level, id, name and children."""


class _SitePaths(Treeprocessor):
    """Link and image targets without a scheme are paths inside ``content/``: point them at the
    page they name, relative to the page the text is shown on. A target that cannot be shown
    loses its link (the text stays); an image that cannot be shown becomes its description."""

    page_path = "index.md"
    directory_urls = True

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            target = element.get(attribute) if attribute else None
            if target is None:
                continue
            resolved = self.resolve(target, image=element.tag == "img")
            if resolved is not None:
                element.set(attribute, resolved)
            elif element.tag == "a":
                del element.attrib["href"]
            else:
                alt = element.get("alt", "")
                element.tag, element.text = "span", alt
                element.attrib.clear()

    def resolve(self, target: str, *, image: bool) -> str | None:
        # What a browser reads: entities decoded (Markdown keeps them as placeholders until the
        # end), tabs and line breaks removed, spaces and control characters trimmed, so that
        # "java&#9;script:" is seen here, and by the sanitiser, as the scheme it is.
        target = html.unescape(target.replace(AMP_SUBSTITUTE, "&"))
        target = _URL_IGNORED.sub("", target).strip(_URL_TRIMMED)
        parts = urlsplit(target)
        elsewhere = bool(parts.scheme or parts.netloc)
        if image and elsewhere:
            return None  # every visitor's browser would ask the other host
        if elsewhere:
            return target  # another site: the sanitiser keeps http(s) and mailto only
        if target.startswith(("/", "\\")):
            return None  # from the host's root: breaks when the site lives under a sub-path
        if not parts.path:
            return target  # "#section" on the same page
        path = posixpath.normpath(parts.path)
        if path == ".." or path.startswith("../"):
            return None  # outside content/
        url = url_of(path, self.directory_urls) if path.endswith(".md") else path
        here = posixpath.dirname(url_of(self.page_path, self.directory_urls) + "x")
        relative = posixpath.relpath(url or ".", here or ".")
        if (url == "" or url.endswith("/")) and not relative.endswith("/"):
            relative += "/"
        return relative + (f"#{parts.fragment}" if parts.fragment else "")


class StaffMarkdown:
    """One build's renderer of staff Markdown (one Markdown parser and one sanitiser, reused)."""

    def __init__(self, words: Words, *, directory_urls: bool = True) -> None:
        self._words = words
        self._markdown = markdown.Markdown(
            extensions=["tables", "admonition", TocExtension(permalink=True, permalink_title=words("permalink"))],
            output_format="html",
        )
        # Raw HTML is text: without these two readers Python-Markdown escapes every tag.
        self._markdown.preprocessors.deregister("html_block")
        self._markdown.inlinePatterns.deregister("html")
        self._paths = _SitePaths(self._markdown)
        self._paths.directory_urls = directory_urls
        # After "inline" (links exist) and before "prettify"/"toc".
        self._markdown.treeprocessors.register(self._paths, "site_paths", 15)
        self._cleaner = nh3.Cleaner(
            tags=_TAGS,
            clean_content_tags={"script", "style"},
            attributes=_ATTRIBUTES,
            allowed_classes=_CLASSES,
            url_schemes=_SCHEMES,
            link_rel=None,
            strip_comments=True,
        )

    def render(self, text: str | None, page_path: str) -> StaffHtml:
        """``text`` as it appears on the page at ``page_path`` (a Markdown path in content/)."""
        if not text:
            return StaffHtml("", [])
        self._markdown.reset()
        self._paths.page_path = page_path
        rendered = self._markdown.convert(text)
        tokens = getattr(self._markdown, "toc_tokens", [])
        return StaffHtml(protect_email_links(self._cleaner.clean(rendered), self._words), tokens)
