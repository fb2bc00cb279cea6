"""Write the site's files that do not depend on its pages while MkDocs renders the pages.

The feeds, calendars and open data of a large association take seconds to serialise (the
icalendar library, mostly), and MkDocs renders pages on one core. On Linux a forked process
writes them on another core; it inherits the checked data, so nothing is copied or read twice.
Elsewhere (macOS and Windows have no safe fork), or when asked, they are written in the build
itself when it ends. Either way the bytes are the same.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
import traceback
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Callable

FileMaker = Callable[[], dict[str, bytes]]
"""Returns output files by their path in the built site."""


class BackgroundError(Exception):
    """The files could not be made or written; the message says why."""


@dataclass
class Written:
    """What the writer did: how many files, and the seconds it took (in the other process or not)."""

    files: int
    seconds: float
    disk_seconds: float
    """Of ``seconds``, the time the files took to write to disk (the file system's share)."""
    parallel: bool


def can_fork() -> bool:
    """Fork is safe on Linux; macOS forbids it after some system libraries ran, Windows lacks it."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def write_files(files: dict[str, bytes], folder: Path) -> None:
    for path, data in sorted(files.items()):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _make_and_write(make: FileMaker, folder: Path) -> Written:
    started = time.perf_counter()
    files = make()
    made = time.perf_counter()
    write_files(files, folder)
    done = time.perf_counter()
    return Written(len(files), done - started, done - made, parallel=False)


def _child(make: FileMaker, folder: Path, results: Connection) -> None:
    try:
        results.send(("written", replace(_make_and_write(make, folder), parallel=True)))
    except BaseException as error:  # noqa: BLE001 - every failure goes back to the build
        results.send(("failed", f"{type(error).__name__}: {error}\n{traceback.format_exc()}"))
    finally:
        results.close()


class BackgroundWriter:
    """Makes files with ``make`` and writes them into ``folder``: started, then finished.

    ``start()`` forks (when ``parallel``) and returns at once; ``finish()`` waits for the files
    and raises :class:`BackgroundError` when making or writing them failed. ``cancel()`` stops
    an unfinished writer (a build that failed). Without ``parallel``, ``finish()`` does the work.
    """

    def __init__(self, make: FileMaker, folder: Path, parallel: bool) -> None:
        self._make = make
        self._folder = folder
        self._parallel = parallel
        self._process: multiprocessing.process.BaseProcess | None = None
        self._results: Connection | None = None

    def start(self) -> None:
        if not self._parallel:
            return
        context = multiprocessing.get_context("fork")
        self._results, child_end = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_child, args=(self._make, self._folder, child_end), name="partnerskap-files", daemon=True
        )
        self._process.start()
        child_end.close()  # the child holds its own copy: EOF here means the child is gone

    def finish(self) -> Written:
        if self._process is None:
            try:
                return _make_and_write(self._make, self._folder)
            except Exception as error:
                raise BackgroundError(f"{type(error).__name__}: {error}") from error
        assert self._results is not None
        try:
            outcome, detail = self._results.recv()
        except EOFError:
            outcome, detail = "failed", None
        finally:
            self._results.close()
            self._process.join()
        exit_code = self._process.exitcode
        self._process = None
        if outcome != "written":
            raise BackgroundError(detail or f"the process writing them stopped (exit code {exit_code})")
        return detail

    def cancel(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._process = None
        if self._results is not None:
            self._results.close()
