"""Does the fast YAML reader earn its place? Time the ways to read a large members.yaml and events.yaml.

    python bench/yaml_readers.py --members 1000

Issue 15 asks to keep the hand-written reader (``_read_plain`` in
hooks/partnerskap/source/sourcefile.py: one loop over libyaml's events building the line-keeping
values) only if it matters at 1,000 members. On the files bench/generate.py writes, this times,
the fastest of ``--repeat`` reads each:

- ``parse_yaml``: the project's reader as the build calls it (the fast loop for a plain file);
- ``line loader``: the same values the "full way" the reader falls back to (libyaml's parser,
  PyYAML's composer and the line-keeping constructors): the reader without the fast loop;
- ``C compose + walk``: the simplest other way, libyaml composing the nodes in C (``yaml.compose``
  with ``CSafeLoader`` and the project's resolvers) and a short walk over them building the same
  values; it lacks the nesting limit the Python composer gives (libyaml's composer recurses in C);
- ``CSafeLoader``: ``yaml.load`` without lines, for scale.

Every way's values are checked equal to the project's reader's, lines included.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "hooks"))

import generate  # noqa: E402
from partnerskap.source import sourcefile  # noqa: E402
from partnerskap.source.problems import Report  # noqa: E402


class _ComposeLoader(yaml.CSafeLoader):
    """libyaml's C composer, resolving plain words as the project's reader does."""


_ComposeLoader.yaml_implicit_resolvers = sourcefile._CLineLoader.yaml_implicit_resolvers


def compose_and_walk(text: str) -> object:
    loader = _ComposeLoader(text)
    try:
        node = loader.get_single_node()
        return _walk(loader, node)
    finally:
        loader.dispose()


def _walk(loader: yaml.CSafeLoader, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return node.value if node.tag == "tag:yaml.org,2002:str" else loader.construct_object(node)
    if isinstance(node, yaml.SequenceNode):
        items = sourcefile.LineList(_walk(loader, child) for child in node.value)
        items.line, items.item_lines = node.start_mark.line + 1, [child.start_mark.line + 1 for child in node.value]
        return items
    mapping = sourcefile.LineDict()
    mapping.line, mapping.key_lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = _walk(loader, key_node)
        if key not in mapping:  # the first of a repeated key (the reader reports the second)
            mapping[key] = _walk(loader, value_node)
            mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def line_loader(text: str) -> object:
    loader = sourcefile._CLineLoader(text)
    loader.report = Report("bench")
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def same(a: object, b: object) -> bool:
    """Equal values with equal lines, all the way down."""
    if isinstance(a, sourcefile.LineDict):
        return (isinstance(b, sourcefile.LineDict) and a.line == b.line and a.key_lines == b.key_lines
                and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a))
    if isinstance(a, sourcefile.LineList):
        return (isinstance(b, sourcefile.LineList) and a.line == b.line and a.item_lines == b.item_lines
                and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b)))
    return type(a) is type(b) and a == b


def fastest(read, text: str, repeat: int) -> tuple[float, object]:
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        value = read(text)
        best = min(best, time.process_time() - start)
    return best, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="partnerskap-yaml-"))
    project = work / "association"
    generate.association(project, args.members)
    ways = {
        "parse_yaml (the project's reader)": lambda text: sourcefile.parse_yaml(text, Report("bench")),
        "line loader (the reader without its fast loop)": line_loader,
        "C compose + walk": compose_and_walk,
        "CSafeLoader, no lines": lambda text: yaml.load(text, Loader=yaml.CSafeLoader),
    }
    print(f"CPU seconds, the fastest of {args.repeat} reads ({args.members:,} members)")
    print("| file | size | " + " | ".join(ways) + " |")
    print("| --- | ---: |" + " ---: |" * len(ways))
    for name in ("members.yaml", "events.yaml"):
        text = (project / name).read_text(encoding="utf-8")
        row, reference = [], None
        for way, read in ways.items():
            seconds, value = fastest(read, text, args.repeat)
            if reference is None:
                reference = value
            elif "no lines" not in way:
                assert same(reference, value), f"{way} read {name} differently"
            row.append(f"{seconds:.2f}")
        print(f"| {name} | {len(text.encode()) / 1e6:.1f} MB | " + " | ".join(row) + " |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
