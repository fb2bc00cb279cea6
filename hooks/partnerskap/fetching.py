"""``make fetch``: copies of the members' own calendars, fetched into the cache folder.

A site can show the events of its members' own calendars (``extra.partnership.sources``: an
iCalendar address, or another site's ``kalender.json``). Fetching them is kept apart from
building: this module, run by ``make fetch``, is the only part of the generator that uses the
network, and it only writes copies into the cache folder that
:mod:`partnerskap.source.calendar_cache` describes and the build reads. A source that fails
keeps its last good copy, so a member's server being down one morning costs the site nothing but
freshness; the build says how old the copy is.

Each source is asked politely and defensively: conditional requests with the copy's validators
(a calendar that has not changed costs a 304), a time limit on connecting and on each read, a
size limit checked before and while the body streams in, redirects followed by hand (only to
http and https, a few at most, never in a loop), and a few retries with backoff when the server
says it is busy. A new body replaces the copy only when the check it is given (the build's own
reader) can read it: an error page served with 200 OK keeps the last good copy.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import email.utils
import http
import http.client
import os
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator, Mapping, Sequence, TextIO

import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    LocationValueError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

from partnerskap.source import calendar_cache
from partnerskap.source.calendar_cache import MAX_BYTES, CacheRecord, age_in_words, shown_size
from partnerskap.source.problems import one_line

USER_AGENT = "Partnerskapssajten (make fetch)"
"""Names the generator to the members' servers, whose staff may wonder who asks every night."""
ACCEPT = "text/calendar, application/json;q=0.9, */*;q=0.5"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
"""Answers that mean "busy, or broken for a moment": asked again after a pause."""
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECT_STATUSES = frozenset({301, 308})
CHUNK_BYTES = 64 * 1024
"""The most of a body read at a time."""
FETCHED, UNCHANGED, FAILED = "new", "unchanged", "failed"


@dataclass(frozen=True)
class SourceToFetch:
    id: str
    """A slug, validated by the settings; names the source's files in the cache folder."""
    url: str
    """An http or https address, validated by the settings."""
    kind: str = "icalendar"
    """``icalendar`` or ``site`` (another site's kalender.json): what :data:`CopyCheck` reads it as."""


CopyCheck = Callable[[SourceToFetch, bytes], str | None]
"""Why a fetched body cannot be the source's copy (in Swedish), or None when it can."""


@dataclass(frozen=True)
class FetchLimits:
    timeout: float = 20.0
    """Seconds to connect, and to wait for each piece of the answer."""
    max_bytes: int = MAX_BYTES
    retries: int = 2
    """Attempts after the first, on a failed connection and on 429, 500, 502, 503 and 504."""
    backoff: float = 1.0
    """Seconds before the first retry, doubled before each next one."""
    max_redirects: int = 5
    max_retry_after: float = 10.0
    """The longest pause a server's Retry-After is obeyed for; a longer one is cut to this."""
    deadline: float = 120.0
    """Seconds for one source in all: a server that trickles a byte at a time never trips the
    timeout of each read, and must not hold ``make fetch`` for hours."""


@dataclass(frozen=True)
class FetchOutcome:
    source_id: str
    state: str
    """``new`` (the body changed), ``unchanged`` (304, or the same bytes again) or ``failed``
    (the last good copy, if any, is kept)."""
    message: str
    """One line for the staff, in Swedish, starting with the source's id."""


class UnsafeCacheDir(Exception):
    """The cache folder is outside the project, is the project folder, or passes through a link."""


class _Failed(Exception):
    """One attempt's failure, in Swedish, and whether asking again may help."""

    def __init__(self, problem: str, *, retry: bool = False, retry_after: float | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.retry = retry
        self.retry_after = retry_after


@dataclass(frozen=True)
class _Answer:
    """A good answer: 200 with its body, or 304 for the copy already held."""

    status: int
    body: bytes | None
    url: str
    """The address that answered, after redirects."""
    etag: str | None
    last_modified: str | None
    moved_to: str | None
    """The final address when every redirect on the way was permanent (301 or 308)."""


def fetch_command(sources: Sequence[SourceToFetch], cache_dir: Path, now: Callable[[], dt.datetime], out: TextIO,
                  *, project_dir: Path, limits: FetchLimits = FetchLimits(), workers: int = 4,
                  check: CopyCheck | None = None) -> int:
    """``make fetch``: one line per source, in the order of mkdocs.yml, each printed as soon as it
    and those before it are done. 0 when every source was fetched, 1 when any failed (the build
    still works, from the copies kept) or the cache folder is refused."""
    if not sources:
        print("make fetch: det finns inga kalenderkällor att hämta (extra.partnership.sources i mkdocs.yml)", file=out)
        return 0
    failed = False
    try:
        for outcome in _each_fetched(sources, cache_dir, now, limits, workers, project_dir, check):
            print(one_line(outcome.message), file=out, flush=True)
            failed = failed or outcome.state == FAILED
    except UnsafeCacheDir as error:
        print(f"make fetch: {one_line(str(error))}", file=out)
        return 1
    return 1 if failed else 0


def fetch_all(sources: Sequence[SourceToFetch], cache_dir: Path, now: Callable[[], dt.datetime],
              limits: FetchLimits = FetchLimits(), workers: int = 4, *, project_dir: Path,
              check: CopyCheck | None = None) -> list[FetchOutcome]:
    """Fetch every source into ``cache_dir``, a few at a time; the outcomes in the sources' order.

    ``cache_dir`` (relative to ``project_dir`` unless absolute) is created if missing and refused
    (:class:`UnsafeCacheDir`) when it is not inside ``project_dir``, is ``project_dir`` itself, or
    any folder on the way down to it from ``project_dir`` is a symbolic link: the copies are
    written where the project's files are, never through a link to somewhere else. ``now`` gives
    the aware time recorded as ``fetched_at`` and ``checked_at``. ``check``, when given, must
    accept a new body before it replaces the copy.
    """
    return list(_each_fetched(sources, cache_dir, now, limits, workers, project_dir, check))


def prepare_cache_dir(cache_dir: Path, project_dir: Path) -> Path:
    """The cache folder as an absolute path, created if missing; see :func:`fetch_all`."""
    problem = calendar_cache.cache_dir_problem(cache_dir, project_dir)
    if problem:
        raise UnsafeCacheDir(problem)
    folder = Path(os.path.abspath(Path(project_dir) / cache_dir))
    shown = one_line(str(cache_dir))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UnsafeCacheDir(f"kopiemappen {shown} går inte att skapa ({error.strerror})") from None
    return folder


def _each_fetched(sources: Sequence[SourceToFetch], cache_dir: Path, now: Callable[[], dt.datetime],
                  limits: FetchLimits, workers: int, project_dir: Path,
                  check: CopyCheck | None) -> Iterator[FetchOutcome]:
    ids = [source.id for source in sources]
    if len(set(ids)) != len(ids):
        # Two threads writing the same files would leave either copy; the settings refuse this.
        raise ValueError(f"source ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}")
    folder = prepare_cache_dir(cache_dir, project_dir)
    if not sources:
        return
    threads = max(1, min(workers, len(sources)))
    # One pool of connections for the run, made here and closed at the end: nothing outlives a
    # run, so `mkdocs serve` or a test calling this twice shares no state.
    with urllib3.PoolManager(num_pools=max(10, len(sources)), maxsize=threads) as pool, \
            concurrent.futures.ThreadPoolExecutor(threads, thread_name_prefix="make-fetch") as executor:
        # map() yields in the sources' order, each as soon as it and those before it are done.
        yield from executor.map(lambda source: _fetch_one(pool, source, folder, now, limits, check), sources)


def _fetch_one(pool: urllib3.PoolManager, source: SourceToFetch, cache_dir: Path,
               now: Callable[[], dt.datetime], limits: FetchLimits, check: CopyCheck | None) -> FetchOutcome:
    started = time.monotonic()
    attempted_at = _utc(now())
    record, _ = calendar_cache.read_record(cache_dir, source.id)
    old_body = calendar_cache.read_body(cache_dir, source.id, limits.max_bytes)[0] if record.fetched_at else None
    # The validators are worth sending only for a copy held, and only to the address they came
    # from: another server might answer 304 to a stranger's ETag such as "1".
    validators = {}
    if old_body is not None and record.source_url == source.url:
        if record.etag:
            validators["If-None-Match"] = record.etag
        if record.last_modified:
            validators["If-Modified-Since"] = record.last_modified
    try:
        answer = _get(pool, source.url, validators, limits)
        if answer.status == 304 and not validators:
            raise _Failed("svarade 304 Not Modified fast ingen kopia fanns att jämföra med")
        problem = check(source, answer.body) if check and answer.status != 304 and answer.body != old_body else None
        if problem:
            raise _Failed(problem)
    except _Failed as failure:
        return _keep_last_copy(source, cache_dir, record if old_body is not None else None, attempted_at, failure.problem)

    body = old_body if answer.status == 304 else answer.body
    state = UNCHANGED if body == old_body else FETCHED
    kept = CacheRecord(
        url=answer.url, source_url=source.url,
        # A 304 may carry new validators; when it does not, those of the copy still hold.
        etag=answer.etag or (record.etag if answer.status == 304 else None),
        last_modified=answer.last_modified or (record.last_modified if answer.status == 304 else None),
        fetched_at=attempted_at, checked_at=attempted_at,
    )
    try:
        # The body first: a run stopped between the two leaves the old validators beside the new
        # body, which only costs a full fetch next time (the server's ETag has moved on).
        if state == FETCHED:
            _write_atomically(calendar_cache.data_path(cache_dir, source.id), body)
        _write_atomically(calendar_cache.record_path(cache_dir, source.id), kept.to_json())
    except OSError as error:
        return FetchOutcome(source.id, FAILED, f"{source.id}: misslyckades: kopian gick inte att spara i "
                                               f"{cache_dir.name} ({error.strerror})")
    milliseconds = round((time.monotonic() - started) * 1000)
    if answer.status == 304:
        message = f"{source.id}: oförändrad (304), {milliseconds} ms"
    elif state == UNCHANGED:
        message = f"{source.id}: oförändrad (samma innehåll), {shown_size(len(body))}, {milliseconds} ms"
    else:
        message = f"{source.id}: hämtad, {shown_size(len(body))}, {milliseconds} ms"
    if answer.moved_to:
        message += f"; adressen har flyttats permanent till {_shown_url(answer.moved_to)}: skriv den nya i mkdocs.yml"
    return FetchOutcome(source.id, state, message)


def _keep_last_copy(source: SourceToFetch, cache_dir: Path, record: CacheRecord | None,
                    attempted_at: dt.datetime, problem: str) -> FetchOutcome:
    """Record a failed attempt beside the last good copy, which stays as it was."""
    if record is None:
        kept, held = CacheRecord(checked_at=attempted_at, problem=problem), "det finns ingen tidigare kopia"
    else:
        kept = replace(record, checked_at=attempted_at, problem=problem)
        held = (f"den senaste kopian, från {record.fetched_at:%Y-%m-%d %H:%M} UTC "
                f"(för {age_in_words(attempted_at - record.fetched_at)} sedan), används")
    try:
        _write_atomically(calendar_cache.record_path(cache_dir, source.id), kept.to_json())
    except OSError as error:
        held += f" (försöket gick inte att anteckna i {cache_dir.name}: {error.strerror})"
    return FetchOutcome(source.id, FAILED, f"{source.id}: misslyckades: {problem}; {held}")


def _get(pool: urllib3.PoolManager, url: str, validators: Mapping[str, str], limits: FetchLimits) -> _Answer:
    """The source's answer, asked again after a pause while it says it is busy or cannot be reached."""
    deadline = time.monotonic() + limits.deadline
    attempts = limits.retries + 1
    for attempt in range(attempts):
        try:
            return _follow(pool, url, validators, limits, deadline)
        except _Failed as failure:
            pause = limits.backoff * 2 ** attempt
            if failure.retry_after is not None:
                pause = max(pause, min(failure.retry_after, limits.max_retry_after))
            if not failure.retry or attempt == attempts - 1 or time.monotonic() + pause > deadline:
                tries = f" ({attempt + 1} försök)" if failure.retry and attempt else ""
                raise _Failed(failure.problem + tries) from None
            time.sleep(pause)
    raise AssertionError("unreachable: the last attempt returns or raises")


def _follow(pool: urllib3.PoolManager, url: str, validators: Mapping[str, str], limits: FetchLimits,
            deadline: float) -> _Answer:
    """One attempt: the request and its redirects, followed by hand so that each is checked."""
    # identity: the size limit counts the bytes as they will be stored, and nothing compressed
    # needs unpacking (urllib3 2.7 and later unpack a server that compresses anyway a piece at a time).
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "identity", **validators}
    visited = [url]
    permanent = True
    for hop in range(limits.max_redirects + 1):
        response = _open(pool, url, headers, limits)
        try:
            status = response.status
            if status in REDIRECT_STATUSES:
                location = response.headers.get("Location")
                if not location:
                    raise _Failed(f"svarade {_status(status)} utan någon adress att gå vidare till")
                url = _redirect_target(url, location)
                if url in visited:
                    raise _Failed(f"omdirigerade i en slinga, tillbaka till {_shown_url(url)}")
                if hop == limits.max_redirects:
                    raise _Failed(f"omdirigerade fler än {limits.max_redirects} gånger")
                visited.append(url)
                permanent = permanent and status in PERMANENT_REDIRECT_STATUSES
                continue
            if status in RETRY_STATUSES:
                raise _Failed(f"svarade {_status(status)}", retry=True, retry_after=_retry_after(response))
            if status not in (200, 304):
                raise _Failed(f"svarade {_status(status)}")
            body = _read_body(response, url, limits, deadline) if status == 200 else None
            return _Answer(status, body, url, response.headers.get("ETag"), response.headers.get("Last-Modified"),
                           url if permanent and len(visited) > 1 else None)
        finally:
            _let_go(response)
    raise AssertionError("unreachable: the last hop returns or raises")


def _open(pool: urllib3.PoolManager, url: str, headers: Mapping[str, str], limits: FetchLimits) -> urllib3.BaseHTTPResponse:
    try:
        return pool.urlopen("GET", url, headers=dict(headers), redirect=False, retries=False, preload_content=False,
                            timeout=urllib3.Timeout(connect=limits.timeout, read=limits.timeout))
    except (urllib3.exceptions.HTTPError, OSError) as error:
        raise _failure(error, url, limits) from None


def _read_body(response: urllib3.BaseHTTPResponse, url: str, limits: FetchLimits, deadline: float) -> bytes:
    """The body, read a piece at a time and given up on as soon as it is too large."""
    too_large = f"filen är större än {shown_size(limits.max_bytes)}"
    declared = response.headers.get("Content-Length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limits.max_bytes:
        raise _Failed(too_large)
    pieces, size = [], 0
    try:
        # read1 returns what one read from the socket gives, so the size and the deadline are
        # checked after every packet, not after 64 kB that a trickling server may take hours to send.
        while piece := response.read1(CHUNK_BYTES):
            size += len(piece)
            if size > limits.max_bytes:
                raise _Failed(too_large)
            if time.monotonic() > deadline:
                raise _Failed(f"blev inte klar inom {_seconds(limits.deadline)} sekunder")
            pieces.append(piece)
    except (urllib3.exceptions.HTTPError, OSError) as error:
        raise _failure(error, url, limits) from None
    if not size:
        raise _Failed("svarade med en tom fil")
    return b"".join(pieces)


def _let_go(response: urllib3.BaseHTTPResponse) -> None:
    """Give the connection back for the next request when the answer was read to its end; close
    it otherwise, rather than read a body no one wants (a 50 MB error page, say)."""
    if response.length_remaining == 0:
        response.drain_conn()
    else:
        response.close()
    response.release_conn()


def _failure(error: Exception, url: str, limits: FetchLimits) -> _Failed:
    """A connection's or a read's error in the staff's words; a failed connection may be retried,
    a timeout after connecting is not (the server is there, and slow)."""
    host = one_line(urllib.parse.urlsplit(url).hostname or url)
    waited = f"svarade inte inom {_seconds(limits.timeout)} sekunder"
    if isinstance(error, NameResolutionError):
        return _Failed(f"hittade ingen server som heter {host}", retry=True)
    if isinstance(error, NewConnectionError):
        return _Failed(f"gick inte att ansluta till {host}", retry=True)
    if isinstance(error, ConnectTimeoutError):
        return _Failed(waited, retry=True)
    if isinstance(error, ReadTimeoutError):
        return _Failed(waited)
    if isinstance(error, SSLError):
        return _Failed(f"den säkra anslutningen (https) till {host} misslyckades: {error}")
    if isinstance(error, ProtocolError):
        # urllib3 wraps what http.client found wrong: a connection cut short may be retried,
        # an answer that is not HTTP at all (a bad status line, endless headers) will not mend.
        cause = error.args[-1]
        if isinstance(cause, http.client.HTTPException) and not isinstance(cause, (ConnectionError, http.client.IncompleteRead)):
            return _Failed("svarade med något som inte är ett giltigt HTTP-svar")
        return _Failed("anslutningen bröts mitt i svaret", retry=True)
    if isinstance(error, LocationValueError):
        return _Failed(f"adressen {_shown_url(url)} går inte att använda")
    return _Failed(f"gick inte att hämta ({type(error).__name__}: {error})")


def _redirect_target(url: str, location: str) -> str:
    """Where a redirect points, made absolute; only http and https with a host are followed."""
    target = urllib.parse.urljoin(url, location.strip())
    try:
        parts = urllib.parse.urlsplit(target)
    except ValueError:
        raise _Failed(f"omdirigerade till {_shown_url(target)}, som inte är en adress") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _Failed(f"omdirigerade till {_shown_url(target)}, som inte är en http- eller https-adress")
    return urllib.parse.urlunsplit(parts._replace(fragment=""))


def _retry_after(response: urllib3.BaseHTTPResponse) -> float | None:
    """Retry-After in seconds: a number, or an HTTP date (measured against this machine's clock)."""
    value = (response.headers.get("Retry-After") or "").strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def _write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once: a temporary file beside it, then a rename. The
    rename replaces a symbolic link itself, so nothing is ever written through one."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        # mkstemp makes the file private; the copies are public calendars that the build, maybe
        # another user, reads.
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _status(code: int) -> str:
    """``404 Not Found``: the standard words, never the server's own (they are the server's text)."""
    try:
        return f"{code} {http.HTTPStatus(code).phrase}"
    except ValueError:
        return str(code)


def _shown_url(url: str) -> str:
    shown = one_line(url)
    return shown if len(shown) <= 200 else shown[:197] + "..."


def _seconds(seconds: float) -> str:
    return f"{seconds:g}".replace(".", ",")


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("now() must give an aware datetime")
    return moment.astimezone(dt.timezone.utc)
