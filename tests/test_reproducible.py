"""Reproducible builds: the same sources and the same SOURCE_DATE_EPOCH give the same bytes.

The second build runs from a copy of the project in another folder, into another output folder,
with another hash seed, time zone and locale, and with every source file's modification time
changed: none of these may reach the output. Every file is compared, the sitemap (and its gzip
header, which holds a time stamp), the search index, the feeds, the calendars and the open data
included.
"""

from __future__ import annotations

import gzip
import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from conftest import BUILD_EPOCH, REPO, build_env, tool

LEFT_OUT = shutil.ignore_patterns(".git", ".venv", "site", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis", "bench", "tests")
MUST_EXIST = (
    "index.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "kalender/feed.xml",
    "kalender.ics", "medlemmar/index.html",
)


def differences(left: Path, right: Path) -> list[str]:
    """Every file that is only in one folder or whose bytes differ, by its path in the site."""
    files = lambda root: {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    ours, theirs = files(left), files(right)
    found = [f"only in the first build: {p}" for p in sorted(ours - theirs)]
    found += [f"only in the second build: {p}" for p in sorted(theirs - ours)]
    found += [f"differs: {p}" for p in sorted(ours & theirs) if (left / p).read_bytes() != (right / p).read_bytes()]
    return found


@pytest.fixture(scope="module")
def second_build(tmp_path_factory) -> Path:
    """The example built again from a copy of the project, in a changed environment."""
    project = tmp_path_factory.mktemp("copy") / "project"
    shutil.copytree(REPO, project, ignore=LEFT_OUT)
    if (REPO / "node_modules").is_dir():
        # The browser editor's bundle (Decap CMS) comes from here; 400 MB is linked, not copied.
        (project / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    for folder, folders, names in os.walk(project):  # not into the linked node_modules
        for name in folders + names:
            if not os.path.islink(os.path.join(folder, name)):
                os.utime(os.path.join(folder, name), (1_000_000_000, 1_000_000_000))  # a checkout in 2001
    site = tmp_path_factory.mktemp("second") / "out"
    env = build_env()
    env.update(PYTHONHASHSEED="12345", TZ="America/Los_Angeles", LC_ALL="C.UTF-8", LANG="C.UTF-8")
    done = subprocess.run(
        [tool("mkdocs"), "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout
    return site


def test_two_builds_with_the_same_epoch_are_byte_identical(example_site, second_build):
    for path in MUST_EXIST:
        assert (example_site / path).is_file(), f"the comparison would miss {path}"
    assert differences(example_site, second_build) == []


def test_the_sitemap_archive_is_stamped_with_the_build_day_not_the_clock(example_site):
    # MkDocs writes the gzip header's MTIME from SOURCE_DATE_EPOCH (the day of the newest page);
    # if it took the clock, the two builds above would differ in these four bytes.
    data = (example_site / "sitemap.xml.gz").read_bytes()
    mtime = struct.unpack("<I", data[4:8])[0]
    assert mtime == BUILD_EPOCH - BUILD_EPOCH % 86400
    assert gzip.decompress(data) == (example_site / "sitemap.xml").read_bytes()


def test_the_comparison_sees_a_single_changed_byte(example_site, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(example_site, copy)
    feed = copy / "kalender" / "feed.xml"
    data = bytearray(feed.read_bytes())
    data[-2] ^= 1
    feed.write_bytes(bytes(data))
    (copy / "extra.txt").write_text("x", encoding="utf-8")
    assert differences(example_site, copy) == ["only in the second build: extra.txt", "differs: kalender/feed.xml"]
