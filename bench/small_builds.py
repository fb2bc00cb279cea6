"""What one of the test suite's small builds and `make check` runs cost the machine.

    .venv/bin/python bench/small_builds.py

The tests build some seventy small sites and run `make check`'s command a dozen times, each in a
process forked from one that imported MkDocs, Material and the generator once
(tests/forked_builds.py). This builds a one-member throwaway site twelve times that way, then as
the server did before it was started on the tests' path (the generator then failed to preload,
without a word, and every build imported it), and runs `python -m partnerskap.cli check` on it
forked and in a fresh interpreter; three rounds, in turn. The figure is the whole machine's
processor time (/proc/stat) per run, so run it on a machine doing nothing else.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

import conftest  # noqa: E402
from machine import processor_seconds  # noqa: E402  (this folder is the script's)

RUNS = 12
MEMBERS = "members:\n  - {id: a, name: A, sector: public, municipality: Bygd}\n"


def per_run(run) -> float:
    busy = processor_seconds()
    for _ in range(RUNS):
        run()
    return (processor_seconds() - busy) / RUNS


def build(config: Path, way: str) -> float:
    """Processor-seconds a forked build, in an interpreter (and so a forkserver) of its own: this
    script again, with ``--builds preloaded`` or ``--builds each``."""
    done = subprocess.run([sys.executable, __file__, "--builds", way, str(config)], capture_output=True, text=True, check=True)
    return float(done.stdout)


def builds(way: str, config: Path) -> None:
    """Prints what a build costs, the forkserver started on the tests' path (``preloaded``) or, as
    before, on its own (``each`` build then imported the generator)."""
    import forked_builds

    if way == "each":
        forked_builds._start_server_on_our_path = lambda: None
    conftest.run_build(config, config.parent / "site")  # starts the server
    print(per_run(lambda: conftest.run_build(config, config.parent / "site")))


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        project = conftest.Throwaway(Path(scratch) / "project")
        config = project.write(MEMBERS)
        conftest.run_check(project.root)  # starts this process's server
        fresh_env = {**conftest.build_env(), "PYTHONPATH": str(conftest.HOOKS)}
        for _ in range(3):
            now, before = build(config, "preloaded"), build(config, "each")
            forked = per_run(lambda: conftest.run_check(project.root))
            fresh = per_run(lambda: subprocess.run([sys.executable, "-m", "partnerskap.cli", "check"], cwd=project.root,
                                                   env=fresh_env, capture_output=True))
            print(f"a small build: {now:.2f} processor-s (the generator preloaded), {before:.2f} (imported by each); "
                  f"make check: {forked:.2f} forked, {fresh:.2f} in a fresh interpreter", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--builds"]:
        builds(sys.argv[2], Path(sys.argv[3]))
    else:
        main()
