"""How long `mkdocs serve` takes to show a one-line edit of events.yaml.

    python bench/serve_rebuild.py                                (1,000 members, 3 edits; make bench-serve)
    python bench/serve_rebuild.py --compare-root /tmp/before     (and another checkout, in turn)

It writes a synthetic association (bench/generate.py), starts ``mkdocs serve`` on 127.0.0.1 at a
free port, and waits for the first build. Then, ``--edits`` times, it changes one event's title
(one line of events.yaml) and times from the write until the server has rebuilt ("Reloading
browsers" in its log) and serves the event's page with the new title. The figures are the
fastest and the median of the edits (on a machine shared with other work the fastest is the
least disturbed); each one is printed, with the CPU seconds the server used for it (its forked
writer included): on a machine shared with other work, those compare two versions better than
the wall clock. With ``--compare-root`` another checkout's project (the same synthetic data) is
served at the same time and the edits alternate between the two, so that both meet the same
load. The servers are stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
from run import BUILD_EPOCH, MKDOCS  # noqa: E402

EVENT = "evenemang-000001"  # the first synthetic event (bench/generate.py)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``mkdocs serve`` in a child process, its log read line by line with the time each arrived."""

    def __init__(self, config: Path, port: int) -> None:
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(BUILD_EPOCH), NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
        self.process = subprocess.Popen(
            [MKDOCS, "serve", "-a", f"127.0.0.1:{port}", "-f", str(config)],
            cwd=config.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.url = f"http://127.0.0.1:{port}/"
        self.lines: list[tuple[float, str]] = []
        self._changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            with self._changed:
                self.lines.append((time.perf_counter(), line.rstrip()))
                self._changed.notify_all()

    def wait_for(self, text: str, after: int, timeout: float) -> tuple[int, float]:
        """The index and time of the first log line from ``after`` on that contains ``text``."""
        deadline = time.perf_counter() + timeout
        with self._changed:
            while True:
                for index in range(after, len(self.lines)):
                    if text in self.lines[index][1]:
                        return index, self.lines[index][0]
                if self.process.poll() is not None:
                    raise SystemExit("mkdocs serve stopped:\n" + "\n".join(line for _, line in self.lines[-30:]))
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise SystemExit(f"no {text!r} in the log within {timeout:.0f} s")
                self._changed.wait(left)

    def cpu_seconds(self) -> float:
        """User and system time of the server and its finished children (Linux's /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    def page(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.read().decode("utf-8")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Served:
    """One project being served, and the edit that is timed on it."""

    def __init__(self, label: str, source: Path, folder: Path, members: int) -> None:
        self.label = label
        config = generate.association(folder, members, source=source)
        self.events = config.parent / "events.yaml"
        self.text = self.events.read_text(encoding="utf-8")
        # The event's title line: "  title: ..." right after "- id: evenemang-000001".
        self.title = re.search(rf"^- id: {EVENT}\n  title: (.*)$", self.text, re.MULTILINE)
        assert self.title, f"{EVENT} is not in the generated events.yaml"
        self.server = Server(config, free_port())
        self.path = ""
        """The event's page on the site, known once the server has built it."""
        self.seconds: list[float] = []
        self.cpu: list[float] = []

    def edit(self, number: int) -> str:
        """Write a new title into events.yaml; time until the served event page shows it."""
        server = self.server
        title = f"Redigerad rubrik {number}"
        after = len(server.lines)
        used = server.cpu_seconds()
        written = time.perf_counter()
        self.events.write_text(self.text[:self.title.start(1)] + title + self.text[self.title.end(1):], encoding="utf-8")
        index, _ = server.wait_for("Reloading browsers", after, timeout=900)
        while title not in server.page(self.path):  # the served page shows the edit
            time.sleep(0.05)
        self.seconds.append(time.perf_counter() - written)
        self.cpu.append(server.cpu_seconds() - used)
        building = next((t for t, line in server.lines[after:] if "Building documentation" in line), written)
        return (f"{self.label}, edit {number}: {self.seconds[-1]:.1f} s until /{self.path} shows it "
                f"(the build itself {server.lines[index][0] - building:.1f} s), {self.cpu[-1]:.1f} CPU s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=3, help="edits to time (the fastest and the median are reported)")
    parser.add_argument("--project-root", type=Path, default=generate.REPO, help="the checkout whose project is served (default: this one)")
    parser.add_argument("--compare-root", type=Path, default=None, help="another checkout to serve at the same time, its edits in turn with ours (\"before\")")
    parser.add_argument("--work", type=Path, default=None, help="write the projects here (default: a temporary folder)")
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="partnerskap-serve-"))
    roots = {"this tree": args.project_root}
    if args.compare_root:
        roots["compared"] = args.compare_root
    served: list[Served] = []
    try:
        for number, (label, root) in enumerate(roots.items()):
            start = time.perf_counter()
            served.append(Served(label, root, work / f"association-{args.members}-{number}", args.members))
            _, ready = served[-1].server.wait_for("Serving on", 0, timeout=1800)
            print(f"{label}: first build and start {ready - start:.1f} s", flush=True)
            served[-1].path = _event_page(served[-1].server)
        for number in range(1, args.edits + 1):
            for one in served:  # in turn, so that both meet the same load
                print(one.edit(number), flush=True)
        print()
        print(f"`python bench/serve_rebuild.py --members {args.members} --edits {args.edits}"
              + (f" --compare-root {args.compare_root}" if args.compare_root else "") + "`: the fastest and the median of the edits")
        print()
        print("| served | checkout | seconds until the page shows the edit, fastest | median | CPU seconds of the rebuild, least | median |")
        print("| --- | --- | ---: | ---: | ---: | ---: |")
        for one in served:
            print(f"| {one.label} | {roots[one.label]} | {min(one.seconds):.1f} | {statistics.median(one.seconds):.1f} "
                  f"| {min(one.cpu):.1f} | {statistics.median(one.cpu):.1f} |")
    finally:
        for one in served:
            one.server.stop()
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


def _event_page(server: Server) -> str:
    """The site path of the timed event's page, from the generated site's search index."""
    index = server.page("search/search_index.json")
    found = re.search(rf'"location":"([^"#]*{EVENT}[^"#]*)"', index)
    assert found, f"{EVENT} has no page in the search index"
    return found.group(1)


if __name__ == "__main__":
    main()
