"""Where each setting of mkdocs.yml is written, so that its problems read ``mkdocs.yml:LINE: message``.

MkDocs hands the hooks the settings as plain values, without lines. The file is read again here,
only as far as YAML's node tree (composing constructs nothing, so MkDocs' own tags such as
``!ENV`` need no support and aliases are not expanded), and so is every file it ``INHERIT``s: a
setting written only in a parent file is reported at its line there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from partnerskap.source.problems import Problem, one_line, shown_path


@dataclass
class ConfigLines:
    """The node trees of a config file and of the files it inherits from, nearest first."""

    files: list[tuple[str, yaml.Node | None]] = field(default_factory=list)

    @classmethod
    def read(cls, config_file: Path | None, project_dir: Path) -> "ConfigLines":
        files: list[tuple[str, yaml.Node | None]] = []
        seen: set[Path] = set()
        path = config_file
        while path is not None and path.resolve() not in seen:
            seen.add(path.resolve())
            root = _compose(path)
            files.append((shown_path(path, project_dir), root))
            parent = _entry(root, "INHERIT")
            path = path.parent / parent[1].value if parent and isinstance(parent[1], yaml.ScalarNode) else None
        return cls(files or [("mkdocs.yml", None)])

    def where(self, keys: tuple[str | int, ...]) -> tuple[str, int]:
        """The file and line of ``keys`` (``("extra", "partnership", "timezone")``).

        MkDocs merges an inherited file under the nearer one, so the nearest file that writes
        the whole path is where the value came from. Where none does (a default, or a key under
        a value that is not a block), the line of the longest part of the path that is written.
        """
        best = (0, self.files[0][0], 1)
        for shown, root in self.files:
            depth, line = _deepest(root, keys)
            if depth == len(keys):
                return shown, line
            if depth > best[0]:
                best = (depth, shown, line)
        return best[1], best[2]

    def problem(self, keys: tuple[str | int, ...], message: str) -> Problem:
        """A problem with the setting at ``keys``, its dotted name first (a list item's index in
        brackets, counted from 1 as staff count: ``sources[2].url``)."""
        shown, line = self.where(keys)
        name = "".join(f"[{k + 1}]" if isinstance(k, int) else f".{k}" for k in keys).lstrip(".")
        return Problem(shown, line, one_line(f"{name}: {message}"))


def _compose(path: Path) -> yaml.Node | None:
    try:
        return yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return None  # MkDocs read it, or reports why not; every setting is then on line 1


def _entry(node: yaml.Node | None, key: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    """The key and value nodes of ``key`` in a mapping node: the last, as YAML loaders keep it.
    In a list (``sources:``), ``key`` is the item's index and the item is both."""
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int):
        return (node.value[key], node.value[key]) if 0 <= key < len(node.value) else None
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in reversed(node.value):
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _deepest(root: yaml.Node | None, keys: tuple[str | int, ...]) -> tuple[int, int]:
    """How many of ``keys`` are written, one inside the other, and the line of the last of them."""
    node, depth, line = root, 0, 1
    for key in keys:
        entry = _entry(node, key if isinstance(key, int) else str(key))
        if entry is None:
            break
        depth, line, node = depth + 1, entry[0].start_mark.line + 1, entry[1]
    return depth, line
