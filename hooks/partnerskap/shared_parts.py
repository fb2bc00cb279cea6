"""Parts of a page that many generated pages draw alike, drawn once per build: the menu and the tabs.

Material draws the whole menu and the tabs into every page: for a large association, the
largest item of the build (the figures are in bench/README.md). Most of those pages (an event,
a member, a calendar month) are outside the menu, so nothing in the menu is active on them, and
two of them draw the same menu unless their links differ: MkDocs writes each link relative to
the page. So a part is drawn once for each set of relative links, the key being the links
themselves, made by MkDocs' own ``normalize_url`` as the ``url`` filter makes them; the
calendar's pages, a few folders deep, share a handful of keys.

The templates ask for this with a call block (``overrides/partials/nav.html``)::

    {% call partnership_shared("nav", page, nav) -%} ...Material's menu... {%- endcall %}

A page in the menu, or one the generator did not make (a blog post, which Material's blog places
within the news section), is drawn as Material draws it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator

from markupsafe import Markup
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url


class SharedParts:
    """One build's parts drawn once, by part name and the page's relative links."""

    def __init__(self, generated: Collection[str], extra_urls: Collection[str] = ()) -> None:
        self._generated = generated
        """Source paths of the pages the generator made: only these can share a part."""
        self._extra_urls = tuple(extra_urls)
        """Site paths the parts link to besides the menu's own (a logo, a custom home link)."""
        self._targets: tuple[str, ...] | None = None
        self._in_menu: set[int] = set()
        self._drawn: dict[tuple, Markup] = {}

    def __call__(self, name: str, page: Page | None, nav: Navigation, caller: Callable[[], Markup]) -> Markup:
        key = self._key(name, page, nav)
        if key is None:
            return caller()
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = self._drawn[key] = Markup(caller())
        return drawn

    def _key(self, name: str, page: Page | None, nav: Navigation) -> tuple | None:
        """The part's name and every link it holds as written on ``page``; None: draw it anew."""
        if self._targets is None:
            urls = [*_menu_urls(nav.items), *self._extra_urls]
            if nav.homepage is not None:
                urls.append(nav.homepage.url)
            self._targets = tuple(dict.fromkeys(urls))
            self._in_menu = pages_in_menu(nav)
        if page is None or not outside_menu(page, self._in_menu):
            return None  # the menu shows where this page is
        if page.file.src_uri not in self._generated:
            return None
        return (name, *(normalize_url(url, page) for url in self._targets))


def pages_in_menu(nav: Navigation) -> set[int]:
    """The menu's pages, by identity (a page's ``==`` compares titles and addresses), for
    :func:`outside_menu`."""
    return {id(page) for page in nav.pages}


def outside_menu(page: Page, in_menu: set[int]) -> bool:
    """Whether the menu leaves ``page`` out, so that it draws the menu with nothing marked: the
    pages whose menu and other shared parts are the same wherever they are drawn."""
    return page.parent is None and id(page) not in in_menu


def _menu_urls(items) -> Iterator[str]:
    for item in items:
        if isinstance(item, Section):
            yield from _menu_urls(item.children)
        elif isinstance(item, (Page, Link)) and item.url is not None:
            yield item.url
