"""A link under content/ never publishes a file from elsewhere on the build machine."""

from __future__ import annotations

import os
import re

from conftest import run_check

MEMBERS = """\
members:
  - id: en-medlem
    name: En medlem
    sector: civil
people: []
groups: []
"""

PROBLEM = re.compile(r"^(?:ERROR\s+-\s+)?(?P<file>[^:\s]+):(?P<line>\d+): (?P<message>.+)$", re.MULTILINE)


def problems(log: str) -> dict[str, str]:
    return {m["file"]: m["message"] for m in PROBLEM.finditer(log)}


def test_links_out_of_content_are_refused_and_nothing_is_copied(throwaway, tmp_path):
    content = throwaway.root / "content"
    (content / "img").mkdir(parents=True)
    outside = tmp_path / "hemligt.txt"
    outside.write_text("HEMLIGT=1\n", encoding="utf-8")
    os.symlink("/etc/passwd", content / "passwd.txt")
    os.symlink("/proc/self/environ", content / "img" / "miljo.txt")
    os.symlink(outside, content / "hemligt.txt")
    os.symlink("/", content / "hela-disken")
    os.symlink("..", content / "img" / "upp")
    (content / "egen.md").write_text("# Egen sida\n", encoding="utf-8")
    os.symlink("egen.md", content / "samma.md")  # inside content/: allowed

    build = throwaway.build(MEMBERS)

    assert build.returncode != 0
    assert "Traceback" not in build.log
    found = problems(build.log)
    assert set(found) == {
        "content/passwd.txt", "content/img/miljo.txt", "content/hemligt.txt", "content/hela-disken", "content/img/upp",
    }, build.log
    assert "/etc/passwd" in found["content/passwd.txt"] and "utanför content/" in found["content/passwd.txt"]
    assert "innehåller den själv" in found["content/img/upp"]
    site = build.site
    assert not site.exists() or not any(p.name in {"passwd.txt", "miljo.txt", "hemligt.txt"} for p in site.rglob("*"))


def test_make_check_reports_the_links_too(throwaway):
    content = throwaway.root / "content"
    content.mkdir(parents=True)
    os.symlink("/etc/passwd", content / "passwd.txt")
    throwaway.write(MEMBERS)
    done = run_check(throwaway.root)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr + done.stdout
    assert "content/passwd.txt" in problems(done.stdout + done.stderr)


def test_a_link_inside_content_is_published(throwaway):
    content = throwaway.root / "content"
    content.mkdir(parents=True)
    (content / "egen.md").write_text("# Egen sida\n\nText.\n", encoding="utf-8")
    os.symlink("egen.md", content / "samma.md")
    build = throwaway.build(MEMBERS)
    assert build.returncode == 0, build.log
    assert (build.site / "samma" / "index.html").is_file()
