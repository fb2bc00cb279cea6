"""MkDocs hooks: the thin adapter between MkDocs' events and the ``partnerskap`` package.

MkDocs loads this file by path and registers every ``on_*`` name in it. It is not reloaded by
``mkdocs serve``, so each build starts from nothing in :func:`on_config`; the only module state is
the current build's content, replaced there (and, while serving, the pages drawn so far, which
each build hands to the next: partnerskap/drawn_pages.py).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import os
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from partnerskap import routes
from partnerskap.build import SiteContent, build_content, build_time, data_files, news_alternate, news_feed_file, output_files
from partnerskap.drawn_pages import DrawnPages, page_digest, site_digest
from partnerskap.model.email_links import protect_email_links
from partnerskap.outputs import decap
from partnerskap.outputs.background import BackgroundError, BackgroundWriter, can_fork, write_files
from partnerskap.pages.home import add_news
from partnerskap.pages.page import PageSpec, ViewUndefined, escaped, plain, search_only, template_problem, url_of
from partnerskap.pages.share import share_meta
from partnerskap.pages.staff_text import StaffMarkdown
from partnerskap.settings import Settings, SettingsError
from partnerskap.shared_parts import SharedParts, outside_menu, pages_in_menu
from partnerskap.source.problems import DataError, Problem, shown_path

log = logging.getLogger("mkdocs.hooks.partnerskap")


def source_log() -> logging.Logger:
    """Where the build tells staff about the members' calendars (a failed fetch, an event left
    out). Outside MkDocs' own logger, so `mkdocs build --strict` does not count these: a member's
    server being down must not stop the site from being published. Printed as MkDocs prints."""
    logger = logging.getLogger("partnerskap.sources")
    if not logger.handlers:  # once per process: MkDocs does not reload this file under serve
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    return logger


class _Build:
    """What one build generated, the page specs by their source path, and the news posts seen."""

    def __init__(self, settings: Settings, content: SiteContent, news_dir: str | None, drawn: DrawnPages | None) -> None:
        self.settings = settings
        self.content = content
        self.specs: dict[str, PageSpec] = {spec.path: spec for spec in content.pages}
        self.news_dir = news_dir
        self.posts: list[dict] = []
        self.writer: BackgroundWriter | None = None
        self.staff_text = StaffMarkdown(content.words, directory_urls=settings.directory_urls)
        self.shown: dict[str, str] = {}
        """A generated page's content without its search words, by source path, until it is drawn."""
        self.page_problems: list[Problem] = []
        """Problems in the pages staff wrote (found while MkDocs reads them), reported together."""
        self.drawn = drawn
        """`mkdocs serve`: the pages as drawn so far in this process, handed from build to build
        (partnerskap/drawn_pages.py); None in a single build, which has nothing to reuse."""
        self.nav: Navigation | None = None
        self.digests: dict[str, bytes] = {}
        """What each generated page outside the menu is drawn from, by source path (serving only)."""
        self.reused: set[str] = set()
        """The pages of :attr:`digests` printed as kept instead of drawn."""


def _news_dir(config: MkDocsConfig) -> str | None:
    """Where Material's blog plugin keeps its posts, when the site has news."""
    blog = config.plugins.get("material/blog")
    if blog is None:
        return None
    return blog.config.post_dir.format(blog=blog.config.blog_dir).strip("/") + "/"


_build: _Build | None = None
_drawn: DrawnPages | None = None
"""`mkdocs serve`: the pages drawn so far in this process, kept across builds, failed ones too."""


@contextlib.contextmanager
def _long_lived():
    """Build the site's content without Python's cycle collector, then exempt it from collection.

    The content (a few hundred thousand objects for a thousand members) lives until the build
    ends. Python's cycle collector scans every live object on each full collection, and the
    number of full collections grows with the number of objects made: with the GC on, a large
    build spent much of its generator time, and of MkDocs' page rendering, scanning the same data
    again, and grew faster than the number of members (see bench/README.md). The
    content holds no garbage cycles; gc.freeze() moves everything alive into a generation the
    collector skips. The next build's unfreeze() hands it back, and a collection frees what of the
    last build (its pages, menu and content: MkDocs' objects refer to each other) is garbage now:
    without it, `mkdocs serve` froze each old build again and grew by one build's memory with
    every rebuild. Where nothing is frozen, no build of this process came before (`mkdocs build`,
    serve's first): the collection would only walk MkDocs' own imports, on every build, and in a
    process forked from one that imported them write to every page of its memory (how much:
    bench/README.md, "No collection before a process's first build").
    """
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.freeze()


def on_startup(command: str, dirty: bool) -> None:
    """`mkdocs serve` builds again at every save: from its second build on, a page nothing of
    which has changed is printed as drawn before (partnerskap/drawn_pages.py)."""
    global _drawn
    if command == "serve":
        _drawn = DrawnPages()


class _ThemeFolders(jinja2.FileSystemLoader):
    """Jinja's loader of the theme's templates, whose list leaves out folders named with a dot.

    MkDocs lists every file of the theme's folders at every build, to copy the static ones, and
    drops those under a dot folder by name (``Files.add_files_from_theme``): Material's ``.icons``
    holds 14,500 icons, which every build walked and dropped, a quarter of a small site's build
    (bench/README.md). Loading a template by its name, ``.icons/…`` too, is Jinja's own."""

    def list_templates(self) -> list[str]:
        found = set()
        for folder in self.searchpath:
            for parent, folders, names in os.walk(folder, followlinks=self.followlinks):
                folders[:] = [name for name in folders if not name.startswith(".")]
                found.update(os.path.relpath(os.path.join(parent, name), folder).replace(os.sep, "/") for name in names)
        return sorted(found)


def _theme_environments(theme) -> None:
    """Every Jinja environment of the theme, MkDocs' own for the pages and those Material's blog
    and search plugins make to translate their labels, with :class:`_ThemeFolders` as its loader
    and Jinja's cache of compiled templates.

    MkDocs compiles every template it loads, on every build and every `mkdocs serve` rebuild:
    half a second, the most of a small site's build; the blog compiled its six language templates
    twice more in each. The cache (in the system's temporary folder, one of the user's own,
    checked by Jinja) keeps them between builds; each is keyed by its file and checked against
    its source, so an edit recompiles it. The class's own ``get_env`` each time: a configuration
    built twice (as tests do) is not wrapped twice."""
    make_env = type(theme).get_env.__get__(theme)

    def get_env() -> jinja2.Environment:
        env = make_env()
        loader = env.loader
        env.loader = _ThemeFolders(loader.searchpath, loader.encoding, loader.followlinks)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache()
        return env

    theme.get_env = get_env


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Read and check every data file before MkDocs does anything else."""
    global _build
    _theme_environments(config.theme)
    if _build is not None and _build.writer is not None:
        _build.writer.cancel()  # `mkdocs serve`: a build that stopped before on_post_build
    _build = None  # the last build's content is let go before this one is made
    try:
        settings = Settings.from_mkdocs(config)
        with _long_lived():
            content = build_content(settings, build_time(dict(os.environ)))
    except DataError as error:  # mkdocs.yml's problems (SettingsError) or the data files'
        for problem in error.problems:
            log.error(str(problem))
        where = "inställningarna i mkdocs.yml" if isinstance(error, SettingsError) else "datafilerna"
        raise PluginError(f"{len(error.problems)} fel i {where}; rätta dem och bygg igen") from None
    except ValueError as error:
        raise PluginError(str(error)) from None
    for warning in content.warnings:
        log.warning(warning)
    for note in content.data.source_notes:
        source_log().warning(note)
    news_dir = _news_dir(config)
    if news_dir:
        content.alternates.append(news_alternate(content.words, settings.site_name))
    _build = _Build(settings, content, news_dir, _drawn)
    # Material prints these into every page unescaped; the generator keeps the plain text in
    # its settings (feeds and calendars escape for their own formats).
    for key in ("site_name", "site_description", "site_author", "copyright", "repo_name"):
        if isinstance(config.get(key), str):
            config[key] = escaped(config[key])
    return config


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Section and link titles from mkdocs.yml are text: Material prints them unescaped."""
    def walk(items) -> None:
        for item in items:
            if isinstance(item, (Section, Link)) and item.title is not None:
                item.title = escaped(item.title)
            if isinstance(item, Section):
                walk(item.children)
    walk(nav.items)
    _build.nav = nav
    return nav


def on_env(env, config: MkDocsConfig, files: Files):
    """Give every template the visitor's words as ``t`` and the feeds to announce.

    Every page has been read by now, so every title is known: each is escaped once here, before
    any page (whose menu shows the others' titles) is drawn.
    """
    if _build.page_problems:
        for problem in sorted(_build.page_problems):
            log.error(str(problem))
        raise PluginError(f"{len(_build.page_problems)} fel i sidorna; rätta dem och bygg igen")
    for file in files.documentation_pages():
        if file.page is not None and file.page.title is not None:
            file.page.title = escaped(file.page.title)
    env.undefined = ViewUndefined  # a name a page's view does not have fails the build (pages/page.py)
    given = {
        "t": _build.content.words.table,
        "partnership_alternates": _build.content.alternates,
        "partnership_footer_links": _build.content.footer_links,
        "partnership_share": share_meta(_build.settings),
        "partnership_calendar": url_of(routes.CALENDAR, _build.settings.directory_urls),  # for 404.html
    }
    env.globals.update(given)
    # The menu and the tabs, drawn once for the generated pages outside the menu that link alike.
    links = (config.theme.get("logo"), config.extra.get("homepage"))
    env.globals["partnership_shared"] = SharedParts(_build.specs, [url for url in links if isinstance(url, str)])
    blog = config.plugins.get("material/blog")
    news_index = blog.config.blog_dir.strip("/") + "/" if blog is not None else None
    add_news(_build.specs, _build.posts, _build.content.words, news_index)  # every post has been read by now
    if _build.drawn is not None:
        _reuse_drawn_pages(env, config, files, given)
    return env


def _reuse_drawn_pages(env, config: MkDocsConfig, files: Files, given: dict) -> None:
    """While serving: note what each generated page outside the menu is drawn from, and give
    each drawn from the same as in an earlier build a template that prints it as it was drawn.

    MkDocs picks a page's template after this, by ``page.meta["template"]``, and Jinja takes a
    template there as well as a name; the kept page is handed over in :func:`on_page_context`.
    """
    site = site_digest(config, _build.nav, given)
    if site is None:
        log.debug("a setting cannot be written down: every page is drawn")
        return
    kept = env.from_string("{{ partnership_page }}")
    in_menu = pages_in_menu(_build.nav)
    for file in files.documentation_pages():
        page, spec = file.page, _build.specs.get(file.src_uri)
        if spec is None or file.generated_by is None or page is None or not outside_menu(page, in_menu):
            continue
        digest = page_digest(site, page, spec, _build.shown.get(file.src_uri, page.content))
        if digest is None:
            continue
        _build.digests[file.src_uri] = digest
        if _build.drawn.has(file.src_uri, digest):
            page.meta["template"] = kept
            _build.reused.add(file.src_uri)
    log.debug(
        "%d of %d generated pages outside the menu as drawn before", len(_build.reused), len(_build.digests),
        extra={"reused": len(_build.reused), "kept": len(_build.digests)},  # for tests and bench/
    )


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Start writing the feeds, calendars and open data, and add the generated pages; where staff
    wrote a page at the same path, theirs is the intro.

    MkDocs has emptied the site folder by now (it does so after ``on_pre_build``), and the files
    depend on the data only: they are written while MkDocs renders the pages.
    """
    _build.writer = BackgroundWriter(
        functools.partial(output_files, _build.content, _build.settings), Path(config.site_dir), parallel=can_fork()
    )
    _build.writer.start()
    for spec in _build.specs.values():
        if files.get_file_from_path(spec.path) is None:
            file = File.generated(config, spec.path, content="", inclusion=InclusionLevel.NOT_IN_NAV)
            files.append(file)
            _GeneratedPage(None, file, config)  # MkDocs keeps it as file.page
    return files


class _GeneratedPage(Page):
    """A page the generator adds. Its Markdown is empty (its text is staff text, which
    :func:`on_page_content` renders with the restricted renderer), so MkDocs' Markdown has nothing
    to convert: rendering skips making a Markdown parser with every extension for each of the
    thousands of pages (a share of the build worth saving: bench/README.md) and gives what
    converting "" gives, as Material's blog gives its views their own pages."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown:  # not expected; rendered as any other page
            return super().render(config, files)
        self.content, self.toc = "", get_toc([])
        self.present_anchor_ids, self.links_to_anchors = set(), {}


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give a generated page its title, template and description; a page staff wrote at a
    generated page's path keeps its own metadata and gets the template that draws the data.

    MkDocs picks the template before ``on_page_context``, so it is set here. Front matter is
    data, not markup: Material prints its title and description into the page unescaped.
    """
    spec = _build.specs.get(page.file.src_uri)
    if spec is not None and page.file.generated_by is not None:
        page.meta.update(spec.meta())
        return markdown
    if "template" in page.meta:
        shown = f"{shown_path(Path(config.docs_dir), _build.settings.project_dir)}/{page.file.src_uri}"
        problem = template_problem(page.meta["template"], page.file.content_string, shown, config.theme.dirs)
        if problem is not None:
            _build.page_problems.append(problem)
            del page.meta["template"]
    if spec is not None:
        page.meta.setdefault("template", spec.template)
        if spec.hide:
            page.meta.setdefault("hide", list(spec.hide))
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = escaped(page.meta[key])
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Give a generated page its staff text, made safe; protect e-mail addresses in every page,
    and note each news post for the news feed.

    A generated page's text is a description from a data file: it is rendered here by the
    restricted renderer, never by the site's own Markdown (whose attr_list and raw HTML are for
    the trusted pages under content/). Its headings replace the (empty) table of contents, which
    the search index reads next.
    """
    spec = _build.specs.get(page.file.src_uri)
    if spec is not None and page.file.generated_by is not None:
        text = _build.staff_text.render(spec.body, spec.path)
        html, page.toc = text.html, get_toc(text.toc_tokens)
    if _build.news_dir and page.file.src_uri.startswith(_build.news_dir):
        post = getattr(page, "config", None)  # Material's blog Post: its date and categories
        if post is not None and getattr(post, "draft", False) is not True:
            _build.posts.append({
                "title": plain(page.title),
                "url": config.site_url.rstrip("/") + "/" + page.url,
                "path": page.url,
                "date": post.date.created.replace(tzinfo=_build.settings.zone),
                "categories": list(post.categories),
                "description": plain(page.meta.get("description")),
            })
    words = _build.content.words
    if spec is not None and page.file.generated_by is not None and spec.search_text:
        # The search words go to the search index only (see on_page_context); the e-mail pass
        # covers them too, since the index is published.
        _build.shown[page.file.src_uri] = protect_email_links(html, words)
        html += search_only(spec.search_text)
    return protect_email_links(html, words)


@event_priority(100)  # first: a page is kept as it leaves this hook, and goes to the others' as before
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """The last pass over each finished page: what the templates drew around the content (event
    summaries in lists, names in cards) gets the same e-mail protection as the content.

    While serving, a generated page outside the menu is kept as it leaves here for the next
    build, and a page printed as kept is passed on as it is (it was protected when drawn)."""
    path = page.file.src_uri
    if path in _build.reused:
        return output
    output = protect_email_links(output, _build.content.words)
    if path in _build.digests:
        _build.drawn.keep(path, _build.digests[path], output)
    return output


@event_priority(-100)  # after the search plugin has indexed the page
def on_page_context(context, page: Page, config: MkDocsConfig, nav):
    """Hand a generated page the data its template draws, and take its search words back out of
    its content: the search plugin has read them by now, and the page does not show them."""
    spec = _build.specs.get(page.file.src_uri)
    if spec is not None:
        context["partnership"] = spec.view
    if page.file.src_uri in _build.reused:
        context["partnership_page"] = _build.drawn.page(page.file.src_uri)
    shown = _build.shown.pop(page.file.src_uri, None)
    if shown is not None:
        page.content = shown
    return context


def on_post_build(config: MkDocsConfig) -> None:
    """Write the news feed and the browser editor, and wait for the feeds, calendars and open data."""
    files: dict[str, bytes] = {}
    if _build.news_dir:
        files[routes.NEWS_FEED] = news_feed_file(_build.posts, _build.settings, _build.content.words, _build.settings.site_name, build_time(dict(os.environ)))
    # The browser editor (Decap CMS) at /admin/: written after the pages, so it is in neither
    # the sitemap nor the search index. DECAP_LOCAL_BACKEND_URL points it at a decap-server on
    # another port than 8081. Without `make admin` the site is built without it: a warning, which
    # is only an INFO line under --strict, so that publishing does not stop for it.
    try:
        files.update(decap.admin_files(
            _build.settings, repo_url=config.repo_url, local_backend_url=os.environ.get("DECAP_LOCAL_BACKEND_URL"),
            options=config.extra.get("decap"), news_dir=_build.news_dir,
        ))
    except decap.BundleMissing as missing:
        (log.info if config.strict else log.warning)(str(missing))
    except ValueError as error:
        raise PluginError(str(error)) from None
    write_files(files, Path(config.site_dir))
    if _build.drawn is not None:
        _build.drawn.keep_only(_build.digests)
    writer, _build.writer = _build.writer, None
    try:
        written = writer.finish()
    except BackgroundError as error:
        raise PluginError(f"flödena, kalenderfilerna och de öppna datafilerna gick inte att skriva: {error}") from None
    log.debug(
        "%d feeds, calendars and open data files in %.2f s (%s)",
        written.files, written.seconds, "in parallel with the pages" if written.parallel else "after the pages",
        extra={"written": written},  # for bench/run.py
    )


def on_build_error(error: Exception) -> None:
    """Stop writing the feeds and calendars of a build that failed."""
    if _build is not None and _build.writer is not None:
        _build.writer.cancel()
        _build.writer = None


def on_serve(server, config: MkDocsConfig, builder):
    """Rebuild when staff save a data file."""
    for path in data_files(Settings.from_mkdocs(config)):
        if path.exists():
            server.watch(str(path))
    return server
