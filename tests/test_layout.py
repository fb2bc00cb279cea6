"""The shape issue 15 gave the code, the tests and the docs: the package imports in the order the
data travels, the data path needs no MkDocs, our templates only draw, every test has its tier,
and the README is short and sends each reader on."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import jinja2
import jinja2.nodes

from conftest import BUILDS, HOOKS, REPO, TIERS

PACKAGE = HOOKS / "partnerskap"

LAYERS = {
    "i18n": 0, "routes": 0,  # the words and the addresses every layer may use
    "source": 1,  # what staff wrote, with its lines
    "model": 2, "fetching": 2,  # the entities and their rules; the members' calendars fetched
    "settings": 3,  # mkdocs.yml's extra.partnership, which checks against the model
    "pages": 4, "outputs": 4,  # a view per page type; the files beside the pages
    "build": 5, "drawn_pages": 5, "shared_parts": 5,  # put together, for MkDocs
    "cli": 6,  # make check, make fetch, make schemas
}
"""Each part of the package and its place in the flow: a part imports only parts before it."""

DATA_PATH = ("source", "model", "pages", "outputs")
"""The parts that run, and are tested, without MkDocs."""


def part_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def imported(path: Path) -> set[str]:
    """The modules ``path`` imports, absolute, relative ones resolved."""
    package = ".".join(path.relative_to(HOOKS).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if path != PACKAGE / "__init__.py")


def test_the_package_imports_in_the_order_the_data_travels():
    backwards = set()
    for path in modules():
        part = part_of(path)
        assert part in LAYERS, f"{path.relative_to(HOOKS)}: give it its place in LAYERS"
        for name in imported(path):
            target = name.split(".")
            if target[0] == "partnerskap" and len(target) > 1 and target[1] != part:
                if LAYERS[target[1]] >= LAYERS[part]:
                    backwards.add(f"{path.relative_to(HOOKS)} imports {name}")
    assert sorted(backwards) == []


def test_the_data_path_imports_no_mkdocs():
    used = {
        f"{path.relative_to(HOOKS)}: {name}"
        for path in modules() if part_of(path) in DATA_PATH
        for name in imported(path) if name.split(".")[0] in ("mkdocs", "material", "properdocs")
    }
    assert sorted(used) == []


OUR_TEMPLATES = sorted([
    *(REPO / "overrides" / "partnership").glob("*.html"),
    *(REPO / "overrides" / "partials" / "partnership").glob("*.html"),
    REPO / "overrides" / "main.html",
    REPO / "overrides" / "404.html",
])
"""Our own templates; the partials copied from Material's are held to Material's (test_shared_parts)."""
COMPUTING = (jinja2.nodes.Add, jinja2.nodes.Sub, jinja2.nodes.Mul, jinja2.nodes.Div, jinja2.nodes.FloorDiv,
             jinja2.nodes.Mod, jinja2.nodes.Pow, jinja2.nodes.Concat)
"""Arithmetic and joining strings: a view's work, done once in Python."""
DRAWING_FILTERS = {"url", "length", "safe", "replace"}
"""``url`` (MkDocs' own, for a path), ``length`` (of a list drawn beside it), ``safe`` (only for the
page's Markdown, which MkDocs and our sanitiser made), ``replace`` (only Material's script address)."""


def test_our_templates_only_draw():
    environment = jinja2.Environment()
    computed, filters, raw = [], {}, []
    assert len(OUR_TEMPLATES) > 30
    for path in OUR_TEMPLATES:
        tree = environment.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(REPO)
        computed += [f"{where}:{node.lineno}" for node in tree.find_all(COMPUTING)]
        for node in tree.find_all(jinja2.nodes.Filter):
            filters.setdefault(node.name, []).append(f"{where}:{node.lineno}")
            if node.name == "safe" and not (isinstance(node.node, jinja2.nodes.Getattr) and node.node.attr == "content"):
                raw.append(f"{where}:{node.lineno}")
    assert computed == []
    assert {name: places for name, places in filters.items() if name not in DRAWING_FILTERS} == {}
    assert raw == [], "only page.content is printed unescaped"
    assert [place.split(":")[0] for place in filters.get("replace", [])] == ["overrides/main.html"]


MEASURED = re.compile(r"(?<![\d:.,])\d+(?:[.,]\d+)?\s?(?:ms|s|seconds?|processor-seconds|minutes?)\b")
"""A time measured ("70 ms", "4 processor-seconds"); "02:30" and a limit in words do not match."""


def python_comments(path: Path):
    """The comments and docstrings of a Python file, each line with its number."""
    text = path.read_text(encoding="utf-8")
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            yield token.start[0], token.string
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for offset, line in enumerate(node.value.value.splitlines()):
                yield node.lineno + offset, line


def test_the_figures_are_in_bench_and_the_comments_say_why():
    """A comment of the generator or the Makefile says why and points at bench/README.md for how
    much: a figure written into it would go stale while the one in bench/ is measured again."""
    found = [f"{path.relative_to(REPO)}:{number}" for path in sorted(HOOKS.rglob("*.py"))
             for number, line in python_comments(path) if MEASURED.search(line)]
    for path in sorted((REPO / "overrides").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(REPO)}:{text.count(chr(10), 0, comment.start()) + 1}"
                  for comment in re.finditer(r"\{#.*?#\}|<!--.*?-->", text, flags=re.DOTALL)
                  if MEASURED.search(comment.group())]
    makefile = (REPO / "Makefile").read_text(encoding="utf-8").splitlines()
    found += [f"Makefile:{number}" for number, line in enumerate(makefile, start=1)
              if line.lstrip().startswith("#") and MEASURED.search(line)]
    assert found == []


def test_a_category_is_named_once_and_its_words_and_addresses_follow_from_it():
    """events.py names the categories staff write; the words for them (in every language) and the
    Swedish addresses are looked up by that name, so a category added there lacks neither."""
    from partnerskap.i18n import TRANSLATIONS
    from partnerskap.model.events import CATEGORIES
    from partnerskap.routes import CATEGORY_SLUGS

    for language, words in TRANSLATIONS.items():
        assert [name for name in CATEGORIES if f"category_{name}" not in words] == [], language
    for language, slugs in CATEGORY_SLUGS.items():
        assert set(slugs) == set(CATEGORIES), language
        assert len(set(slugs.values())) == len(slugs), f"{language}: two categories at one address"


def test_every_collected_test_is_in_a_tier_and_the_unit_tier_builds_nothing(request):
    """make test-fast runs the unit tier alone, without a site, Node, Java or Chromium."""
    items = request.session.items
    assert request.node in items
    for item in items:
        tiers = {tier for tier in TIERS if item.get_closest_marker(tier)}
        assert tiers, item.nodeid
        used = set(item.fixturenames)
        if "playwright_driver" in used:
            assert "browser" in tiers, item.nodeid
        if used & BUILDS:
            assert "build" in tiers, item.nodeid
        if "unit" in tiers:
            assert tiers == {"unit"} and not used & (BUILDS | {"playwright_driver"}), item.nodeid


def test_the_readme_is_short_and_sends_each_reader_on():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 100
    headings = re.findall(r"^## (.+)$", readme, flags=re.MULTILINE)
    assert headings[0] == "Two commands" and "Where to go next" in headings
    assert not [heading for heading in headings if "staff" in heading.lower()], "staff read the staff guide"
    commands = re.search(r"```sh\n(.*?)```", readme, flags=re.DOTALL)[1]
    assert [line.split()[:2] for line in commands.splitlines()] == [["make", "serve"], ["make", "test"]]
    for target in ("docs/personalguide.md", "docs/architecture.md", "bench/README.md"):
        assert f"]({target})" in readme and (REPO / target).is_file(), target
    architecture = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    for heading in ("The data flow", "How to add a field", "How to add a page type", "How to add an output"):
        assert re.search(rf"^## {heading}$", architecture, flags=re.MULTILINE), heading
