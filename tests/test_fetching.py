"""``make fetch`` against real HTTP: a server on 127.0.0.1 in a thread answers as members' servers do.

Each test says how the server answers and asserts on what the fetcher wrote to the cache folder
(read back with :func:`read_cached`, as the build reads it), on the line it says to the staff,
and, where it matters, on what the server received. The limits are low (half a second for a
timeout, a hundredth of a second of backoff), so that each test takes well under a second.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import socket
import threading
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import pytest

from http_sources import Handler, Route, Site, answer, redirect, serves, serving
from partnerskap.fetching import FetchLimits, FetchOutcome, SourceToFetch, fetch_all, fetch_command
from partnerskap.source.calendar_cache import read_cached

pytestmark = pytest.mark.unit

UTC = dt.timezone.utc
START = dt.datetime(2027, 1, 3, 10, 0, tzinfo=UTC)
CALENDAR = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//\r\nBEGIN:VEVENT\r\nUID:1@test\r\n"
            "DTSTART:20270110T090000Z\r\nSUMMARY:Styrelsemöte\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()
FAST = FetchLimits(timeout=0.5, retries=2, backoff=0.01, max_redirects=5, max_retry_after=0.3, deadline=5)
MB = 1024 * 1024


# --- The server ---------------------------------------------------------------------------------

@pytest.fixture
def site():
    with serving() as state:
        yield state


# --- Running the fetcher ------------------------------------------------------------------------

@dataclass
class Clock:
    moment: dt.datetime = START

    def __call__(self) -> dt.datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        self.moment += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def fetch(tmp_path: Path, clock: Clock, *sources: tuple[str, str], limits: FetchLimits = FAST) -> list[FetchOutcome]:
    return fetch_all([SourceToFetch(id, url) for id, url in sources], tmp_path / "kopior", clock, limits,
                     project_dir=tmp_path)


def one(tmp_path: Path, clock: Clock, url: str, limits: FetchLimits = FAST) -> FetchOutcome:
    [outcome] = fetch(tmp_path, clock, ("region-jh", url), limits=limits)
    return outcome


def cached(tmp_path: Path, source_id: str = "region-jh"):
    return read_cached(tmp_path / "kopior", source_id)


# --- A good source and conditional requests ------------------------------------------------------

def test_a_good_source_is_copied_with_its_address_and_time_and_a_record_that_diffs_well(tmp_path, site, clock):
    site.routes["/kalender.ics"] = serves(CALENDAR, ETag='"v1"', Last_Modified="Sat, 02 Jan 2027 08:00:00 GMT")
    outcome = one(tmp_path, clock, site.url("/kalender.ics"))
    assert outcome.state == "new"
    assert re.fullmatch(rf"region-jh: hämtad, {len(CALENDAR)} byte, \d+ ms", outcome.message), outcome.message
    copy = cached(tmp_path)
    assert (copy.body, copy.url, copy.fetched_at, copy.checked_at, copy.problem) == (
        CALENDAR, site.url("/kalender.ics"), START, START, None)
    [request] = site.received
    assert request.headers["user-agent"].startswith("Partnerskapssajten")
    assert "if-none-match" not in request.headers and "if-modified-since" not in request.headers
    record_text = (tmp_path / "kopior" / "region-jh.json").read_text(encoding="utf-8")
    record = json.loads(record_text)
    assert record_text == json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert (record["etag"], record["last_modified"], record["fetched_at"]) == (
        '"v1"', "Sat, 02 Jan 2027 08:00:00 GMT", "2027-01-03T10:00:00+00:00")


def only_if_changed(etag: str | None, last_modified: str | None) -> Route:
    """A server that answers 304 to a request carrying its current validator."""
    validators = {"ETag": etag} if etag else {"Last-Modified": last_modified}

    def route(handler: Handler) -> None:
        if etag and handler.headers.get("If-None-Match") == etag or \
                last_modified and handler.headers.get("If-Modified-Since") == last_modified:
            handler.send_response(304)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        else:
            answer(handler, 200, CALENDAR, validators)
    return route


@pytest.mark.parametrize("etag, last_modified, sent", [
    ('W/"abc-123"', None, {"if-none-match": 'W/"abc-123"'}),
    (None, "Sat, 02 Jan 2027 08:00:00 GMT", {"if-modified-since": "Sat, 02 Jan 2027 08:00:00 GMT"}),
])
def test_a_second_fetch_sends_the_validators_and_a_304_keeps_the_copy(tmp_path, site, clock, etag, last_modified, sent):
    site.routes["/k.ics"] = only_if_changed(etag, last_modified)
    assert one(tmp_path, clock, site.url("/k.ics")).state == "new"
    clock.advance(hours=1)
    outcome = one(tmp_path, clock, site.url("/k.ics"))
    assert (outcome.state, re.sub(r"\d+ ms", "N ms", outcome.message)) == ("unchanged", "region-jh: oförändrad (304), N ms")
    first, second = site.received
    assert {name: second.headers.get(name) for name in ("if-none-match", "if-modified-since") if name in second.headers} == sent
    copy = cached(tmp_path)
    assert (copy.body, copy.fetched_at, copy.checked_at) == (CALENDAR, START + dt.timedelta(hours=1), START + dt.timedelta(hours=1))


def test_a_304_to_a_request_without_validators_is_a_failure(tmp_path, site, clock):
    site.routes["/k.ics"] = lambda handler: answer(handler, 304)
    outcome = one(tmp_path, clock, site.url("/k.ics"))
    assert outcome.message == ("region-jh: misslyckades: svarade 304 Not Modified fast ingen kopia fanns att jämföra med; "
                               "det finns ingen tidigare kopia")


def test_the_same_bytes_again_are_unchanged_and_new_bytes_replace_the_copy(tmp_path, site, clock):
    site.routes["/k.ics"] = serves(CALENDAR)
    one(tmp_path, clock, site.url("/k.ics"))
    data = tmp_path / "kopior" / "region-jh.data"
    written = data.stat().st_ino
    assert one(tmp_path, clock, site.url("/k.ics")).state == "unchanged"
    assert data.stat().st_ino == written, "the same body was written again"
    site.routes["/k.ics"] = serves(CALENDAR.replace(b"Styrelsem", "Årsm".encode()))
    assert one(tmp_path, clock, site.url("/k.ics")).state == "new"
    assert b"\xc3\x85rsm" in cached(tmp_path).body


def test_validators_are_not_sent_to_a_source_given_a_new_address(tmp_path, site, clock):
    site.routes["/old.ics"] = serves(CALENDAR, ETag='"1"')
    site.routes["/new.ics"] = serves(CALENDAR + b"\r\n", ETag='"1"')
    one(tmp_path, clock, site.url("/old.ics"))
    assert one(tmp_path, clock, site.url("/new.ics")).state == "new"
    assert "if-none-match" not in site.asked("/new.ics")[0].headers


# --- Failures keep the last good copy ---------------------------------------------------------------

def good_copy_then(tmp_path: Path, site: Site, clock: Clock, route: Route, **later: float) -> FetchOutcome:
    site.routes["/k.ics"] = serves(CALENDAR)
    assert one(tmp_path, clock, site.url("/k.ics")).state == "new"
    site.routes["/k.ics"] = route
    clock.advance(**later)
    return one(tmp_path, clock, site.url("/k.ics"))


def assert_kept(tmp_path: Path, clock: Clock, problem: str) -> None:
    copy = cached(tmp_path)
    assert (copy.body, copy.fetched_at, copy.checked_at, copy.problem) == (CALENDAR, START, clock(), problem)


def test_a_404_keeps_the_last_copy_and_says_how_old_it_is(tmp_path, site, clock):
    # The server's own words after the number are not repeated: they are any text it likes.
    outcome = good_copy_then(tmp_path, site, clock, serves(b"gone", status=404), days=3)
    assert outcome.state == "failed"
    assert outcome.message == ("region-jh: misslyckades: svarade 404 Not Found; den senaste kopian, från "
                               "2027-01-03 10:00 UTC (för 3 dagar sedan), används")
    assert_kept(tmp_path, clock, "svarade 404 Not Found")
    assert len(site.asked("/k.ics")) == 2, "a 404 is not asked again"


def test_the_servers_own_reason_phrase_is_not_repeated(tmp_path, site, clock):
    site.routes["/k.ics"] = lambda handler: answer(handler, 410, b"", reason="\x1b[31mKlicka här")
    outcome = one(tmp_path, clock, site.url("/k.ics"))
    assert outcome.message == "region-jh: misslyckades: svarade 410 Gone; det finns ingen tidigare kopia"


def slow(site: Site, seconds: float) -> Route:
    def route(handler: Handler) -> None:
        site.released.wait(seconds)
        answer(handler, 200, CALENDAR)
    return route


def test_a_source_slower_than_the_timeout_keeps_the_last_copy(tmp_path, site, clock):
    outcome = good_copy_then(tmp_path, site, clock, slow(site, 5), hours=3)
    assert len(site.asked("/k.ics")) == 2, "a timeout after connecting is not retried"
    assert outcome.message == ("region-jh: misslyckades: svarade inte inom 0,5 sekunder; den senaste kopian, från "
                               "2027-01-03 10:00 UTC (för 3 timmar sedan), används")
    assert_kept(tmp_path, clock, "svarade inte inom 0,5 sekunder")


def test_an_empty_answer_is_a_failure_that_keeps_the_last_copy(tmp_path, site, clock):
    outcome = good_copy_then(tmp_path, site, clock, serves(b""), minutes=5)
    assert outcome.message.startswith("region-jh: misslyckades: svarade med en tom fil; den senaste kopian, från "
                                      "2027-01-03 10:00 UTC (för 5 minuter sedan)")
    assert_kept(tmp_path, clock, "svarade med en tom fil")


def test_a_server_that_trickles_is_given_up_on_at_the_deadline(tmp_path, site, clock):
    def route(handler: Handler) -> None:
        # A byte every 50 ms never trips the timeout of each read; 1,000 would take 50 s.
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        with contextlib.suppress(OSError):
            while not site.released.wait(0.05):
                handler.wfile.write(b"x")
                handler.wfile.flush()
    site.routes["/k.ics"] = route
    outcome = one(tmp_path, clock, site.url("/k.ics"), FetchLimits(timeout=0.5, deadline=0.4, backoff=0.01))
    assert outcome.message == "region-jh: misslyckades: blev inte klar inom 0,4 sekunder; det finns ingen tidigare kopia"


def busy(times: int, status: int = 503, **headers: str) -> Route:
    """Busy for the first ``times`` requests, then the calendar."""
    asked = []

    def route(handler: Handler) -> None:
        asked.append(1)
        if len(asked) <= times:
            answer(handler, status, b"busy", {name.replace("_", "-"): value for name, value in headers.items()})
        else:
            answer(handler, 200, CALENDAR)
    return route


def test_a_busy_server_is_asked_again_after_a_pause(tmp_path, site, clock):
    site.routes["/k.ics"] = busy(2)
    assert one(tmp_path, clock, site.url("/k.ics")).state == "new"
    assert len(site.asked("/k.ics")) == 3
    assert cached(tmp_path).body == CALENDAR


def test_a_server_busy_for_longer_than_the_retries_fails_with_the_number_of_attempts(tmp_path, site, clock):
    site.routes["/k.ics"] = busy(10, status=502)
    outcome = one(tmp_path, clock, site.url("/k.ics"))
    assert outcome.message == "region-jh: misslyckades: svarade 502 Bad Gateway (3 försök); det finns ingen tidigare kopia"
    assert len(site.asked("/k.ics")) == 3


def test_retry_after_is_obeyed_up_to_the_limit(tmp_path, site, clock):
    site.routes["/k.ics"] = busy(1, status=429, Retry_After="60")
    started = time.monotonic()
    assert one(tmp_path, clock, site.url("/k.ics")).state == "new"
    # The backoff alone would wait 0.01 s; Retry-After asks for 60, cut to max_retry_after, 0.3.
    assert 0.3 <= time.monotonic() - started < 10


def test_a_refused_connection_is_retried_and_then_reported(tmp_path, clock):
    # A port that was free a moment ago: nothing listens there.
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    outcome = one(tmp_path, clock, f"http://127.0.0.1:{port}/k.ics")
    assert outcome.message == "region-jh: misslyckades: gick inte att ansluta till 127.0.0.1 (3 försök); det finns ingen tidigare kopia"
    assert cached(tmp_path).problem == "gick inte att ansluta till 127.0.0.1 (3 försök)"


def test_an_answer_that_is_not_http_is_reported_and_not_asked_again(tmp_path, clock):
    accepted = []
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()

        def reply() -> None:
            with contextlib.suppress(OSError):
                while True:
                    connection, _ = listener.accept()
                    accepted.append(connection)
                    connection.recv(65536)
                    connection.sendall(b"SSH-2.0-OpenSSH_9.2\r\n\r\n")
                    connection.close()
        threading.Thread(target=reply, daemon=True).start()
        outcome = one(tmp_path, clock, f"http://127.0.0.1:{listener.getsockname()[1]}/k.ics")
    assert outcome.message == ("region-jh: misslyckades: svarade med något som inte är ett giltigt HTTP-svar; "
                               "det finns ingen tidigare kopia")
    assert len(accepted) == 1


# --- Redirects -------------------------------------------------------------------------------------

@pytest.mark.parametrize("status, permanent", [(301, True), (308, True), (302, False), (307, False)])
def test_a_redirect_is_followed_and_the_final_address_recorded(tmp_path, site, clock, status, permanent):
    site.routes["/old.ics"] = redirect(status, "/new.ics")
    site.routes["/new.ics"] = serves(CALENDAR)
    outcome = one(tmp_path, clock, site.url("/old.ics"))
    assert outcome.state == "new"
    moved = f"; adressen har flyttats permanent till {site.url('/new.ics')}: skriv den nya i mkdocs.yml"
    assert outcome.message.endswith(moved) == permanent, outcome.message
    copy = cached(tmp_path)
    assert (copy.url, copy.body) == (site.url("/new.ics"), CALENDAR)


def test_a_redirect_loop_is_a_failure(tmp_path, site, clock):
    site.routes["/a"] = redirect(302, "/b")
    site.routes["/b"] = redirect(301, site.url("/a"))
    outcome = one(tmp_path, clock, site.url("/a"))
    assert outcome.message == (f"region-jh: misslyckades: omdirigerade i en slinga, tillbaka till {site.url('/a')}; "
                               "det finns ingen tidigare kopia")
    assert len(site.received) == 2
    assert cached(tmp_path).body is None


def test_more_redirects_than_allowed_is_a_failure(tmp_path, site, clock):
    for step in range(10):
        site.routes[f"/r{step}"] = redirect(302, f"/r{step + 1}")
    outcome = one(tmp_path, clock, site.url("/r0"))
    assert outcome.message == "region-jh: misslyckades: omdirigerade fler än 5 gånger; det finns ingen tidigare kopia"
    assert [request.path for request in site.received] == [f"/r{step}" for step in range(6)]


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/k.ics", "javascript:alert(1)"])
def test_a_redirect_to_anything_but_http_is_refused(tmp_path, site, clock, location):
    site.routes["/k.ics"] = redirect(301, location)
    outcome = one(tmp_path, clock, site.url("/k.ics"))
    assert outcome.message == (f"region-jh: misslyckades: omdirigerade till {location}, som inte är en http- eller "
                               "https-adress; det finns ingen tidigare kopia")
    assert cached(tmp_path).body is None


# --- Size -------------------------------------------------------------------------------------------

def test_a_declared_size_over_the_limit_is_refused_before_the_body_is_read(tmp_path, site, clock):
    def route(handler: Handler) -> None:
        # 3 MB announced, a few bytes sent, then nothing: only a fetcher that believes the
        # announcement fails at once; one that waits for the body times out instead.
        handler.send_response(200)
        handler.send_header("Content-Length", str(3 * MB))
        handler.end_headers()
        handler.wfile.write(b"BEGIN:VCALENDAR\r\n")
        handler.wfile.flush()
        site.released.wait(5)
    site.routes["/k.ics"] = route
    outcome = one(tmp_path, clock, site.url("/k.ics"), FetchLimits(timeout=2, max_bytes=MB, backoff=0.01))
    assert outcome.message == "region-jh: misslyckades: filen är större än 1 MB; det finns ingen tidigare kopia"
    assert len(site.received) == 1


def endless(site: Site, chunked: bool) -> Route:
    """50 MB of calendar without a Content-Length, until the fetcher hangs up."""
    piece = b"X-FILLER:" + b"x" * (64 * 1024 - 11) + b"\r\n"

    def route(handler: Handler) -> None:
        handler.send_response(200)
        handler.send_header("Transfer-Encoding" if chunked else "Connection", "chunked" if chunked else "close")
        handler.end_headers()
        sent = 0
        try:
            while sent < 50 * MB:
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
                sent += len(piece)
        except OSError:
            pass
        finally:
            site.sent[handler.path] = sent
            site.streams_done.set()
            handler.close_connection = True
    return route


@pytest.mark.parametrize("chunked", [False, True], ids=["until-closed", "chunked"])
def test_a_body_without_a_size_is_cut_off_at_the_limit_without_reading_it_all(tmp_path, site, clock, chunked):
    site.routes["/k.ics"] = endless(site, chunked)
    tracemalloc.start()
    try:
        outcome = one(tmp_path, clock, site.url("/k.ics"), FetchLimits(timeout=2, max_bytes=MB, backoff=0.01))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert outcome.message == "region-jh: misslyckades: filen är större än 1 MB; det finns ingen tidigare kopia"
    assert site.streams_done.wait(2), "the server is still sending"
    # What the server got out before it saw the connection closed: the limit and what the
    # sockets of both ends buffer, far from the 50 MB offered.
    assert site.sent["/k.ics"] < 16 * MB, site.sent
    assert peak < 4 * MB, f"{peak / MB:.1f} MB held while fetching"


# --- Links and the cache folder ------------------------------------------------------------------

def test_a_symlinked_copy_is_not_read_and_a_fetch_replaces_the_link_not_its_target(tmp_path, site, clock):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_bytes(b"secret")
    (outside / "record.json").write_text(json.dumps({"fetched_at": "2027-01-01T00:00:00+00:00", "etag": '"s"'}))
    cache = tmp_path / "kopior"
    cache.mkdir()
    (cache / "region-jh.data").symlink_to(outside / "secret")
    (cache / "region-jh.json").symlink_to(outside / "record.json")
    copy = cached(tmp_path)
    assert (copy.body, copy.fetched_at) == (None, None)
    assert copy.problem == "region-jh.json är en symbolisk länk och läses inte; kör make fetch för en riktig kopia"

    site.routes["/k.ics"] = serves(CALENDAR, ETag='"s"')
    assert one(tmp_path, clock, site.url("/k.ics")).state == "new"
    assert "if-none-match" not in site.received[0].headers
    assert (outside / "secret").read_bytes() == b"secret"
    assert json.loads((outside / "record.json").read_text())["etag"] == '"s"'
    for name in ("region-jh.data", "region-jh.json"):
        assert not (cache / name).is_symlink()
    assert cached(tmp_path).body == CALENDAR


def test_a_symlinked_body_beside_a_good_record_is_treated_as_absent(tmp_path, site, clock):
    site.routes["/k.ics"] = serves(CALENDAR)
    one(tmp_path, clock, site.url("/k.ics"))
    data = tmp_path / "kopior" / "region-jh.data"
    (tmp_path / "elsewhere.ics").write_bytes(CALENDAR)
    data.unlink()
    data.symlink_to(tmp_path / "elsewhere.ics")
    copy = cached(tmp_path)
    assert (copy.body, copy.url, copy.checked_at) == (None, None, START)
    assert copy.problem == "region-jh.data är en symbolisk länk och läses inte; kör make fetch för en riktig kopia"


@pytest.mark.parametrize("where, said", [
    ("link", "link är en symbolisk länk; kopiemappen link/kopior måste vara en vanlig mapp i projektet"),
    ("outside", "kopiemappen ../outside ligger utanför projektmappen"),
    ("project", "kopiemappen får inte vara själva projektmappen"),
])
def test_a_cache_folder_through_a_link_or_outside_the_project_is_refused(tmp_path, site, clock, where, said):
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "target").mkdir()
    (project / "link").symlink_to(tmp_path / "target")
    cache_dir = {"link": Path("link/kopior"), "outside": Path("../outside"), "project": Path(".")}[where]
    site.routes["/k.ics"] = serves(CALENDAR)
    out = io.StringIO()
    code = fetch_command([SourceToFetch("region-jh", site.url("/k.ics"))], cache_dir, clock, out,
                         project_dir=project, limits=FAST)
    assert code == 1
    assert out.getvalue().startswith(f"make fetch: {said}"), out.getvalue()
    assert site.received == []
    assert list((tmp_path / "target").iterdir()) == [] and not (tmp_path / "outside").exists()


def test_the_cache_folder_is_made_when_missing(tmp_path, site, clock):
    site.routes["/k.ics"] = serves(CALENDAR)
    fetch_all([SourceToFetch("region-jh", site.url("/k.ics"))], Path("data/kalenderkopior"), clock, FAST,
              project_dir=tmp_path)
    assert read_cached(tmp_path / "data" / "kalenderkopior", "region-jh").body == CALENDAR


# --- Reading the cache ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, why", [
    (b'{"fetched_at": "2027-01-03T10:00:00+00:00"', "är inte JSON"),
    (b"[]", "är inte ett JSON-objekt"),
    (b"\xff\xfe{}", "är inte JSON"),
    ('{"fetched_at": "i går"}'.encode(), 'fetched_at: "i går" är inte en tidpunkt som 2027-01-03T10:00:00+00:00'),
    (b'{"fetched_at": "2027-01-03T10:00:00"}', 'fetched_at: "2027-01-03T10:00:00" saknar tidszon'),
    (b'{"url": 7}', "url är inte en text"),
    (b'{"etag": "\\"a\\"\\r\\nX-Injected: 1"}', "etag innehåller tecken som inte får stå i ett HTTP-huvud"),
])
def test_a_corrupt_record_reads_as_never_fetched_with_the_reason(tmp_path, text, why):
    cache = tmp_path / "kopior"
    cache.mkdir()
    (cache / "region-jh.json").write_bytes(text)
    (cache / "region-jh.data").write_bytes(CALENDAR)
    copy = cached(tmp_path)
    assert (copy.url, copy.body, copy.fetched_at, copy.checked_at) == (None, None, None, None)
    assert copy.problem.startswith(f"region-jh.json går inte att läsa: {why}"), copy.problem
    assert copy.problem.endswith("; kör make fetch")


def test_a_corrupt_record_is_replaced_by_the_next_fetch(tmp_path, site, clock):
    (tmp_path / "kopior").mkdir()
    (tmp_path / "kopior" / "region-jh.json").write_bytes(b"{")
    site.routes["/k.ics"] = serves(CALENDAR)
    assert one(tmp_path, clock, site.url("/k.ics")).state == "new"
    assert cached(tmp_path).problem is None


def test_a_body_over_the_limit_put_there_by_hand_is_not_read(tmp_path, site, clock):
    site.routes["/k.ics"] = serves(CALENDAR)
    one(tmp_path, clock, site.url("/k.ics"))
    (tmp_path / "kopior" / "region-jh.data").write_bytes(b"x" * (MB + 1))
    copy = read_cached(tmp_path / "kopior", "region-jh", max_bytes=MB)
    assert (copy.body, copy.problem) == (None, "region-jh.data är större än 1 MB och läses inte")


def test_a_source_never_fetched_has_nothing_and_no_problem(tmp_path):
    copy = cached(tmp_path)
    assert (copy.url, copy.body, copy.fetched_at, copy.checked_at, copy.problem) == (None,) * 5
    with pytest.raises(ValueError):
        read_cached(tmp_path / "kopior", "../etc/passwd")


def test_a_body_without_its_record_is_not_used(tmp_path):
    (tmp_path / "kopior").mkdir()
    (tmp_path / "kopior" / "region-jh.data").write_bytes(CALENDAR)
    copy = cached(tmp_path)
    assert (copy.body, copy.problem) == (None, "region-jh.json saknas bredvid region-jh.data; kör make fetch")


# --- Many sources and make fetch's output ----------------------------------------------------------

def side_by_side(barrier: threading.Barrier, delay: float) -> Route:
    """Answers only when another request is being answered at the same time."""
    def route(handler: Handler) -> None:
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            answer(handler, 409, b"alone")
            return
        time.sleep(delay)
        answer(handler, 200, CALENDAR)
    return route


def test_make_fetch_prints_a_line_per_source_in_order_and_fails_when_one_did(tmp_path, site, clock):
    # The first source answers only while the second is asked too, and then after it: the
    # sources are fetched side by side, and the lines still come in the sources' order.
    together = threading.Barrier(2, timeout=0.5)
    site.routes["/first.ics"] = side_by_side(together, 0.2)
    site.routes["/second.ics"] = side_by_side(together, 0)
    sources = [SourceToFetch("first", site.url("/first.ics")), SourceToFetch("second", site.url("/second.ics")),
               SourceToFetch("missing", site.url("/missing.ics"))]
    out = io.StringIO()
    code = fetch_command(sources, Path("kopior"), clock, out, project_dir=tmp_path, limits=FAST)
    lines = out.getvalue().splitlines()
    assert [re.sub(r"\d+ ms", "N ms", line) for line in lines] == [
        f"first: hämtad, {len(CALENDAR)} byte, N ms",
        f"second: hämtad, {len(CALENDAR)} byte, N ms",
        "missing: misslyckades: svarade 404 Not Found; det finns ingen tidigare kopia",
    ]
    assert code == 1
    site.routes["/missing.ics"] = serves(CALENDAR)
    assert fetch_command(sources[2:], Path("kopior"), clock, io.StringIO(), project_dir=tmp_path, limits=FAST) == 0


def test_make_fetch_without_sources_says_so(tmp_path, clock):
    out = io.StringIO()
    assert fetch_command([], Path("kopior"), clock, out, project_dir=tmp_path) == 0
    assert out.getvalue() == "make fetch: det finns inga kalenderkällor att hämta (extra.partnership.sources i mkdocs.yml)\n"
    assert not os.path.exists(tmp_path / "kopior")
