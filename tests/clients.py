"""The programs members read the site with, as the client tests drive them: khal (a calendar
program, in the venv; its own command line, forked as the builds are: forked_builds.py) and a
static web server for the feed readers."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator

from conftest import need
from forked_builds import run_forked

KHAL = Path(sys.executable).with_name("khal")


class Khal:
    """khal with one calendar in ``folder``, in a zone (the machine's and khal's own), with
    dates and times written as ISO 8601 so that a test can compare the lines."""

    def __init__(self, folder: Path, zone: str) -> None:
        need(KHAL.exists(), "khal (pip install khal)")
        (folder / "calendar").mkdir(parents=True)
        self.config = folder / "khal.conf"
        self.config.write_text(
            f"[calendars]\n[[subscribed]]\npath = {folder / 'calendar'}\ntype = calendar\n\n"
            f"[locale]\nlocal_timezone = {zone}\ndefault_timezone = {zone}\ntimeformat = %H:%M\n"
            "dateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n"
            f"longdatetimeformat = %Y-%m-%d %H:%M\n\n[sqlite]\npath = {folder / 'khal.db'}\n",
            encoding="utf-8",
        )
        self.env = {**os.environ, "TZ": zone, "LC_ALL": "C.UTF-8"}

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        arguments = ["-c", str(self.config), *args]
        returncode, stdout, stderr = run_forked("khal", arguments, folder=self.config.parent, environment=self.env,
                                                timeout=120, apart=True)
        done = subprocess.CompletedProcess([str(KHAL), *arguments], returncode, stdout, stderr)
        if check:
            assert done.returncode == 0, done.stderr
        return done

    def subscribe(self, calendar: Path) -> None:
        """Import a calendar file as a subscription's update does: an event whose UID the
        calendar holds already replaces it (``--batch`` answers yes)."""
        self.run("import", "--batch", str(calendar))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser that closes a tab mid-download (a test that has what it needed) is how the
        web works, not an error: only other failures are printed, in the test's output."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def static_site(folder: Path) -> Iterator[str]:
    """``folder`` on ``http://127.0.0.1:<free port>`` (no slash at the end), as a static web
    server serves a built site, for the length of the block."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
