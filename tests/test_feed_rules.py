"""The W3C Feed Validation Service's rules for RSS 2.0 that the feeds rely on, checked with lxml.

No offline copy of the validator exists in the package registries; these are its checks (from its
public source, ``feedvalidator/rss.py`` and ``validators.py``) that apply to what the feeds
contain: the required channel elements, RFC 822 dates, absolute links, a self link that matches,
unique guids (and ``tag:`` URIs of RFC 4151 where a guid is not a permalink), no script and no
relative links in descriptions, and a whole-number ``ttl``.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree

from hostile import active_parts, parse_markup

ATOM = "{http://www.w3.org/2005/Atom}"
RFC822 = re.compile(
    r"^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}(?::\d{2})? (?:[+-]\d{4}|GMT|UT|[ECMP][SD]T|Z)$"
)
TAG_URI = re.compile(r"^tag:[A-Za-z0-9.-]+,\d{4}(?:-\d{2}(?:-\d{2})?)?:[^\s]+$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def feeds(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.xml") if p.name != "sitemap.xml")


def absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def rule_breaks(path: Path, site: Path, site_url: str) -> list[str]:
    """What the validator would flag in one feed, as short messages."""
    found = []
    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    if root.tag != "rss" or root.get("version") != "2.0":
        return [f"not RSS 2.0: <{root.tag} version={root.get('version')}>"]
    (channel,) = root.findall("channel")
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            found.append(f"channel: missing or empty <{name}>")
    if not absolute(channel.findtext("link") or ""):
        found.append("channel: <link> is not an absolute URL")
    language = channel.findtext("language")
    if language is not None and not LANGUAGE.match(language):
        found.append(f"channel: <language> {language!r}")
    for name in ("lastBuildDate", "pubDate"):
        value = channel.findtext(name)
        if value is not None and not RFC822.match(value):
            found.append(f"channel: <{name}> {value!r} is not an RFC 822 date")
    ttl = channel.findtext("ttl")
    if ttl is not None and not ttl.isdigit():
        found.append(f"channel: <ttl> {ttl!r}")
    selves = [link for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if len(selves) != 1:
        found.append("channel: no single atom:link rel=self")
    elif selves[0].get("type") != "application/rss+xml" or selves[0].get("href") != site_url + path.relative_to(site).as_posix():
        found.append(f"channel: the self link {selves[0].get('href')!r} is not the feed's address, with its type")
    guids = []
    for item in channel.findall("item"):
        title = item.findtext("title") or ""
        if not title.strip() and not (item.findtext("description") or "").strip():
            found.append("item: neither title nor description")
        link = item.findtext("link")
        if link is not None and not absolute(link):
            found.append(f"item {title!r}: <link> {link!r} is not absolute")
        date = item.findtext("pubDate")
        if date is not None and not RFC822.match(date):
            found.append(f"item {title!r}: <pubDate> {date!r}")
        guid = item.find("guid")
        if guid is not None:
            guids.append(guid.text)
            if guid.get("isPermaLink", "true") == "true":
                if not absolute(guid.text or ""):
                    found.append(f"item {title!r}: a permalink guid that is not a URL")
            elif not TAG_URI.match(guid.text or ""):
                found.append(f"item {title!r}: guid {guid.text!r} is not a tag: URI")
        description = item.findtext("description") or ""
        tree = parse_markup(description)
        found += [f"item {title!r}: {problem}" for problem in active_parts(tree, "description")]
        if next(tree.iter("script"), None) is not None:
            found.append(f"item {title!r}: script in the description")
        for element in tree.iter("a", "img"):
            target = element.get("href") or element.get("src") or ""
            if target and not absolute(target) and not target.startswith("mailto:"):
                found.append(f"item {title!r}: relative URL {target!r} in the description")
    if len(guids) != len(set(guids)):
        found.append("two items with one guid")
    return found


def test_every_feed_follows_the_validators_rules(example_site, example_config):
    found = {str(path.relative_to(example_site)): rule_breaks(path, example_site, example_config["site_url"]) for path in feeds(example_site)}
    assert len(found) >= 4
    assert {path: problems for path, problems in found.items() if problems} == {}


@pytest.mark.parametrize("damage, message", [
    (lambda xml: xml.replace(b"<guid isPermaLink=\"false\">tag:", b"<guid isPermaLink=\"false\">x", 1), "is not a tag: URI"),
    (lambda xml: re.sub(rb"<pubDate>[^<]*</pubDate>", b"<pubDate>2026-11-18</pubDate>", xml, count=1), "pubDate"),
    (lambda xml: re.sub(rb"<link>https://[^<]*</link>", b"<link>/kalender/</link>", xml, count=1), "not an absolute URL"),
])
def test_the_rules_catch_a_broken_feed(example_site, example_config, tmp_path, damage, message):
    broken = tmp_path / "kalender" / "feed.xml"
    broken.parent.mkdir()
    broken.write_bytes(damage((example_site / "kalender" / "feed.xml").read_bytes()))
    assert any(message in problem for problem in rule_breaks(broken, tmp_path, example_config["site_url"]))
