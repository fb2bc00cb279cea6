"""What loading one page of the example costs Chromium, as the browser tests load them.

    python bench/browser_loads.py SITE        (a built example site, such as `make build`'s site/)

It serves SITE on 127.0.0.1 as the tests do (tests/clients.py), starts Debian's Chromium with
the tests' switches (tests/conftest.py, CHROMIUM_ARGS) and loads six kinds of page 24 times each
way, until the load event:

- in a new tab each time, or in one tab used again (tests/browser_pages.py, SiteTabs);
- with Playwright routing every request (how the tests kept off the network before), or with
  Chromium resolving no host but 127.0.0.1 (how they do now).

The figure is the whole machine's processor time (/proc/stat) per page, Chromium's processes,
Playwright's driver and the server together, so run it on a machine doing nothing else; each
way runs twice, in turn, as the machine's speed drifts.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

from browser_pages import same_origin  # noqa: E402
from clients import static_site  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PATHS = ["/", "/medlemmar/", "/kalender/", "/partnerskapet/lag/", "/om/andamal/", "/kalender/prenumerera/"]
LOADS = 24


def processor_seconds() -> float:
    """Busy time of every processor since boot (user, nice, system, irq, softirq)."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    return sum(fields[i] for i in (0, 1, 2, 5, 6)) / os.sysconf("SC_CLK_TCK")


def measure(browser, served: str, *, route: bool, reuse: bool) -> tuple[float, float]:
    """Processor and wall seconds per page loaded."""
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
        if not reuse:
            page.close()
    time.sleep(0.3)  # what the last page still does after its load event
    result = (processor_seconds() - busy) / LOADS, (time.monotonic() - start) / LOADS
    context.close()
    return result


def main() -> None:
    from playwright.sync_api import sync_playwright

    site = Path(sys.argv[1])
    ways = [(route, reuse) for route in (True, False) for reuse in (False, True)]
    with static_site(site) as served, sync_playwright() as playwright:
        routed = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS[:4])
        resolving = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for _ in range(2):
            for route, reuse in ways:
                seconds, wall = measure(routed if route else resolving, served, route=route, reuse=reuse)
                print(f"{'route' if route else 'host rules':10} {'used tab' if reuse else 'new tab':8} "
                      f"{seconds:.2f} processor-s a page, {wall:.2f} s", flush=True)


if __name__ == "__main__":
    main()
