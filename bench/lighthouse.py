"""Lighthouse on the built example: performance, accessibility, best practices and SEO.

    python bench/lighthouse.py [--runs 5] [--site DIR] [--no-gzip]      (make lighthouse)

Builds the example (unless --site names a built one), serves it on 127.0.0.1 at a free port
(gzip for text, as every static host does; --no-gzip to see it without), and runs Lighthouse 12
from bench/node_modules (``cd bench && npm ci``) with Debian's Chromium, mobile form factor and
simulated throttling (Lighthouse's defaults), on three pages: the home page, the member
directory and an event page. Each page is run several times and the median of each score is
reported, because Lighthouse's CPU benchmark varies a lot on a small shared machine.

Targets: performance at least 95, the other three 100. For every category below target, the
audits that cost points are listed from the JSON reports, which are kept in bench/out/lighthouse/.
The table goes to bench/lighthouse.md as well as to the terminal. Exits 0 whatever the scores
(it measures; --strict makes a missed target exit 1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
LIGHTHOUSE = BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync --disable-default-apps"
)
BUILD_EPOCH = "1795000000"
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ics", ".map")


class Handler(http.server.SimpleHTTPRequestHandler):
    """A static host: gzip for text when the browser accepts it, nothing logged."""

    gzip = True

    def log_message(self, format, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.gzip and accepts and path.suffix in COMPRESSIBLE and path.is_file()) or not self.path.split("?")[0].endswith(("/", path.name)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


def build_example(target: Path) -> Path:
    env = dict(os.environ, SOURCE_DATE_EPOCH=BUILD_EPOCH, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    done = subprocess.run([mkdocs, "build", "--strict", "-q", "-d", str(target)], cwd=REPO, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the example does not build:\n{done.stdout}")
    return target


def event_page(site: Path) -> str:
    """An upcoming event with a programme (the richest kind of calendar page), else any event."""
    events = [e for e in yaml.safe_load((REPO / "events.yaml").read_text(encoding="utf-8"))["events"] if e.get("id")]
    now = str(__import__("datetime").date.fromtimestamp(int(BUILD_EPOCH)))
    ranked = sorted(events, key=lambda e: (not e.get("programme"), str(e["start"]) < now, str(e["start"])))
    for event in ranked:
        if (site / "kalender" / event["id"] / "index.html").is_file():
            return f"/kalender/{event['id']}/"
    raise SystemExit("no event page found in the built site")


def serve(site: Path, use_gzip: bool) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = type("SiteHandler", (Handler,), {"gzip": use_gzip})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def lighthouse(url: str, output: Path) -> dict:
    command = [
        "node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
    ]
    done = subprocess.run(command, env=dict(os.environ, CHROME_PATH=CHROMIUM), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    if not output.is_file():
        raise SystemExit(f"Lighthouse wrote no report for {url}:\n{done.stdout[-3000:]}")
    report = json.loads(output.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise SystemExit(f"Lighthouse failed on {url}: {report['runtimeError']}")
    return report


def scores(report: dict) -> dict[str, float]:
    return {name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES}


def costs(report: dict, category: str) -> list[str]:
    """The audits that took points from a category, from one report."""
    audits = report["audits"]
    lines = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits[ref["id"]]
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            lines.append(f"{ref['id']}: score {audit['score']:.2f}, weight {ref['weight']}{shown}: {audit['title']}")
    if category == "performance":
        for audit in audits.values():
            details = audit.get("details") or {}
            savings = (audit.get("metricSavings") or {})
            if details.get("type") == "opportunity" and (details.get("overallSavingsMs") or 0) > 0:
                lines.append(f"opportunity {audit['id']}: {details['overallSavingsMs']:.0f} ms: {audit['title']}")
            elif savings and any(v for v in savings.values()) and audit.get("score") is not None and audit["score"] < 1:
                lines.append(f"insight {audit['id']}: {audit.get('displayValue', '')} {audit['title']} {savings}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--site", type=Path, help="a built site to test (default: build the example)")
    parser.add_argument("--no-gzip", action="store_true", help="serve without compression")
    parser.add_argument("--out", type=Path, default=BENCH / "out" / "lighthouse")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a median misses its target")
    parser.add_argument("--results", type=Path, default=BENCH / "lighthouse.md", help="where the table is written")
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        raise SystemExit("Lighthouse is not installed: run `cd bench && npm ci` (make lighthouse does)")

    temporary = None
    site = args.site
    if site is None:
        temporary = Path(tempfile.mkdtemp(prefix="lighthouse-site-"))
        site = build_example(temporary / "site")
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    pages = {"home": "/", "directory": "/medlemmar/", "event": event_page(site)}
    server, base = serve(site, not args.no_gzip)
    results: dict[str, list[dict]] = {name: [] for name in pages}
    try:
        for run in range(1, args.runs + 1):
            for name, path in pages.items():
                report = lighthouse(base + path, args.out / f"{name}-{run}.json")
                results[name].append(report)
                print(f"run {run}/{args.runs} {name:10s} {path:45s} " + "  ".join(f"{c} {s}" for c, s in scores(report).items()), flush=True)
    finally:
        server.shutdown()
        server.server_close()
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)

    lines = [
        "# Lighthouse results", "",
        f"`python bench/lighthouse.py --runs {args.runs}` on {dt.date.today().isoformat()}, Lighthouse 12 with "
        f"Debian's Chromium, mobile form factor, simulated throttling, served {'with' if not args.no_gzip else 'without'} gzip; "
        f"medians of {args.runs} runs.", "",
        "| page | path | " + " | ".join(CATEGORIES) + " | performance min-max |",
        "| --- | --- | " + " | ".join("---:" for _ in CATEGORIES) + " | ---: |",
    ]
    missed = []
    for name, reports in results.items():
        per_category = {c: [scores(r)[c] for r in reports] for c in CATEGORIES}
        medians = {c: statistics.median(v) for c, v in per_category.items()}
        perf = per_category["performance"]
        lines.append(f"| {name} | {pages[name]} | " + " | ".join(f"{medians[c]:g}" for c in CATEGORIES) + f" | {min(perf)}-{max(perf)} |")
        for category in CATEGORIES:
            if medians[category] < TARGETS[category]:
                # The run whose score is the median's: its audits are the typical ones.
                typical = min(reports, key=lambda r: abs(scores(r)[category] - medians[category]))
                missed.append((name, category, medians[category], costs(typical, category)))
    lines.append("")
    if not missed:
        lines.append("Every median meets its target (performance >= 95, the others 100).")
    for name, category, median, audits in missed:
        lines.append(f"{name}: {category} {median:g} < {TARGETS[category]}; what cost points:")
        lines.extend(f"  - {line}" for line in audits or ["(no single audit below 1: the score comes from the metrics' weighting)"])
    text = "\n".join(lines) + "\n"
    print()
    print(text)
    args.results.write_text(text, encoding="utf-8")
    print(f"written to {args.results}")
    print(f"\nreports: {args.out}")
    if args.strict and missed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
