"""A hub of its members' calendars, end to end: real HTTP from 127.0.0.1, make fetch, the build.

One server plays every member's server: a rich calendar as Google and Outlook write it (a weekly
series across the spring clock change with an EXDATE and a date moved over the change, an
all-day event, one in UTC, a cancelled one), a second calendar behind a redirect that shares
events with the first, a hostile one, another site's kalender.json, one kept out of the feeds,
a filtered one, and the failures: slow, 404, an error page served as 200, a 50 MB answer.
Everything is fetched twice, two days apart (the second time the slow source times out and the
broken one serves its error page), then built once with ``--strict``, and once more with every
network connection refused. The tests read the pages, the feed and the calendar files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import textwrap
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import lxml.html
import pytest
import recurring_ical_events
import yaml
from mkdocs.config.base import ValidationError

from conftest import BUILD_EPOCH, HOOKS, REPO, Build, build_env, css_class, page_tree, parse_page, run_build, run_check, text_of, tool
from hostile import site_problems
from http_sources import STOCKHOLM_VTIMEZONE, Handler, Site, answer, redirect, serves, serving
from partnerskap.fetching import FetchLimits, SourceToFetch, fetch_all
from hypothesis import example, given
from hypothesis import strategies as st

from partnerskap.i18n import Words
from partnerskap.model import imported_events
from partnerskap.model.imported_events import (
    MARKDOWN_MARKS, MAX_SERIES_DATES, MAX_SERIES_RDATES, MAX_SERIES_RULES, CalendarSource, Window, copy_problem,
    markdown_text, plain_text, read_source,
)
from partnerskap.outputs.icalendar_files import IcalendarWriter, Organiser
from partnerskap.pages.staff_text import StaffMarkdown
from partnerskap.settings import SlugSetting
from partnerskap.source.fields import MAX_ID_LENGTH

pytestmark = pytest.mark.build

UTC = dt.timezone.utc
STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime.fromtimestamp(BUILD_EPOCH, UTC)
FIRST_FETCH = dt.datetime(2026, 11, 16, 6, 0, tzinfo=UTC)
SECOND_FETCH = dt.datetime(2026, 11, 18, 6, 0, tzinfo=UTC)
LIMITS = FetchLimits(timeout=0.5, retries=0, backoff=0.01, deadline=5)

MEMBERS = """\
members:
  - id: region-vast
    name: Region Väst
    sector: public
    email: info@region.example.se
  - id: lag-norr
    name: LAG Norr
    sector: civil
    email: info@lagnorr.example.se
  - id: byaradet
    name: Byarådet
    sector: civil
    email: info@byaradet.example.se
"""

EVENTS = """\
events:
  - id: partnerskapsmote-2027-01-27
    title: Partnerskapsmöte
    category: meeting
    start: 2027-01-27 13:00
    end: 2027-01-27 16:00
    published: 2026-10-01
"""

def calendar(*events: str, zone: bool = True) -> bytes:
    """An iCalendar file of VEVENT bodies (their lines without BEGIN/END), CRLF as servers send."""
    parts = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "X-WR-TIMEZONE:Europe/Stockholm"]
    if zone:
        parts.append(STOCKHOLM_VTIMEZONE.strip())
    for body in events:
        parts += ["BEGIN:VEVENT", "DTSTAMP:20261101T000000Z", textwrap.dedent(body).strip(), "END:VEVENT"]
    parts.append("END:VCALENDAR")
    return ("\r\n".join("\r\n".join(part.splitlines()) for part in parts) + "\r\n").encode("utf-8")


REGION = calendar(
    # Thursdays at 18:00 from 4 March 2027, seven times; 18 March cancelled by EXDATE, and
    # 1 April (summer time) moved to Saturday 27 March at 10:00 (still winter time).
    """
    UID:styrelse-2027@region.example.se
    SUMMARY:Styrelsemöte
    DTSTART;TZID=Europe/Stockholm:20270304T180000
    DTEND;TZID=Europe/Stockholm:20270304T193000
    RRULE:FREQ=WEEKLY;COUNT=7
    EXDATE;TZID=Europe/Stockholm:20270318T180000
    CATEGORIES:Möte
    URL:https://region.example.se/kalender/styrelse
    DESCRIPTION:Styrelsen träffas varje torsdag i mars och april.
    """,
    """
    UID:styrelse-2027@region.example.se
    RECURRENCE-ID;TZID=Europe/Stockholm:20270401T180000
    SUMMARY:Styrelsemöte
    DTSTART;TZID=Europe/Stockholm:20270327T100000
    DTEND;TZID=Europe/Stockholm:20270327T113000
    """,
    """
    UID:regiondagen@region.example.se
    SUMMARY:Regiondagen
    DTSTART;VALUE=DATE:20270210
    DTEND;VALUE=DATE:20270212
    LOCATION:Kulturhuset\\, Storgatan 1
    """,
    """
    UID:webbinar-bredband@region.example.se
    SUMMARY:Webbinarium om bredband
    DTSTART:20270115T120000Z
    DTEND:20270115T130000Z
    """,
    """
    UID:konferens@region.example.se
    SUMMARY:Konferens om landsbygden
    STATUS:CANCELLED
    DTSTART;TZID=Europe/Stockholm:20270120T090000
    DTEND;TZID=Europe/Stockholm:20270120T160000
    """,
    """
    UID:leader-info@lagnorr.example.se
    SUMMARY:Informationsmöte om LEADER
    DTSTART;TZID=Europe/Stockholm:20270202T180000
    DTEND;TZID=Europe/Stockholm:20270202T200000
    """,
    """
    UID:oppet-hus@region.example.se
    SUMMARY:Öppet hus i Kulturhuset
    DTSTART;TZID=Europe/Stockholm:20270305T130000
    DTEND;TZID=Europe/Stockholm:20270305T160000
    """,
    # The hub's own meeting, which the region copied into its calendar.
    """
    UID:kopia-av-partnerskapsmotet@region.example.se
    SUMMARY:Partnerskapsmöte
    DTSTART;TZID=Europe/Stockholm:20270127T130000
    DTEND;TZID=Europe/Stockholm:20270127T160000
    """,
    # Older than the window of a year back.
    """
    UID:gammalt@region.example.se
    SUMMARY:Ett gammalt möte
    DTSTART;TZID=Europe/Stockholm:20240110T100000
    DTEND;TZID=Europe/Stockholm:20240110T110000
    """,
)

LAG = calendar(
    """
    UID:leader-info@lagnorr.example.se
    SUMMARY:Informationsmöte om LEADER
    DTSTART;TZID=Europe/Stockholm:20270202T180000
    DTEND;TZID=Europe/Stockholm:20270202T200000
    """,
    """
    UID:oppet-hus-lag@lagnorr.example.se
    SUMMARY:Öppet hus i kulturhuset
    DTSTART;TZID=Europe/Stockholm:20270305T130000
    DTEND;TZID=Europe/Stockholm:20270305T150000
    """,
    """
    UID:kurs@lagnorr.example.se
    SUMMARY:Kurs i projektekonomi
    CATEGORIES:Kurs,Ekonomi
    DTSTART;TZID=Europe/Stockholm:20270225T090000
    DTEND;TZID=Europe/Stockholm:20270225T120000
    """,
)

HOSTILE_NAME = '<img src=x onerror=alert(11)>" onmouseover="alert(12)'
"""The hostile source's ``name:`` in mkdocs.yml: staff text, shown on the pages, in the month grid's
title attribute, in the feeds and the calendar files."""


HOSTILE = calendar(
    """
    UID:fest@byaradet.example.se
    SUMMARY:<script>alert(1)</script>Sommarfest
    DESCRIPTION:<p>Välkommen!</p><img src=x onerror=alert(2)><a href="javascript:alert(3)">Anmälan</a>
    LOCATION:<b onmouseover=alert(4)>Bygdegården</b>
    URL:javascript:alert(5)
    DTSTART;TZID=Europe/Stockholm:20270612T150000
    DTEND;TZID=Europe/Stockholm:20270612T230000
    """,
    # Every day from 2025, without an end.
    """
    UID:fika@byaradet.example.se
    SUMMARY:Daglig fika
    DTSTART;TZID=Europe/Stockholm:20250101T100000
    DTEND;TZID=Europe/Stockholm:20250101T103000
    RRULE:FREQ=DAILY
    """,
    # Markup written as entities survives the tag stripping as text: it must stay text.
    """
    UID:entiteter@byaradet.example.se
    SUMMARY:&lt;img src=x onerror=alert(6)&gt;Höstfest
    DESCRIPTION:&lt;script&gt;alert(7)&lt;/script&gt; Välkomna
    LOCATION:&lt;svg onload=alert(8)&gt;Logen
    DTSTART;TZID=Europe/Stockholm:20270918T150000
    DTEND;TZID=Europe/Stockholm:20270918T220000
    """,
    """
    UID:sekund@byaradet.example.se
    SUMMARY:Varje sekund
    DTSTART:20270101T000000Z
    RRULE:FREQ=SECONDLY
    """,
    """
    UID:utan-start@byaradet.example.se
    SUMMARY:Utan start
    """,
)

QUIET = calendar(
    """
    UID:bystamma@byaradet.example.se
    SUMMARY:Bystämma
    DTSTART;TZID=Europe/Stockholm:20270301T190000
    DTEND;TZID=Europe/Stockholm:20270301T210000
    """,
)

FILTERED = calendar(
    """
    UID:leader-kafe@byaradet.example.se
    SUMMARY:LEADER-kafé
    DTSTART;TZID=Europe/Stockholm:20270210T150000
    DTEND;TZID=Europe/Stockholm:20270210T160000
    """,
    """
    UID:julmarknad@byaradet.example.se
    SUMMARY:Julmarknad
    DTSTART;TZID=Europe/Stockholm:20261212T100000
    DTEND;TZID=Europe/Stockholm:20261212T150000
    """,
    """
    UID:leader-kafe-dec@byaradet.example.se
    SUMMARY:LEADER-kafé före jul
    DTSTART;TZID=Europe/Stockholm:20261205T150000
    DTEND;TZID=Europe/Stockholm:20261205T160000
    """,
)

COURSES = calendar(
    """
    UID:kurs-a@lagnorr.example.se
    SUMMARY:Kurs i ansökan
    CATEGORIES:Kurs
    DTSTART;TZID=Europe/Stockholm:20270301T090000
    DTEND;TZID=Europe/Stockholm:20270301T120000
    """,
    """
    UID:mote-b@lagnorr.example.se
    SUMMARY:Möte om kursplanen
    CATEGORIES:Möte
    DTSTART;TZID=Europe/Stockholm:20270302T090000
    DTEND;TZID=Europe/Stockholm:20270302T100000
    """,
    """
    UID:kurs-c@lagnorr.example.se
    SUMMARY:Kurs i redovisning
    CATEGORIES:Kurs
    DTSTART;TZID=Europe/Stockholm:20270801T090000
    DTEND;TZID=Europe/Stockholm:20270801T120000
    """,
)

SLOW = calendar("""
    UID:skordefest@lagnorr.example.se
    SUMMARY:Skördefest
    DTSTART;VALUE=DATE:20270910
    """)

BROKEN = calendar("""
    UID:varmote@region.example.se
    SUMMARY:Vårmöte
    DTSTART;TZID=Europe/Stockholm:20270420T180000
    DTEND;TZID=Europe/Stockholm:20270420T200000
    """)

OTHER_SITE = json.dumps({"series": [], "events": [{
    "id": "bytraff-2027-02-20", "uid": "bytraff-2027-02-20@annan.example.se", "title": "Träff för byalag",
    "category": "meeting", "start": "2027-02-20T10:00:00+01:00", "end": "2027-02-20T12:00:00+01:00",
    "all_day": False, "status": "scheduled", "audience": "public",
    "location": {"name": "Byagården", "address": None, "url": None}, "series": None, "project": None,
    "organisers": [], "repeat": None, "url": "https://annan.example.se/kalender/bytraff-2027-02-20/",
    "summary": "Byalagen i länet ses.",
}]}, ensure_ascii=False).encode("utf-8")

SOURCES = [
    {"id": "region", "member": "region-vast", "url": "/region.ics", "categories": {"Möte": "meeting"}},
    {"id": "lag", "member": "lag-norr", "url": "/lag.ics", "name": "LAG Norrs evenemang", "category": "meeting",
     "categories": {"kurs": "workshop"}},
    {"id": "hostile", "member": "byaradet", "url": "/hostile.ics", "name": HOSTILE_NAME},
    {"id": "annan-sajt", "member": "byaradet", "url": "/annan/kalender.json", "kind": "site"},
    {"id": "tyst", "member": "byaradet", "url": "/tyst.ics", "feeds": False},
    {"id": "filtrerad", "member": "byaradet", "url": "/filtrerad.ics", "filter": {"keywords": ["LEADER"], "since": "2027-01-01"}},
    {"id": "kurser", "member": "lag-norr", "url": "/kurser.ics", "categories": {"Kurs": "workshop"},
     "filter": {"categories": ["workshop"], "until": "2027-06-30"}},
    {"id": "seg", "member": "lag-norr", "url": "/seg.ics"},
    {"id": "trasig", "member": "region-vast", "url": "/trasig.ics"},
    {"id": "saknas", "member": "region-vast", "url": "/saknas.ics"},
    {"id": "jattestor", "member": "region-vast", "url": "/jattestor.ics"},
]


def slow(site: Site, seconds: float):
    def route(handler: Handler) -> None:
        site.released.wait(seconds)
        answer(handler, 200, SLOW)
    return route


def fifty_megabytes(handler: Handler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", str(50 * 1024 * 1024))
    handler.end_headers()
    try:
        for _ in range(800):
            handler.wfile.write(b"\0" * 65536)
    except OSError:
        pass  # the fetcher hung up, as it should


def fetch(site: Site, project: Path, moment: dt.datetime):
    return fetch_all(
        [SourceToFetch(s["id"], site.url(s["url"]), s.get("kind", "icalendar")) for s in SOURCES],
        Path("kalenderkopior"), lambda: moment, LIMITS, project_dir=project,
        check=lambda source, body: copy_problem(source.kind, body, source.url),
    )


@pytest.fixture(scope="module")
def hub(session_throwaway) -> tuple[Build, dict]:
    """The hub built from two rounds of fetching; with what each round said."""
    project = session_throwaway("hub")
    with serving() as site:
        site.routes.update({
            "/region.ics": serves(REGION, ETag='"r1"'),
            "/lag.ics": redirect(302, "/flyttad/lag.ics"),
            "/flyttad/lag.ics": serves(LAG),
            "/hostile.ics": serves(HOSTILE),
            "/annan/kalender.json": serves(OTHER_SITE, Content_Type="application/json"),
            "/tyst.ics": serves(QUIET),
            "/filtrerad.ics": serves(FILTERED),
            "/kurser.ics": serves(COURSES),
            "/seg.ics": serves(SLOW),
            "/trasig.ics": serves(BROKEN),
            "/jattestor.ics": fifty_megabytes,
        })
        first = {o.source_id: o for o in fetch(site, project.root, FIRST_FETCH)}
        site.routes["/seg.ics"] = slow(site, 3)
        site.routes["/trasig.ics"] = serves(b"<html><body><h1>Internt serverfel</h1></body></html>", Content_Type="text/html")
        second = {o.source_id: o for o in fetch(site, project.root, SECOND_FETCH)}
        sources = [{**s, "url": site.url(s["url"])} for s in SOURCES]
    build = project.build(MEMBERS, events=EVENTS, sources=sources)
    assert build.returncode == 0, build.log
    return build, {"first": first, "second": second}


@pytest.fixture(scope="module")
def site(hub) -> Path:
    return hub[0].site


def pages_titled(site: Path, title: str) -> list[str]:
    """The event pages whose heading is ``title``, as site paths."""
    found = []
    for page in sorted((site / "kalender").glob("*/index.html")):
        heading = page_tree(site, f"/kalender/{page.parent.name}/").xpath("//article//h1")
        if heading and text_of(heading[0]) == title:
            found.append(f"/kalender/{page.parent.name}/")
    return found


def the_page(site: Path, title: str):
    [path] = pages_titled(site, title)
    return parse_page(site, path)


def facts(page) -> dict[str, str]:
    return {text_of(row.dt): text_of(row.dd) for row in page.select("article .px-facts > div")}


def organisers(page) -> list[str]:
    [row] = [row for row in page.select("article .px-facts > div") if text_of(row.dt) == "Arrangörer"]
    return [text_of(a) for a in row.dd.select("a")]


def hub_calendar(site: Path, path: str = "kalender.ics") -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((site / path).read_bytes())


def instants(site: Path, uid: str) -> list[tuple[dt.datetime, dt.datetime]]:
    """Every date of a UID as a calendar program expands the hub's file, in UTC."""
    window = (dt.datetime(2024, 1, 1, tzinfo=UTC), dt.datetime(2029, 1, 1, tzinfo=UTC))
    return sorted(
        (o["DTSTART"].dt.astimezone(UTC), o["DTEND"].dt.astimezone(UTC))
        for o in recurring_ical_events.of(hub_calendar(site)).between(*window) if str(o["UID"]) == uid
    )


def feed(site: Path):
    parsed = feedparser.parse((site / "kalender" / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


# --- Fetching: every failure is a line, and a failure keeps the last good copy -------------------

def test_each_failure_is_said_and_a_failed_source_keeps_its_last_good_copy(hub):
    build, said = hub
    first, second = said["first"], said["second"]
    assert {id for id, o in first.items() if o.state == "failed"} == {"saknas", "jattestor"}
    assert "404" in first["saknas"].message and "ingen tidigare kopia" in first["saknas"].message
    assert "MB" in first["jattestor"].message
    assert {id for id, o in second.items() if o.state == "failed"} == {"saknas", "jattestor", "seg", "trasig"}
    assert "svaret är inte en iCalendar-fil" in second["trasig"].message
    for id in ("seg", "trasig"):
        assert "den senaste kopian, från 2026-11-16 06:00 UTC (för 2 dagar sedan), används" in second[id].message
    # The build shows their last good copies, and its log names each with the copy's age.
    assert pages_titled(build.site, "Skördefest") and pages_titled(build.site, "Vårmöte")
    notes = [line for line in build.log.splitlines() if line.startswith("WARNING") and "kalenderkällan" in line]
    said_of = lambda id: [line for line in notes if f"kalenderkällan {id}:" in line]
    for id in ("seg", "trasig"):
        [line] = said_of(id)
        assert "senaste hämtningen misslyckades" in line and "hämtades 2026-11-16 06:00 UTC och är 2 dagar gammal" in line, line
    for id in ("saknas", "jattestor"):
        [line] = said_of(id)
        assert "ingen kopia att visa" in line and "kör make fetch" in line, line
    assert said_of("region") == [] and said_of("lag") == []


def test_a_redirect_is_followed(site):
    assert pages_titled(site, "Kurs i projektekonomi")


def test_the_build_reads_only_the_copies_and_builds_the_same_without_network(hub, tmp_path):
    """The same project built again with every connection refused (a sitecustomize that replaces
    socket.connect): the same pages and subscriptions, from the copies alone."""
    build, _ = hub
    blocker = tmp_path / "no-network"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(textwrap.dedent("""\
        import socket
        def refused(*args, **kwargs):
            raise OSError("the network is closed in this test")
        socket.socket.connect = refused
        socket.socket.connect_ex = refused
        socket.create_connection = refused
        socket.getaddrinfo = refused
        """), encoding="utf-8")
    env = {**build_env(), "PYTHONPATH": os.pathsep.join([str(blocker), os.environ.get("PYTHONPATH", "")])}
    offline = tmp_path / "site"
    done = subprocess.run(
        [tool("mkdocs"), "build", "--strict", "-f", str(build.project / "mkdocs.yml"), "-d", str(offline)],
        cwd=build.project, env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    probe = subprocess.run([str(Path(tool("python"))), "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"],
                           env=env, capture_output=True, text=True, timeout=60)
    assert "the network is closed in this test" in probe.stderr  # the blocker is in force
    for path in ("kalender.ics", "kalender/feed.xml", "kalender/index.html", "medlemmar/region-vast/index.html"):
        assert (offline / path).read_bytes() == (build.site / path).read_bytes(), path


# --- Events as entries of the calendar ----------------------------------------------------------

def test_an_imported_event_is_on_the_list_the_month_and_the_members_page_marked_with_its_source(site):
    listing = parse_page(site, "/kalender/")
    item = next(li for li in listing.select("li.px-event") if text_of(li.select_one(".px-event__title")) == "Regiondagen")
    assert text_of(item.select_one(".px-event__source")) == "Från Region Västs kalender"
    month = parse_page(site, "/kalender/2027/02/")
    marked = {text_of(li.a): text_of(li.select_one(".px-grid__source")) for li in month.select(".px-grid__event")}
    assert marked["Regiondagen"] == "Från Region Västs kalender"
    january = parse_page(site, "/kalender/2027/01/")
    [own] = [li for li in january.select(".px-grid__event") if text_of(li.a) == "Partnerskapsmöte"]
    assert own.select(".px-grid__source") == []  # the hub's own event is not marked
    member = parse_page(site, "/medlemmar/region-vast/")
    assert {"Regiondagen", "Webbinarium om bredband"} <= {text_of(a) for a in member.select(".px-events .px-event__title a")}
    page = the_page(site, "Regiondagen")
    assert text_of(page.select_one(".px-origin")) == "Från Region Västs kalender"
    assert organisers(page) == ["Region Väst"] and facts(page)["Plats"] == "Kulturhuset, Storgatan 1"
    # A source given a name of its own is shown by that name.
    assert text_of(the_page(site, "Kurs i projektekonomi").select_one(".px-origin")) == "Från LAG Norrs evenemang"


def test_the_original_is_linked_when_the_source_gives_a_web_address(site):
    page = the_page(site, "Styrelsemöte")
    [link] = page.select(".px-origin a")
    assert link["href"] == "https://region.example.se/kalender/styrelse" and "external" in link["rel"]


def test_uids_are_the_sources_own_and_each_is_written_once(site):
    uids = [str(e["UID"]) for e in hub_calendar(site).walk("VEVENT") if "RECURRENCE-ID" not in e]
    assert len(uids) == len(set(uids))
    assert {"styrelse-2027@region.example.se", "regiondagen@region.example.se", "leader-info@lagnorr.example.se",
            "kurs@lagnorr.example.se", "bytraff-2027-02-20@annan.example.se"} <= set(uids)
    guids = {entry.id for entry in feed(site).entries}
    assert any(guid.endswith("#leader-info@lagnorr.example.se") for guid in guids), guids
    # Each event's own file too, and the site's open data holds only the hub's own events.
    assert str(hub_calendar(site, the_event_file(site, "Regiondagen")).walk("VEVENT")[0]["UID"]) == "regiondagen@region.example.se"
    exported = json.loads((site / "kalender.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in exported["events"]] == ["partnerskapsmote-2027-01-27"]


def the_event_file(site: Path, title: str) -> str:
    [path] = pages_titled(site, title)
    return path.strip("/") + ".ics"


def test_a_series_keeps_its_exdate_and_a_date_moved_across_the_clock_change(site):
    local = lambda text: dt.datetime.fromisoformat(text).replace(tzinfo=STOCKHOLM).astimezone(UTC)
    expected = [(local(f"2027-{day}T18:00"), local(f"2027-{day}T19:30")) for day in ("03-04", "03-11", "03-25", "04-08", "04-15")]
    expected.append((local("2027-03-27T10:00"), local("2027-03-27T11:30")))
    assert instants(site, "styrelse-2027@region.example.se") == sorted(expected)
    # 18:00 is 17:00 UTC in March and 16:00 UTC in April; the moved date is 09:00 UTC.
    assert [start.hour for start, _ in sorted(expected)] == [17, 17, 17, 9, 16, 16]
    # The page says so at local times, and lists the dates in order.
    listing = parse_page(site, "/kalender/")
    times = [text_of(li.select_one(".px-event__when")) for li in listing.select("li.px-event")
             if text_of(li.select_one(".px-event__title")) == "Styrelsemöte"]
    assert len(times) == 6 and sum("10.00" in t for t in times) == 1 and sum("18.00" in t for t in times) == 5, times


def test_all_day_utc_and_cancelled_events_keep_what_they_are(site):
    [(start, end)] = instants(site, "webbinar-bredband@region.example.se")
    assert (start, end) == (dt.datetime(2027, 1, 15, 12, tzinfo=UTC), dt.datetime(2027, 1, 15, 13, tzinfo=UTC))
    assert "13.00" in facts(the_page(site, "Webbinarium om bredband"))["När"]  # local time in January
    [day] = [e for e in hub_calendar(site).walk("VEVENT") if str(e["UID"]) == "regiondagen@region.example.se"]
    assert (day["DTSTART"].dt, day["DTEND"].dt) == (dt.date(2027, 2, 10), dt.date(2027, 2, 12))
    [cancelled] = [e for e in hub_calendar(site).walk("VEVENT") if str(e["UID"]) == "konferens@region.example.se"]
    assert (str(cancelled["STATUS"]), str(cancelled["SUMMARY"])) == ("CANCELLED", "INSTÄLLT: Konferens om landsbygden")
    listing = parse_page(site, "/kalender/")
    [item] = [li for li in listing.select("li.px-event") if "Konferens om landsbygden" in text_of(li.select_one(".px-event__title"))]
    assert "px-event--cancelled" in item["class"]


def test_an_event_two_members_publish_is_shown_once_with_both_as_organisers(site):
    # The same UID in two calendars.
    page = the_page(site, "Informationsmöte om LEADER")
    assert organisers(page) == ["Region Väst", "LAG Norr"]
    assert text_of(page.select_one(".px-origin")) == "Från Region Västs kalender och LAG Norrs evenemang"
    assert len(instants(site, "leader-info@lagnorr.example.se")) == 1
    # In the calendar files the first organiser is the ORGANIZER, by its page (as an own event's),
    # on the series and on each date of it the source changed.
    found = {}
    for component in hub_calendar(site).walk("VEVENT"):
        address = component.get("ORGANIZER")
        found.setdefault(str(component["UID"]), set()).add((str(address), address.params.get("CN")) if address else None)
    region = ("https://lluh.example.se/medlemmar/region-vast/", "Region Väst")
    assert found["leader-info@lagnorr.example.se"] == {region}
    assert found["styrelse-2027@region.example.se"] == {region}
    assert found["kurs@lagnorr.example.se"] == {("https://lluh.example.se/medlemmar/lag-norr/", "LAG Norr")}
    # The same title (in any case) and start under two UIDs.
    assert len(pages_titled(site, "Öppet hus i Kulturhuset")) == 1 and pages_titled(site, "Öppet hus i kulturhuset") == []
    assert organisers(the_page(site, "Öppet hus i Kulturhuset")) == ["Region Väst", "LAG Norr"]
    # A member's copy of the hub's own event is not a second event.
    assert pages_titled(site, "Partnerskapsmöte") == ["/kalender/partnerskapsmote-2027-01-27/"]


def test_categories_are_mapped_and_the_filter_and_the_window_leave_events_out(site):
    assert facts(the_page(site, "Kurs i projektekonomi"))["Kategori"] == "Workshop"   # Kurs: workshop
    assert facts(the_page(site, "Styrelsemöte"))["Kategori"] == "Möte"                 # Möte: meeting
    assert facts(the_page(site, "Webbinarium om bredband"))["Kategori"] == "Övrigt"    # the default
    assert pages_titled(site, "LEADER-kafé")
    assert pages_titled(site, "Julmarknad") == [] and pages_titled(site, "LEADER-kafé före jul") == []
    # filter: categories (the site's, after the mapping) and until.
    assert facts(the_page(site, "Kurs i ansökan"))["Kategori"] == "Workshop"
    assert pages_titled(site, "Möte om kursplanen") == [] and pages_titled(site, "Kurs i redovisning") == []
    assert pages_titled(site, "Ett gammalt möte") == []
    # The calendar files name the site's category too, not the source's word (Kurs), on a series
    # and on each date of it that the source changed, as on the site's own events.
    named: dict[str, set[tuple[str, ...]]] = {}
    for component in hub_calendar(site).walk("VEVENT"):
        named.setdefault(str(component["UID"]), set()).add(tuple(str(c) for c in component["CATEGORIES"].cats))
    assert named["kurs@lagnorr.example.se"] == {("Workshop",)}
    assert named["styrelse-2027@region.example.se"] == {("Möte",)}
    assert named["webbinar-bredband@region.example.se"] == {("Övrigt",)}


def test_a_source_kept_out_of_the_feeds_is_only_on_the_pages(site):
    assert pages_titled(site, "Bystämma")
    assert "bystamma@byaradet.example.se" not in {str(e["UID"]) for e in hub_calendar(site).walk("VEVENT")}
    assert not any("Bystämma" in entry.title for entry in feed(site).entries)
    assert any("Regiondagen" in entry.title for entry in feed(site).entries)


def test_another_site_of_this_generator_is_a_source_by_its_kalender_json(site):
    page = the_page(site, "Träff för byalag")
    assert facts(page)["Plats"] == "Byagården"
    [(start, _)] = instants(site, "bytraff-2027-02-20@annan.example.se")
    assert start == dt.datetime(2027, 2, 20, 9, tzinfo=UTC)


# --- Whatever a source serves is hostile ----------------------------------------------------------


def test_html_and_scripts_from_a_source_are_text_and_javascript_links_are_dropped(site):
    # Markup is read as a calendar program shows it: the text without its tags, a script's
    # code dropped with it.
    [path] = pages_titled(site, "Sommarfest")
    article = page_tree(site, path).xpath("//article")[0]
    assert article.xpath(".//script[not(@type='application/ld+json')]") == []
    assert article.xpath(".//img | .//b | .//*[@onerror or @onmouseover]") == []
    assert [a.get("href") for a in article.xpath(".//a") if a.get("href", "").lower().startswith("javascript:")] == []
    page = parse_page(site, path)
    assert facts(page)["Plats"] == "Bygdegården"
    assert "Välkommen!" in text_of(page.select_one("article")) and page.select(".px-origin a") == []
    assert text_of(page.select_one(".px-origin")) == f"Från {HOSTILE_NAME}"
    [event] = [e for e in hub_calendar(site).walk("VEVENT") if str(e["UID"]) == "fest@byaradet.example.se"]
    assert str(event["SUMMARY"]) == "Sommarfest" and "URL" not in event
    assert "<" not in str(event["DESCRIPTION"]) and str(event["LOCATION"]) == "Bygdegården"
    # Markup a source wrote as entities is shown as the text it is, on the page and everywhere
    # else the site publishes it (every page, the search index, the feeds, the calendar files).
    [path] = pages_titled(site, "<img src=x onerror=alert(6)>Höstfest")
    page = parse_page(site, path)
    assert facts(page)["Plats"] == "<svg onload=alert(8)>Logen"
    assert "<script>alert(7)</script> Välkomna" in text_of(page.select_one("article"))
    assert site_problems(site) == []


def test_a_member_s_name_in_an_imported_event_s_organiser_is_text_in_the_calendar_files():
    """The ORGANIZER's CN is the member's name from members.yaml: quotes, separators and a line
    break in it stay inside the parameter (RFC 6868), and no property or event is added."""
    name = 'Byarådet "Väst"; DESCRIPTION:x\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:injicerat, ^ slut'
    body = calendar("""
    UID:fika@byaradet.example.se
    SUMMARY:Fika
    DTSTART;TZID=Europe/Stockholm:20270120T150000
    DTEND;TZID=Europe/Stockholm:20270120T160000
    """)
    zone, now, words = STOCKHOLM, dt.datetime(2026, 11, 18, tzinfo=dt.timezone.utc), Words("sv")
    source = CalendarSource(index=0, id="byaradet", member="byaradet", url="https://byaradet.example.se/k.ics")
    [event] = read_source(source, body, member_name=name, zone=zone, now=now, words=words, published=now.date()).events
    writer = IcalendarWriter(words=words, zone=zone, host="lluh.example.se", event_url=lambda e: "", now=now,
                             organiser=lambda member: Organiser(name, "https://lluh.example.se/medlemmar/byaradet/"))
    [written] = icalendar.Calendar.from_ical(writer.file([event], "Kalendern")).walk("VEVENT")
    assert str(written["SUMMARY"]) == "Fika" and "DESCRIPTION" not in written
    assert written["ORGANIZER"].params["CN"] == name
    assert str(written["ORGANIZER"]) == "https://lluh.example.se/medlemmar/byaradet/"


SOURCE_TEXT = st.text(alphabet=st.sampled_from(list("ab 1.<>&;:/@\\`*_{}[]()#+-!|~=\"'h\n")), max_size=40)


@given(SOURCE_TEXT)
@example("Fika & prat <3 ~ a_b *c* [x](y) 1. # h | > q &lt;b&gt; \\ slut")
def test_a_source_s_text_is_shown_as_it_is_written_on_the_page(text):
    """A description read as plain text is shown character for character: every Markdown mark
    escaped, and no backslash printed before a character the renderer does not escape."""
    renderer = StaffMarkdown(Words("sv"))
    assert sorted(MARKDOWN_MARKS) == sorted(renderer._markdown.ESCAPED_CHARS)
    plain = plain_text(text, 500, one_line=False)
    rendered = renderer.render(markdown_text(plain), "kalender/x.md").html
    paragraphs = lxml.html.fragment_fromstring(rendered, create_parent="div") if plain else []
    assert "\n\n".join(p.text_content() for p in paragraphs) == plain


def test_an_endless_rule_stays_within_the_window_and_a_per_second_one_is_refused(hub):
    build, _ = hub
    dates = instants(build.site, "fika@byaradet.example.se")
    first_day = (NOW - dt.timedelta(days=365)).astimezone(STOCKHOLM).date()
    assert dates and dates[0][0].astimezone(STOCKHOLM).date() >= first_day
    assert dates[-1][0] <= NOW + dt.timedelta(days=550)
    assert len(dates) == len({d for d, _ in dates}) and 800 < len(dates) <= 1000
    assert pages_titled(build.site, "Varje sekund") == []
    assert any("kalenderkällan hostile" in line and "Varje sekund" in line and "oftare än en gång om dagen" in line
               for line in build.log.splitlines()), build.log
    assert any("kalenderkällan hostile" in line and "Utan start" in line for line in build.log.splitlines()), build.log



def read_alone(body: bytes):
    """One source's copy read as the build reads it, at the suite's "now"."""
    source = CalendarSource(index=0, id="byaradet", member="byaradet", url="https://byaradet.example.se/k.ics")
    return read_source(source, body, member_name="Byarådet", zone=STOCKHOLM, now=NOW, words=Words("sv"), published=NOW.date())


def test_a_series_is_read_in_one_query_and_the_rules_a_source_may_walk_are_bounded(monkeypatch):
    """A series' dates are asked for a stretch of days at a time, the window at once for a rule:
    one query for a daily series (recurring-ical-events' own ``after()`` asked 1,830 times, each
    time walking the rule from its first date), and one for a series that stops at its limit of
    dates. Each query walks the rules from the series' first date, so the walk is bounded before
    any query: a series of more than MAX_SERIES_RULES rules or MAX_SERIES_RDATES dates of its
    own, one that repeats from the year 1
    (740,000 days), and past MAX_SOURCE_STEPS the source's other series, each with a warning."""
    queries = []
    asked = recurring_ical_events.CalendarQuery._occurrences_between
    monkeypatch.setattr(recurring_ical_events.CalendarQuery, "_occurrences_between",
                        lambda query, start, stop: queries.append((start, stop)) or asked(query, start, stop))
    window = Window.around(NOW, STOCKHOLM)

    def daily(uid: str, since: str, *more: str, until: str = "") -> str:
        return "\n".join([f"UID:{uid}@byaradet.example.se", f"SUMMARY:{uid}", f"DTSTART;TZID=Europe/Stockholm:{since}T100000",
                          f"DTEND;TZID=Europe/Stockholm:{since}T103000", f"RRULE:FREQ=DAILY{until}", *more])

    fika = read_alone(calendar(daily("fika", "20250101")))
    [event] = fika.events
    days = [o["DTSTART"].dt.date() for o in event.origin.series.dates]
    assert days == [window.first.date() + dt.timedelta(days=n) for n in range((window.last - window.first).days)]
    assert fika.warnings == [] and len(queries) == 1, len(queries)

    # A daily rule and 300 more dates in the window, at noon: the limit of dates stops it.
    queries.clear()
    extra = [f"RDATE;TZID=Europe/Stockholm:{window.first.date() + dt.timedelta(days=n):%Y%m%d}T120000" for n in range(300)]
    limited = read_alone(calendar(daily("mer", "20251118", *extra)))
    [event] = limited.events
    starts = [o["DTSTART"].dt for o in event.origin.series.dates]
    assert len(starts) == MAX_SERIES_DATES and starts == sorted(set(starts)) and len(queries) == 1
    assert limited.warnings == [f'kalenderkällan byaradet: "mer" ger fler än {MAX_SERIES_DATES} datum; resten visas inte']

    queries.clear()
    monkeypatch.setattr(imported_events, "MAX_SOURCE_STEPS", 150_000)  # three walks from 1900, not twenty
    rules = "\n".join(f"RRULE:FREQ=DAILY;BYHOUR={hour}" for hour in range(MAX_SERIES_RULES + 1))
    seconds = ",".join(f"20261118T10{n // 60:02}{n % 60:02}" for n in range(MAX_SERIES_RDATES + 1))
    bounded = read_alone(calendar(
        f"UID:regler@byaradet.example.se\nSUMMARY:Regler\nDTSTART;TZID=Europe/Stockholm:20251118T000000\n{rules}",
        f"UID:sekunder@byaradet.example.se\nSUMMARY:Sekunder\nDTSTART;TZID=Europe/Stockholm:20261118T100000\n"
        f"RDATE;TZID=Europe/Stockholm:{seconds}",
        daily("forntid", "00010101"),
        *(daily(f"1900-2024-{n}", "19000101", until=";UNTIL=20241231T000000Z") for n in range(30)),
    ))
    refused = [w.removeprefix("kalenderkällan byaradet: ") for w in bounded.warnings]
    assert refused[:3] == [
        f'"Regler" har {MAX_SERIES_RULES + 1} upprepningsregler (RRULE), fler än {MAX_SERIES_RULES}; den visas inte',
        f'"Sekunder" har fler än {MAX_SERIES_RDATES} extra datum (RDATE); den visas inte',
        '"forntid" upprepas från 0001-01-01, för långt tillbaka för att gå igenom; den visas inte (börja serien senare)',
    ]
    # Series that end before the window give no dates, but each is walked from 1900 (46,500
    # days, counted to the window's end): three of them within the source's steps, then no more.
    assert refused[3:] == ["har fler upprepningar än vad som hinner gås igenom; resten visas inte"]
    assert bounded.events == [] and len(queries) == 3, len(queries)


@pytest.mark.parametrize("broken", ["RRULE:FREQ=DAILY;INTERVAL=x", "RDATE:igår"])
def test_a_repeat_icalendar_cannot_read_leaves_out_its_event_with_a_line(broken):
    """icalendar keeps a property it could not parse and raises only when it is used: such an
    event is left out with a line, and the source's other events are read."""
    body = calendar(f"""
    UID:trasig@byaradet.example.se
    SUMMARY:Trasig
    DTSTART;TZID=Europe/Stockholm:20261201T100000
    {broken}
    """, """
    UID:hel@byaradet.example.se
    SUMMARY:Hel
    DTSTART;TZID=Europe/Stockholm:20261202T100000
    """)
    read = read_alone(body)
    assert [event.title for event in read.events] == ["Hel"]
    [line] = read.warnings
    assert line.startswith('kalenderkällan byaradet: evenemanget "trasig@byaradet.example.se" kunde inte läsas (')
    assert line.endswith(") och visas inte")

# --- Settings -------------------------------------------------------------------------------------

BAD_SOURCES = """\
      - id: Region Väst
        member: region-vast
        url: "javascript:alert(1)"
      - id: lag
        member: lag-norr
        url: https://lagnorr.example.se/kalender.ics
        kind: ical
      - id: lag
        member: byaradet
        url: https://byaradet.example.se/kalender.ics
        categories:
          Kurs: kurs
"""


def with_sources(throwaway, block: str) -> tuple[Path, Callable[[str], int]]:
    """A throwaway site's mkdocs.yml with ``block`` as its sources, and the line of a text in it."""
    config = throwaway.write(MEMBERS)  # the data files, and the settings to change
    lines = [line for line in config.read_text(encoding="utf-8").splitlines() if not line.strip().startswith("sources:")]
    text = "\n".join(lines) + "\n    sources:\n" + block
    config.write_text(text, encoding="utf-8")
    return config, lambda needle: 1 + next(i for i, line in enumerate(text.splitlines()) if needle in line)


def test_wrong_sources_are_reported_at_their_lines_with_what_to_write(throwaway):
    config, line = with_sources(throwaway, BAD_SOURCES)
    build = run_build(config, throwaway.root / "site")
    assert build.returncode == 1 and "Traceback" not in build.log
    errors = [line.split("  -  ", 1)[1] for line in build.log.splitlines() if line.startswith("ERROR") and "mkdocs.yml:" in line]
    categories = "webinar, meeting, conference, annual-meeting, strategy-day, afterwork, workshop, other"
    assert errors == [
        f'mkdocs.yml:{line("Region Väst")}: extra.partnership.sources[1].id: "Region Väst" ska vara ett id med små bokstäver, siffror och bindestreck, till exempel region-halland',
        f'mkdocs.yml:{line("javascript")}: extra.partnership.sources[1].url: "javascript:alert(1)" är inte en webbadress till en kalender; skriv till exempel https://example.se/kalender.ics',
        f'mkdocs.yml:{line("ical")}: extra.partnership.sources[2].kind: "ical" är inte ett av icalendar, site (menade du "icalendar"?)',
        f'mkdocs.yml:{line("member: byaradet") - 1}: extra.partnership.sources[3].id: lag finns redan ovanför; ge varje kalender ett eget id',
        f'mkdocs.yml:{line("Kurs: kurs")}: extra.partnership.sources[3].categories.Kurs: "kurs" är inte en kategori; kategorierna är {categories}',
    ], "\n".join(errors)


def test_a_source_id_leaves_room_for_its_events_ids():
    longest = "a" * (MAX_ID_LENGTH - 20)
    assert SlugSetting().run_validation(longest) == longest
    with pytest.raises(ValidationError, match=f"id:t är {MAX_ID_LENGTH - 19} tecken långt; högst {MAX_ID_LENGTH - 20}"):
        SlugSetting().run_validation(longest + "a")


@pytest.mark.parametrize("folder, said", [
    (".", "kopiemappen får inte vara själva projektmappen; välj en egen mapp, som kalenderkopior"),
    ("../utanför", "kopiemappen ../utanför ligger utanför projektmappen {root}; välj en mapp i projektet"),
    ("länk/kopior", "länk är en symbolisk länk; kopiemappen länk/kopior måste vara en vanlig mapp i projektet"),
])
def test_a_copies_folder_make_fetch_would_refuse_is_reported_at_its_line(throwaway, folder, said):
    """make check and the build refuse the folder as make fetch would, at its line."""
    source = "      - id: lag\n        member: lag-norr\n        url: https://lagnorr.example.se/kalender.ics\n"
    config, line = with_sources(throwaway, f"{source}    sources_cache: {folder}\n")
    (throwaway.root / "länk").symlink_to(throwaway.root.parent)
    build = run_build(config, throwaway.root / "site")
    assert build.returncode == 1 and "Traceback" not in build.log
    errors = [line.split("  -  ", 1)[1] for line in build.log.splitlines() if line.startswith("ERROR") and "mkdocs.yml:" in line]
    said = said.format(root=os.path.abspath(throwaway.root))
    assert errors == [f"mkdocs.yml:{line('sources_cache')}: extra.partnership.sources_cache: {said}"], build.log


def test_a_source_of_a_member_not_in_members_yaml_is_reported_at_its_line(throwaway):
    config, line = with_sources(throwaway, "      - id: lag\n        member: lag-nor\n        url: https://lagnorr.example.se/kalender.ics\n")
    build = run_build(config, throwaway.root / "site")
    assert build.returncode == 1 and "Traceback" not in build.log
    errors = [line.split("  -  ", 1)[1] for line in build.log.splitlines() if line.startswith("ERROR") and "mkdocs.yml:" in line]
    assert errors == [f'mkdocs.yml:{line("lag-nor")}: extra.partnership.sources[1].member: det finns ingen medlem med id "lag-nor" (menade du "lag-norr"?)'], build.log


# --- make fetch -----------------------------------------------------------------------------------

def test_make_fetch_reads_the_sources_of_mkdocs_yml_and_fails_when_one_failed(throwaway):
    with serving() as site:
        site.routes["/region.ics"] = serves(REGION)
        site.routes["/trasig.ics"] = serves(b"<html>Serverfel</html>")
        throwaway.write(MEMBERS, sources=[
            {"id": "region", "member": "region-vast", "url": site.url("/region.ics")},
            {"id": "trasig", "member": "region-vast", "url": site.url("/trasig.ics")},
            {"id": "saknas", "member": "region-vast", "url": site.url("/saknas.ics")},
        ])
        done = subprocess.run(
            [tool("python"), "-m", "partnerskap.cli", "fetch"], cwd=throwaway.root, capture_output=True, text=True,
            env={**os.environ, "PYTHONPATH": str(HOOKS)}, timeout=120,
        )
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert [line.split(":", 1)[0] for line in lines] == ["region", "trasig", "saknas"]
    assert re.fullmatch(r"region: hämtad, [\d,]+ kB, \d+ ms", lines[0]), lines[0]
    assert lines[1].startswith("trasig: misslyckades: svaret är inte en iCalendar-fil")
    assert lines[2].startswith("saknas: misslyckades: svarade 404 Not Found")
    copies = throwaway.root / "kalenderkopior"
    assert (copies / "region.data").read_bytes() == REGION
    assert not (copies / "trasig.data").exists() and json.loads((copies / "trasig.json").read_text(encoding="utf-8"))["problem"]


def test_make_check_counts_the_imported_events_apart_and_says_what_the_build_says_of_the_copies(hub):
    build, _ = hub
    done = run_check(build.project)
    assert done.returncode == 0, done.stderr
    first, *notes = done.stdout.splitlines()
    imported = len(json.loads((build.site / "kalender.json").read_text(encoding="utf-8"))["events"])
    match = re.fullmatch(r"OK: 3 medlemmar, 0 personer, (\d+) publicerade evenemang \(och (\d+) ur medlemmarnas kalendrar\), 0 projekt\.", first)
    pages = [path for path in (build.site / "kalender").glob("*/index.html")
             if page_tree(build.site, f"/kalender/{path.parent.name}/").xpath(f"//*[{css_class('px-origin')}]")]
    assert match and int(match[1]) == imported == 1 and int(match[2]) == len(pages) > 10, (first, len(pages))
    logged = [line.split(" -  ", 1)[1] for line in build.log.splitlines() if "kalenderkällan" in line]
    assert notes == [f"OBS: {line}" for line in logged] and len(notes) >= 6, notes


def test_the_nightly_publishing_fetches_the_calendars_before_it_builds_and_publishes_if_a_source_fails(example_config):
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    assert "schedule" in workflow[True]  # PyYAML reads the key "on" as true
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run") for step in steps]
    fetch, build = runs.index("make fetch"), runs.index("make build")
    assert fetch < build and steps[fetch].get("continue-on-error") is True
    # The copies of the run before come back first, from the folder the build reads.
    [restore] = [step for step in steps[:fetch] if str(step.get("uses", "")).startswith("actions/cache@")]
    assert restore["with"]["path"] == example_config["extra"]["partnership"].get("sources_cache", "kalenderkopior")
    assert restore["with"]["restore-keys"] and restore["with"]["key"] != restore["with"]["restore-keys"]
