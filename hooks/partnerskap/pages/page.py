"""What a generated page is, and the typed views its template draws."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, Undefined, UndefinedError
from jinja2.utils import missing
from markupsafe import Markup, escape

from partnerskap.i18n import Words
from partnerskap.model.email_links import protected_address
from partnerskap.source.problems import Problem, one_line


class View:
    """What a generated page's template draws: each page type, and each item it repeats, is a
    small frozen dataclass of this kind (as Material's blog has ``View``, ``Archive`` and
    ``Category``), with every value the template prints already computed, so that the template
    only draws."""

    __slots__ = ()


@dataclass(frozen=True)
class Link(View):
    """A link as a page draws it: its text and its site-relative (or absolute) address."""

    text: str
    url: str


def email_markup(address: str | None, words: Words) -> Markup | None:
    """An e-mail address as every page shows it, safe from harvesters: the markup is made once,
    in :func:`~partnerskap.model.email_links.protected_address`, for the templates and for the
    pass over staff pages alike."""
    return Markup(protected_address(address, words)) if address else None


class ViewUndefined(Undefined):
    """Jinja's lenient undefined, except for an attribute looked up on a :class:`View` or on one of
    the model's declared entities (a member, an event), which fails.

    Material's templates test optional values by looking them up (``page.meta.x``), so a strict
    undefined for everything would break them; our views are typed, so a name a view does not
    have is a typo or a rename that would otherwise draw a blank. It is on in every build, not
    only the tests: the same templates then behave the same for staff and for the tests, and a
    blank where a page should show an address is worse than a build that names the template line.
    """

    __slots__ = ()

    def __new__(cls, hint: str | None = None, obj: Any = missing, name: str | None = None, exc=UndefinedError):
        if isinstance(obj, View) or hasattr(type(obj), "RECORD"):  # a view, or an entity a view hands over
            return StrictUndefined(hint, obj, name, exc)
        return super().__new__(cls)


@dataclass(frozen=True)
class PageSpec:
    """A page the generator adds: where it lives, what template draws it, and the view it draws.

    ``path`` is a Markdown source path inside the docs folder (``medlemmar/region-halland.md``).
    When staff have written a page at that path, their text is kept as the page's introduction
    and ``title``/``body`` here are not used.
    """

    path: str
    title: str
    template: str
    view: View | None = None
    """What the template draws (a typed view, such as :class:`~.directory.MemberView`), handed to it
    as ``partnership``."""
    body: str = ""
    """Staff Markdown (a description from a data file), shown as the page's content through
    :class:`~.staff_text.StaffMarkdown`: untrusted, never rendered as the site's own Markdown."""
    description: str | None = None
    """The page's meta description, for search engines and link previews."""
    search_text: str = ""
    """Words the site search should find the page by that its text does not hold (the people on a
    member's page, an event's speakers): given to the search index, not shown on the page."""
    hide: tuple[str, ...] = ()
    """Material's sidebars the page leaves out (``navigation``, ``toc``): a landing page or a wide
    month grid needs the width more than a menu."""

    def meta(self) -> dict[str, Any]:
        """The page's title, template and description, as MkDocs keeps a page's metadata.

        Given to the page directly rather than written as front matter for MkDocs to read
        back: a YAML dump and parse per page was a large share of the hooks' time (see bench/README.md).
        Material prints the title and description into HTML unescaped (``<title>``, the header,
        ``<meta content>``), so they are escaped here: a member called "A & B <C>" shows as
        written and cannot inject markup.
        """
        meta: dict[str, Any] = {"title": escaped(self.title), "template": self.template}
        if self.description:
            meta["description"] = escaped(self.description)
        if self.hide:
            meta["hide"] = list(self.hide)
        return meta


def escaped(text: str) -> Markup:
    """Text for HTML that a theme prints unescaped (titles, descriptions, the site's name).

    The result is :class:`~markupsafe.Markup`: escaping it again is a no-op, so a value passed
    through twice (a title set here and read back by the next hook) is never shown as
    ``&amp;lt;``, and the site's own autoescaped templates print it as it is.
    """
    return escape(text)


def plain(text: str | None) -> str | None:
    """The text a value stands for, whether or not :func:`escaped` has been applied to it (for
    outputs that escape for themselves, such as a feed's titles)."""
    return text.unescape() if isinstance(text, Markup) else text


def search_only(text: str) -> str:
    """A page's :attr:`PageSpec.search_text` as HTML for the search index, escaped."""
    return f"<p>{escape(text)}</p>"


def url_of(path: str, directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives the Markdown source at ``path``."""
    stem = path[:-3] if path.endswith(".md") else path
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/" if directory_urls else f"{stem}.html"


_TEMPLATE_KEY = re.compile(r"^template\s*:", re.MULTILINE)


def template_problem(template: object, source: str, shown: str, theme_dirs: list[str]) -> Problem | None:
    """A page's ``template:`` that the theme does not have, as a problem at its line.

    MkDocs hands the name to Jinja unchecked: a misspelt name, or a path out of the theme
    (``../../etc/passwd``), ends the build in a traceback. ``source`` is the page's file as
    written, for the line; ``shown`` its path as staff know it (``content/om.md``).
    """
    name = template if isinstance(template, str) else ""
    normal = posixpath.normpath(name) if name else ""
    if normal and not normal.startswith(("../", "/")) and normal != ".." and any(
        (Path(folder) / normal).is_file() for folder in theme_dirs
    ):
        return None
    found = _TEMPLATE_KEY.search(source)
    line = source.count("\n", 0, found.start()) + 1 if found else 1
    return Problem(shown, line, one_line(
        f"template: {template!r} är inte en av temats sidmallar; ta bort template: så får sidan den "
        "vanliga layouten (eller skriv namnet på en fil i overrides/, till exempel main.html)"
    ))

