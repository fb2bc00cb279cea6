"""Where a `mkdocs serve` rebuild spends its time, phase by phase.

    python bench/rebuild_phases.py                      (1,000 members, a first build and 2 rebuilds)
    python bench/rebuild_phases.py --members 2000 --rebuilds 3
    python bench/rebuild_phases.py --project-root /tmp/before      (another checkout's hooks and templates)

It writes a synthetic association (bench/generate.py) and builds it in one process as `mkdocs
serve` does (``on_startup("serve")`` once, then a fresh config for each build, into the same
folder), changing one event's title in events.yaml before each rebuild. For each build it prints
the wall-clock and CPU seconds, and the CPU seconds of each phase: MkDocs' steps (cleaning the
site folder, reading the pages, drawing them, the template's own rendering within that, writing
files) and each plugin event (the hooks' and the plugins' together). CPU seconds are this
process's: the feeds and calendars the hooks write in a forked process are not counted, and
the figures hold better than the wall clock on a machine shared with other work.
"""

from __future__ import annotations

import argparse
import collections
import functools
import os
import re
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
from run import BUILD_EPOCH  # noqa: E402

EVENT = "evenemang-000001"  # the first synthetic event (bench/generate.py)


def instrument(spent: collections.Counter) -> None:
    """Count the CPU seconds of MkDocs' steps and of each plugin event into ``spent``."""
    import jinja2
    from mkdocs import plugins, utils
    from mkdocs.commands import build

    def timed(name, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - start
        return wrapper

    build.utils.clean_directory = timed("clean the site folder", utils.clean_directory)
    build._populate_page = timed("read the pages (their events included)", build._populate_page)
    build._build_page = timed("draw the pages (their events included)", build._build_page)
    build.utils.write_file = timed("  of which writing files", utils.write_file)
    jinja2.Template.render = timed("  of which the templates' rendering", jinja2.Template.render)
    build.get_navigation = timed("the menu", build.get_navigation)
    run_event = plugins.PluginCollection.run_event

    def event(self, name, item=None, **kwargs):
        start = time.process_time()
        try:
            return run_event(self, name, item, **kwargs)
        finally:
            spent["event " + name] += time.process_time() - start
    plugins.PluginCollection.run_event = event


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--rebuilds", type=int, default=2)
    parser.add_argument("--project-root", type=Path, default=generate.REPO, help="the checkout whose project is built (default: this one)")
    parser.add_argument("--work", type=Path, default=None, help="write the project here (default: a temporary folder)")
    args = parser.parse_args()

    os.environ.update(SOURCE_DATE_EPOCH=str(BUILD_EPOCH), NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    work = args.work or Path(tempfile.mkdtemp(prefix="partnerskap-phases-"))
    config_file = generate.association(work / "project", args.members, source=args.project_root)
    os.chdir(config_file.parent)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    spent: collections.Counter = collections.Counter()
    instrument(spent)
    events = config_file.parent / "events.yaml"
    text = events.read_text(encoding="utf-8")
    for number in range(args.rebuilds + 1):
        spent.clear()
        if number:
            edited = re.sub(rf"^(- id: {EVENT}\n  title: ).*$", rf"\1Redigerad rubrik {number}", text, count=1, flags=re.MULTILINE)
            events.write_text(edited, encoding="utf-8")
        wall, cpu = time.perf_counter(), time.process_time()
        config = load_config(str(config_file), site_dir=str(work / "site"))
        if number == 0:
            config.plugins.on_startup(command="serve", dirty=False)
        build(config)
        print(f"{'first build' if number == 0 else f'rebuild {number}'}: {time.perf_counter() - wall:.1f} s, "
              f"{time.process_time() - cpu:.1f} CPU s")
        for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
            if seconds >= 0.05:
                print(f"  {seconds:6.2f}  {name}")


if __name__ == "__main__":
    main()
