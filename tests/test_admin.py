"""The browser editor at /admin/ (Decap CMS): its generated configuration, and one real edit.

The end-to-end test runs Decap's local backend (``decap-server`` from npm) on a temporary copy
of the repository, never on this one, adds an event through the form in Chromium, and checks
that the copy's ``events.yaml`` holds it, passes ``partnerskap.cli check`` and builds into the
event's page.
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
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from conftest import HOOKS, REPO, build_env, need, parse_page, run_build, text_of
from partnerskap import decap
from partnerskap.events_file import EVENT, EVENTS_FILE
from partnerskap.fields import (
    Boolean, Choice, ClockTime, DateOrDateTime, Email, Integer, IsoDate, ListOf, Markdown, Record, Slug,
    Text, TextOrRecord, Url, slugify,
)
from partnerskap.members_file import MEMBERS_FILE
from partnerskap.projects_file import PROJECT

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
        reference = decap.REFERENCES.get((record.name, spec.key))
        if reference:
            assert field["widget"] == "relation" and field["collection"] == reference.collection
            assert field.get("multiple", False) is isinstance(spec.type, ListOf)
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
    # Inside an optional block nothing is required, or Decap would not save the block left empty.
    assert fields["repeat"]["required"] is False
    assert [f["required"] for f in fields["repeat"]["fields"]] == [False, False, False]


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


def test_the_local_backend_url_can_be_chosen():
    config = decap.decap_config(local_backend_url="http://127.0.0.1:9999/api/v1")
    assert config["local_backend"] == {"url": "http://127.0.0.1:9999/api/v1"}


def test_the_example_calendar_can_be_saved_from_the_form():
    """Decap's form knows a location only as a block: one written short (location: Online)
    keeps it from saving the whole file."""
    events = yaml.load((REPO / "events.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    short = [e.get("id", e.get("title")) for e in events["events"] if isinstance(e.get("location"), str)]
    assert short == [], f"write these locations as blocks, location: {{name: ...}}: {short}"


def test_npm_pins_decap_exactly():
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    pinned = {**package.get("dependencies", {}), **package.get("devDependencies", {})}
    for name in ("decap-cms", "decap-server"):
        assert re.fullmatch(r"\d+\.\d+\.\d+", pinned.get(name, "")), f"{name} must be pinned exactly: {pinned.get(name)}"


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
    assert [c["name"] for c in config["collections"]] == ["medlemmar", "kalender", "projekt"]
    # Written after the pages: in neither the sitemap nor the search index.
    assert "/admin/" not in (example_site / "sitemap.xml").read_text(encoding="utf-8")
    index = json.loads((example_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in index["docs"] if d["location"].startswith("admin")]


COPIED = ("members.yaml", "events.yaml", "mkdocs.yml", "content", "hooks", "overrides", "schemas")


def copy_files(target: Path) -> Path:
    """The site's files and the generator, as a fresh clone has them (no node_modules)."""
    target.mkdir()
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target / name)
    return target


def test_without_npm_the_site_is_built_without_the_admin(tmp_path):
    """No node_modules next to the site or the hooks: a warning (an INFO line under --strict, which
    would otherwise stop the build), and no /admin/."""
    project = copy_files(tmp_path / "repo")
    for strict in (False, True):
        build = run_build(project / "mkdocs.yml", tmp_path / f"site-{strict}", strict=strict)
        assert build.returncode == 0, build.log
        assert not (build.site / "admin").exists()
        level = "INFO" if strict else "WARNING"
        assert re.search(rf"^{level} .*Decap CMS is not installed.*npm ci", build.log, re.MULTILINE), build.log
        assert "index.html" in os.listdir(build.site)


# --- One real edit, in a browser, against a copy of the repository ------------------------------

GIT = ["git", "-c", "user.name=Testkontoret", "-c", "user.email=kontoret@example.se"]
NEW_EVENT = {
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


def copy_of_the_repository(target: Path) -> Path:
    copy_files(target)
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
            time.sleep(0.5)
    raise AssertionError(f"decap-server did not answer in time: {log.read_text(encoding='utf-8')}")


@pytest.fixture
def decap_server(tmp_path):
    """A copy of the repository in git, served by ``npx decap-server`` on a port of its own."""
    need(shutil.which("npx") is not None and shutil.which("git") is not None, "Node.js (npx) and git")
    need_decap()
    need(SERVER.is_file(), "decap-server (run `npm ci`)")
    project = copy_of_the_repository(tmp_path / "repo")
    port = free_port()
    env = {**os.environ, "PORT": str(port), "MODE": "git", "GIT_REPO_DIRECTORY": str(project),
           "GIT_AUTHOR_NAME": "Testkontoret", "GIT_AUTHOR_EMAIL": "kontoret@example.se",
           "GIT_COMMITTER_NAME": "Testkontoret", "GIT_COMMITTER_EMAIL": "kontoret@example.se"}
    log = (tmp_path / "decap-server.log").open("w", encoding="utf-8")
    process = subprocess.Popen(
        ["npx", "--no-install", "decap-server"], cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,  # npx starts a shell and node: stop them all together
    )
    api = f"http://127.0.0.1:{port}/api/v1"
    try:
        wait_for_server(api, process, tmp_path / "decap-server.log")
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


@pytest.fixture
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


def test_an_event_added_in_the_browser_lands_in_events_yaml_and_on_the_site(
    decap_server, serve_dir, browser, tmp_path, monkeypatch,
):
    project, api = decap_server
    written_before = (project / "events.yaml").read_text(encoding="utf-8")
    monkeypatch.setenv("DECAP_LOCAL_BACKEND_URL", api)
    built = run_build(project / "mkdocs.yml", tmp_path / "site")
    assert built.returncode == 0, built.log
    assert yaml.safe_load((built.site / "admin" / "config.yml").read_text())["local_backend"] == {"url": api}
    site = serve_dir(built.site)

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(60_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{site}/admin/")
        page.get_by_role("button", name="Logga in").click()  # the local backend needs no account
        page.get_by_role("link", name="Kalendern").first.wait_for()
        page.goto(f"{site}/admin/#/collections/kalender/entries/events")
        page.get_by_role("button", name=re.compile(r"^(Add|Lägg till) evenemang")).click()

        def field(name: str) -> str:
            """The newest input of a key: the event just added is the last in the list."""
            return "#" + page.locator(f"label[for^='{name}-field-']").last.get_attribute("for")

        page.fill(field("title"), NEW_EVENT["title"])
        page.locator(field("category")).fill("konferens")
        page.keyboard.press("Enter")
        page.fill(field("start"), NEW_EVENT["start"])
        page.fill(field("end"), NEW_EVENT["end"])
        page.locator(field("location")).get_by_test_id("expand-button").first.click()  # an optional block opens
        page.fill(field("name"), NEW_EVENT["location"]["name"])
        page.fill(field("published"), NEW_EVENT["published"])
        page.fill(field("summary"), NEW_EVENT["summary"])

        page.get_by_role("button", name="Publicera").first.click()
        page.get_by_role("menuitem", name="Publicera nu").click()
        deadline = time.monotonic() + 90
        while git(project, "rev-list", "--count", "HEAD").strip() != "2":
            assert time.monotonic() < deadline, "Decap did not commit the change"
            time.sleep(0.5)
        page.get_by_text("Ändringar sparade", exact=False).first.wait_for()
    finally:
        context.close()
    assert errors == []

    # The commit changed events.yaml only, and left nothing behind.
    assert git(project, "show", "--name-only", "--format=", "HEAD").split() == ["events.yaml"]
    assert git(project, "status", "--porcelain") == ""

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

    check = subprocess.run(
        [sys.executable, "-m", "partnerskap.cli", "check", "-f", str(project / "mkdocs.yml")],
        env={**build_env(), "PYTHONPATH": str(HOOKS)}, capture_output=True, text=True, timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr

    monkeypatch.delenv("DECAP_LOCAL_BACKEND_URL")
    rebuilt = run_build(project / "mkdocs.yml", tmp_path / "rebuilt")
    assert rebuilt.returncode == 0, rebuilt.log
    event_id = f"{NEW_EVENT['start'][:10]}-{slugify(NEW_EVENT['title'])}"
    page = parse_page(rebuilt.site, f"/kalender/{event_id}/")
    assert text_of(page.select_one("article h1")) == NEW_EVENT["title"]
    assert NEW_EVENT["location"]["name"] in text_of(page.select_one("article"))
