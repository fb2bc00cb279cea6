"""The feeds, calendars and open data are written in a forked process while MkDocs renders the
pages (hooks/partnerskap/outputs/background.py); where fork is not safe they are written after the pages.
Both give the same site (tests/test_in_process_builds.py), and a failure in the other process stops
the build with its reason."""

from __future__ import annotations

import os
import time

import pytest

from partnerskap.outputs import background
from partnerskap.outputs.background import BackgroundError, BackgroundWriter

pytestmark = pytest.mark.skipif(not background.can_fork(), reason="fork is used on Linux only")


def files_made_by_pid() -> dict[str, bytes]:
    return {"a/b/pid.txt": str(os.getpid()).encode(), "top.txt": b"top"}


def test_the_parallel_writer_makes_and_writes_the_files_in_another_process(tmp_path):
    writer = BackgroundWriter(files_made_by_pid, tmp_path, parallel=True)
    writer.start()
    written = writer.finish()
    assert written.parallel and written.files == 2 and 0 <= written.disk_seconds <= written.seconds
    assert int((tmp_path / "a/b/pid.txt").read_text()) != os.getpid()
    assert (tmp_path / "top.txt").read_bytes() == b"top"


def test_without_parallel_the_files_are_made_here_when_finishing(tmp_path):
    writer = BackgroundWriter(files_made_by_pid, tmp_path, parallel=False)
    writer.start()
    assert not (tmp_path / "top.txt").exists()
    written = writer.finish()
    assert not written.parallel and written.files == 2 and 0 <= written.disk_seconds <= written.seconds
    assert int((tmp_path / "a/b/pid.txt").read_text()) == os.getpid()


def failing() -> dict[str, bytes]:
    raise RuntimeError("the calendar broke")


@pytest.mark.parametrize("parallel", [True, False])
def test_a_failure_while_making_the_files_is_reported_with_its_reason(tmp_path, parallel):
    writer = BackgroundWriter(failing, tmp_path, parallel=parallel)
    writer.start()
    with pytest.raises(BackgroundError, match="RuntimeError: the calendar broke"):
        writer.finish()


def dying() -> dict[str, bytes]:
    os._exit(3)


def test_a_process_that_dies_is_reported_with_its_exit_code(tmp_path):
    writer = BackgroundWriter(dying, tmp_path, parallel=True)
    writer.start()
    with pytest.raises(BackgroundError, match="exit code 3"):
        writer.finish()


def slow() -> dict[str, bytes]:
    time.sleep(60)
    return {"late.txt": b"late"}


def test_cancelling_stops_the_process_before_it_writes(tmp_path):
    writer = BackgroundWriter(slow, tmp_path, parallel=True)
    writer.start()
    started = time.monotonic()
    writer.cancel()
    assert time.monotonic() - started < 10
    assert not (tmp_path / "late.txt").exists()
