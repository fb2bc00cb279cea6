"""Shared fixtures: the example site built once per session, and small throwaway sites.

Every build runs MkDocs as a subprocess, as staff and CI run it, with a fixed
``SOURCE_DATE_EPOCH`` so that nothing depends on today's date.
"""

from __future__ import annotations

import fcntl
import functools
import http.server
import json
import os
import subprocess
import sys
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]
HOOKS = REPO / "hooks"
BUILD_EPOCH = 1795000000
"""2026-11-18 UTC: the build's "now" for every test build."""

if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))


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
    command = [tool(program), "build", "-f", str(config), "-d", str(site)]
    if strict:
        command.append("--strict")
    done = subprocess.run(
        command, cwd=config.parent, env=build_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, timeout=600,
    )
    return Build(done.returncode, done.stdout, site, config.parent)


@functools.lru_cache(maxsize=None)
def parse_page(site: Path, url_path: str) -> BeautifulSoup:
    """The built page at a site path such as ``/medlemmar/region-halland/`` (parsed once)."""
    relative = url_path.strip("/")
    path = site / relative / "index.html" if not relative.endswith(".html") else site / relative
    assert path.is_file(), f"no page at {url_path} ({path})"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def resolve(page_path: str, href: str) -> str:
    """The site path a link on the page at ``page_path`` points to (``../x/`` -> ``/medlemmar/x/``)."""
    return urlsplit(urljoin(f"http://site{page_path}", href)).path


def text_of(node) -> str:
    """A node's visible text with whitespace collapsed."""
    return " ".join(node.get_text(" ", strip=True).split())


# --- Tiers --------------------------------------------------------------------------------------
# pytest.ini names the tiers; `make test-fast` leaves out browser and external. That a test builds
# or drives the browser shows in the fixtures it uses, however indirectly, so it is marked here: a
# module-scoped fixture that makes files (a site, a checker's report) builds too. A test that
# builds or runs an outside checker by itself carries the mark in its module.

TIERS = ("unit", "build", "browser", "external")
TIERS_BY_COST = ("external", "browser", "build", "unit")
BUILDS = {"example_build", "throwaway", "session_throwaway"}
MAKES_FILES = {"tmp_path_factory", "session_throwaway"}


def makes_a_module_site(item: pytest.Item) -> bool:
    """Whether the test uses a module-scoped fixture that makes files once for its module."""
    return any(
        definitions[-1].scope == "module" and MAKES_FILES & set(definitions[-1].argnames)
        for definitions in item._fixtureinfo.name2fixturedefs.values()
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        used = set(item.fixturenames)
        if "browser" in used:
            item.add_marker(pytest.mark.browser)
        if used & BUILDS or makes_a_module_site(item):
            item.add_marker(pytest.mark.build)
        if not any(item.get_closest_marker(tier) for tier in TIERS):
            item.add_marker(pytest.mark.unit)
    # The costly tiers first. pytest-xdist gives each worker a share of the tests in this order
    # and an idle worker takes tests from the end of a busy one's list, so a run that starts
    # with the minute-long tests ends on quick ones, both cores busy to the end. A module stays
    # in one piece and in its order (its fixtures are made once).
    module_cost: dict[Path, int] = {}
    for item in items:
        cost = min(TIERS_BY_COST.index(tier) for tier in TIERS if item.get_closest_marker(tier))
        module_cost[item.path] = min(cost, module_cost.get(item.path, cost))
    items.sort(key=lambda item: module_cost[item.path])


# --- The example site ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def example_repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def example_config() -> dict:
    return yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def members_data() -> dict:
    """members.yaml as plain data, read independently of the generator."""
    path = REPO / "members.yaml"
    assert path.is_file(), "the example members.yaml is missing"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


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
"""


@dataclass
class Throwaway:
    """Writes a small site next to the example's settings and builds it."""

    root: Path

    def build(
        self, members: str, *, events: str = "events: []\n", language: str = "sv", strict: bool = True,
        files: dict[str, str | bytes] | None = None,
    ) -> Build:
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
        config.write_text(THROWAWAY_CONFIG.format(language=language), encoding="utf-8")
        return run_build(config, self.root / "site", strict=strict)


@pytest.fixture
def throwaway(tmp_path) -> Throwaway:
    return Throwaway(tmp_path / "project")


@pytest.fixture(scope="session")
def session_throwaway(tmp_path_factory):
    """A factory of throwaway sites for session-scoped fixtures (each build is made once)."""
    return lambda name: Throwaway(tmp_path_factory.mktemp(name))


# --- The example in a real browser --------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def need(present: bool, what: str) -> None:
    """Skip a test whose tool is missing here; in CI (``CI`` set) a missing tool fails it instead."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing and CI is set: the test cannot run", pytrace=False)
    pytest.skip(f"{what} is missing")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture(scope="session")
def served(example_site):
    """The example site on ``http://127.0.0.1:<free port>``, as a static web server serves it."""
    handler = functools.partial(_QuietHandler, directory=str(example_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, headless (Playwright cannot fetch its own here)."""
    need(CHROMIUM.exists(), f"Debian's Chromium ({CHROMIUM}; .ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
