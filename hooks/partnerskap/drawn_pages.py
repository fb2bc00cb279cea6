"""Pages drawn by an earlier build of this `mkdocs serve`, for the next build to reuse where nothing
they show has changed.

`mkdocs serve` builds the whole site again after each save, and drawing the pages with the
theme's templates is half of a rebuild; an edit of one event changes five of the 3,675 pages of
a thousand members (the figures are in bench/README.md). So while serving, each generated page
outside the menu is kept as it was drawn, with a digest of everything its drawing reads, and the
next build gives a page whose digest is unchanged a template that prints the kept page instead
of drawing it. MkDocs still runs every other step for it (the search index reads its content,
the page is written).

What a page's drawing reads, and so what the digest is of:

- the page's own: its :class:`~partnerskap.pages.page.PageSpec` (the view its template draws),
  and its address, title, metadata, content and table of contents as MkDocs hands them on;
- the site's, alike for every page (:func:`site_digest`): the settings as MkDocs loaded them
  (mkdocs.yml, with what it inherits), the theme's settings and the plugins', the menu (each
  entry's kind, title, address and metadata), every file of the theme's custom folder, the
  theme's version, and what the hooks give every template.

A page's drawing reads nothing else: the one page a template is given is its own, its menu marks
no entry (it is outside the menu), and no template reads MkDocs' ``pages`` or ``build_date_utc``
(tests/test_drawn_pages.py checks each template). The values are pickled for the digest: a
pickle holds every field of an object and its type's name, so equal pickles are equal values;
unequal pickles of equal values (a set in another order) cost a drawing, never a stale page.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import pickle
import zlib
from collections.abc import Collection, Iterable
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from partnerskap.pages.page import PageSpec

SETTINGS_APART = ("plugins", "hooks", "theme")
"""Settings whose values are objects rather than data: the plugins and the theme are written
down by their own settings, and the hooks are this code (not reloaded while serving)."""


class DrawnPages:
    """The generated pages outside the menu as last drawn in this process, by source path: the
    digest of what each was drawn from, and the page compressed (a thousand members' pages take
    a tenth of their 100 MB so; most of a page is the theme's markup, shared by all)."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[bytes, bytes]] = {}
        self._dictionary = b""
        """zlib's preset dictionary, the first page kept: what the pages have in common."""

    def has(self, path: str, digest: bytes) -> bool:
        kept = self._kept.get(path)
        return kept is not None and kept[0] == digest

    def page(self, path: str) -> Markup:
        """The page kept at ``path`` as it was drawn (check :meth:`has` first)."""
        expand = zlib.decompressobj(zdict=self._dictionary)
        return Markup((expand.decompress(self._kept[path][1]) + expand.flush()).decode("utf-8", "surrogatepass"))

    def keep(self, path: str, digest: bytes, html: str) -> None:
        data = html.encode("utf-8", "surrogatepass")  # as it came: MkDocs encodes the page for itself
        if not self._dictionary:
            self._dictionary = data[-32768:]  # zlib looks back 32 kB; a page ends in its footer
        squeeze = zlib.compressobj(1, zdict=self._dictionary)
        self._kept[path] = (digest, squeeze.compress(data) + squeeze.flush())

    def keep_only(self, paths: Collection[str]) -> None:
        """Forget the pages the site no longer has."""
        for path in self._kept.keys() - set(paths):
            del self._kept[path]


def site_digest(config: MkDocsConfig, nav: Navigation, given: object) -> bytes | None:
    """What every page's drawing reads besides the page itself, as one digest; ``given`` is what
    the hooks give every template. None when a setting cannot be written down (a plugin's
    setting holding an object): then no page is reused in this build."""
    settings = {key: value for key, value in config.items() if key not in SETTINGS_APART}
    plugins = [
        (name, type(plugin).__qualname__, dict(plugin.config) if isinstance(getattr(plugin, "config", None), Config) else None)
        for name, plugin in config.plugins.items()
    ]
    theme = config.theme
    templates = sorted(_files(Path(theme.custom_dir))) if theme.custom_dir else []
    try:
        site = pickle.dumps((
            settings, plugins, dict(theme), theme.dirs, templates, importlib.metadata.version("mkdocs-material"),
            nav.homepage.url if nav.homepage else None, _menu(nav.items), given,
        ), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return hashlib.blake2b(site, digest_size=32).digest()


def page_digest(site: bytes, page: Page, spec: PageSpec, content: str) -> bytes | None:
    """What ``page`` is drawn from, with the site's digest; ``content`` is the content its
    template shows. None when some value cannot be written down (it is then drawn)."""
    try:
        own = pickle.dumps(
            (spec, page.url, page.canonical_url, page.edit_url, page.title, page.meta, content, page.toc),
            protocol=pickle.HIGHEST_PROTOCOL,
        )
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return hashlib.blake2b(own, digest_size=32, key=site).digest()


def _files(folder: Path) -> Iterable[tuple[str, bytes]]:
    for path in folder.rglob("*"):
        if path.is_file():
            yield path.relative_to(folder).as_posix(), path.read_bytes()


def _menu(items) -> tuple:
    """The menu as the templates draw it: each entry's kind, title, address, metadata and entries."""
    return tuple(
        (
            type(item).__name__, item.title, None if isinstance(item, Section) else item.url,
            item.meta if isinstance(item, Page) else None,
            _menu(item.children) if isinstance(item, Section) else (),
        )
        for item in items
    )
