"""Every generated page is valid HTML by the Nu Html Checker (npm vnu-jar, run on Java).

The checker reads the built files (it refuses pages on 127.0.0.1). The only errors allowed are
those listed, each with its reason, in tests/vnu-allowed.txt.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import material
import pytest

from conftest import REPO, need

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ALLOWED = Path(__file__).with_name("vnu-allowed.txt")
MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
JAVA_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss2m")
"""One run over a few hundred pages is over before Java's optimising compiler pays off: the quick
compiler alone and one garbage-collector thread take a third of the processor time (the checker
needs a larger stack than the quick compiler's code leaves it, hence -Xss)."""

BROKEN_PAGE = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Trasig</title></head>
<body><p id="twice">a</p><p id="twice">b</p><label for="nowhere">c</label></body></html>
"""


@dataclass(frozen=True)
class Allowed:
    message: str
    extract: str
    reason: str

    def covers(self, error: dict) -> bool:
        return error["message"] == self.message and self.extract in error.get("extract", "")


def allowed_errors() -> list[Allowed]:
    entries = []
    text = "\n".join(line for line in ALLOWED.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    for block in re.split(r"\n\s*\n", text.strip()):
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        assert set(fields) == {"message", "extract", "reason"}, block
        assert all(value.strip() for value in fields.values()), block
        entries.append(Allowed(**fields))
    return entries


@dataclass
class Report:
    errors: list[dict]
    checked: set[Path]


@pytest.fixture(scope="module")
def report(example_site, tmp_path_factory) -> Report:
    """One run of the checker over the whole built site and a page known to be broken."""
    need(shutil.which("java") is not None, "Java (the Nu Html Checker runs on it)")
    need(VNU.is_file(), f"{VNU.relative_to(REPO)} (make test runs npm ci)")
    broken = tmp_path_factory.mktemp("vnu") / "broken.html"
    broken.write_text(BROKEN_PAGE, encoding="utf-8")
    done = subprocess.run(
        ["java", *JAVA_OPTIONS, "-jar", str(VNU), "--format", "json", "--errors-only", "--skip-non-html", "--verbose", "--stdout",
         str(example_site), str(broken)],
        capture_output=True, text=True, timeout=600,
    )
    output = json.loads(done.stdout)
    # --verbose names each file it checked on stderr.
    checked = {Path(line.strip()).resolve() for line in done.stderr.splitlines() if line.strip().endswith(".html")}
    return Report(output["messages"], checked)


def site_errors(report: Report) -> list[dict]:
    return [e for e in report.errors if not e.get("url", "").endswith("/broken.html")]


def where(error: dict) -> str:
    return f"{error.get('url')}:{error.get('lastLine')}: {error['message']}\n    {error.get('extract', '').strip()}"


@pytest.mark.external
def test_the_checker_finds_the_errors_of_a_broken_page(report):
    broken = [e for e in report.errors if e.get("url", "").endswith("/broken.html")]
    messages = " | ".join(e["message"] for e in broken)
    assert "Duplicate ID" in messages and "for" in messages, messages
    assert not any(entry.covers(e) for entry in allowed_errors() for e in broken)


@pytest.mark.external
def test_the_checker_read_every_generated_page(report, example_site):
    pages = {path.resolve() for path in example_site.rglob("*.html")}
    assert len(pages) > 100
    assert pages <= report.checked, sorted(str(p) for p in pages - report.checked)[:10]


@pytest.mark.external
def test_no_page_has_an_error_but_the_allowed_ones(report):
    entries = allowed_errors()
    errors = [e for e in site_errors(report) if not any(entry.covers(e) for entry in entries)]
    assert errors == [], "\n".join(where(e) for e in errors[:30])


@pytest.mark.external
def test_every_allowed_error_still_occurs(report):
    errors = site_errors(report)
    unused = [entry.extract for entry in allowed_errors() if not any(entry.covers(e) for e in errors)]
    assert unused == [], f"tests/vnu-allowed.txt allows errors that no longer occur: {unused}"


@pytest.mark.external
def test_only_errors_are_reported(report):
    # A "non-document-error" (a file it could not read) would hide a page from the check.
    assert {e["type"] for e in report.errors} <= {"error"}, {e["type"] for e in report.errors}


# --- Overrides of Material's templates ----------------------------------------------------------

HEADER = re.compile(r"\A\{#-.*?-#\}\n", re.DOTALL)


def as_material_with(name: str, changes: list[tuple[str, str]]) -> tuple[str, str]:
    """Our override of ``name`` and Material's own with ``changes`` applied, headers removed."""
    ours = HEADER.sub("", (REPO / "overrides" / name).read_text(encoding="utf-8"), count=1)
    theirs = HEADER.sub("", (MATERIAL_TEMPLATES / name).read_text(encoding="utf-8"), count=1)
    for old, new in changes:
        assert old in theirs, f"Material's {name} changed: {old!r} is gone; update overrides/{name}"
        theirs = theirs.replace(old, new)
    return ours, theirs


def test_the_nav_item_override_is_materials_without_empty_tabindex():
    ours, theirs = as_material_with(
        "partials/nav-item.html", [('tabindex="{{ tabindex }}"', '{% if tabindex %}tabindex="{{ tabindex }}"{% endif %}')]
    )
    assert ours == theirs


def test_the_toc_override_is_materials_with_a_label_only_where_the_toggle_is():
    ours, theirs = as_material_with(
        "partials/toc.html",
        [('<label class="md-nav__title" for="__toc">', '<label class="md-nav__title"{% if page in nav.pages %} for="__toc"{% endif %}>')],
    )
    assert ours == theirs
