"""The browser editor at /admin/ (Decap CMS): its generated configuration, and one real edit.

The end-to-end tests run Decap's local backend (``decap-server`` from npm) on a temporary copy
of the repository, never on this one, add an event, a news post and a member with a logo through
the forms in Chromium, and check that the copy's files hold them and build into their pages
(``--strict``, which fails on any problem ``make check`` would report). The copy's calendar holds
the fewest of the example's events that write every key in every form
(``fewest_events_with_every_key``).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, strategies as st

from conftest import REPO, THROWAWAY_CONFIG, need, parse_page, resolve, run_build, text_of
from partnerskap.model.events_file import EVENT, EVENTS_FILE
from partnerskap.model.members_file import MEMBERS_FILE
from partnerskap.model.projects_file import PROJECT
from partnerskap.outputs import decap, decap_bundle
from partnerskap.source.fields import (
    Boolean, Choice, ClockTime, DateOrDateTime, Email, Integer, IsoDate, ListOf, Markdown, Record, Slug,
    Text, TextOrRecord, Url, slugify,
)

DIST = REPO / decap.DIST
SERVER = REPO / "node_modules" / "decap-server" / "package.json"


def need_decap() -> None:
    need((DIST / decap.BUNDLE).is_file(), f"Decap CMS ({decap.DIST / decap.BUNDLE}; run `npm ci`)")


# --- The configuration, generated from the field descriptions -----------------------------------

def config_of(name: str, config: dict) -> list[dict]:
    for collection in config["collections"]:
        for file in collection.get("files", []):
            if file["name"] == name:
                return file["fields"]
        if collection["name"] == name:
            return collection["fields"]
    raise KeyError(name)


EXPECTED_WIDGETS = {
    Markdown: "markdown", Text: "string", Slug: "string", Url: "string", Email: "string",
    IsoDate: "datetime", DateOrDateTime: "string", ClockTime: "string", Boolean: "boolean",
    Integer: "number", Choice: "select", ListOf: "list", Record: "object", TextOrRecord: "object",
}


def check_fields(record: Record, generated: list[dict], required: bool = True) -> int:
    """Every key of the record, in order, with its widget, label and required flag."""
    assert [f["name"] for f in generated] == [f.key for f in record.fields], record.name
    checked = 0
    for spec, field in zip(record.fields, generated):
        label, _ = decap.label_and_hint(spec.title)
        assert field["label"] == label and spec.title in (field["label"], field.get("hint")), (record.name, spec.key)
        assert field["required"] is (spec.required and required), (record.name, spec.key)
        reference = decap.relation_of(spec.type)
        if reference:
            assert field["widget"] == "relation" and field["collection"] == reference.collection
            assert field.get("multiple", False) is isinstance(spec.type, ListOf)
        elif (record.name, spec.key) in decap.MEDIA:
            assert field["widget"] == "image" and field["choose_url"] is False
        else:
            assert field["widget"] == EXPECTED_WIDGETS[type(spec.type)], (record.name, spec.key)
        kind = spec.type
        if isinstance(kind, (Slug, Url, Email, DateOrDateTime, ClockTime)) and not reference:
            regex, help_text = field["pattern"]
            re.compile(regex)
            assert help_text
        if isinstance(kind, IsoDate):
            assert field["format"] == field["date_format"] == "YYYY-MM-DD" and field["time_format"] is False
        if isinstance(kind, Integer):
            assert field["value_type"] == "int" and field["min"] == kind.minimum
        if isinstance(kind, Choice):
            assert [o["value"] for o in field["options"]] == list(kind.choices)
        if isinstance(kind, ListOf) and isinstance(kind.item, Record):
            assert field["label_singular"] == kind.item.noun and kind.item.noun, (record.name, spec.key)
            checked += check_fields(kind.item, field["fields"])
        elif isinstance(kind, ListOf) and not reference:
            assert field["field"]["widget"] == EXPECTED_WIDGETS[type(kind.item)]
        if isinstance(kind, (Record, TextOrRecord)):
            inner = kind if isinstance(kind, Record) else kind.record
            checked += check_fields(inner, field["fields"], required=spec.required and required)
        checked += 1
    return checked


def test_the_collections_are_the_field_descriptions():
    config = decap.decap_config(repo="lluh/sajten")
    assert config["backend"] == {"name": "github", "repo": "lluh/sajten", "branch": "main"}
    assert config["local_backend"] is True
    assert (config["locale"], config["media_folder"], config["public_folder"]) == ("sv", "content/img", "/img")
    counted = check_fields(MEMBERS_FILE, config_of("members", config))
    counted += check_fields(EVENTS_FILE, config_of("events", config))
    project = config_of("projekt", config)
    assert project[-1]["name"] == "body" and project[-1]["widget"] == "markdown"
    counted += check_fields(PROJECT, project[:-1])
    assert counted > 80
    projects = next(c for c in config["collections"] if c["name"] == "projekt")
    assert (projects["folder"], projects["extension"], projects["format"]) == ("content/projekt", "md", "frontmatter")
    # Dates keep their written form: 2026-05-01 as a date, "2026-05-01 13:30" as text.
    fields = {f["name"]: f for f in config_of("events", config)[1]["fields"]}
    assert fields["published"]["widget"] == "datetime"
    assert fields["start"]["widget"] == "string" and re.match(fields["start"]["pattern"][0], "2026-05-01 13:30")
    # The files' own lists open as one line each (a form per item is drawn only when opened);
    # the lists inside an item open as they are.
    for file_name in ("members", "events"):
        top = [f for f in config_of(file_name, config) if f["widget"] == "list"]
        assert top and all(f["minimize_collapsed"] is True for f in top), file_name
    assert "minimize_collapsed" not in fields["programme"]
    # Inside an optional block nothing is required, or Decap would not save the block left empty.
    assert fields["repeat"]["required"] is False
    assert [f["required"] for f in fields["repeat"]["fields"]] == [False, False, False]


# Every character a YAML file may hold: no surrogates (not UTF-8) and none of the characters YAML
# itself refuses to read (C0 controls but tab and line breaks, DEL and C1 but NEL, U+FFFE, U+FFFF).
YAML_TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters=[
    *map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0x85), *range(0x86, 0xA0)]),
    "\ufffe", "\uffff"]), max_size=40)


@given(comment=YAML_TEXT, title=YAML_TEXT, url=YAML_TEXT, setting=YAML_TEXT)
@example(comment="# a: b\n---\n- *x", title="!!python/object:os.system [id]", url="\u2028\x85\ufeff{{x}}",
         setting="'\"\\\n#")
@example(comment="", title="a\x85b", url="", setting="\x85")  # NEL, which PyYAML wrote bare
def test_text_from_the_staff_s_files_is_only_text_in_the_config(comment, title, url, setting):
    """Staff text reaches config.yml as a data file's head comment, a page's title and settings of
    mkdocs.yml: whatever it holds, Decap reads back the same strings, in the same keys (no tag,
    anchor, comment or document break of its own)."""
    config = decap.decap_config(repo="lluh/sajten", site_url=url, comments={"members.yaml": comment},
                                pages=[("om.md", title)], backend={"base_url": setting})
    # Read back by libyaml, a reader apart from the writer, as Decap's own is.
    assert yaml.load(decap.render(config), Loader=yaml.CSafeLoader) == config


def test_the_repository_comes_from_repo_url():
    assert decap.repo_from_url("https://github.com/lluh/sajten") == "lluh/sajten"
    assert decap.repo_from_url("https://github.com/lluh/sajten.git/") == "lluh/sajten"
    assert decap.repo_from_url(None) == decap.PLACEHOLDER_REPO
    assert decap.repo_from_url("https://gitlab.com/lluh/sajten") == decap.PLACEHOLDER_REPO


def test_production_settings_of_the_backend_come_from_mkdocs_yml():
    config = decap.decap_config(repo="lluh/sajten", backend={"base_url": "https://auth.example.se", "branch": "live"})
    assert config["backend"] == {"name": "github", "repo": "lluh/sajten", "branch": "live", "base_url": "https://auth.example.se"}
    with pytest.raises(ValueError, match="extra.decap.backend"):
        decap.decap_config(backend="https://auth.example.se")


def test_images_go_into_the_docs_folder_and_links_work_under_a_sub_path():
    config = decap.decap_config(docs_dir="content", site_url="https://lluh.github.io/sajten/")
    members = config["collections"][0]["files"][0]
    # The logo widget uploads into content/img/medlemmar and writes the path the build checks.
    assert (members["media_folder"], members["public_folder"]) == ("/content/img/medlemmar", "img/medlemmar")
    # Images in a page's text link from the site's root, which is /sajten/ here.
    assert (config["media_folder"], config["public_folder"]) == ("content/img", "/sajten/img")
    assert config["site_url"] == "https://lluh.github.io/sajten/"
    assert decap.decap_config(site_url="https://lluh.example.se/")["public_folder"] == "/img"


def test_the_editorial_workflow_is_the_default_and_simple_can_be_chosen():
    assert decap.decap_config()["publish_mode"] == "editorial_workflow"
    assert decap.PUBLISH_MODES[0] == "editorial_workflow"
    settings = type("S", (), {"project_dir": REPO})
    for options, message in (({"publish_mode": "direkt"}, "publish_mode: 'direkt' är inte ett av"),
                             ({"bakend": {}}, "extra.decap tar backend:")):
        with pytest.raises(ValueError, match=message):
            decap.admin_files(settings, options=options)


def test_a_news_post_gets_its_address_from_its_title_in_the_admin_page():
    page = decap.admin_page("Sajten", {})
    assert json.loads(re.search(r"var SLUGS = (.*);", page)[1]) == {"nyheter": ["title", "slug"]}
    assert json.loads(re.search(r"var LETTERS = (.*);", page)[1]) == decap.SLUG_LETTERS
    # The same letters as the build's own slugify, which names events and projects.
    for letter, plain in decap.SLUG_LETTERS.items():
        assert slugify(letter) == plain


def test_the_local_backend_url_can_be_chosen():
    config = decap.decap_config(local_backend_url="http://127.0.0.1:9999/api/v1")
    assert config["local_backend"] == {"url": "http://127.0.0.1:9999/api/v1"}


def test_the_example_calendar_can_be_saved_from_the_form():
    """Decap's form knows a location only as a block: one written short (location: Online)
    keeps it from saving the whole file."""
    events = yaml.load((REPO / "events.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    short = [e.get("id", e.get("title")) for e in events["events"] if isinstance(e.get("location"), str)]
    assert short == [], f"write these locations as blocks, location: {{name: ...}}: {short}"


def test_npm_pins_decap_exactly_and_leaves_its_sources_to_a_full_npm_ci():
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    sections = ("dependencies", "devDependencies", "optionalDependencies")
    pinned = {name: version for section in sections for name, version in package.get(section, {}).items()}
    for name in ("decap-cms", "decap-server"):
        assert re.fullmatch(r"\d+\.\d+\.\d+", pinned.get(name, "")), f"{name} must be pinned exactly: {pinned.get(name)}"
    # make test's `npm ci --omit=optional` leaves Decap's sources out; make admin installs its
    # browser build from the lock's tarball, which the lock still pins with its checksum.
    assert list(package["optionalDependencies"]) == ["decap-cms"]
    locked = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))["packages"]["node_modules/decap-cms"]
    assert locked["optional"] is True and locked["version"] == pinned["decap-cms"]
    assert decap_bundle.locked(REPO).integrity == locked["integrity"]


def test_the_admin_is_built_with_the_site_and_loads_nothing_from_elsewhere(example_site):
    need_decap()
    admin = example_site / "admin"
    page = (admin / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert scripts == ["./decap-cms.js"]
    assert "http" not in page.split("<body>")[1].split("CMS.registerEventListener")[0]
    assert (admin / "decap-cms.js").read_bytes() == (DIST / "decap-cms.js").read_bytes()
    assert list(admin.glob("*.decap-cms.js")), "the pieces Decap loads on demand"
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["branch"] == "main" and config["local_backend"] is True
    assert [c["name"] for c in config["collections"]] == ["medlemmar", "kalender", "projekt", "nyheter", "sidor"]
    assert config["publish_mode"] == "editorial_workflow"
    news = config["collections"][3]
    assert (news["folder"], news["slug"]) == ("content/nyheter/posts", "{{year}}-{{month}}-{{day}}-{{slug}}")
    pages = [file["file"] for file in config["collections"][4]["files"]]
    assert "content/om/bli-medlem.md" in pages and "content/index.md" in pages
    assert not [page for page in pages if page.startswith(("content/projekt/", "content/nyheter/posts/"))]
    # Written after the pages: in neither the sitemap nor the search index.
    assert "/admin/" not in (example_site / "sitemap.xml").read_text(encoding="utf-8")
    index = json.loads((example_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in index["docs"] if d["location"].startswith("admin")]


COPIED = (".gitignore", "members.yaml", "events.yaml", "mkdocs.yml", "content", "hooks", "overrides", "schemas")


def copy_files(target: Path, names: tuple[str, ...] = COPIED) -> Path:
    """The site's files and the generator, as a fresh clone has them (no node_modules)."""
    target.mkdir()
    for name in names:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target / name)
    return target


@pytest.mark.build
def test_without_npm_the_site_is_built_without_the_admin(tmp_path):
    """No node_modules next to the site or the hooks: a warning (an INFO line under --strict, which
    would otherwise stop the build), and no /admin/. A one-member site on the copy's settings,
    generator and templates: the example's pages add nothing to what is checked."""
    project = copy_files(tmp_path / "repo", tuple(name for name in COPIED if name != "content"))
    (project / "content").mkdir()
    (project / "members.yaml").write_text("members:\n  - {id: a, name: A, sector: public}\n", encoding="utf-8")
    (project / "events.yaml").write_text("events: []\n", encoding="utf-8")
    config = project / "one-member.yml"
    config.write_text(THROWAWAY_CONFIG.format(language="sv").replace(str(REPO), str(project)), encoding="utf-8")
    for strict in (False, True):
        build = run_build(config, tmp_path / f"site-{strict}", strict=strict)
        assert build.returncode == 0, build.log
        assert not (build.site / "admin").exists()
        level = "INFO" if strict else "WARNING"
        notes = [line for line in build.log.splitlines() if "Decap CMS" in line]
        assert len(notes) == 1 and re.match(rf"{level} .*Decap CMS är inte installerat.*kör `make admin`", notes[0]), build.log
        assert "index.html" in os.listdir(build.site)


# --- One real edit, in a browser, against a copy of the repository ------------------------------

GIT = ["git", "-c", "user.name=Testkontoret", "-c", "user.email=kontoret@example.se"]
NEW_EVENT = {
    "id": "testdag-i-webblasaren-2027",
    "title": "Testdag i webbläsaren",
    "category": "conference",
    "start": "2027-05-05 09:30",
    "end": "2027-05-05 16:00",
    "location": {"name": "Bygdegården i Unnaryd"},
    "audience": "public",
    "status": "scheduled",
    "published": "2026-11-01",
    "summary": "En dag då formuläret prövas på riktigt.",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def value_forms(value: object, path: str = "") -> set[tuple[str, str]]:
    """Each key of an item (``location.name``, ``programme[].time``) with the written form of its
    value: a date, a time, a number, text on one line or several."""
    if isinstance(value, dict):
        return set().union(set(), *(value_forms(v, f"{path}.{k}" if path else k) for k, v in value.items()))
    if isinstance(value, list):
        return {(path, "list")}.union(*(value_forms(item, f"{path}[]") for item in value))
    for form, pattern in (("date", r"\d{4}-\d\d-\d\d"), ("date and time", r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d.*"),
                          ("time", r"\d\d:\d\d"), ("number", r"-?\d+(\.\d+)?"), ("true/false", r"true|false")):
        if re.fullmatch(pattern, value):
            return {(path, form)}
    return {(path, "lines" if "\n" in value else "text")}


def fewest_events_with_every_key(text: str) -> str:
    """The calendar with its series and the fewest of its events that between them write every key
    in every form the whole calendar does (picked greedily), each kept as written, comments and all.

    Decap draws every event of the list again on each change in the form, a second or two a field
    with the example's four dozen: the edit keeps its test of what Decap writes back, key by key,
    at a fifth of the cost. The items are the lines from one ``  - `` to the next."""
    events = yaml.load(text, Loader=yaml.BaseLoader)["events"]
    lines = text.splitlines(keepends=True)
    head = lines.index("events:\n") + 1
    starts = [number for number, line in enumerate(lines) if number >= head and line.startswith("  - ")]
    assert len(starts) == len(events), "events.yaml: one '  - ' line per event"
    forms = [value_forms(event) for event in events]
    wanted, covered, kept = set().union(*forms), set(), set()
    while covered != wanted:
        best = max(range(len(events)), key=lambda index: len(forms[index] - covered))
        kept.add(best)
        covered |= forms[best]
    ends = starts[1:] + [len(lines)]
    return "".join(lines[:starts[0]] + [line for index in sorted(kept) for line in lines[starts[index]:ends[index]]])


def copy_of_the_repository(target: Path) -> Path:
    copy_files(target)
    calendar = target / "events.yaml"
    calendar.write_text(fewest_events_with_every_key(calendar.read_text(encoding="utf-8")), encoding="utf-8")
    # decap-server and the admin's bundle from this repository's npm install, outside git.
    (target / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=target, check=True)
    (target / ".git" / "info" / "exclude").write_text("node_modules\n", encoding="utf-8")
    subprocess.run([*GIT, "add", "-A"], cwd=target, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "The example"], cwd=target, check=True)
    return target


def wait_for_server(url: str, process: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    request = urllib.request.Request(url, data=b'{"action": "info"}', headers={"Content-Type": "application/json"})
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"decap-server stopped: {log.read_text(encoding='utf-8')}")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                if json.load(response).get("type") == "local_git":
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"decap-server did not answer in time: {log.read_text(encoding='utf-8')}")


@pytest.fixture(scope="module")
def decap_server(tmp_path_factory):
    """A copy of the repository in git, served by ``npx decap-server`` on a port of its own.

    Both edits share it (one worker runs them, one after the other): each starts from whatever
    ``main`` is when it begins (Admin.first), so the edits of one do not reach the other's checks."""
    need(shutil.which("npx") is not None and shutil.which("git") is not None, "Node.js (npx) and git")
    need_decap()
    need(SERVER.is_file(), "decap-server (run `npm ci`)")
    folder = tmp_path_factory.mktemp("decap")
    project = copy_of_the_repository(folder / "repo")
    port = free_port()
    env = {**os.environ, "PORT": str(port), "MODE": "git", "GIT_REPO_DIRECTORY": str(project),
           "GIT_AUTHOR_NAME": "Testkontoret", "GIT_AUTHOR_EMAIL": "kontoret@example.se",
           "GIT_COMMITTER_NAME": "Testkontoret", "GIT_COMMITTER_EMAIL": "kontoret@example.se"}
    log = (folder / "decap-server.log").open("w", encoding="utf-8")
    process = subprocess.Popen(
        ["npx", "--no-install", "decap-server"], cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,  # npx starts a shell and node: stop them all together
    )
    api = f"http://127.0.0.1:{port}/api/v1"
    try:
        wait_for_server(api, process, folder / "decap-server.log")
        yield project, api
    finally:
        log.close()
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture(scope="module")
def serve_dir():
    """Serves folders as a static web server does, each on a port of its own."""
    servers = []

    def serve(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def git(project: Path, *arguments: str) -> str:
    return subprocess.run(["git", *arguments], cwd=project, check=True, capture_output=True, text=True).stdout


class Admin:
    """The admin of a copy of the repository, open in Chromium, signed in to the local backend."""

    def __init__(self, project: Path, page, errors: list[str]) -> None:
        self.project = project
        self.page = page
        self.errors = errors
        self.first = git(project, "rev-parse", "main").strip()

    def field(self, name: str) -> str:
        """The input of a key in the item just added: Decap numbers its inputs as they appear,
        so the newest has the highest number (the form has a ``name`` in several lists)."""
        self.page.locator(f"label[for^='{name}-field-']").first.wait_for(state="attached")
        ids = self.page.eval_on_selector_all(f"label[for^='{name}-field-']", "labels => labels.map(l => l.htmlFor)")
        return "#" + max(ids, key=lambda value: int(value.rsplit("-", 1)[1]))

    def publish(self, changed: str) -> None:
        """The editorial workflow: save (a branch of its own), mark it ready, publish it (merged
        into main), and wait until main has the change."""
        page = self.page
        before = git(self.project, "rev-parse", "main").strip()
        page.get_by_role("button", name="Spara").first.click()
        try:
            page.get_by_role("button", name=re.compile(r"^Status: ")).wait_for()
        except Exception:
            page.screenshot(path=str(self.project.parent / "admin.png"), full_page=True)
            raise AssertionError(f"Decap did not save the entry: {self.errors}") from None
        page.get_by_role("button", name=re.compile(r"^Status: ")).click()
        page.get_by_role("menuitem", name="Redo").click()
        page.get_by_role("button", name="Status: Redo").wait_for()  # stored on the branch
        page.get_by_role("button", name="Publicera").first.click()
        page.get_by_role("menuitem", name="Publicera nu").click()
        page.get_by_text("Inlägg publicerat", exact=False).first.wait_for()
        deadline = time.monotonic() + 90
        while git(self.project, "rev-parse", "main").strip() == before or \
                changed not in git(self.project, "diff", "--name-only", before, "main").split():
            if time.monotonic() > deadline:
                page.screenshot(path=str(self.project.parent / "admin.png"))
                raise AssertionError(f"Decap did not publish {changed}")
            time.sleep(0.1)


@pytest.fixture(scope="module")
def admin_site(decap_server, serve_dir, tmp_path_factory) -> str:
    """The copy's site, built to talk to its decap-server, on a web server of its own."""
    project, api = decap_server
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("DECAP_LOCAL_BACKEND_URL", api)
        built = run_build(project / "mkdocs.yml", tmp_path_factory.mktemp("admin-site") / "site")
    assert built.returncode == 0, built.log
    config = yaml.safe_load((built.site / "admin" / "config.yml").read_text())
    assert config["local_backend"] == {"url": api} and config["publish_mode"] == "editorial_workflow"
    return serve_dir(built.site)


@pytest.fixture(scope="module")
def signed_in(decap_server, admin_site, browser):
    """The admin open in a browser context of its own, signed in to the local backend once: Decap
    loads and draws its collections once for both edits."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(60_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())  # "Publish this entry?" and the like
    page.goto(f"{admin_site}/admin/")
    page.get_by_role("button", name="Logga in").click()  # the local backend needs no account
    page.get_by_role("link", name="Kalendern").first.wait_for()
    yield page, errors
    context.close()


@pytest.fixture
def admin(decap_server, signed_in, tmp_path):
    """The signed-in admin for one edit, its errors counted from the edit's start."""
    project, _ = decap_server
    page, errors = signed_in
    errors.clear()
    try:
        yield Admin(project, page, errors)
    except BaseException:
        page.screenshot(path=str(tmp_path / "admin.png"))
        raise


# The two edits share one decap-server, one build of the copy and one signed-in admin (a worker
# of their own): Decap's start and its first drawing of the collections cost as much as an edit.
MISSING_PHRASES = """() => {
  const missing = [];
  (function walk(english, swedish, path) {
    for (const key of Object.keys(english)) {
      const where = path ? path + "." + key : key;
      if (typeof english[key] === "object") walk(english[key], (swedish || {})[key], where);
      else if (!swedish || typeof swedish[key] !== "string") missing.push(where);
    }
  })(CMS.getLocale("en"), CMS.getLocale("sv"), "");
  return missing;
}"""


@pytest.mark.external
@pytest.mark.xdist_group("admin")
def test_the_editor_speaks_swedish_throughout(admin):
    """Every phrase Decap has in English has a Swedish one (decap.SWEDISH_PHRASES adds what Decap
    lacks), and the Swedish Decap has is kept."""
    page = admin.page
    assert page.evaluate(MISSING_PHRASES) == []
    swedish = page.evaluate('() => CMS.getLocale("sv").editor')
    assert swedish["editorWidgets"]["list"]["add"] == "Lägg till %{item}"
    assert swedish["editorToolbar"]["ready"] == "Redo" and swedish["editorToolbar"]["statusInfoTooltipDraft"].startswith("Inlägget")


@pytest.mark.external
@pytest.mark.xdist_group("admin")
def test_an_event_added_in_the_browser_lands_in_events_yaml_and_on_the_site(admin, tmp_path):
    project, page = admin.project, admin.page
    written_before = (project / "events.yaml").read_text(encoding="utf-8")
    page.goto(page.url.split("#")[0] + "#/collections/kalender/entries/events")
    page.get_by_role("button", name=re.compile(r"^Lägg till evenemang")).click()
    field = admin.field
    page.fill(field("id"), NEW_EVENT["id"])
    page.fill(field("title"), NEW_EVENT["title"])
    page.locator(field("category")).fill("konferens")
    page.keyboard.press("Enter")
    page.fill(field("start"), NEW_EVENT["start"])
    page.fill(field("end"), NEW_EVENT["end"])
    page.locator(field("location")).get_by_test_id("expand-button").first.click()  # an optional block opens
    page.fill(field("name"), NEW_EVENT["location"]["name"])
    page.fill(field("published"), NEW_EVENT["published"])
    page.fill(field("summary"), NEW_EVENT["summary"])
    admin.publish("events.yaml")
    assert admin.errors == []

    # Published, main changed events.yaml only, and nothing is left behind.
    assert git(project, "diff", "--name-only", admin.first, "main").split() == ["events.yaml"]
    assert git(project, "status", "--porcelain") == ""
    assert git(project, "branch", "--show-current").strip() == "main"

    written = (project / "events.yaml").read_text(encoding="utf-8")
    before = yaml.load(written_before, Loader=yaml.BaseLoader)
    after = yaml.load(written, Loader=yaml.BaseLoader)
    # Everything else as it was, value for value (as text: no date or time changed its form) ...
    assert after["series"] == before["series"]
    assert after["events"][:-1] == before["events"]
    # ... and the new event exactly as typed, its keys in the order of the field descriptions,
    # with nothing for the keys left empty.
    assert after["events"][-1] == NEW_EVENT
    order = [f.key for f in EVENT.fields]
    assert list(after["events"][-1]) == sorted(NEW_EVENT, key=order.index)
    # The head of the file (and the schema line editors read) is kept; the rest of the
    # comments and the blank lines are not (see README, "Editing in the browser").
    head = [line for line in written_before.splitlines() if line.startswith("#")][:3]
    assert [line.rstrip() for line in written.splitlines()[:3]] == head

    # The strict build reports what `make check` does (test_staff_tools.py shows they say the same).
    rebuilt = run_build(project / "mkdocs.yml", tmp_path / "rebuilt")
    assert rebuilt.returncode == 0, rebuilt.log
    page = parse_page(rebuilt.site, f"/kalender/{NEW_EVENT['id']}/")
    assert text_of(page.select_one("article h1")) == NEW_EVENT["title"]
    assert NEW_EVENT["location"]["name"] in text_of(page.select_one("article"))


NEWS_TITLE = "Höstens träff på Bygdegården i Åsa"
NEWS_TEXT = "Välkomna till höstens träff för alla medlemmar."
NEW_MEMBER = {"id": "asa-bygdegardsforening", "name": "Åsa bygdegårdsförening", "sector": "civil"}
LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
        '<title>Åsa bygdegårdsförening</title><rect width="120" height="40" fill="#2e7d32"/></svg>\n').encode("utf-8")


@pytest.mark.external
@pytest.mark.xdist_group("admin")
def test_a_news_post_and_a_member_with_a_logo_added_in_the_browser_are_on_the_site(admin, tmp_path):
    project, page = admin.project, admin.page
    base = page.url.split("#")[0]

    # A news post: the title makes the file name and the address; nobody writes slug: by hand.
    page.goto(base + "#/collections/nyheter/new")
    page.fill(admin.field("title"), NEWS_TITLE)
    page.fill(admin.field("date"), "2026-11-16")
    page.fill(admin.field("description"), "Höstträffen i Åsa.")
    page.locator("[data-slate-editor]").last.click()
    # Written into the editor in one input event, as a paste is: typed key by key, each key
    # redrew Decap's form and preview again (a processor-second of Chromium's for the sentence).
    page.keyboard.insert_text(NEWS_TEXT)
    admin.publish("content/nyheter/posts/2026-11-16-hostens-traff-pa-bygdegarden-i-asa.md")

    # A member with a logo uploaded through the image widget into content/img/medlemmar/.
    logo = tmp_path / "asa.svg"
    logo.write_bytes(LOGO)
    # Back to the collection and into the members' file, as staff go from one entry to another,
    # so that the post's editor closes: sent from it straight to the members' file, Decap keeps
    # the post's draft and cannot save ("Cannot read properties of undefined (reading 'reduce')").
    # Loading the whole editor again would cost a processor-second more (bench/README.md).
    page.goto(base + "#/collections/medlemmar")
    page.locator('a[href$="/collections/medlemmar/entries/members"]').click()
    page.get_by_role("button", name=re.compile(r"^Lägg till medlem")).first.click()
    page.fill(admin.field("id"), NEW_MEMBER["id"])
    page.fill(admin.field("name"), NEW_MEMBER["name"])
    page.locator(admin.field("sector")).fill("civil")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Välj en bild").last.click()
    page.locator("input[type=file]").set_input_files(str(logo))
    page.get_by_role("button", name="Välj markerad").click()
    page.get_by_role("button", name="Välj markerad").wait_for(state="hidden")
    admin.publish("members.yaml")
    assert admin.errors == []

    changed = git(project, "diff", "--name-only", admin.first, "main").split()
    assert sorted(changed) == ["content/img/medlemmar/asa.svg",
                               "content/nyheter/posts/2026-11-16-hostens-traff-pa-bygdegarden-i-asa.md", "members.yaml"]
    assert (project / "content" / "img" / "medlemmar" / "asa.svg").read_bytes() == LOGO
    post = (project / "content/nyheter/posts/2026-11-16-hostens-traff-pa-bygdegarden-i-asa.md").read_text(encoding="utf-8")
    front = yaml.safe_load(post.split("---")[1])
    assert front["slug"] == slugify(NEWS_TITLE) == "hostens-traff-pa-bygdegarden-i-asa"
    assert front["title"] == NEWS_TITLE and str(front["date"]) == "2026-11-16"
    members = yaml.safe_load((project / "members.yaml").read_text(encoding="utf-8"))
    added = next(m for m in members["members"] if m["id"] == NEW_MEMBER["id"])
    assert added == {**NEW_MEMBER, "logo": "img/medlemmar/asa.svg"}

    rebuilt = run_build(project / "mkdocs.yml", tmp_path / "rebuilt")
    assert rebuilt.returncode == 0, rebuilt.log
    news = parse_page(rebuilt.site, "/nyheter/2026/11/16/hostens-traff-pa-bygdegarden-i-asa/")
    assert text_of(news.select_one("article h1")) == NEWS_TITLE
    assert NEWS_TEXT in text_of(news.select_one("article"))
    listed = parse_page(rebuilt.site, "/nyheter/")
    assert NEWS_TITLE in [text_of(h) for h in listed.select("article h2")]
    member = parse_page(rebuilt.site, f"/medlemmar/{NEW_MEMBER['id']}/")
    assert text_of(member.select_one("article h1")) == NEW_MEMBER["name"]
    image = next(img for img in member.select("article img") if img["src"].endswith("asa.svg"))
    assert resolve(f"/medlemmar/{NEW_MEMBER['id']}/", image["src"]) == "/img/medlemmar/asa.svg"
    assert (rebuilt.site / "img" / "medlemmar" / "asa.svg").read_bytes() == LOGO
