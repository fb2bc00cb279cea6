"""The copies ``make fetch`` keeps of the members' own calendars, as the build reads them.

The build never touches the network: :mod:`partnerskap.fetching` fetches every source in
``extra.partnership.sources`` into a cache folder, and the build reads that folder alone. One
source is two files, named by its id:

- ``<id>.data``: the body exactly as the source served it (iCalendar or another site's
  ``kalender.json``; the build parses it, this module does not look inside);
- ``<id>.json``: what is known about that copy (:class:`CacheRecord`), UTF-8 JSON with sorted
  keys and an indent, so that a copy kept in git, such as the example's, diffs line by line.

Everything here only reads, and reads defensively: the folder may be a git checkout anyone can
put a file in. A symbolic link is never followed (a link to ``/etc/passwd`` or to a file of
another project is treated as absent), a body larger than :data:`MAX_BYTES` is not read, and a
``.json`` that does not parse means "never fetched", with a problem saying why, never an exception.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from partnerskap.source.fields import SLUG, shown_value
from partnerskap.source.problems import one_line

MAX_BYTES = 10 * 1024 * 1024
"""The largest body fetched or read; a member's calendar of several years is a few hundred kB."""
MAX_RECORD_BYTES = 64 * 1024
"""The largest ``<id>.json`` read: a handful of short values."""
MAX_VALUE_LENGTH = 8000
"""The longest text value in a record: an address or a validator, as long as servers accept."""
DATA_SUFFIX = ".data"
RECORD_SUFFIX = ".json"

# A validator goes back to the server in a request header: printable ASCII and Latin-1 only,
# so that a hand-edited record cannot put a line break (a second header) into a request.
_HEADER_VALUE = re.compile(r"^[\x20-\x7e\x80-\xff]*$")


@dataclass(frozen=True)
class CachedCopy:
    """A source's last good copy and its last attempt, as the build sees them.

    ``body is None and checked_at is None and problem is None`` is a source never fetched.
    """

    source_id: str
    url: str | None
    """The address the copy was fetched from, after redirects; None if never fetched."""
    body: bytes | None
    """The last good copy as served; None when no fetch ever succeeded (or the copy is unusable)."""
    fetched_at: dt.datetime | None
    """Aware UTC: when the body was last confirmed good (a 200 or a 304)."""
    checked_at: dt.datetime | None
    """Aware UTC: the last attempt, good or bad."""
    problem: str | None
    """The last attempt's failure, or why the copy cannot be used, in Swedish; None when all is well."""


@dataclass(frozen=True)
class CacheRecord:
    """The contents of ``<id>.json``: the copy's origin and validators, and the last attempt."""

    url: str | None = None
    """Where the body came from, after redirects."""
    source_url: str | None = None
    """The address as mkdocs.yml gave it when the body was fetched: the validators below are sent
    only to that same address, so a source moved to another server is fetched in full."""
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: dt.datetime | None = None
    checked_at: dt.datetime | None = None
    problem: str | None = None

    def to_json(self) -> bytes:
        """The record as written: sorted keys, an indent and a final newline, for git."""
        values = {
            "url": self.url, "source_url": self.source_url, "etag": self.etag,
            "last_modified": self.last_modified, "problem": self.problem,
            "fetched_at": _time_text(self.fetched_at), "checked_at": _time_text(self.checked_at),
        }
        return (json.dumps(values, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> CacheRecord:
        """Parse a record; ValueError, with the reason in Swedish, for anything not written by
        :meth:`to_json` (a missing key is allowed and means None)."""
        try:
            values = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValueError(f"är inte JSON ({error})") from None
        if not isinstance(values, dict):
            raise ValueError("är inte ett JSON-objekt")
        texts = {key: _text(values, key) for key in ("url", "source_url", "etag", "last_modified", "problem")}
        for key in ("etag", "last_modified"):
            if texts[key] is not None and not _HEADER_VALUE.match(texts[key]):
                raise ValueError(f"{key} innehåller tecken som inte får stå i ett HTTP-huvud")
        return cls(**texts, fetched_at=_time(values, "fetched_at"), checked_at=_time(values, "checked_at"))


def cache_dir_problem(cache_dir: str | Path, project_dir: Path) -> str | None:
    """Why ``cache_dir`` (as written in mkdocs.yml) cannot hold the copies, or None: it must be a
    folder of its own inside the project, reached through no symbolic link, since ``make fetch``
    writes there. The path is judged as written (abspath, not resolve), each part tested for a
    link. The settings check it (``make check`` and the build) and ``make fetch`` before it writes."""
    root = Path(os.path.abspath(project_dir))
    folder = Path(os.path.abspath(root / cache_dir))
    shown = one_line(str(cache_dir))
    try:
        inside = folder.relative_to(root)
    except ValueError:
        return f"kopiemappen {shown} ligger utanför projektmappen {root}; välj en mapp i projektet"
    if not inside.parts:
        return "kopiemappen får inte vara själva projektmappen; välj en egen mapp, som kalenderkopior"
    step = root
    for part in inside.parts:
        step = step / part
        if step.is_symlink():
            return (f"{one_line(str(step.relative_to(root)))} är en symbolisk länk; kopiemappen {shown} "
                    "måste vara en vanlig mapp i projektet")
    return None


def data_path(cache_dir: Path, source_id: str) -> Path:
    return cache_dir / (_checked_id(source_id) + DATA_SUFFIX)


def record_path(cache_dir: Path, source_id: str) -> Path:
    return cache_dir / (_checked_id(source_id) + RECORD_SUFFIX)


def read_cached(cache_dir: Path, source_id: str, max_bytes: int = MAX_BYTES) -> CachedCopy:
    """A source's copy in ``cache_dir``; never raises for anything found (or not) on disk."""
    record, problem = read_record(cache_dir, source_id)
    body = None
    if record.fetched_at is not None:
        # A record that says a fetch succeeded without its body is a copy half-deleted or
        # replaced by hand: the record's own problem (if any) matters less than the missing body.
        body, body_problem = read_body(cache_dir, source_id, max_bytes)
        problem = body_problem or problem
    return CachedCopy(source_id, record.url if body is not None else None, body,
                      record.fetched_at if body is not None else None, record.checked_at, problem)


def read_record(cache_dir: Path, source_id: str) -> tuple[CacheRecord, str | None]:
    """The record of a source and, if it could not be used, why (then the record is empty)."""
    path = record_path(cache_dir, source_id)
    if cache_dir.is_symlink():
        return CacheRecord(), f"{cache_dir.name} är en symbolisk länk och läses inte; gör den till en vanlig mapp"
    data, problem = _read_file(path, MAX_RECORD_BYTES)
    if problem or data is None:
        if data is None and problem is None and os.path.lexists(data_path(cache_dir, source_id)):
            problem = f"{path.name} saknas bredvid {source_id}{DATA_SUFFIX}; kör make fetch"
        return CacheRecord(), problem
    try:
        record = CacheRecord.from_json(data)
    except ValueError as error:
        return CacheRecord(), f"{path.name} går inte att läsa: {error}; kör make fetch"
    return record, record.problem


def read_body(cache_dir: Path, source_id: str, max_bytes: int = MAX_BYTES) -> tuple[bytes | None, str | None]:
    """The body of a source's last good copy, or None and why not."""
    path = data_path(cache_dir, source_id)
    data, problem = _read_file(path, max_bytes)
    if data is None and problem is None:
        problem = f"{path.name} saknas; kör make fetch"
    return data, problem


def _read_file(path: Path, max_bytes: int) -> tuple[bytes | None, str | None]:
    """A regular file's bytes, or (None, None) if there is none, or (None, why) if it is refused.

    The link test comes first and the file is then opened without following links
    (``O_NOFOLLOW`` where the system has it), so that a link put there after the test is refused
    by the system. A FIFO or device is refused as well: reading one would wait forever.
    """
    try:
        found = path.lstat()
    except FileNotFoundError:
        return None, None
    except OSError as error:
        return None, f"{path.name} går inte att läsa ({error.strerror})"
    if stat.S_ISLNK(found.st_mode):
        return None, f"{path.name} är en symbolisk länk och läses inte; kör make fetch för en riktig kopia"
    if not stat.S_ISREG(found.st_mode):
        return None, f"{path.name} är inte en vanlig fil och läses inte"
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        return None, f"{path.name} går inte att läsa ({error.strerror})"
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            return None, f"{path.name} är inte en vanlig fil och läses inte"
        # One byte more than allowed tells a file at the cap from one above it, whatever the
        # size the directory claims (the file may grow while it is read).
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        return None, f"{path.name} är större än {shown_size(max_bytes)} och läses inte"
    return data, None


def shown_size(count: int) -> str:
    """A number of bytes as staff read it: ``512 byte``, ``48 kB``, ``1,5 MB``, ``10 MB``."""
    if count < 1024:
        return f"{count} byte"
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} kB"
    megabytes = f"{count / (1024 * 1024):.1f}".removesuffix(".0")
    return f"{megabytes.replace('.', ',')} MB"


def age_in_words(age: dt.timedelta) -> str:
    """How old a copy is, as staff read it: ``mindre än en minut``, ``1 timme``, ``3 dagar``."""
    minutes = max(0, int(age.total_seconds() // 60))
    if minutes < 1:
        return "mindre än en minut"
    if minutes < 60:
        return f"{minutes} {'minut' if minutes == 1 else 'minuter'}"
    if minutes < 48 * 60:
        hours = minutes // 60
        return f"{hours} {'timme' if hours == 1 else 'timmar'}"
    return f"{minutes // (24 * 60)} dagar"


def _checked_id(source_id: str) -> str:
    # The settings validate ids as slugs; checked again here because the id becomes a file name,
    # and "../x" would read or write outside the cache folder.
    if not SLUG.match(source_id):
        raise ValueError(f"not a source id: {source_id!r}")
    return source_id


def _text(values: dict[str, Any], key: str) -> str | None:
    value = values.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{key} är inte en text")
    if value is not None and len(value) > MAX_VALUE_LENGTH:
        raise ValueError(f"{key} är längre än {MAX_VALUE_LENGTH} tecken")
    return value


def _time(values: dict[str, Any], key: str) -> dt.datetime | None:
    text = _text(values, key)
    if text is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{key}: {shown_value(text)} är inte en tidpunkt som 2027-01-03T10:00:00+00:00") from None
    if moment.tzinfo is None:
        raise ValueError(f"{key}: {shown_value(text)} saknar tidszon; skriv till exempel +00:00 sist")
    return moment.astimezone(dt.timezone.utc)


def _time_text(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")
