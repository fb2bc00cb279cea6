"""Command line: ``check`` validates every staff file without building; ``schemas`` writes them;
``fetch`` copies the members' own calendars into the cache folder the build reads.

    python -m partnerskap.cli check [-f mkdocs.yml]
    python -m partnerskap.cli schemas [--out schemas]
    python -m partnerskap.cli fetch [-f mkdocs.yml]

Run with ``hooks/`` on the Python path (the Makefile's ``make check`` and ``make schemas`` do).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError

from partnerskap import fetching
from partnerskap.build import build_time, load_data
from partnerskap.model.imported_events import copy_problem
from partnerskap.outputs import schemas
from partnerskap.settings import Settings, SettingsError
from partnerskap.source.config_lines import ConfigLines
from partnerskap.source.problems import DataError, Problem, one_line


def read_config(path: Path) -> MkDocsConfig:
    """mkdocs.yml read and validated by MkDocs itself, so that ``!ENV``, ``!relative`` and
    ``INHERIT`` mean exactly what they mean in the build, and MkDocs' own settings are checked too.

    Raises :class:`SettingsError` with every problem MkDocs finds, each at its line.
    """
    shown, path = path.name, path.resolve()
    config = MkDocsConfig(config_file_path=str(path))
    try:
        with path.open("rb") as file:
            config.load_file(file)
    except OSError as error:
        raise SettingsError([Problem(shown, 1, one_line(f"inställningsfilen går inte att läsa ({error.strerror})"))]) from None
    except ConfigurationError as error:
        cause = error.__context__
        if isinstance(cause, yaml.MarkedYAMLError):
            mark = cause.problem_mark or cause.context_mark
            where = f", kolumn {mark.column + 1}" if mark else ""
            raise SettingsError([Problem(shown, mark.line + 1 if mark else 1, one_line(
                f"YAML-syntax{where}: {cause.problem or cause.context} (kontrollera indraget och att text med ':' eller '#' står inom citattecken)"
            ))]) from None
        raise SettingsError([Problem(shown, 1, one_line(str(error)))]) from None
    # MkDocs logs what it thinks of plugins and themes while it validates; the check reports
    # only the problems, each at its line, as the build's own messages are.
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    errors, _ = config.validate()
    if errors:
        lines = ConfigLines.read(path, path.parent)
        raise SettingsError([lines.problem((key,), str(error)) for key, error in errors])
    return config


def check(config_path: Path) -> int:
    try:
        settings = Settings.from_mkdocs(read_config(config_path))
        data = load_data(settings, build_time(dict(os.environ)))
    except ValueError as error:  # SOURCE_DATE_EPOCH
        print(error, file=sys.stderr)
        return 1
    except DataError as error:  # mkdocs.yml's problems (SettingsError) or the data files'
        return _problems(error, "inget annat kontrollerades och inget ändrades")
    imported = sum(1 for event in data.calendar.events if event.origin is not None)
    from_sources = f" (och {imported} ur medlemmarnas kalendrar)" if imported else ""
    print(
        f"OK: {len(data.partnership.members)} medlemmar, {len(data.partnership.people)} personer, "
        f"{len(data.calendar.events) - imported} publicerade evenemang{from_sources}, {len(data.projects)} projekt."
    )
    # What the build would say of the members' calendars: never an error, as in the build.
    for note in data.source_notes:
        print(f"OBS: {note}")
    return 0


def fetch(config_path: Path) -> int:
    """make fetch: every source of mkdocs.yml into the cache folder, one line each."""
    try:
        settings = Settings.from_mkdocs(read_config(config_path))
    except DataError as error:
        return _problems(error, "inget hämtades")
    sources = [fetching.SourceToFetch(source.id, source.url, source.kind) for source in settings.sources]
    return fetching.fetch_command(
        sources, settings.sources_cache, lambda: dt.datetime.now(dt.timezone.utc), sys.stdout,
        project_dir=settings.project_dir,
        check=lambda source, body: copy_problem(source.kind, body, source.url),
    )


def _problems(error: DataError, what_then: str) -> int:
    """Every problem on its own line, then how many and what was not done; the exit status 1."""
    for problem in error.problems:
        print(problem, file=sys.stderr)
    print(f"{len(error.problems)} fel; {what_then}.", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="partnerskap")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate members.yaml, events.yaml and project pages")
    check_parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    schema_parser = commands.add_parser("schemas", help="write the JSON Schemas")
    schema_parser.add_argument("--out", type=Path, default=Path("schemas"))
    fetch_parser = commands.add_parser("fetch", help="copy the calendars of extra.partnership.sources into the cache folder")
    fetch_parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    arguments = parser.parse_args(argv)
    if arguments.command == "check":
        return check(arguments.config_file)
    if arguments.command == "fetch":
        return fetch(arguments.config_file)
    for path in schemas.write(arguments.out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
