"""What loading one page of the example costs Chromium, as the browser tests load them.

    python bench/browser_loads.py SITE        (a built example site, such as `make build`'s site/)

It serves SITE on 127.0.0.1 as the tests do (tests/clients.py), starts Debian's Chromium with
the tests' switches (tests/conftest.py, CHROMIUM_ARGS) and loads six kinds of page 24 times each
way, until the load event:

- in a new tab each time, or in one tab used again (tests/browser_pages.py, SiteTabs);
- with Playwright routing every request (how the tests kept off the network before), or with
  Chromium resolving no host but 127.0.0.1 (how they do now);
- in Chromium's headless shell (conftest's CHROMIUM, what the tests drive now), and the tests' way
  in the whole browser (FULL_CHROMIUM, what they drove before).

The figure is the whole machine's processor time (/proc/stat) per page, Chromium's processes,
Playwright's driver and the server together, so run it on a machine doing nothing else; each
way runs twice, in turn, as the machine's speed drifts.

    python bench/browser_loads.py SITE OTHER_SITE

compares two builds the tests' way (host rules, one tab used again), three rounds in turn, each
page given a second after its load event for what it does then (Material's search worker
built the index of the whole site there, before overrides/assets/javascripts/workers/
search-on-demand.js): build OTHER_SITE from an older checkout, or with main.html's
``config`` block taken out.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

from browser_pages import same_origin  # noqa: E402
from clients import static_site  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, FULL_CHROMIUM  # noqa: E402
from machine import processor_seconds  # noqa: E402  (this folder is the script's)

PATHS = ["/", "/medlemmar/", "/kalender/", "/partnerskapet/lag/", "/om/andamal/", "/kalender/prenumerera/"]
LOADS = 24


def measure(browser, served: str, *, route: bool, reuse: bool, after_load: float = 0.0) -> tuple[float, float]:
    """Processor and wall seconds per page loaded (the wall time without ``after_load``, the
    pause after each load event)."""
    context = browser.new_context()
    if route:
        context.route("**/*", lambda r: r.continue_() if same_origin(r.request.url, served) else r.abort())
    context.new_page()  # the blank tab the tests keep open
    used = context.new_page() if reuse else None
    time.sleep(0.5)
    busy, start = processor_seconds(), time.monotonic()
    for number in range(LOADS):
        page = used or context.new_page()
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(served + PATHS[number % len(PATHS)], wait_until="load")
        time.sleep(after_load)
        if not reuse:
            page.close()
    time.sleep(0.3)  # what the last page still does after its load event
    result = (processor_seconds() - busy) / LOADS, (time.monotonic() - start) / LOADS - after_load
    context.close()
    return result


def compare(site: Path, other: Path) -> None:
    from playwright.sync_api import sync_playwright

    with static_site(site) as served, static_site(other) as other_served, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for _ in range(3):
            for name, address in ((site, served), (other, other_served)):
                seconds, wall = measure(browser, address, route=False, reuse=True, after_load=1.0)
                print(f"{str(name):30} {seconds:.2f} processor-s a page, {wall:.2f} s to its load event", flush=True)


def main() -> None:
    from playwright.sync_api import sync_playwright

    if len(sys.argv) > 2:
        compare(Path(sys.argv[1]), Path(sys.argv[2]))
        return
    site = Path(sys.argv[1])
    ways = [(CHROMIUM, route, reuse) for route in (True, False) for reuse in (False, True)]
    ways.append((FULL_CHROMIUM, False, True))
    with static_site(site) as served, sync_playwright() as playwright:
        def launch(program: Path, route: bool):
            return playwright.chromium.launch(executable_path=str(program), args=CHROMIUM_ARGS[:4] if route else CHROMIUM_ARGS)

        browsers = {(program, route): launch(program, route) for program, route, _ in ways}
        for _ in range(2):
            for program, route, reuse in ways:
                seconds, wall = measure(browsers[program, route], served, route=route, reuse=reuse)
                print(f"{program.name:23} {'route' if route else 'host rules':10} {'used tab' if reuse else 'new tab':8} "
                      f"{seconds:.2f} processor-s a page, {wall:.2f} s", flush=True)


if __name__ == "__main__":
    main()
