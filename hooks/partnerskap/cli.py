"""Command line: ``check`` validates every staff file without building; ``schemas`` writes them.

    python -m partnerskap.cli check [-f mkdocs.yml]
    python -m partnerskap.cli schemas [--out schemas]

Run with ``hooks/`` on the Python path (the Makefile's ``make check`` and ``make schemas`` do).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import yaml

from . import schemas
from .problems import DataError
from .settings import Settings, SettingsError
from .site import build_time, load_data


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for the few settings a check needs; MkDocs' own tags (``!ENV``,
    ``!!python/name:``) are read as nothing rather than refused."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(path: Path) -> dict[str, Any]:
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    parent = config.pop("INHERIT", None)
    if parent:
        base = read_config((path.parent / parent).resolve())
        base.update(config)
        config = base
    return config


def settings_from(config_path: Path) -> Settings:
    config = read_config(config_path)
    theme = config.get("theme") or {}
    project_dir = config_path.parent.resolve()
    return Settings.from_config(
        (config.get("extra") or {}).get("partnership"),
        project_dir=project_dir,
        docs_dir=(project_dir / config.get("docs_dir", "docs")).resolve(),
        site_url=config.get("site_url"),
        site_name=config.get("site_name", ""),
        language=theme.get("language", "en") if isinstance(theme, dict) else "en",
        directory_urls=config.get("use_directory_urls", True),
    )


def check(config_path: Path) -> int:
    try:
        settings = settings_from(config_path)
        data = load_data(settings, build_time(dict(os.environ)))
    except (SettingsError, ValueError) as error:
        print(error, file=sys.stderr)
        return 1
    except DataError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{len(error.problems)} problem(s); nothing else was checked or changed.", file=sys.stderr)
        return 1
    print(
        f"OK: {len(data.partnership.members)} members, {len(data.partnership.people)} people, "
        f"{len(data.calendar.events)} published events, {len(data.projects)} projects."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="partnerskap")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate members.yaml, events.yaml and project pages")
    check_parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    schema_parser = commands.add_parser("schemas", help="write the JSON Schemas")
    schema_parser.add_argument("--out", type=Path, default=Path("schemas"))
    arguments = parser.parse_args(argv)
    if arguments.command == "check":
        return check(arguments.config_file)
    for path in schemas.write(arguments.out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
