"""``mkdocs build`` for the tests, each in a process forked from one that has imported MkDocs.

A build in a fresh interpreter spends most of its first half-second importing MkDocs, Material,
Markdown, Jinja and the generator; the suite runs some eighty builds on each run. Here
multiprocessing's *forkserver* imports them once per test worker, in a process of its own that
never builds and has no threads (a pytest-xdist worker has some, and a fork must not copy them),
and every build is a fork of it: a child that starts where ``mkdocs build`` would be after its
imports, with its own working folder, environment and output, and nothing of an earlier build.
``make check`` (``python -m partnerskap.cli check``) runs the same way, and so does khal, the
calendar program of the client tests (tests/clients.py).

What a fork cannot give stays a real subprocess: another program (``properdocs``), and the tests
that need a fresh interpreter of their own (a hash seed, a ``sitecustomize``) call
``subprocess.run`` themselves.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.forkserver
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

HOOKS = Path(__file__).resolve().parent.parent / "hooks"

PRELOADED = [
    "mkdocs.__main__", "mkdocs.commands.build", "mkdocs.config.defaults", "mkdocs.structure.pages",
    "material.plugins.search.plugin", "material.extensions.emoji", "markdown", "pymdownx.superfences",
    "jinja2", "babel.dates", "yaml", "icalendar", "feedgen.feed", "nh3", "partnerskap.build", "partnerskap.cli",
    "khal.cli",
]
"""What every build imports first: MkDocs with its command line, Material's search plugin, the
Markdown extensions of mkdocs.yml, and the generator behind the hook file (and `make check`'s
command line); and khal's command line, which the client tests run some twenty times, each
spending a third of a second importing it."""


def _run_in_child(program: str, arguments: list[str], folder: str, environment: dict[str, str],
                  outputs: tuple[str, str], memory: int | None) -> None:
    """The forked child: stdout and stderr into their files (one file for both, if so given), in
    ``folder`` with ``environment`` only, then the program's own command line, whose
    ``SystemExit`` becomes the child's exit code."""
    for number, path in zip((1, 2), outputs):
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(descriptor, number)
        os.close(descriptor)
    os.chdir(folder)
    os.environ.clear()
    os.environ.update(environment)
    time.tzset()  # the local time of the environment's TZ, as a process started in it has
    if memory is not None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    own = Path(folder, "hooks")
    if own.is_dir() and own.resolve() != HOOKS:
        # A copy of the repository builds with its own generator, not this one's, preloaded.
        for name in [name for name in sys.modules if name.partition(".")[0] == "partnerskap"]:
            del sys.modules[name]
    if program != "khal":
        _as_in_a_fresh_interpreter()
    if program == "mkdocs":
        from mkdocs.__main__ import cli

        cli.main(args=arguments, prog_name="mkdocs")
    elif program == "khal":
        from khal.cli import main_khal

        main_khal.main(args=arguments, prog_name="khal")
    elif program == "partnerskap":
        from partnerskap.cli import main

        sys.exit(main(arguments))
    elif program == "state":  # what a build would start with (modules_of_a_child)
        from icalendar.timezone import tzp

        print(tzp.name, *sys.modules)
    else:
        raise ValueError(f"no such program to fork: {program}")


def _as_in_a_fresh_interpreter() -> None:
    """Undoes what a preloaded module changed for the whole process: khal's import makes pytz
    icalendar's provider of time zones, where a build started on its own has zoneinfo. Under
    pytz the tests' builds read calendars with another library than the site's, and an
    imported calendar's repeats took five times as long to list (every comparison a call into
    pytz)."""
    import icalendar

    icalendar.use_zoneinfo()


def _context() -> multiprocessing.context.ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOADED)  # read when the server starts, at the first build
    _start_server_on_our_path()
    return context


def _start_server_on_our_path() -> None:
    """Start the server (once) with this process's ``sys.path`` as its ``PYTHONPATH``.

    The forkserver imports PRELOADED on its own default path (Python 3.11 passes the starting
    process's path to the builds, not to the server), where hooks/ is missing:
    ``partnerskap.build`` failed to import there, silently, and every build imported the
    generator again (0.05 to 0.1 processor-seconds a small build: bench/small_builds.py).
    The builds themselves still get this process's path and their own environment."""
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(path for path in sys.path if path)
    try:
        multiprocessing.forkserver.ensure_running()  # returns at once while the server runs
    finally:
        if before is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = before


def mkdocs_build(arguments: list[str], *, folder: Path, environment: dict[str, str], timeout: float) -> tuple[int, str]:
    """``mkdocs <arguments>`` run in ``folder`` with ``environment``: its exit code and output."""
    returncode, log, _ = run_forked("mkdocs", arguments, folder=folder, environment=environment, timeout=timeout)
    return returncode, log


def run_forked(program: str, arguments: list[str], *, folder: Path, environment: dict[str, str], timeout: float,
               apart: bool = False, memory: int | None = None) -> tuple[int, str, str]:
    """``mkdocs <arguments>``, ``khal <arguments>`` or ``python -m partnerskap.cli <arguments>``
    (``program`` "partnerskap"), run in ``folder`` with ``environment`` and at most ``memory`` bytes of address
    space: its exit code, and its stdout and stderr, ``apart`` or both in the first."""
    with tempfile.TemporaryDirectory(prefix="mkdocs-build-") as scratch:
        outputs = (os.path.join(scratch, "stdout"), os.path.join(scratch, "stderr" if apart else "stdout"))
        child = _context().Process(target=_run_in_child,
                                   args=(program, arguments, str(folder), environment, outputs, memory))
        child.start()
        child.join(timeout)
        if child.exitcode is None:
            child.kill()
            child.join()
            raise TimeoutError(f"{program} {' '.join(arguments)} took more than {timeout} s")
        return child.exitcode, _text(outputs[0]), _text(outputs[1]) if apart else ""


def _text(path: str) -> str:
    """What the child wrote to ``path``; nothing if it stopped before it opened the file."""
    with contextlib.suppress(FileNotFoundError), open(path, encoding="utf-8", errors="replace") as output:
        return output.read()
    return ""


def modules_of_a_child() -> tuple[set[str], str]:
    """What a forked build starts with: its modules, those the server imported for every build
    (PRELOADED, when it could import them) and those the child needed to start; and the name of
    icalendar's provider of time zones, which reads the calendars."""
    returncode, listing, _ = run_forked("state", [], folder=Path.cwd(), environment=dict(os.environ), timeout=60)
    assert returncode == 0, listing
    provider, *modules = listing.split()
    return set(modules), provider
