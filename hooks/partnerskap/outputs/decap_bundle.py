"""The browser editor without Node: ``make admin`` fetches the Decap tarball package-lock.json pins.

The page at ``/admin/`` needs only Decap's browser build, ``decap-cms/dist`` (about 6.5 MB), not
the 400 MB that ``npm ci`` installs around it. This downloads the one tarball the lock names
from the npm registry (``npm_config_registry`` chooses another, as it does for npm), refuses it
unless it matches the lock's ``integrity`` (SHA-512), and unpacks the files the build copies
where ``npm ci`` puts them, so :func:`.decap.bundle_files` finds them the same either way.

    python -m partnerskap.outputs.decap_bundle [--project DIR]

The standard library alone: ``make test`` runs it beside ``npm ci`` on a venv that has nothing
installed yet (Makefile, ``node-side``), and :mod:`.decap` takes the paths from here.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "decap-cms"
DIST = Path("node_modules", PACKAGE, "dist")
"""Where ``npm ci`` or ``make admin`` puts Decap's browser build, relative to the project folder."""
BUNDLE = "decap-cms.js"
REGISTRY = "https://registry.npmjs.org"


class FetchError(Exception):
    """The tarball could not be had, or is not the one the lock pins."""


@dataclass(frozen=True)
class Locked:
    version: str
    integrity: str
    url: str


def locked(project_dir: Path, registry: str = REGISTRY) -> Locked:
    """Decap's version, integrity and tarball address from ``package-lock.json``."""
    lock_path = project_dir / "package-lock.json"
    try:
        entry = json.loads(lock_path.read_text(encoding="utf-8"))["packages"][f"node_modules/{PACKAGE}"]
        version, integrity = entry["version"], entry["integrity"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise FetchError(f"{lock_path}: ingen låst {PACKAGE} med kontrollsumma ({error})") from None
    # The lock names the tarball on the public registry; another registry serves it at the same
    # path, and npm asks the configured one (its replace-registry-host, "npmjs" by default).
    url = entry.get("resolved") or f"{REGISTRY}/{PACKAGE}/-/{PACKAGE}-{version}.tgz"
    if url.startswith(f"{REGISTRY}/"):
        url = registry.rstrip("/") + url.removeprefix(REGISTRY)
    return Locked(version, integrity, url)


def installed_version(project_dir: Path) -> str | None:
    """The version of Decap's browser build in ``node_modules``, by ``npm ci`` or by this."""
    package = project_dir / DIST.parent / "package.json"
    if not (project_dir / DIST / BUNDLE).is_file():
        return None
    try:
        return json.loads(package.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None


def check_integrity(data: bytes, integrity: str) -> None:
    """Raise unless ``data`` has the Subresource Integrity digest npm's lock records."""
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        raise FetchError(f"package-lock.json: {PACKAGE} har kontrollsumman {algorithm or 'saknas'}, inte sha512")
    actual = base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")
    if actual != expected:
        raise FetchError(f"det hämtade {PACKAGE}-paketet stämmer inte med package-lock.json: används inte")


def _wanted(name: str) -> bool:
    """The files :func:`.decap.bundle_files` copies into the site."""
    return name == BUNDLE or name.endswith((f".{BUNDLE}", ".wasm")) or name == f"{BUNDLE}.LICENSE.txt"


def unpack(data: bytes, project_dir: Path) -> int:
    """Put the tarball's ``package.json`` and browser build in ``node_modules/decap-cms``,
    replacing what was there only once all of it is written. Returns the number of files."""
    target = project_dir / DIST.parent
    staging = target.with_name(f".{PACKAGE}-staging")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / DIST.name).mkdir(parents=True)
    count = 0
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            folder, _, name = member.name.rpartition("/")
            if not member.isfile():
                continue
            if member.name == "package/package.json":
                destination = staging / "package.json"
            elif folder == f"package/{DIST.name}" and _wanted(name):
                destination = staging / DIST.name / name
            else:
                continue
            destination.write_bytes(archive.extractfile(member).read())
            count += 1
    if not (staging / DIST.name / BUNDLE).is_file():
        shutil.rmtree(staging)
        raise FetchError(f"{PACKAGE}-paketet saknar {DIST.name}/{BUNDLE}")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return count


def download(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read()
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise FetchError(f"kunde inte hämta {url}: {reason}") from None


def install(project_dir: Path, registry: str = REGISTRY) -> str:
    """Install the locked browser build unless it is there already; returns what was done."""
    lock = locked(project_dir, registry)
    if installed_version(project_dir) == lock.version:
        return f"Decap CMS {lock.version} är redan installerat"
    data = download(lock.url)
    check_integrity(data, lock.integrity)
    files = unpack(data, project_dir)
    return f"Decap CMS {lock.version} installerat ({files} filer, {len(data) / 1e6:.1f} MB hämtat)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make admin", description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=Path.cwd(), help="mappen där package-lock.json ligger")
    arguments = parser.parse_args(argv)
    registry = os.environ.get("npm_config_registry") or os.environ.get("NPM_CONFIG_REGISTRY") or REGISTRY
    try:
        done = install(arguments.project, registry)
    except FetchError as error:
        print(f"make admin: {error}", file=sys.stderr)
        return 1
    print(f"{done}: make serve och make build tar nu med redigeraren på /admin/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
