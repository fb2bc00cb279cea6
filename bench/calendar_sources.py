"""Benchmark: many members' calendars, ``make fetch`` (cold and warm) and the build that shows them.

    python bench/calendar_sources.py        (20 sources of 500 events, 5 fetches of each kind, 3 builds of each)
    python bench/calendar_sources.py --sources 20 --events 500 --repeat 9 --build-repeat 5 --out /tmp/calendar-sources

Writes ``--sources`` iCalendar files of ``--events`` events each into ``--out`` (the build half of
the benchmark reads the same files), serves them from 127.0.0.1 in a child process (HTTP/1.1 with
keep-alive, an ETag and a Last-Modified per file, 304 to a request that carries either), and
times :func:`partnerskap.fetching.fetch_all` into a fresh cache folder (cold) and again into a
filled one (warm: every source answers 304). Each figure is the median of ``--repeat`` runs;
the peak is the most memory Python held during one more cold run, measured apart (tracemalloc
slows what it watches).

The build half copies the example project (mkdocs.yml by INHERIT, members.yaml, events.yaml,
content/) into a temporary folder, fetches the sources into its ``kalenderkopior/`` (each
source one of the example's members, fetched at the build's "now"), and builds it with
``mkdocs build`` in a child process, without sources and with them in turn, ``--build-repeat``
times each: the median seconds of each, the HTML pages and imported events the sources add,
and the build's peak memory. It then times the importing step alone
(:func:`partnerskap.build.imported_events`: reading the copies, expanding the repeats, merging
the sources) in this process.

The calendars look like those members' servers send (Google, Outlook, Nextcloud): a VTIMEZONE
for Europe/Stockholm with yearly rules, and a mix of single timed events, all-day events and
weekly repeating events with an EXDATE or two, in Swedish (UTF-8). :func:`make_source` makes one,
the same bytes for the same arguments.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import http.server
import json
import multiprocessing
import random
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO / "hooks"))
sys.path.insert(0, str(BENCH))

from partnerskap.build import build_time, imported_events, load_data  # noqa: E402
from partnerskap.fetching import FetchLimits, SourceToFetch, fetch_all  # noqa: E402
from partnerskap.settings import Settings  # noqa: E402
from run import BUILD_EPOCH, MKDOCS, html_pages, measure  # noqa: E402

SEED = 2027
STOCKHOLM = ZoneInfo("Europe/Stockholm")
FIRST_DAY = dt.date(2023, 11, 20)
DAYS = 4 * 365
"""The events fall in four years, three before the build's "now" and one after, as a member's
calendar that keeps its past does: the build shows a year back and up to HORIZON ahead, so
about half of each source's events."""
STAMP = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
LAST_MODIFIED = "Sun, 01 Nov 2026 00:00:00 GMT"

WHAT = ("Styrelsemöte", "Föreningsstämma", "Öppet hus", "Fika och föreläsning", "Workshop om landsbygdsutveckling",
        "Studiecirkel i hembygdsforskning", "Höstmarknad", "Vårstädning av badplatsen", "Ungdomsrådets träff",
        "Informationsmöte om LEADER-stöd", "Slåtterdag på fäbodvallen", "Körövning", "Stickcafé", "Medlemsmöte",
        "Bygdegårdens julmarknad", "Älgjaktsmiddag", "Kurs i vedeldning", "Digital träff för projektägare")
WHERE = ("Bygdegården, Ytterhogdal", "Folkets hus, Järpen", "Församlingshemmet, Hede", "Skolan i Älvros",
         "Hembygdsgården, Lillhärdal", "Digitalt (länk i mejlet)", "Kommunhuset, Sveg", "Fäbodvallen, Ängersjö",
         "Sporthallen, Funäsdalen", "Biblioteket, Åre")
ABOUT = ("Alla är välkomna, ingen föranmälan behövs.", "Vi bjuder på kaffe och hembakat.",
         "Ta med egen matsäck och kläder efter väder.", "Anmälan senast en vecka före till föreningens e-post.",
         "Mötet är öppet för medlemmar; dagordningen skickas ut i förväg.",
         "Barn och unga är särskilt välkomna – aktiviteter för alla åldrar.", "Samåkning från torget kl. 08.30.")


def make_source(index: int, events: int = 500, seed: int = SEED) -> bytes:
    """One member's calendar: ``events`` VEVENTs, about 60 % timed, 25 % all-day and 15 % weekly
    repeating with EXDATEs, the same bytes for the same arguments."""
    rng = random.Random(f"{seed}-{index}")
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//Medlem {index}//Kalender//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Medlem {index} – evenemang")
    calendar.add("x-wr-timezone", "Europe/Stockholm")
    calendar.add_component(_stockholm())
    for number in range(events):
        calendar.add_component(_event(rng, index, number))
    return calendar.to_ical()


def _stockholm() -> icalendar.Timezone:
    """The VTIMEZONE as Google and Outlook write it: one yearly rule each way."""
    zone = icalendar.Timezone()
    zone.add("tzid", "Europe/Stockholm")
    zone.add("x-lic-location", "Europe/Stockholm")
    for kind, name, start, before, after, month in (
        (icalendar.TimezoneDaylight, "CEST", dt.datetime(1970, 3, 29, 2), 1, 2, 3),
        (icalendar.TimezoneStandard, "CET", dt.datetime(1970, 10, 25, 3), 2, 1, 10),
    ):
        part = kind()
        part.add("tzname", name)
        part.add("tzoffsetfrom", dt.timedelta(hours=before))
        part.add("tzoffsetto", dt.timedelta(hours=after))
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone


def _event(rng: random.Random, index: int, number: int) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{number}-{rng.getrandbits(48):012x}@medlem{index}.example.se")
    event.add("dtstamp", STAMP)
    event.add("created", STAMP - dt.timedelta(days=rng.randrange(30, 400)))
    event.add("last-modified", STAMP - dt.timedelta(days=rng.randrange(0, 30)))
    event.add("summary", f"{rng.choice(WHAT)} {number % 7 + 1}" if rng.random() < 0.3 else rng.choice(WHAT))
    event.add("location", rng.choice(WHERE))
    event.add("description", " ".join(rng.sample(ABOUT, rng.randrange(1, 4))))
    event.add("status", "CONFIRMED")
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    kind = rng.random()
    if kind < 0.25:
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=rng.choice((1, 1, 1, 2, 3))))
        event.add("transp", "TRANSPARENT")
        return event
    start = dt.datetime.combine(day, dt.time(rng.choice((8, 9, 10, 13, 14, 18, 19)), rng.choice((0, 15, 30))),
                                tzinfo=STOCKHOLM)
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=rng.choice((60, 90, 120, 180))))
    if kind >= 0.85:
        weeks = rng.randrange(6, 30)
        event.add("rrule", {"freq": "weekly", "count": weeks})
        event.add("exdate", sorted(start + dt.timedelta(weeks=w) for w in rng.sample(range(1, weeks), rng.randrange(1, 3))))
    return event


def write_sources(folder: Path, count: int, events: int, seed: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"medlem-{index:02d}.ics"
        path.write_bytes(make_source(index, events, seed))
        paths.append(path)
    return paths


def _serve(folder: Path, ports: multiprocessing.Queue) -> None:
    """A member's server for each file: 200 with validators, or 304 when they match."""
    files = {f"/{path.name}": path.read_bytes() for path in sorted(folder.glob("*.ics"))}
    tags = {name: '"%s"' % hashlib.sha256(body).hexdigest()[:16] for name, body in files.items()}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            body = files.get(self.path)
            if body is None:
                self.send_error(404)
                return
            fresh = self.headers.get("If-None-Match") == tags[self.path] or \
                self.headers.get("If-Modified-Since") == LAST_MODIFIED
            self.send_response(304 if fresh else 200)
            self.send_header("ETag", tags[self.path])
            self.send_header("Last-Modified", LAST_MODIFIED)
            self.send_header("Content-Type", "text/calendar; charset=utf-8")
            self.send_header("Content-Length", "0" if fresh else str(len(body)))
            self.end_headers()
            if not fresh:
                self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    ports.put(server.server_address[1])
    server.serve_forever()


def _timed(sources: list[SourceToFetch], project: Path, cache: Path, workers: int, expected: str) -> float:
    now = lambda: dt.datetime.now(dt.timezone.utc)  # noqa: E731
    started = time.perf_counter()
    outcomes = fetch_all(sources, cache, now, FetchLimits(), workers, project_dir=project)
    seconds = time.perf_counter() - started
    wrong = [outcome.message for outcome in outcomes if outcome.state != expected]
    if wrong:
        raise SystemExit(f"expected every source {expected}: " + "; ".join(wrong))
    return seconds


# --- The build half -------------------------------------------------------------------------

SITE_CONFIG = """\
# The example's settings, data and pages; the benchmark's calendar sources, or none.
INHERIT: {parent}
hooks:
  - {hooks}
theme:
  custom_dir: {overrides}
extra:
  partnership:
    sources: {sources}
"""
EXAMPLE_FILES = ("members.yaml", "events.yaml", "content")


@dataclasses.dataclass(frozen=True)
class Site:
    """The example project copied into a folder, with a configuration without sources and one with them."""

    root: Path
    without: Path
    with_sources: Path


def make_site(root: Path, paths: list[Path], port: int) -> Site:
    """Copy the example into ``root`` and fetch each source into its ``kalenderkopior/`` at the
    build's "now", so the build finds fresh copies; each source is one of the example's members."""
    for name in EXAMPLE_FILES:
        copy = shutil.copytree if (REPO / name).is_dir() else shutil.copyfile
        copy(REPO / name, root / name)
    members = [m["id"] for m in yaml.safe_load((REPO / "members.yaml").read_text(encoding="utf-8"))["members"]]
    sources = [{"id": path.stem, "member": members[index % len(members)], "url": f"http://127.0.0.1:{port}/{path.name}"}
               for index, path in enumerate(paths)]
    fetched_at = dt.datetime.fromtimestamp(BUILD_EPOCH, dt.timezone.utc)
    outcomes = fetch_all([SourceToFetch(s["id"], s["url"]) for s in sources], Path("kalenderkopior"),
                         lambda: fetched_at, project_dir=root)
    wrong = [outcome.message for outcome in outcomes if outcome.state != "new"]
    if wrong:
        raise SystemExit("the site's copies were not fetched: " + "; ".join(wrong))

    def config(name: str, chosen: list[dict]) -> Path:
        # JSON is YAML: each path and value quoted, whatever it holds.
        path = root / name
        path.write_text(SITE_CONFIG.format(
            parent=json.dumps(str(REPO / "mkdocs.yml")), hooks=json.dumps(str(REPO / "hooks" / "mkdocs_hooks.py")),
            overrides=json.dumps(str(REPO / "overrides")), sources=json.dumps(chosen, ensure_ascii=False),
        ), encoding="utf-8")
        return path

    return Site(root, config("utan-kallor.yml", []), config("med-kallor.yml", sources))


def build_site(config: Path) -> dict:
    """One ``mkdocs build`` in a child process: wall and CPU seconds, peak memory, HTML pages."""
    site = config.parent / "site"
    shutil.rmtree(site, ignore_errors=True)
    result = measure([MKDOCS, "build", "-q", "-f", str(config), "-d", str(site)], config.parent)
    result["pages"] = html_pages(site)
    return result


def dates_written(body: bytes) -> tuple[int, int]:
    """A source's events and their dates over all time (a weekly rule's COUNT less its EXDATEs:
    the rules :func:`make_source` writes)."""
    events = dates = 0
    for component in icalendar.Calendar.from_ical(body).walk("VEVENT"):
        events += 1
        rule = component.get("RRULE")
        if rule is None:
            dates += 1
            continue
        exdates = component.get("EXDATE")
        dates += rule["COUNT"][0] - len(exdates.dts if exdates is not None else [])
    return events, dates


@dataclasses.dataclass(frozen=True)
class Imported:
    """What :func:`imported_events` took and gave, on the site with the sources."""

    seconds: list[float]
    events: int
    """Imported events after merging: an event two sources publish is one."""
    read: int
    """Events read from the sources before merging (each shared event counted once per source)."""
    dates: int
    notes: list[str]


def time_importing(config: Path, repeat: int) -> Imported:
    """:func:`imported_events` alone, in this process, ``repeat`` times, on the site's own data."""
    from mkdocs.config import load_config

    settings = Settings.from_mkdocs(load_config(str(config)))
    now = build_time({"SOURCE_DATE_EPOCH": str(BUILD_EPOCH)})
    own = load_data(dataclasses.replace(settings, sources=()), now)
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        events, notes = imported_events(settings, own.partnership, own.calendar, now)
        seconds.append(time.perf_counter() - started)
    return Imported(
        seconds, len(events), sum(len(e.origin.sources) for e in events if e.origin),
        sum(len(e.origin.times) for e in events if e.origin), notes,
    )


def build_half(site: Site, paths: list[Path], repeat: int) -> None:
    without, with_sources = [], []
    # In turn, so that a slow minute of the shared machine falls on both.
    for _ in range(repeat):
        without.append(build_site(site.without))
        with_sources.append(build_site(site.with_sources))
    for result in without + with_sources:
        if result["log"].strip():
            print("build log:", result["log"].strip()[:2000])
    imported = time_importing(site.with_sources, repeat)

    written = [dates_written(path.read_bytes()) for path in paths]
    events_written, dates_all = sum(e for e, _ in written), sum(d for _, d in written)
    seconds = [statistics.median(r["seconds"] for r in runs) for runs in (without, with_sources)]
    cpu = [statistics.median(r["cpu_seconds"] for r in runs) for runs in (without, with_sources)]
    print(f"\nmkdocs build of the example, without sources and with the {len(paths)} in turn, median of {repeat} "
          f"(each run); peak RSS the largest of the build and its forked writer\n")
    print("| build | median s | each s | CPU s (median) | HTML pages | peak RSS MiB |")
    print("| --- | ---: | --- | ---: | ---: | ---: |")
    for name, runs, median, used in (("without sources", without, seconds[0], cpu[0]),
                                     (f"with {len(paths)} sources", with_sources, seconds[1], cpu[1])):
        each = ", ".join(f"{r['seconds']:.1f}" for r in runs)
        peak = max(r["max_rss_kb"] for r in runs) / 1024
        print(f"| {name} | {median:.1f} | {each} | {used:.1f} | {runs[0]['pages']:,} | {peak:.0f} |")
    added = with_sources[0]["pages"] - without[0]["pages"]
    print(f"\nthe sources add {seconds[1] - seconds[0]:.1f} s ({cpu[1] - cpu[0]:.1f} CPU s) "
          f"and {added:,} HTML pages; {imported.events:,} imported events with {imported.dates:,} dates")
    print(f"shown: {imported.read:,} of the {events_written:,} events written ({imported.read / events_written:.0%}), "
          f"{imported.dates:,} of their {dates_all:,} dates over all time ({imported.dates / dates_all:.0%}) before merging; "
          f"{imported.read - imported.events} events published by two sources shown once")
    median = statistics.median(imported.seconds)
    print(f"imported_events alone (reading {len(paths)} copies, expanding, merging), median of {repeat}: "
          f"{median:.2f} s ({', '.join(f'{s:.2f}' for s in imported.seconds)}), {median / len(paths) * 1000:.0f} ms a source")
    if imported.notes:
        print("notes:", "; ".join(imported.notes[:5]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=20)
    parser.add_argument("--events", type=int, default=500, help="events in each source")
    parser.add_argument("--repeat", type=int, default=5, help="fetches of each kind; the median counts")
    parser.add_argument("--build-repeat", type=int, default=3,
                        help="builds without and with the sources, in turn; the median counts (0: no build half)")
    parser.add_argument("--workers", type=int, default=4, help="sources fetched at a time (fetch_all's default)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "calendar-sources",
                        help="where the .ics files are written (and kept, for the build half)")
    args = parser.parse_args()

    started = time.perf_counter()
    paths = write_sources(args.out, args.sources, args.events, args.seed)
    made = time.perf_counter() - started
    total = sum(path.stat().st_size for path in paths)
    print(f"{len(paths)} sources of {args.events} events in {args.out}: {total / 1e6:.1f} MB "
          f"({total / len(paths) / 1e3:.0f} kB each), made in {made:.1f} s")

    ports: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=_serve, args=(args.out, ports), daemon=True)
    server.start()
    project = Path(tempfile.mkdtemp(prefix="calendar-sources-project-"))
    site = None
    try:
        port = ports.get(timeout=30)
        sources = [SourceToFetch(path.stem, f"http://127.0.0.1:{port}/{path.name}") for path in paths]
        cache = project / "kopior"
        cold = []
        for _ in range(args.repeat):
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(_timed(sources, project, cache, args.workers, "new"))
        warm = [_timed(sources, project, cache, args.workers, "unchanged") for _ in range(args.repeat)]
        shutil.rmtree(cache)
        tracemalloc.start()
        _timed(sources, project, cache, args.workers, "new")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        if args.build_repeat:
            site = make_site(Path(tempfile.mkdtemp(prefix="calendar-sources-site-")), paths, port)
    finally:
        server.terminate()
        server.join()
        shutil.rmtree(project, ignore_errors=True)

    print(f"\nfetch_all, {args.sources} sources, {args.workers} at a time, median of {args.repeat} "
          f"(min-max); peak of Python's memory in one more cold run\n")
    print("| run | median | min-max | per source |")
    print("| --- | --- | --- | --- |")
    for name, times in (("cold (200, empty cache)", cold), ("warm (304, all cached)", warm)):
        median = statistics.median(times)
        print(f"| {name} | {median * 1000:.0f} ms | {min(times) * 1000:.0f}-{max(times) * 1000:.0f} ms "
              f"| {median * 1000 / args.sources:.1f} ms |")
    print(f"\npeak Python memory, cold: {peak / 2**20:.1f} MiB (the bodies together: {total / 2**20:.1f} MiB)")
    sys.stdout.flush()

    if site is not None:
        try:
            build_half(site, paths, args.build_repeat)
        finally:
            shutil.rmtree(site.root, ignore_errors=True)


if __name__ == "__main__":
    main()
