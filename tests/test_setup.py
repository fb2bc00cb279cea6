"""Setting up as a new user does: a fresh copy of the repository, Python and make alone.

The first test is the README's promise: with no Node on the PATH and Debian 12's own Python
(3.11.2, the oldest supported), ``make build`` passes strict and ``make serve`` answers with the
whole site but ``/admin/``; ``make admin`` then adds the editor, still without Node. The others
check the version guards, the locks against pyproject.toml, and ``make admin``'s download.
"""

from __future__ import annotations

import base64
import concurrent.futures
import configparser
import glob
import hashlib
import http.server
import io
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import threading
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import lxml.html
import pytest
import yaml
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from ruamel.yaml import YAML

import node_side
from conftest import BUILD_EPOCH, HOOKS, REPO, check_jsonschema, need
from partnerskap.outputs import decap, decap_bundle

OLDEST_SUPPORTED = (3, 11)
DEBIAN_PYTHON = Path(os.environ.get("OLDEST_PYTHON", "/usr/bin/python3"))
NODE_PROGRAMS = {"node", "nodejs", "npm", "npx", "corepack"}


def python_version(python: Path | str) -> tuple[int, ...] | None:
    try:
        done = subprocess.run([str(python), "-c", "import sys; print(*sys.version_info[:3])"],
                              capture_output=True, text=True, timeout=60)
    except OSError:
        return None
    return tuple(int(part) for part in done.stdout.split()) if done.returncode == 0 else None


def fresh_copy(target: Path) -> Path:
    """The files a clone of this working tree has: tracked and new ones, none that git ignores
    (no .venv, no node_modules, no site)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, check=True, capture_output=True).stdout.decode("utf-8").split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            destination = target / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(source.read_bytes())
            destination.chmod(source.stat().st_mode)
    return target


def path_without_node(bin_dir: Path) -> str:
    """A PATH with every program of this one except Node and npm: links in one folder."""
    bin_dir.mkdir()
    for folder in os.environ["PATH"].split(os.pathsep):
        for program in glob.glob(os.path.join(glob.escape(folder), "*")):
            name = os.path.basename(program)
            link = bin_dir / name
            if name in NODE_PROGRAMS or link.exists() or not os.access(program, os.X_OK):
                continue
            link.symlink_to(program)
    return str(bin_dir)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make(project: Path, env: dict[str, str], *targets: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *targets], cwd=project, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=1200)


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def wait_until_served(url: str, process: subprocess.Popen, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "make serve stopped"
        try:
            if get(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"make serve did not answer on {url}")


WITH_CTRL_C = [sys.executable, "-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
               "os.execvp(sys.argv[1], sys.argv[1:])"]
"""Runs a command that Ctrl-C stops even where the suite was started with SIGINT ignored (a job in
the background of a script, as some CI runners start it): a process inherits that, and Python
then never raises KeyboardInterrupt, so `mkdocs serve` would neither stop nor clean up."""


def title_of(html: bytes) -> str:
    """A page's <title>, whitespace collapsed (lxml alone: a fiftieth of BeautifulSoup's time)."""
    return " ".join(lxml.html.fromstring(html.decode("utf-8")).findtext(".//title").split())


def served_pages(site: Path) -> list[str]:
    return sorted("/" + str(path.parent.relative_to(site)).removeprefix(".") for path in site.rglob("index.html"))


@pytest.mark.build
def test_python_alone_serves_and_builds_the_site_and_make_admin_adds_the_editor(tmp_path):
    version = python_version(DEBIAN_PYTHON)
    need(version is not None and version[:2] == OLDEST_SUPPORTED,
         f"Debian 12's Python {'.'.join(map(str, OLDEST_SUPPORTED))} at {DEBIAN_PYTHON} with python3-venv")
    project = fresh_copy(tmp_path / "clone")
    path = path_without_node(tmp_path / "bin")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("VIRTUAL_ENV", "PYTHON"))}
    env.update(PATH=path, PYTHON=str(DEBIAN_PYTHON), SOURCE_DATE_EPOCH=str(BUILD_EPOCH))
    assert subprocess.run(["sh", "-c", "command -v node || command -v npm"], env=env).returncode != 0

    built = make(project, env, "build")
    assert built.returncode == 0, built.stdout
    assert "npm" not in built.stdout.replace("make admin", "")
    venv_python = project / ".venv" / "bin" / "python"
    assert python_version(venv_python) == version
    assert not (project / ".venv" / "bin" / "pytest").exists(), "serve and build install only the site's needs"
    # The venv is made without pip: Debian's own pip installs uv into it where it is 22.3 or newer
    # (pip --python), ensurepip gives the venv a pip of its own where it is not.
    own_pip = subprocess.run([str(DEBIAN_PYTHON), "-c", "import pip; print(pip.__version__)"], capture_output=True, text=True)
    outer_pip = own_pip.returncode == 0 and tuple(map(int, own_pip.stdout.split(".")[:2])) >= (22, 3)
    assert (project / ".venv" / "bin" / "pip").exists() != outer_pip, own_pip
    assert not (project / "node_modules").exists()
    site = project / "site"
    assert not (site / "admin").exists()
    notes = [line for line in built.stdout.splitlines() if "Decap CMS" in line]
    assert len(notes) == 1 and "make admin" in notes[0], built.stdout

    added = make(project, env, "admin")
    assert added.returncode == 0, added.stdout
    assert f"Decap CMS {decap_bundle.locked(REPO).version} installerat" in added.stdout
    again = make(project, env, "admin")
    assert "redan installerat" in again.stdout

    # make serve (the Makefile's default address is 127.0.0.1:8000; the test picks a free one),
    # from now on with the editor.
    assert "-a 127.0.0.1:8000" in make(project, env, "-n", "serve").stdout
    port = free_port()
    log = tmp_path / "serve.log"
    serve_tmp = tmp_path / "serve-tmp"  # where mkdocs serve builds (tempfile's folder)
    serve_tmp.mkdir()
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen([*WITH_CTRL_C, "make", "--no-print-directory", "serve", f"ADDRESS=127.0.0.1:{port}"], cwd=project,
                                  env={**env, "TMPDIR": str(serve_tmp)}, stdout=output, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_served(f"{base}/", server)
        pages = served_pages(site)
        assert len(pages) > 100
        # Every page, asked four at a time (mkdocs serve answers each request in a thread).
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            answers = dict(zip(pages, pool.map(lambda page: get(f"{base}{page}"), pages)))
        for page in pages:
            status, body = answers[page]
            assert status == 200, page
            assert title_of(body) == title_of((site / page.strip("/") / "index.html").read_bytes()), page
        assert get(f"{base}/admin/")[0] == 200 and get(f"{base}/admin/config.yml")[0] == 200
        dist = project / decap.DIST
        pieces = sorted(path.name for path in dist.glob("*.decap-cms.js"))
        assert pieces, "the pieces Decap loads on demand"
        for name in (decap.BUNDLE, pieces[0]):
            assert get(f"{base}/admin/{name}") == (200, (dist / name).read_bytes()), name
        npm_installed = REPO / decap.DIST / decap.BUNDLE
        if npm_installed.is_file():
            assert (dist / decap.BUNDLE).read_bytes() == npm_installed.read_bytes(), "the same bundle as npm ci's"
    finally:
        os.killpg(server.pid, signal.SIGINT)  # Ctrl-C, as staff stop it
        server.wait(timeout=30)
    assert "Decap CMS" not in log.read_text(encoding="utf-8"), "no note to run make admin once it ran"
    # mkdocs serve removes the site it built when stopped (Jinja's cache of compiled templates stays).
    assert [path.name for path in serve_tmp.iterdir() if path.name.startswith("mkdocs")] == []


# --- Too old a Python stops with one line ---------------------------------------------------------

def older_python() -> str | None:
    """A Python older than the oldest supported, if this machine has one (pyenv's here)."""
    candidates = [f"python3.{minor}" for minor in range(OLDEST_SUPPORTED[1] - 1, 7, -1)]
    candidates += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[0]*/bin/python3")), reverse=True)
    for candidate in candidates:
        version = python_version(candidate)
        if version is not None and version[:2] < OLDEST_SUPPORTED:
            return candidate
    return None


def makefile_and_locks(project: Path) -> Path:
    """A folder with the Makefile and the locks alone: enough for make to set up .venv."""
    project.mkdir()
    (project / "Makefile").write_bytes((REPO / "Makefile").read_bytes())
    for lock in ("requirements.txt", "requirements-test.txt"):  # the site's install reads uv's lines in the second
        (project / lock).write_bytes((REPO / lock).read_bytes())
    return project


def test_make_stops_on_an_old_python_before_making_the_venv(tmp_path):
    old = older_python()
    if old is None:
        pytest.skip("no Python older than 3.11 on this machine")
    project = makefile_and_locks(tmp_path / "clone")
    done = make(project, {**os.environ, "PYTHON": old}, "build")
    assert done.returncode != 0
    assert not (project / ".venv").exists()
    first = done.stdout.splitlines()[0]
    assert re.fullmatch(r"make: webbplatsen behöver Python 3\.11 eller nyare, och '.+' är Python 3\.([0-9]|10)\.\d+\.", first), done.stdout
    assert "PYTHON=python3.12" in done.stdout and "Traceback" not in done.stdout


def test_make_says_what_to_install_when_python_has_neither_pip_nor_ensurepip(tmp_path):
    """The venv is made without pip (the Makefile): the Python's own pip installs into it, or else
    ensurepip gives it one (test_python_alone_... takes one way or the other). A Python with neither,
    as Debian's without python3-venv and python3-pip, stops with one line saying what to install."""
    bare = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)
    blocked = tmp_path / "blocked" / "ensurepip"
    blocked.mkdir(parents=True)
    (blocked / "__init__.py").touch()
    (blocked / "__main__.py").write_text(  # as Debian's own python3 has it
        "raise SystemExit('ensurepip is disabled in Debian/Ubuntu for the system python.')\n", encoding="utf-8")
    python = bare / "bin" / "python"
    env = {**os.environ, "PYTHON": str(python), "PYTHONPATH": str(blocked.parent)}
    project = makefile_and_locks(tmp_path / "clone")
    done = make(project, env, ".venv/.site-installed")
    assert done.returncode != 0
    said = f"make: '{python}' har varken pip eller ensurepip; installera dem (Debian, Ubuntu: sudo apt install python3-venv) och kör igen."
    assert said in done.stdout.splitlines(), done.stdout
    assert (project / ".venv" / "bin" / "python").exists() and not (project / ".venv" / ".site-installed").exists()
    assert "Traceback" not in done.stdout


def test_the_hooks_stop_on_an_old_python_with_one_line():
    old = older_python()
    if old is None:
        pytest.skip("no Python older than 3.11 on this machine")
    done = subprocess.run([old, "-c", "import partnerskap"], env={**os.environ, "PYTHONPATH": str(HOOKS)},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith("Partnerskapssajten behöver Python 3.11 eller nyare; det här är Python 3.")
    assert len(done.stderr.splitlines()) == 1, done.stderr


# --- The locks: every version for every OS, with hashes, made from pyproject.toml -----------------

PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>[^\s;\\]+)(?: ; (?P<marker>[^\\]+?))? \\$", re.MULTILINE)


def locked_pins(name: str) -> dict[str, tuple[str, str | None]]:
    text = (REPO / name).read_text(encoding="utf-8")
    pins = {}
    for match in PIN.finditer(text):
        key = re.sub(r"[-_.]+", "-", match["name"]).lower()
        assert key not in pins, f"{name}: {key} pinned twice (the lock must hold one version of each)"
        pins[key] = (match["version"], match["marker"])
        following = text[match.end():].split("\n", 1)[1]
        assert following.lstrip().startswith("--hash=sha256:"), f"{name}: {key} has no hash"
    # Nothing installable without a hash: every requirement line is one of the pins above.
    lines = [line for line in text.splitlines() if line and not line.startswith((" ", "#"))]
    assert len(lines) == len(pins), name
    return pins


def project() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_locks_hold_the_declared_ranges_for_the_oldest_python():
    declared = project()
    assert SpecifierSet(declared["requires-python"]).contains(".".join(map(str, OLDEST_SUPPORTED)) + ".0")
    assert not SpecifierSet(declared["requires-python"]).contains("3.10.13")
    site, test = locked_pins("requirements.txt"), locked_pins("requirements-test.txt")
    assert {name: test[name][0] for name in site} == {name: pin[0] for name, pin in site.items()}, \
        "the site's versions differ from the test lock's"
    for lock, requirements in ((site, declared["dependencies"]),
                               (test, declared["dependencies"] + declared["optional-dependencies"]["test"])):
        for line in requirements:
            requirement = Requirement(line)
            name = re.sub(r"[-_.]+", "-", requirement.name).lower()
            assert name in lock, f"{name} is declared but not locked: run `make lock`"
            assert requirement.specifier.contains(lock[name][0]), f"{name} {lock[name][0]} is outside {requirement.specifier}"
    # MkDocs 2 drops plugins and hooks; the lock must stay on 1.x.
    mkdocs = next(Requirement(r) for r in declared["dependencies"] if Requirement(r).name == "mkdocs")
    assert not mkdocs.specifier.contains("2.0.0") and mkdocs.specifier.contains("1.6.1")
    # One version of each package (locked_pins refuses two): a marker only says where a package
    # is needed at all, such as colorama on Windows, so 3.11.0 and 3.13 install the same versions.
    for name, (_, marker) in test.items():
        if marker:
            Marker(marker)


def test_the_locks_say_how_they_were_made_and_make_lock_makes_them_so():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    compile_options = re.search(r"^UV_COMPILE := \$\(BIN\)/uv ((?:.*\\\n)*.*)$", makefile, re.MULTILINE)[1]
    options = [word for word in compile_options.split() if word not in ("\\", "--quiet", "$(UPGRADE)")]
    for name, extra in (("requirements-test.txt", ["--extra", "test"]), ("requirements.txt", ["-c", "requirements-test.txt"])):
        head = (REPO / name).read_text(encoding="utf-8").splitlines()[:2]
        assert head[0] == "# This file was autogenerated by uv via the following command:"
        assert head[1].split()[1:] == ["uv", *options, *extra, "-o", name]


def test_make_test_installs_uv_from_the_test_lock_with_its_hashes(tmp_path):
    """make test's tools come through uv, and uv through pip from the lines of the lock that pin
    it: the version and every hash, nothing else (pip's hash-checking mode refuses a file without)."""
    recipe = subprocess.run(["make", "--no-print-directory", "-n", "-B", "PYTHON=true", ".venv/.test-installed"],
                            cwd=REPO, capture_output=True, text=True, timeout=60).stdout.splitlines()
    extract = next(line for line in recipe if line.startswith("awk "))
    assert extract.endswith("requirements-test.txt > .venv/uv-requirement.txt")
    shutil.copy(REPO / "requirements-test.txt", tmp_path)
    (tmp_path / ".venv").mkdir()
    subprocess.run(["sh", "-c", extract], cwd=tmp_path, check=True)
    lines = (tmp_path / ".venv" / "uv-requirement.txt").read_text(encoding="utf-8").splitlines()
    version, _ = locked_pins("requirements-test.txt")["uv"]
    assert lines[0] == f"uv=={version} \\"
    lock = (REPO / "requirements-test.txt").read_text(encoding="utf-8")
    hashes = re.search(rf"^uv=={re.escape(version)} \\\n((?:    --hash=sha256:[0-9a-f]{{64}}(?: \\)?\n)+)", lock, re.MULTILINE)[1]
    assert lines[1:] == hashes.splitlines() and len(lines) > 2
    # and with them the whole test lock, through uv, hash-checked: from uv's cache alone where it
    # has every file, else from the index
    uv = ".venv/bin/uv pip install --quiet --python .venv/bin/python --require-hashes"
    assert f"{{ {uv} --offline -r requirements-test.txt 2>/dev/null || {uv} -r requirements-test.txt; }}" in recipe


# --- make test starts pytest while npm installs --------------------------------------------------

def test_the_suite_waits_for_npm_s_side_and_stops_with_one_line_when_it_failed(tmp_path):
    """make test's pytest hands out no test before npm's side wrote its status (node_side.py)."""
    status = tmp_path / "node-side"
    writer = threading.Timer(0.3, lambda: status.write_text("ok\n", encoding="utf-8"))
    started = time.monotonic()
    writer.start()
    try:
        assert node_side.wait(status) is None
    finally:
        writer.cancel()
    assert time.monotonic() - started >= 0.3
    status.write_text("npm ci eller Decap CMS\n", encoding="utf-8")
    assert node_side.wait(status) == ("make test: npm ci eller Decap CMS kunde inte installeras (se utskriften "
                                      "ovan); inga tester kördes")
    status.unlink()
    assert node_side.wait(status, seconds=0.1).endswith("npm ci var klart; inga tester kördes")
    # The Makefile names the file in the variable conftest reads, for pytest alone.
    recipe = make(REPO, dict(os.environ), "-n", "test-suite", "PYTHON=true").stdout
    assert f"{node_side.VARIABLE}=.venv/node-side nice" in recipe.splitlines()[-1]


# --- npm ci from the lock alone ------------------------------------------------------------------

NPM_PROJECTS = ("", "bench")
"""The folders with a package-lock.json: the test judges and Decap, and Lighthouse."""


@pytest.mark.parametrize("folder", NPM_PROJECTS)
def test_the_npm_lock_gives_every_package_its_address_beside_its_checksum(folder):
    """npm ci fetches each package from its address in package-lock.json and checks it against the
    checksum there; without the address it first reads the package's record from the registry, a
    third of its time (bench/README.md, "npm ci from the lock alone")."""
    packages = json.loads((REPO / folder / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    installed = {path: entry for path, entry in packages.items() if path and not entry.get("link")}
    assert len(installed) > 100
    for path, entry in installed.items():
        # An alias ("wrap-ansi-cjs": "npm:wrap-ansi@^7") is installed under its own folder, but its
        # tarball is the real package's, whose name the entry carries: the registry has no other.
        name = entry.get("name") or path.rpartition("node_modules/")[2]
        tarball = f"{name.rpartition('/')[2]}-{entry['version']}.tgz"
        assert entry.get("resolved") == f"{decap_bundle.REGISTRY}/{name}/-/{tarball}", path
        assert entry.get("integrity", "").startswith("sha512-"), path


@pytest.mark.external
@pytest.mark.parametrize("folder", NPM_PROJECTS)
def test_npm_writes_the_addresses_into_the_lock_whatever_the_user_s_settings(folder):
    """The folder's .npmrc, which npm reads after the user's own: a lock npm writes there keeps the
    addresses even where ~/.npmrc says to leave them out (as this machine's does)."""
    need(shutil.which("npm") is not None, "npm")
    setting = subprocess.run(["npm", "config", "get", "omit-lockfile-registry-resolved"], cwd=REPO / folder,
                             capture_output=True, text=True, timeout=60)
    assert setting.returncode == 0 and setting.stdout.strip() == "false", setting


# --- make admin's download: the locked tarball or nothing -----------------------------------------

def tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


PACKAGE_FILES = {
    "package/package.json": b'{"name": "decap-cms", "version": "9.9.9"}',
    "package/dist/decap-cms.js": b"window.CMS = {};",
    "package/dist/12.decap-cms.js": b"/* a piece */",
    "package/dist/12.decap-cms.js.map": b"{}",
    "package/dist/decap-cms.js.LICENSE.txt": b"MIT",
    "package/dist/cms.js": b"/* the other build */",
    "package/README.md": b"# Decap",
    "package/dist/../../escape.js": b"alert(1)",
}


@pytest.fixture
def registry(tmp_path):
    """A registry on 127.0.0.1 serving one tarball, counting the requests."""
    data = tarball(PACKAGE_FILES)
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # Polled every 50 ms for the shutdown below (the default half second is most of the test).
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", data, requests
    server.shutdown()
    server.server_close()


def lock_for(project_dir: Path, integrity: str) -> Path:
    project_dir.mkdir()
    # As npm writes it here (.npmrc): the public registry's address beside the checksum.
    entry = {"version": "9.9.9", "resolved": f"{decap_bundle.REGISTRY}/decap-cms/-/decap-cms-9.9.9.tgz", "integrity": integrity}
    lock = {"lockfileVersion": 3, "packages": {"node_modules/decap-cms": entry}}
    (project_dir / "package-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    return project_dir


def sri(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def test_make_admin_unpacks_only_the_browser_build_of_the_locked_tarball(tmp_path, registry):
    url, data, requests = registry
    project_dir = lock_for(tmp_path / "site", sri(data))
    done = decap_bundle.install(project_dir, url)
    assert done == "Decap CMS 9.9.9 installerat (4 filer, 0.0 MB hämtat)"
    assert requests == ["/decap-cms/-/decap-cms-9.9.9.tgz"]
    installed = project_dir / "node_modules" / "decap-cms"
    assert sorted(str(p.relative_to(installed)) for p in installed.rglob("*") if p.is_file()) == [
        "dist/12.decap-cms.js", "dist/decap-cms.js", "dist/decap-cms.js.LICENSE.txt", "package.json"]
    assert not (tmp_path / "escape.js").exists()
    # What the build copies into /admin/ is what was unpacked.
    assert [p.name for p in decap.bundle_files(project_dir)] == ["decap-cms.js", "12.decap-cms.js", "decap-cms.js.LICENSE.txt"]
    assert decap_bundle.install(project_dir, url) == "Decap CMS 9.9.9 är redan installerat"
    assert len(requests) == 1


def test_make_admin_refuses_a_tarball_that_is_not_the_locked_one(tmp_path, registry):
    url, data, requests = registry
    project_dir = lock_for(tmp_path / "site", sri(data + b"tampered"))
    env = {**os.environ, "PYTHONPATH": str(HOOKS), "npm_config_registry": url}
    done = subprocess.run([sys.executable, "-m", "partnerskap.outputs.decap_bundle", "--project", str(project_dir)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr == "make admin: det hämtade decap-cms-paketet stämmer inte med package-lock.json: används inte\n"
    assert not (project_dir / "node_modules").exists() and requests


def test_make_admin_says_what_is_wrong_with_the_lock(tmp_path):
    project_dir = tmp_path / "site"
    project_dir.mkdir()
    (project_dir / "package-lock.json").write_text('{"packages": {}}', encoding="utf-8")
    with pytest.raises(decap_bundle.FetchError, match="ingen låst decap-cms"):
        decap_bundle.install(project_dir, "http://127.0.0.1:9")


# --- Publishing: the workflow and Dependabot --------------------------------------------------------

CURRENT_ACTIONS = {
    "actions/checkout": 7, "actions/setup-python": 7, "actions/setup-node": 7, "actions/cache": 6,
    "actions/configure-pages": 6, "actions/upload-pages-artifact": 5, "actions/deploy-pages": 5,
}
"""The major versions current when the workflow was last reviewed; Dependabot proposes newer ones."""


def workflow() -> dict:
    return yaml.safe_load((REPO / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))


def steps_using(job: dict, action: str) -> list[dict]:
    return [step for step in job["steps"] if step.get("uses", "").startswith(f"{action}@")]


def test_the_workflow_uses_current_actions_caches_and_never_cancels_a_deployment():
    jobs = workflow()["jobs"]
    used = [step["uses"] for job in jobs.values() for step in job["steps"] if "uses" in step]
    for uses in used:
        name, _, version = uses.partition("@")
        assert name in CURRENT_ACTIONS and version == f"v{CURRENT_ACTIONS[name]}", uses
    # pip's and npm's downloads are cached, keyed on the locks.
    test = jobs["test"]
    assert steps_using(test, "actions/setup-node")[0]["with"]["cache"] == "npm"
    cache = steps_using(test, "actions/cache")[0]["with"]
    assert cache["path"].split() == ["~/.cache/pip", "~/.cache/uv"] and "requirements-test.txt" in cache["key"]
    for name in ("build", "properdocs"):
        setup = steps_using(jobs[name], "actions/setup-python")[0]["with"]
        assert setup["cache"] == "pip" and setup["cache-dependency-path"].startswith("requirements")
    # The oldest supported Python and a newer one.
    assert test["strategy"]["matrix"]["python"] == ["3.11", "3.13"]
    assert test["container"] == "python:${{ matrix.python }}-bookworm"
    # Pull requests cancel their own older runs; main never cancels, and the deployment queues.
    assert workflow()["concurrency"]["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"
    assert jobs["deploy"]["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    # The site is published with the editor, made without Node.
    runs = [step.get("run") for step in jobs["build"]["steps"]]
    assert runs.index("make admin") < runs.index("make build")
    assert not steps_using(jobs["build"], "actions/setup-node")


def test_the_site_is_also_built_with_properdocs_and_the_nightly_run_is_kept_alive():
    jobs = workflow()["jobs"]
    assert [step.get("run") for step in jobs["properdocs"]["steps"]][-1] == "make properdocs"
    recipe = (REPO / "Makefile").read_text(encoding="utf-8").split("\nproperdocs: $(TEST_STAMP)\n")[1].split("\n")[0]
    assert recipe.split()[:3] == ["$(BIN)/properdocs", "build", "--strict"]
    keepalive = jobs["keepalive"]
    assert keepalive["if"] == "github.event_name == 'schedule'" and keepalive["permissions"] == {"actions": "write"}
    assert keepalive["steps"][0]["run"].endswith("/actions/workflows/site.yml/enable\"")


def test_dependabot_updates_pip_npm_and_the_actions():
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    watched = {(update["package-ecosystem"], update["directory"]) for update in config["updates"]}
    assert {("pip", "/"), ("npm", "/"), ("npm", "/bench"), ("github-actions", "/")} <= watched


@pytest.mark.parametrize("schema, path", [("vendor.github-workflows", ".github/workflows/site.yml"),
                                          ("vendor.dependabot", ".github/dependabot.yml")])
def test_github_files_match_their_published_schemas(schema, path):
    done = check_jsonschema("--builtin-schema", schema, str(REPO / path))
    assert done.returncode == 0, done.stdout + done.stderr


# --- Editors explain while you type; the standard hooks before each commit -----------------------

def schema_nodes(node: dict):
    """Every field's schema in a schema document."""
    for child in node.get("properties", {}).values():
        yield child
        yield from schema_nodes(child)
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            yield from schema_nodes(node[key])
    for choice in node.get("anyOf", []):
        yield from schema_nodes(choice)


def test_the_schemas_explain_every_field_in_a_draft_the_yaml_extension_reads():
    for path in sorted((REPO / "schemas").glob("*.schema.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["$schema"] == "http://json-schema.org/draft-07/schema#", path.name
        assert document["description"]
        fields = list(schema_nodes(document))
        assert fields, path.name
        for field in fields:
            if "title" in field:
                assert field["description"].startswith(field["title"]), (path.name, field)


def test_vs_code_is_set_up_for_the_data_files():
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = {Path(schema).name: pattern for schema, pattern in settings["yaml.schemas"].items()}
    assert mapped == {"members.schema.json": "members.yaml", "events.schema.json": "events.yaml"}
    for schema in settings["yaml.schemas"]:
        assert (REPO / schema).is_file()
    extensions = json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]
    # The YAML extension never looks inside Markdown: project pages are remark's (next test).
    assert "unifiedjs.vscode-remark" in extensions["recommendations"]
    editorconfig = configparser.ConfigParser()
    editorconfig.read_string("[top]\n" + (REPO / ".editorconfig").read_text(encoding="utf-8"))
    assert editorconfig["*"]["charset"] == "utf-8" and editorconfig["*"]["end_of_line"] == "lf"


REMARK = REPO / "node_modules" / ".bin" / "remark"
LANGUAGE_SERVER = REPO / "tests" / "remark_language_server.mjs"


@pytest.fixture
def broken_project(tmp_path) -> tuple[Path, list[str]]:
    """A copy of the remark configuration, the project schema and two project pages: the list
    page, and a project whose front matter lacks its title and has ``status: maybe``."""
    project = tmp_path / "project"
    pages = project / "content" / "projekt"
    pages.mkdir(parents=True)
    shutil.copy(REPO / ".remarkrc.mjs", project)
    (project / "node_modules").symlink_to(REPO / "node_modules")
    (project / "schemas").mkdir()
    shutil.copy(REPO / "schemas" / "project.schema.json", project / "schemas")
    shutil.copy(REPO / "content" / "projekt" / "index.md", pages)
    lines = (REPO / "content" / "projekt" / "hallbara-platser.md").read_text(encoding="utf-8").splitlines(keepends=True)
    broken = ["status: maybe\n" if line == "status: active\n" else line for line in lines if not line.startswith("title:")]
    assert broken != lines and len(broken) == len(lines) - 1
    (pages / "hallbara-platser.md").write_text("".join(broken), encoding="utf-8")
    return project, broken


def remark_report(project: Path, folder: str) -> dict[str, list[dict]]:
    """Each page's problems from the project's remark and .remarkrc.mjs run in ``project``: its
    JSON report (written to stderr) by page."""
    done = subprocess.run([str(REMARK), folder, "--frail", "--no-stdout", "--no-color", "--report", "json"],
                          cwd=project, capture_output=True, text=True, timeout=120)
    report = {Path(page["path"]).as_posix(): page["messages"] for page in json.loads(done.stderr)}
    assert done.returncode == (1 if any(report.values()) else 0), done.stderr
    return report


def note_fields(note: str) -> dict[str, str]:
    """The rule's note, ``Keyword: enum`` and so on a line, as fields."""
    return dict(line.split(": ", 1) for line in note.splitlines())


@pytest.mark.external
def test_remark_checks_project_pages_against_the_project_schema(broken_project):
    need(REMARK.is_file(), "node_modules (npm ci)")
    # The example's project pages pass, and the list page (only a title) is not taken for one.
    example = remark_report(REPO, "content/projekt")
    assert example == {f"content/projekt/{page.name}": [] for page in (REPO / "content" / "projekt").glob("*.md")}
    project, broken = broken_project
    report = remark_report(project, "content/projekt")
    assert report["content/projekt/index.md"] == []
    problems = {note_fields(message.get("note", "")).get("Keyword", message["reason"]): message
                for message in report["content/projekt/hallbara-platser.md"]}
    assert set(problems) == {"enum", "required"}
    status = problems["enum"]
    assert note_fields(status["note"])["Schema path"].endswith("#/properties/status/enum")
    assert broken[status["line"] - 1].startswith("status:") and status["actual"] == "maybe"
    assert status["expected"] == ["planned", "active", "completed"]
    # A missing key has no line of its own: the extension marks the top of the page.
    assert note_fields(problems["required"]["note"])["Missing property"] == "title"


class LanguageClient:
    """VS Code's side of the Language Server Protocol, as little of it as the test needs."""

    def __init__(self, server: subprocess.Popen):
        self.server = server
        self.inbox: queue.Queue[dict] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            length = None
            while (line := self.server.stdout.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:
                return
            self.inbox.put(json.loads(self.server.stdout.read(length)))

    def send(self, method: str, params: dict, request_id: int | None = None) -> None:
        message = {"jsonrpc": "2.0", "method": method, "params": params}
        if request_id is not None:
            message["id"] = request_id
        body = json.dumps(message).encode("utf-8")
        self.server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.server.stdin.flush()

    def receive(self, wanted, seconds: float = 60) -> dict:
        deadline = time.monotonic() + seconds
        while not wanted(message := self.inbox.get(timeout=max(0.1, deadline - time.monotonic()))):
            pass
        return message


@pytest.mark.external
def test_vs_codes_remark_extension_marks_the_broken_line_whatever_its_working_directory(broken_project, tmp_path):
    need((REPO / "node_modules" / "unified-language-server").is_dir(), "node_modules (npm ci)")
    project, broken = broken_project
    # VS Code starts the extension's server in its own working directory, not the project's.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    server = subprocess.Popen(["node", str(LANGUAGE_SERVER), "--stdio"], cwd=elsewhere,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        client = LanguageClient(server)
        client.send("initialize", {"processId": None, "rootUri": project.as_uri(), "capabilities": {},
                                   "workspaceFolders": [{"uri": project.as_uri(), "name": "project"}]}, request_id=1)
        client.receive(lambda message: message.get("id") == 1)
        client.send("initialized", {})
        pages = {name: project / "content" / "projekt" / name for name in ("hallbara-platser.md", "index.md")}
        for page in pages.values():
            client.send("textDocument/didOpen", {"textDocument": {"uri": page.as_uri(), "languageId": "markdown", "version": 1,
                                                                  "text": page.read_text(encoding="utf-8")}})
        names = {page.as_uri(): name for name, page in pages.items()}
        diagnostics = {}
        while set(diagnostics) != set(pages):
            published = client.receive(lambda message: message.get("method") == "textDocument/publishDiagnostics")
            diagnostics[names[published["params"]["uri"]]] = published["params"]["diagnostics"]
    finally:
        server.kill()
        server.wait(timeout=30)
    assert diagnostics["index.md"] == []
    problems = {}
    for diagnostic in diagnostics["hallbara-platser.md"]:
        reason, _, note = diagnostic["message"].partition("\n")
        problems[note_fields(note).get("Keyword", reason)] = diagnostic
    assert set(problems) == {"enum", "required"}
    # VS Code counts lines from 0; the squiggle is under the value on the status line.
    start = problems["enum"]["range"]["start"]
    assert broken[start["line"]][:start["character"]] == "status: "
    assert problems["enum"]["data"] == {"expected": ["planned", "active", "completed"]}
    assert note_fields(problems["required"]["message"].partition("\n")[2])["Missing property"] == "title"
    assert problems["required"]["range"]["start"] == {"line": 0, "character": 0}


def test_the_licence_is_one_public_bodies_can_adopt():
    assert (REPO / "LICENSE").read_text(encoding="utf-8").splitlines()[0] == "MIT License"
    assert project()["license"] == "MIT"


def test_pre_commit_runs_the_standard_hooks_and_they_pass_here(tmp_path):
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"partnerskap-check", "check-yaml", "check-metaschema", "check-github-workflows", "check-dependabot"} <= set(hooks)
    # pre-commit fetches its hooks on the first commit, which needs GitHub; here the same checks
    # run through the pinned packages. check-yaml: every YAML file in the repository parses.
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "*.yml", "*.yaml"], cwd=REPO,
                            check=True, capture_output=True, text=True).stdout.split()
    assert ".github/workflows/site.yml" in listed and "members.yaml" in listed
    loader = YAML(typ="safe")
    for name in listed:
        if name != "mkdocs.yml" and (REPO / name).is_file():  # mkdocs.yml: --unsafe allows its tags
            loader.load((REPO / name).read_text(encoding="utf-8"))
    # check-metaschema on the files the hook selects.
    selected = [str(path) for path in sorted((REPO / "schemas").glob("*")) if re.search(hooks["check-metaschema"]["files"], f"schemas/{path.name}")]
    assert len(selected) == 3
    done = check_jsonschema("--check-metaschema", *selected)
    assert done.returncode == 0, done.stdout + done.stderr
    # ... and it catches a schema that is not one.
    broken = tmp_path / "broken.schema.json"
    broken.write_text('{"$schema": "http://json-schema.org/draft-07/schema#", "type": "objekt"}', encoding="utf-8")
    refused = check_jsonschema("--check-metaschema", str(broken))
    assert refused.returncode == 1
