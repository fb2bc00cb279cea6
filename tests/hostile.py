"""What "cannot run script" means, checked on parsed output: pages, feeds, calendars, search index.

Each check parses the output as its reader would (lxml's HTML parser, an XML parser, icalendar)
and looks for what would act in a browser or a client: an element that runs or embeds content,
an event-handler attribute, a URL whose scheme runs code, a script whose text is not the site's.
A payload that is merely shown as text (``<script>`` in a paragraph) passes, as it should.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.etree
import lxml.html

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data", "xlink:href", "background", "srcset")
ACTIVE_TAGS = ("iframe", "object", "embed", "frame", "frameset", "applet", "base", "svg:script")
SAFE_SCHEMES = {"http", "https", "mailto", "tel", "webcal", ""}
_IGNORED_IN_URLS = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
MARKER = "alert("
"""Every payload calls alert(): no script the site runs may contain it."""


def scheme_of(url: str) -> str:
    """The scheme a browser sees (WHATWG URL parsing strips tabs and line breaks anywhere and
    control characters and spaces at the ends), lowercased; '' for a relative URL."""
    cleaned = _IGNORED_IN_URLS.sub("", url).strip("".join(map(chr, range(0x21))))
    found = _SCHEME.match(cleaned)
    return found[1].lower() if found else ""


def parse_markup(markup: str) -> lxml.html.HtmlElement:
    """A page or a fragment as lxml's HTML parser reads it (a fragment inside html and body, as
    BeautifulSoup with lxml reads it too); markup with nothing in it is an empty document."""
    try:
        return lxml.html.document_fromstring(markup)
    except lxml.etree.ParserError:  # "Document is empty"
        return lxml.html.Element("html")


def active_parts(root: lxml.html.HtmlElement, where: str) -> list[str]:
    """Everything in a parsed HTML document or fragment that could run script."""
    found = []
    for element in root.iter(lxml.etree.Element):
        name = element.tag.lower()
        if name in ACTIVE_TAGS:
            found.append(f"{where}: <{name}> element")
        if name == "meta" and str(element.get("http-equiv", "")).lower() == "refresh":
            found.append(f"{where}: <meta http-equiv=refresh>")
        for attribute, value in element.attrib.items():
            if attribute.lower().startswith("on"):
                found.append(f"{where}: <{name} {attribute}=...>")
            if attribute.lower() in URL_ATTRIBUTES and scheme_of(value) not in SAFE_SCHEMES:
                found.append(f"{where}: <{name} {attribute}={value!r}>")
        if name == "script":
            text = element.text_content()
            runs = str(element.get("type", "text/javascript")).lower() in ("", "text/javascript", "module", "application/javascript")
            if runs and MARKER in text:
                found.append(f"{where}: a script runs a payload: {text[:80]!r}")
            if element.get("type") == "application/ld+json":
                if "<!--" in text or "<script" in text.lower():
                    # A browser's parser (not lxml's) would take the rest of the page into
                    # this script: HTML's "script data double escaped" state.
                    found.append(f"{where}: a JSON-LD block that opens a comment or a script")
                try:
                    json.loads(text)
                except ValueError:
                    found.append(f"{where}: a JSON-LD block that is not JSON (it swallowed markup)")
    return found


def page_problems(path: Path, site: Path) -> list[str]:
    return active_parts(parse_markup(path.read_text(encoding="utf-8")), str(path.relative_to(site)))


def fragment_problems(markup: str, where: str) -> list[str]:
    return active_parts(parse_markup(markup), where)


def site_problems(site: Path) -> list[str]:
    """Every HTML page, the search index, every RSS feed and every iCalendar file of a site."""
    from icalendar import Calendar
    from lxml import etree

    found = []
    for path in sorted(site.rglob("*.html")):
        if "admin" in path.relative_to(site).parts:
            continue  # the editor: the CMS's own bundle, not built from data
        found += page_problems(path, site)
    index = site / "search" / "search_index.json"
    if index.is_file():
        for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]:
            for key in ("title", "text"):
                found += fragment_problems(doc.get(key) or "", f"search index {doc['location']} {key}")
    for path in sorted(site.rglob("*.xml")):
        if path.name == "sitemap.xml":
            continue
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
        for item in root.iter("item"):
            description = item.findtext("description") or ""
            found += fragment_problems(description, f"{path.relative_to(site)} item description")
            for link in (item.findtext("link") or "", item.findtext("comments") or ""):
                if scheme_of(link) not in SAFE_SCHEMES:
                    found.append(f"{path.relative_to(site)}: item link {link!r}")
    for path in sorted(site.rglob("*.ics")):
        calendar = Calendar.from_ical(path.read_bytes())
        for component in calendar.walk():
            for name in ("URL", "ATTACH", "CONFERENCE"):
                values = component.get(name)
                for value in values if isinstance(values, list) else [values] if values is not None else []:
                    if scheme_of(str(value)) not in SAFE_SCHEMES:
                        found.append(f"{path.relative_to(site)}: {name} {value!r}")
    return found
