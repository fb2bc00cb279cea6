"""Read a staff YAML file into plain values that remember the line they came from.

PyYAML forgets positions once it has built Python objects. Staff need every message to point at
a line, so mappings and sequences are built as :class:`LineDict` and :class:`LineList`, which keep
the line of each key and item. Dates and times stay strings here (the field checks parse them,
with messages staff can act on), and ``11:00`` is not read as the YAML 1.1 base-60 number 660.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .problems import Report


class LineDict(dict):
    """A mapping from a YAML file, with the line of the mapping and of each key."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence from a YAML file, with its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]


_PLAIN_TYPES = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that builds LineDict/LineList and reports duplicate keys."""

    report: Report

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in _PLAIN_TYPES]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789")
)
_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, (str, int, float, bool)) or key is None:
            loader.report.error(line, "a key must be a plain word, such as name:")
            continue
        if key in result:
            first = result.key_lines[key]
            loader.report.error(
                line, f"'{key}' is given twice in the same entry (first on line {first}); keep one"
            )
            continue
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def parse_yaml(text: str, report: Report) -> Any:
    """Parse one YAML document; syntax errors go to ``report`` and give ``None``."""
    loader = _LineLoader(text)
    loader.report = report
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        column = f", column {mark.column + 1}" if mark else ""
        what = error.problem or error.context or "this is not valid YAML"
        report.error(
            line,
            f"YAML syntax{column}: {what} (check the indentation and that text with ':' or '#' "
            "is in quotes)",
        )
    except yaml.YAMLError as error:
        report.error(1, f"YAML could not be read: {error}")
    finally:
        loader.dispose()
    return None


def read_yaml(path: Path, report: Report) -> Any:
    """Read a staff YAML file; an unreadable file is reported, not raised."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        report.error(1, f"the file is missing; create it next to mkdocs.yml ({path})")
        return None
    except UnicodeDecodeError as error:
        report.error(1, f"the file is not UTF-8 text (byte {error.start}); save it as UTF-8")
        return None
    return parse_yaml(text, report)
