"""Benchmark: build synthetic associations of several sizes and compare with plain MkDocs.

    python bench/run.py --sizes 100 1000 2000 5000      (make bench)
    python bench/run.py --sizes 1000 --compare-root /tmp/before   (this tree against another checkout)

For each size it writes a project (bench/generate.py: the example's pages and settings, N
members, about N people, 3N events over 2015-2029, some repeating), builds it with ``mkdocs
build`` in a child process (SOURCE_DATE_EPOCH fixed, into a temporary folder), and records the
wall-clock seconds (the fastest of ``--repeat`` builds, 2 by default: this machine's speed drifts
by half within minutes), the HTML pages written, milliseconds per page and the build's peak memory
(the child's maximum resident set size), and the CPU seconds the build used (user and system,
its forked writer included; the least of the repeats): on a machine shared with other work the
CPU seconds compare two builds better than the wall clock does. It then builds a plain MkDocs + Material site (no hooks,
a sections-only menu) with the same number of pages and gives the ratio of the two times.

On one size (``--share-size``, 1,000 by default) the build also runs in-process with every hook
event timed, which gives the hooks' own share of the build (the median of ``--share-runs``
builds, 3 by default), and once more under cProfile to list where the hooks spend it. The feeds, calendars and open data are made in a forked process while
MkDocs renders the pages (hooks/partnerskap/outputs/background.py): their seconds are reported apart,
and added to the hooks' share for the figure on both cores. The table goes to bench/results.md as well as to the terminal.

``--project-root`` benchmarks another checkout's settings, pages, templates and hooks instead of
this one; ``--compare-root`` builds another checkout's project too, in the same alternation
(ours, theirs, plain MkDocs), so that "before" and "after" are measured under the same load.
The table gives the size of the partnership page (/partnerskapet/, the one page that lists every
person) as well, since it is the one page whose size grows with the association.

Targets: time grows linearly (the 5,000 build costs at most 5.5 times the 1,000 build), the
hooks' own work is under 10 % of the build, the 1,000-member site builds in under 60 s and at
most as slow as plain MkDocs, peak memory grows linearly and stays under 500 MiB at 5,000
members, and the partnership page stays under 1 MB.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import platform
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

BUILD_EPOCH = 1795000000  # 2026-11-18, the test suite's "now"
MKDOCS = str(Path(sys.executable).with_name("mkdocs"))


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(SOURCE_DATE_EPOCH=str(BUILD_EPOCH), NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    return env


def measure(command: list[str], cwd: Path) -> dict:
    """Run ``command`` in a child of a fresh Python, which reports the child's peak memory alone."""
    wrapper = (
        "import json, resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)\n"
        "seconds = time.perf_counter() - start\n"
        "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps({'seconds': seconds, 'returncode': done.returncode, 'log': done.stdout[-4000:],\n"
        "                  'cpu_seconds': used.ru_utime + used.ru_stime, 'max_rss_kb': used.ru_maxrss}))\n"
    )
    done = subprocess.run([sys.executable, "-c", wrapper, *command], cwd=cwd, env=build_env(), stdout=subprocess.PIPE, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["returncode"] != 0:
        raise SystemExit(f"build failed ({' '.join(command)}):\n{result['log']}")
    return result


def html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


PARTNERSHIP_PAGE = Path("partnerskapet") / "index.html"
END_OF_TABLES = "<!-- bench/run.py writes the above; the rest of the file is kept -->"


def build(config: Path, site: Path) -> dict:
    if site.exists():
        shutil.rmtree(site)
    result = measure([MKDOCS, "build", "-q", "-f", str(config), "-d", str(site)], config.parent)
    result["pages"] = html_pages(site)
    page = site / PARTNERSHIP_PAGE
    result["partnership_bytes"] = page.stat().st_size if page.exists() else 0
    return result


def hook_share(config: Path, site: Path, runs: int) -> dict:
    """Build in-process ``runs`` times with each of the hooks' events timed (the run with the
    median share is reported: the machine's speed varies from build to build); then again
    under cProfile."""
    os.environ.update({k: v for k, v in build_env().items() if k in ("SOURCE_DATE_EPOCH", "NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING")})
    import logging

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    # The feeds, calendars and open data are written in a forked process while MkDocs renders
    # the pages; the hooks log (at debug) how many files and how long that took.
    background: list[tuple[int, float, float, bool]] = []

    class Written(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            written = getattr(record, "written", None)  # background.Written, from on_post_build
            if written is not None:
                background.append((written.files, written.seconds, written.disk_seconds, written.parallel))

    hooks_log = logging.getLogger("mkdocs.hooks.partnerskap")
    hooks_log.setLevel(logging.DEBUG)
    hooks_log.propagate = False
    hooks_log.addHandler(Written())

    def timed_build(profile: cProfile.Profile | None = None) -> tuple[float, dict[str, float], dict[str, int]]:
        config_ = load_config(config_file=str(config), site_dir=str(site))
        spent: dict[str, float] = {}
        calls: dict[str, int] = {}
        hooks_module = None
        for name, handlers in config_.plugins.events.items():
            for index, handler in enumerate(handlers):
                code = getattr(handler, "__code__", None)
                if code is None or not code.co_filename.endswith("mkdocs_hooks.py"):
                    continue
                hooks_module = code.co_filename

                def wrapped(*args, __handler=handler, __name=name, **kwargs):
                    start = time.perf_counter()
                    try:
                        return __handler(*args, **kwargs)
                    finally:
                        spent[__name] = spent.get(__name, 0.0) + time.perf_counter() - start
                        calls[__name] = calls.get(__name, 0) + 1

                handlers[index] = wrapped
        assert hooks_module, "the hooks' events were not found among the plugins' events"
        start = time.perf_counter()
        if profile:
            profile.enable()
        mkdocs_build(config_)
        if profile:
            profile.disable()
        return time.perf_counter() - start, spent, calls

    timed = []
    for _ in range(runs):
        total, spent, calls = timed_build()
        timed.append((sum(spent.values()) / total, total, spent, calls, background[-1]))
    timed.sort(key=lambda run: run[0])
    _, total, spent, calls, (files, file_seconds, disk_seconds, parallel) = timed[len(timed) // 2]
    profile = cProfile.Profile()
    profiled_total, _, _ = timed_build(profile)
    stats = pstats.Stats(profile)
    hooks_dir = str(Path(config).parent / "hooks")
    own = []
    for (filename, line, function), (_, _, _, cumulative, _) in stats.stats.items():
        if filename.startswith(hooks_dir):
            own.append((cumulative, f"{Path(filename).relative_to(Path(config).parent).as_posix()}:{line} {function}"))
    own.sort(reverse=True)
    return {
        "total": total, "hooks": sum(spent.values()), "events": spent, "calls": calls,
        "background_files": files, "background_seconds": file_seconds, "background_disk_seconds": disk_seconds, "parallel": parallel,
        "shares": [100 * run[0] for run in timed],
        "profiled_total": profiled_total, "profile_top": own[:15],
    }


def _commit(root: Path) -> str:
    done = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE, text=True)
    return done.stdout.strip() or "?"


def fastest(runs: list[dict]) -> dict:
    """The fastest of repeated builds, with the highest peak memory of them."""
    best = dict(min(runs, key=lambda run: run["seconds"]))
    best["max_rss_kb"] = max(run["max_rss_kb"] for run in runs)
    best["cpu_seconds"] = min(run["cpu_seconds"] for run in runs)
    best["all_seconds"] = [run["seconds"] for run in runs]
    return best


def table(rows: list[dict]) -> str:
    lines = [
        "| members | events | people | HTML pages | build s | each build s | ms/page | peak RSS MiB | /partnerskapet/ kB | plain MkDocs s | ratio to plain | CPU s | plain CPU s | CPU ratio |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['members']:,} | {r['events']:,} | {r['people']:,} | {r['pages']:,} | {r['seconds']:.1f} | "
            f"{', '.join(f'{x:.1f}' for x in r['all_seconds'])} | "
            f"{1000 * r['seconds'] / r['pages']:.1f} | {r['max_rss_kb'] / 1024:.0f} | {r['partnership_bytes'] / 1000:,.0f} | "
            f"{r['plain_seconds']:.1f} | {r['seconds'] / r['plain_seconds']:.2f} | "
            f"{r['cpu_seconds']:.1f} | {r['plain_cpu_seconds']:.1f} | {r['cpu_seconds'] / r['plain_cpu_seconds']:.2f} |"
        )
    return "\n".join(lines)


def comparison_table(rows: list[dict]) -> str:
    """This tree against ``--compare-root``, built in turn with it (the fastest of each)."""
    lines = [
        "| members | build s before | build s now | now / before | CPU s before | CPU s now | now / before | peak RSS MiB before | now | /partnerskapet/ kB before | now |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        b = r["before"]
        lines.append(
            f"| {r['members']:,} | {b['seconds']:.1f} | {r['seconds']:.1f} | {r['seconds'] / b['seconds']:.2f} | "
            f"{b['cpu_seconds']:.1f} | {r['cpu_seconds']:.1f} | {r['cpu_seconds'] / b['cpu_seconds']:.2f} | "
            f"{b['max_rss_kb'] / 1024:.0f} | {r['max_rss_kb'] / 1024:.0f} | "
            f"{b['partnership_bytes'] / 1000:,.0f} | {r['partnership_bytes'] / 1000:,.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 2000, 5000], help="numbers of members")
    parser.add_argument("--repeat", type=int, default=2, help="builds of each site, the fastest counts")
    parser.add_argument("--share-size", type=int, default=1000, help="the size to time the hooks on (0: skip)")
    parser.add_argument("--share-runs", type=int, default=3, help="in-process builds to take the median share of")
    parser.add_argument("--out", type=Path, default=BENCH / "results.md")
    parser.add_argument("--work", type=Path, default=None, help="keep the projects and sites here (default: a temporary folder)")
    parser.add_argument("--project-root", type=Path, default=generate.REPO, help="the checkout whose project is benchmarked (default: this one)")
    parser.add_argument("--compare-root", type=Path, default=None, help="another checkout to build in turn with this one (\"before\")")
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="partnerskap-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows, share = [], None
    try:
        for size in args.sizes:
            project = work / f"association-{size}"
            config = generate.association(project, size, source=args.project_root)
            before_config = None
            if args.compare_root:
                before_config = generate.association(work / f"before-{size}", size, source=args.compare_root)
            import yaml

            members = yaml.load((project / "members.yaml").read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            events = yaml.load((project / "events.yaml").read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            # This machine's speed drifts by half over minutes (another tenant's load): each build
            # runs --repeat times, ours and plain MkDocs in turn, and the fastest of each counts.
            ours_runs, plain_runs, before_runs = [], [], []
            plain_config = None
            for attempt in range(args.repeat):
                print(f"{size:>6} members: building ({attempt + 1} of {args.repeat}) ...", flush=True)
                ours_runs.append(build(config, work / f"site-{size}"))
                pages = ours_runs[0]["pages"]
                if plain_config is None:  # as many pages as ours: known after the first build
                    plain_config = generate.plain_site(work / f"plain-{pages}", pages)
                if before_config is not None:
                    print(f"{size:>6} members: {ours_runs[-1]['seconds']:.1f} s; the compared checkout ...", flush=True)
                    before_runs.append(build(before_config, work / f"before-site-{size}"))
                print(f"{size:>6} members: {ours_runs[-1]['seconds']:.1f} s for {pages} pages; plain MkDocs ...", flush=True)
                plain_runs.append(build(plain_config, work / f"plain-site-{pages}"))
            ours = fastest(ours_runs)
            plain = fastest(plain_runs)
            rows.append({
                "members": len(members["members"]), "people": len(members.get("people") or []), "events": len(events["events"]),
                **ours, "plain_seconds": plain["seconds"], "plain_cpu_seconds": plain["cpu_seconds"], "plain_pages": plain["pages"], "size": size,
                "before": fastest(before_runs) if before_runs else None,
            })
            if size == args.share_size:
                print(f"{size:>6} members: timing the hooks in-process ...", flush=True)
                share = hook_share(config, work / f"share-site-{size}", args.share_runs)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)

    command = " ".join(["python bench/run.py --sizes", *map(str, args.sizes)] + (["--compare-root", str(args.compare_root)] if args.compare_root else []))
    report = [
        "# Benchmark results",
        "",
        f"`{command}` on {dt.date.today().isoformat()}, "
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"SOURCE_DATE_EPOCH={BUILD_EPOCH}. Wall-clock seconds of `mkdocs build`, the fastest of {args.repeat} "
        f"(ours{', the compared checkout' if args.compare_root else ''} and plain MkDocs in turn); the highest peak RSS of the build process; "
        "the least CPU seconds (user + system) of the build and its forked writer.",
        "",
        table(rows),
        "",
    ]
    if args.compare_root:
        report += [f"Against `{args.compare_root}` (git {_commit(args.compare_root)}), built in turn with this tree:", "", comparison_table(rows), ""]
    by_size = {r["size"]: r for r in rows}
    verdicts = []
    if 1000 in by_size and 5000 in by_size:
        growth = by_size[5000]["seconds"] / by_size[1000]["seconds"]
        verdicts.append(f"- 5,000 / 1,000 build time: {growth:.2f}x (target at most 5.5x): {'met' if growth <= 5.5 else 'NOT met'}")
    if 1000 in by_size:
        seconds = by_size[1000]["seconds"]
        verdicts.append(f"- 1,000-member build: {seconds:.1f} s (target under 60 s): {'met' if seconds < 60 else 'NOT met'}")
        ratio = seconds / by_size[1000]["plain_seconds"]
        cpu_ratio = by_size[1000]["cpu_seconds"] / by_size[1000]["plain_cpu_seconds"]
        verdicts.append(
            f"- 1,000-member build against plain MkDocs on as many pages: {ratio:.2f}x wall-clock (target at most 1x): "
            f"{'met' if ratio <= 1 else 'NOT met'}; {cpu_ratio:.2f}x in CPU seconds (ours include the feeds, calendars "
            "and open data written on the second core)"
        )
    if 1000 in by_size and 5000 in by_size:
        memory = by_size[5000]["max_rss_kb"] / 1024
        per_member = [(by_size[s]["max_rss_kb"] / 1024, s) for s in sorted(by_size) if s >= 1000]
        steps = ", ".join(f"{(b - a) / (sb - sa) * 1000:.0f} MiB" for (a, sa), (b, sb) in zip(per_member, per_member[1:]))
        verdicts.append(
            f"- peak memory at 5,000 members: {memory:.0f} MiB (target at most 500 MiB): {'met' if memory <= 500 else 'NOT met'}; "
            f"each further 1,000 members adds {steps} (linear when these are alike)"
        )
    largest = max(rows, key=lambda r: r["members"])
    verdicts.append(
        f"- /partnerskapet/ at {largest['members']:,} members: {largest['partnership_bytes'] / 1e6:.2f} MB "
        f"(target under 1 MB): {'met' if largest['partnership_bytes'] < 1e6 else 'NOT met'}"
    )
    if share:
        percent = 100 * share["hooks"] / share["total"]
        both = 100 * (share["hooks"] + share["background_seconds"]) / share["total"]
        verdicts.append(
            f"- hooks' own work in the build's time (its critical path) on the {args.share_size:,} set: "
            f"{share['hooks']:.2f} s of {share['total']:.1f} s in-process, "
            f"{percent:.1f} % (target under 10 %; median of {len(share['shares'])} builds: "
            f"{', '.join(f'{x:.1f}' for x in share['shares'])} %): {'met' if percent < 10 else 'NOT met'}"
        )
        where = "in a forked process, in parallel with the pages" if share["parallel"] else "in the build, after the pages"
        verdicts.append(
            f"- besides, the {share['background_files']:,} feeds, calendars and open data files took "
            f"{share['background_seconds']:.2f} s {where} ({share['background_disk_seconds']:.2f} s of it writing them to disk); "
            f"the hooks' work on both cores together is {both:.1f} % of the build"
        )
    report += ["## Targets", "", *verdicts, ""]
    if share:
        report += [
            f"## Where the hooks spend their time ({args.share_size:,} members)", "",
            "Each hook event, timed in the in-process build with the median share (seconds, calls):", "",
            "| event | seconds | calls |", "| --- | ---: | ---: |",
            *[f"| on_{name} | {seconds:.2f} | {share['calls'][name]:,} |" for name, seconds in sorted(share["events"].items(), key=lambda kv: -kv[1])],
            "",
            f"The hooks' functions by cumulative time under cProfile (build {share['profiled_total']:.1f} s with the profiler):", "",
            "| seconds | function |", "| ---: | --- |",
            *[f"| {seconds:.2f} | `{where}` |" for seconds, where in share["profile_top"]],
            "",
        ]
    text = "\n".join(report)
    print()
    print(text)
    # What follows the marker (figures from bench/serve_rebuild.py and bench/yaml_readers.py,
    # written by hand) is kept.
    kept = ""
    if args.out.exists():
        previous = args.out.read_text(encoding="utf-8")
        if END_OF_TABLES in previous:
            kept = previous.split(END_OF_TABLES, 1)[1]
    args.out.write_text(text + "\n" + END_OF_TABLES + kept, encoding="utf-8")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
