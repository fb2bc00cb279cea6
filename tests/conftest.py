"""Shared fixtures: the example site built once per session, and small throwaway sites.

Every build runs MkDocs' own command line in a process of its own (forked_builds.py), as staff
and CI run it, with a fixed ``SOURCE_DATE_EPOCH`` so that nothing depends on today's date.
"""

from __future__ import annotations

import fcntl
import functools
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import settings
from xdist.scheduler import LoadScopeScheduling

import earlier_runs
import node_side
from browser_pages import SiteTabs, Visit, page_paths, settle_all
from forked_builds import mkdocs_build, run_forked

REPO = Path(__file__).resolve().parents[1]
HOOKS = REPO / "hooks"
BUILD_EPOCH = 1795000000
"""2026-11-18 UTC: the build's "now" for every test build."""

BENCH = REPO / "bench"
"""The benchmark's scripts, some of which the tests use (generate.py's synthetic projects)."""

# Once, here, before any test module imports: the generator's package, and the benchmark's scripts
# after everything else (bench/ is not a package, and its module names are plain words).
if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))
if str(BENCH) not in sys.path:
    sys.path.append(str(BENCH))


# Hypothesis: make test runs each property on 50 examples, a few seconds each;
# HYPOTHESIS_PROFILE=thorough runs 1000 (before a release, after changing the readers).
# A test that sets its own max_examples (such as those that run whole builds) keeps it.
# Examples that once failed are replayed from .hypothesis/ first, whatever the profile.
settings.register_profile("suite", max_examples=50, deadline=None)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(SOURCE_DATE_EPOCH=str(BUILD_EPOCH), NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    return env


def tool(name: str) -> str:
    """A console script of the venv running the tests (mkdocs, properdocs)."""
    return str(Path(sys.executable).with_name(name))


@dataclass
class Build:
    """One finished build: its exit code, its log (stdout and stderr together) and its output."""

    returncode: int
    log: str
    site: Path
    project: Path

    def page(self, url_path: str) -> BeautifulSoup:
        return parse_page(self.site, url_path)


def run_build(config: Path, site: Path, *, strict: bool = True, program: str = "mkdocs") -> Build:
    """``mkdocs build`` (forked from a process that has imported it: forked_builds.py) or another
    program's, such as ``properdocs``, as a subprocess."""
    arguments = ["build", "-f", str(config), "-d", str(site)]
    if strict:
        arguments.append("--strict")
    if program == "mkdocs":
        returncode, log = mkdocs_build(arguments, folder=config.parent, environment=build_env(), timeout=600)
        return Build(returncode, log, site, config.parent)
    done = subprocess.run(
        [tool(program), *arguments], cwd=config.parent, env=build_env(), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, timeout=600,
    )
    return Build(done.returncode, done.stdout, site, config.parent)


def run_check(folder: Path, *arguments: str, memory: int | None = None) -> subprocess.CompletedProcess:
    """``make check``'s command, ``python -m partnerskap.cli check <arguments>``, in ``folder``,
    forked as the builds are (forked_builds.py; test_staff_tools runs it once in an interpreter of
    its own): its exit code, stdout and stderr, with at most ``memory`` bytes of address space."""
    returncode, stdout, stderr = run_forked(
        "partnerskap", ["check", *arguments], folder=folder, environment=build_env(), timeout=120, apart=True, memory=memory)
    return subprocess.CompletedProcess(["partnerskap", "check", *arguments], returncode, stdout, stderr)


def check_jsonschema(*arguments: str) -> subprocess.CompletedProcess:
    """check-jsonschema, the schema checker of the pre-commit hooks, with ``arguments``: its own
    command line, run in this process. As a program of its own each run spent most of its 0.6
    processor-seconds importing itself; here a worker imports it once (bench/README.md)."""
    from check_jsonschema.cli.main_command import main
    from click.testing import CliRunner

    result = CliRunner().invoke(main, list(arguments), catch_exceptions=False)
    return subprocess.CompletedProcess(["check-jsonschema", *arguments], result.exit_code, result.stdout, result.stderr)


def page_file(site: Path, url_path: str) -> Path:
    """The file of the built page at a site path such as ``/medlemmar/region-halland/``."""
    relative = url_path.strip("/")
    path = site / relative / "index.html" if not relative.endswith(".html") else site / relative
    assert path.is_file(), f"no page at {url_path} ({path})"
    return path


@functools.lru_cache(maxsize=None)
def parse_page(site: Path, url_path: str) -> BeautifulSoup:
    """The built page at a site path, parsed once, for tests that read a few pages by CSS selector."""
    return BeautifulSoup(page_file(site, url_path).read_text(encoding="utf-8"), "lxml")


def page_tree(site: Path, url_path: str) -> lxml.html.HtmlElement:
    """The built page as lxml's own tree, for the checks that read every page: the parser
    BeautifulSoup uses in :func:`parse_page`, without the tree BeautifulSoup builds on top of it,
    which takes twenty times as long."""
    return lxml.html.document_fromstring(page_file(site, url_path).read_text(encoding="utf-8"))


def css_class(name: str) -> str:
    """An XPath condition for an element of class ``name``, as CSS writes ``.name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


NOT_TEXT = frozenset({"script", "style", "template", "rt", "rp"})
"""Elements whose text BeautifulSoup's ``get_text`` leaves out (it keeps their strings apart)."""


def tree_text(element: lxml.html.HtmlElement) -> list[str]:
    """The text under an lxml element, piece by piece, as BeautifulSoup's ``get_text`` gives it:
    nothing inside a script, a stylesheet, a template or a ruby annotation, and no comment."""
    found = []

    def walk(node) -> None:
        if node.text and node.tag not in NOT_TEXT:
            found.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in NOT_TEXT:
                walk(child)
            if child.tail:
                found.append(child.tail)

    walk(element)
    return found


def resolve(page_path: str, href: str) -> str:
    """The site path a link on the page at ``page_path`` points to (``../x/`` -> ``/medlemmar/x/``)."""
    return urlsplit(urljoin(f"http://site{page_path}", href)).path


def text_of(node) -> str:
    """A node's visible text with whitespace collapsed (a BeautifulSoup node or an lxml element)."""
    if isinstance(node, lxml.html.HtmlElement):
        return " ".join(" ".join(tree_text(node)).split())
    return " ".join(node.get_text(" ", strip=True).split())


# --- Tiers --------------------------------------------------------------------------------------
# pytest.ini names the tiers; `make test-fast` leaves out browser and external. That a test builds
# or drives the browser shows in the fixtures it uses, however indirectly, so it is marked here: a
# module-scoped fixture that makes files (a site, a checker's report) builds too. A test that
# builds or runs an outside checker by itself carries the mark in its module.

TIERS = ("unit", "build", "browser", "external")
BUILDS = {"example_build", "throwaway", "session_throwaway"}
MAKES_FILES = {"tmp_path_factory", "session_throwaway"}


def makes_a_module_site(item: pytest.Item) -> bool:
    """Whether the test uses a module-scoped fixture that makes files once for its module."""
    return any(
        definitions[-1].scope == "module" and MAKES_FILES & set(definitions[-1].argnames)
        for definitions in item._fixtureinfo.name2fixturedefs.values()
    )


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups, and before -m selects
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        used = set(item.fixturenames)
        if "playwright_driver" in used:  # the browser, or a browser of its own
            item.add_marker(pytest.mark.browser)
        if used & BUILDS or makes_a_module_site(item):
            item.add_marker(pytest.mark.build)
        if not any(item.get_closest_marker(tier) for tier in TIERS):
            item.add_marker(pytest.mark.unit)
    order_longest_first(config, items)


# --- Order ----------------------------------------------------------------------------------------
# make test runs on every core with pytest-xdist, whose controller hands a worker the next unit of
# work whenever it runs short: a test, or a group of tests that stays on one worker, in its order.
# A module whose module-scoped fixture makes files (a site, a checker's report) is a group, so that
# the files are made once; so are the tests marked pytest.mark.xdist_group, such as the modules that
# share the pages the browser loaded once (settled_pages). The longest units go first,
# timed by the last run (pytest's cache) or guessed from their tiers, so that the run ends on
# short tests with every core busy. pytest-xdist's own --dist loadgroup does not see its groups
# under pytest 9 (pytest-xdist issue 1386), so the workers write the groups down for the
# controller's scheduler below.

DURATIONS = "partnerskap/durations"
SEED_DURATIONS = Path(__file__).with_name("durations.json")
"""The times of one whole run on the 2-core machine, for a run with no cache of its own (a fresh
clone, CI): without them the longest tests, guessed from their tiers, could start last and end
the run alone. ``make test-times`` writes it again from the last run's cache."""
GUESSED_SECONDS = {"external": 5.0, "browser": 2.0, "build": 2.0, "unit": 0.05}
"""What a test the cache has no time for is taken to last: the sum over its tiers."""
UNITS_FILE = pytest.StashKey[Path]()
"""The controller's file of the groups, which the workers write."""
UNITS_INPUT = "partnerskap_units"
"""Where a worker finds that file's name (its ``workerinput``)."""


def work_group(item: pytest.Item) -> str | None:
    """The group a test runs in, if any: its mark's, or its module's if a module fixture makes files."""
    marked = item.get_closest_marker("xdist_group")
    if marked:
        return marked.args[0]
    return item.module.__name__ if makes_a_module_site(item) else None


def order_longest_first(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Sorts the tests into units, longest first, and under pytest-xdist writes the groups down."""
    cache = getattr(config, "cache", None)  # none under -p no:cacheprovider
    # The committed times for what the cache lacks: after a `make test-fast` it has the unit tier's alone.
    timed = {**json.loads(SEED_DURATIONS.read_text(encoding="utf-8")), **(cache.get(DURATIONS, {}) if cache else {})}

    def seconds(item: pytest.Item) -> float:
        guess = sum(GUESSED_SECONDS[tier] for tier in TIERS if item.get_closest_marker(tier))
        return timed.get(item.nodeid, guess)

    units: dict[str, list[pytest.Item]] = {}
    for item in items:
        units.setdefault(work_group(item) or item.nodeid, []).append(item)
    longest_first = sorted(units.items(), key=lambda unit: -sum(map(seconds, unit[1])))
    items[:] = [item for _, unit in longest_first for item in unit]
    target = getattr(config, "workerinput", {}).get(UNITS_INPUT)
    if target:  # each worker writes the same; the controller reads it once all have collected
        groups = {item.nodeid: name for name, unit in longest_first if len(unit) > 1 for item in unit}
        written = Path(f"{target}.{config.workerinput['workerid']}")
        written.write_text(json.dumps(groups), encoding="utf-8")
        written.replace(target)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """Tells a pytest-xdist worker where to write the groups down."""
    config = node.config
    if UNITS_FILE not in config.stash:
        folder = Path(tempfile.mkdtemp(prefix="pytest-units-"))
        config.stash[UNITS_FILE] = folder / "units.json"
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
    node.workerinput[UNITS_INPUT] = str(config.stash[UNITS_FILE])


class UnitScheduling(LoadScopeScheduling):
    """pytest-xdist's scheduling by scope, each scope a unit of the workers' list, in its order."""

    def __init__(self, config: pytest.Config, log) -> None:
        super().__init__(config, log)
        self.units_file = config.stash[UNITS_FILE]
        self.units: dict[str, str] | None = None

    def _split_scope(self, nodeid: str) -> str:
        if self.units is None:  # the first call comes after every worker reported its collection
            self.units = json.loads(self.units_file.read_text(encoding="utf-8"))
        return self.units.get(nodeid, nodeid)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log) -> UnitScheduling | None:
    if config.getvalue("dist") != "load":
        return None  # another --dist, asked for by name
    config.option.loadscopereorder = False  # the workers' list is longest first already
    return UnitScheduling(config, log)


class Durations:
    """Times each test of a run (setup, call and teardown) into pytest's cache for the next."""

    def __init__(self, cache: pytest.Cache) -> None:
        self.cache = cache
        self.seconds: dict[str, float] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.seconds[report.nodeid] = self.seconds.get(report.nodeid, 0.0) + report.duration

    def pytest_sessionfinish(self) -> None:
        if self.seconds:
            self.cache.set(DURATIONS, {**self.cache.get(DURATIONS, {}), **self.seconds})


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    # After the tests, pytest collects a process's garbage twice (to report what a finaliser
    # raised), and Python's teardown more than once: each full collection walks everything the
    # tests kept (parsed pages, Hypothesis' data, the in-process builds), 2 to 3 s in all at the
    # end of every run with the cores idle (bench/README.md, "The end of a run"). One collection
    # here, whose unraisable exceptions pytest still reports; what is left is then frozen.
    gc.collect()
    gc.freeze()


def pytest_configure(config: pytest.Config) -> None:
    # The reports of every worker reach the controller; a worker keeps no times of its own.
    if getattr(config, "cache", None) is not None and not hasattr(config, "workerinput"):
        config.pluginmanager.register(Durations(config.cache), "partnerskap-durations")
    earlier_runs.delete_in_background(config)  # before this run's own folder is made


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session: pytest.Session) -> None:
    """No test starts before npm's side of ``make test`` is set up (tests/node_side.py). The
    controller waits here while the workers collect (they start no test it has not handed out);
    a failure there ends the run with one line, after make printed npm's output."""
    status = os.environ.get(node_side.VARIABLE)
    if status and not hasattr(session.config, "workerinput"):
        problem = node_side.wait(Path(status))
        if problem:
            pytest.exit(problem, returncode=1)


# --- The example site ---------------------------------------------------------------------------

def read_yaml(path: Path):
    """A YAML file as PyYAML's safe loader reads it, through libyaml: the same values in a tenth
    of the time of PyYAML's Python scanner, which the larger files of the tests notice."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@pytest.fixture(scope="session")
def example_repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def example_config() -> dict:
    return read_yaml(REPO / "mkdocs.yml")


@pytest.fixture(scope="session")
def members_data() -> dict:
    """members.yaml as plain data, read independently of the generator."""
    path = REPO / "members.yaml"
    assert path.is_file(), "the example members.yaml is missing"
    return read_yaml(path)


@pytest.fixture(scope="session")
def events_data() -> dict:
    """events.yaml as plain data, read independently of the generator."""
    return read_yaml(REPO / "events.yaml")


def session_folder(tmp_path_factory) -> Path:
    """A folder every process of this test session shares: pytest-xdist gives each worker a
    temporary folder of its own, all in one folder of the session."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> Build:
    """The example site, built once per session with ``--strict``: the first worker to ask
    builds it, holding a lock, and the others read the same site and log."""
    folder = session_folder(tmp_path_factory) / "example"
    folder.mkdir(exist_ok=True)
    result = folder / "build.json"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if result.is_file():
            build = Build(**json.loads(result.read_text(encoding="utf-8")), site=folder / "site", project=REPO)
        else:
            build = run_build(REPO / "mkdocs.yml", folder / "site")
            result.write_text(json.dumps({"returncode": build.returncode, "log": build.log}), encoding="utf-8")
    assert build.returncode == 0, build.log
    assert "WARNING" not in build.log, build.log
    assert "Traceback" not in build.log, build.log
    return build


@pytest.fixture(scope="session")
def example_site(example_build) -> Path:
    return example_build.site


# --- Throwaway sites ----------------------------------------------------------------------------

THROWAWAY_CONFIG = f"""\
# A test site on the example's settings, with its own data and an empty content folder.
INHERIT: {REPO / "mkdocs.yml"}
hooks:
  - {HOOKS / "mkdocs_hooks.py"}
theme:
  custom_dir: {REPO / "overrides"}
  language: {{language}}
nav: null
extra:
  partnership:
    accessibility: null   # the example's statement page is not in a throwaway site
    join_page: null       # nor are its other pages and images
    contact_page: null
    share_image: null
    sources: []           # the example's calendar sources name members a throwaway site lacks
"""


@dataclass
class Throwaway:
    """Writes a small site next to the example's settings and builds it."""

    root: Path

    def build(self, members: str, *, strict: bool = True, **project) -> Build:
        """Writes the project (:meth:`write`) and builds it."""
        return run_build(self.write(members, **project), self.root / "site", strict=strict)

    def write(
        self, members: str, *, events: str = "events: []\n", language: str = "sv",
        files: dict[str, str | bytes] | None = None, sources: list[dict] | None = None,
    ) -> Path:
        """Writes the project's files and gives its mkdocs.yml. ``sources`` are the site's
        calendar sources (extra.partnership.sources); their copies are read from
        ``kalenderkopior/`` beside the data, where a test fetches them first."""
        self.root.mkdir(parents=True, exist_ok=True)
        content = self.root / "content"
        content.mkdir(exist_ok=True)
        for name, data in (files or {}).items():
            target = content / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        (self.root / "members.yaml").write_text(textwrap.dedent(members), encoding="utf-8")
        (self.root / "events.yaml").write_text(textwrap.dedent(events), encoding="utf-8")
        config = self.root / "mkdocs.yml"
        settings = THROWAWAY_CONFIG.format(language=language)
        if sources:
            written = yaml.safe_load(settings)
            written["extra"]["partnership"]["sources"] = sources
            settings = yaml.safe_dump(written, allow_unicode=True, sort_keys=False)
        config.write_text(settings, encoding="utf-8")
        return config


@pytest.fixture
def throwaway(tmp_path) -> Throwaway:
    return Throwaway(tmp_path / "project")


@pytest.fixture(scope="session")
def session_throwaway(tmp_path_factory):
    """A factory of throwaway sites for session-scoped fixtures (each build is made once)."""
    return lambda name: Throwaway(tmp_path_factory.mktemp(name))


# --- The example in a real browser --------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium-headless-shell")
"""Debian's Chromium as the browser tests drive it: its headless shell, the same Blink without the
browser around it, which Playwright itself launches for headless runs. A run's pages, axe and the
editor take a fifth less processor time in it than in the whole browser (bench/README.md, "Browser tests")."""
FULL_CHROMIUM = Path("/usr/bin/chromium")
"""Debian's whole browser, for what only a browser with a window does: ask for the site's icon."""
# No host resolves but the tests' own servers' (a page asking another site fails at once, and no
# test reaches the network), with no route in Playwright, which would turn the HTTP cache off.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]


def need(present: bool, what: str) -> None:
    """Skip a test whose tool is missing here; in CI (``CI`` set) a missing tool fails it instead."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing and CI is set: the test cannot run", pytrace=False)
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="session")
def served(example_site):
    """The example site on ``http://127.0.0.1:<free port>``, as a static web server serves it."""
    from clients import static_site  # clients imports this module

    with static_site(example_site) as address:
        yield address


@pytest.fixture(scope="session")
def playwright_driver():
    """Playwright's driver, one a worker: a process starts one at a time."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


def launch(playwright_driver, program: Path):
    """Debian's ``program`` through Playwright, headless (Playwright cannot fetch its own here)."""
    need(program.exists(), f"Debian's Chromium ({program}; .ci/run installs it)")
    return playwright_driver.chromium.launch(executable_path=str(program), args=CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def browser(playwright_driver):
    """The browser of the browser tests (:data:`CHROMIUM`)."""
    chromium = launch(playwright_driver, CHROMIUM)
    yield chromium
    chromium.close()


@pytest.fixture(scope="session")
def site_tabs(browser, served) -> SiteTabs:
    """The browser context whose tabs visit the example, each tab kept for the next test
    (browser_pages.SiteTabs). The site may use the clipboard, as a visitor's browser lets it
    when the visitor clicks a copy button."""
    tabs = SiteTabs(browser)
    tabs.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served)
    yield tabs
    tabs.close()


@pytest.fixture(scope="session")
def clock_tabs(browser) -> SiteTabs:
    """Tabs for the tests that set the reader's clock: Playwright's clock is the whole context's,
    so they share a context of their own, and each sets the time it needs."""
    tabs = SiteTabs(browser)
    yield tabs
    tabs.close()


@pytest.fixture(scope="session")
def scriptless_tabs(browser) -> SiteTabs:
    """Tabs that visit the example with JavaScript off, as some readers do."""
    tabs = SiteTabs(browser, java_script_enabled=False)
    yield tabs
    tabs.close()


@pytest.fixture(scope="session")
def paths(example_site, members_data, events_data) -> dict[str, str]:
    """One path of the example for each kind of page (browser_pages.PAGE_TYPES)."""
    return page_paths(example_site, members_data, events_data)


@pytest.fixture(scope="session")
def settled_pages(site_tabs, served, paths) -> dict[str, Visit]:
    """Every kind of page (browser_pages.PAGE_TYPES) as first loaded on a desktop screen, once per
    worker: test_browser.py reads their consoles, test_requests.py their requests and
    test_accessibility.py runs axe on them (the three share a worker: see "Order")."""
    return settle_all(site_tabs, served, paths)
