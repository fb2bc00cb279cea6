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
from yaml_env_tag import construct_env_tag

from partnerskap.outputs import schemas
from partnerskap.source.problems import DataError, Problem, one_line
from partnerskap.settings import Settings, SettingsError
from partnerskap.build import build_time, load_data


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for the settings a check needs: ``!ENV`` as MkDocs reads it, other tags
    (``!!python/name:``, ``!relative``) as nothing rather than refused or run."""


_ConfigLoader.add_constructor("!ENV", construct_env_tag)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(path: Path, shown: str | None = None) -> dict[str, Any]:
    """mkdocs.yml with the files it ``INHERIT``s merged under it, as MkDocs merges them.

    Raises :class:`SettingsError` when a file cannot be read, at the line YAML stopped at.
    """
    shown = shown or str(path)
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError([Problem(shown, 1, one_line(f"the settings file cannot be read ({error})"))]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f", column {mark.column + 1}" if mark else ""
        raise SettingsError([Problem(shown, mark.line + 1 if mark else 1, one_line(
            f"YAML syntax{where}: {error.problem or error.context} (check the indentation and that text with ':' or '#' is in quotes)"
        ))]) from None
    except (yaml.YAMLError, RecursionError) as error:
        raise SettingsError([Problem(shown, 1, one_line(f"YAML could not be read: {error}"))]) from None
    if not isinstance(config, dict):
        raise SettingsError([Problem(shown, 1, "the settings file must be a block of settings (site_name:, site_url: ...)")])
    parent = config.pop("INHERIT", None)
    if isinstance(parent, str):
        config = _merged(read_config(path.parent / parent), config)
    return config


def _merged(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """``override`` deep-merged over ``base``: blocks key by key, anything else replaced."""
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merged(base[key], value)
        else:
            base[key] = value
    return base


def settings_from(config_path: Path) -> Settings:
    config = read_config(config_path, config_path.name)
    theme = config.get("theme") or {}
    extra = config.get("extra") or {}
    project_dir = config_path.parent.resolve()
    return Settings.from_config(
        extra.get("partnership") if isinstance(extra, dict) else None,
        project_dir=project_dir,
        docs_dir=(project_dir / str(config.get("docs_dir", "docs"))).resolve(),
        site_url=config.get("site_url"),
        repo_url=config.get("repo_url"),
        site_name=config.get("site_name", ""),
        language=theme.get("language", "en") if isinstance(theme, dict) else "en",
        directory_urls=config.get("use_directory_urls", True),
        config_file=config_path,
    )


def check(config_path: Path) -> int:
    try:
        settings = settings_from(config_path)
        data = load_data(settings, build_time(dict(os.environ)))
    except ValueError as error:  # SOURCE_DATE_EPOCH
        print(error, file=sys.stderr)
        return 1
    except DataError as error:  # mkdocs.yml's problems (SettingsError) or the data files'
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
