"""The members' own calendars, merged into the hub's, as real clients read them.

A hub site reads three sources over HTTP from 127.0.0.1 (``make fetch``'s fetch_all), written as
Google and Outlook write them: repeats across clock changes, an excepted date, a date moved
across a change to another hour, a date given a title of its own, all-day, UTC and cancelled
events, one event shared by UID and two by title and start. khal (a real calendar program) lists
every event of the hub's calendar once at its local time, in Europe/Stockholm and in UTC, and
once too when one calendar is subscribed to both the hub and a source; newsboat (a real feed
reader) holds every announced event once. A source with ``feeds: false`` shows only on the pages.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import lxml.html
import pytest

from clients import Khal, static_site
from conftest import BUILD_EPOCH, css_class, need, page_file, text_of
from http_sources import STOCKHOLM_VTIMEZONE, serves, serving
from partnerskap.fetching import SourceToFetch, fetch_all

MEMBERS = """\
members:
  - id: region-halland
    name: Region Halland
    sector: public
    email: info@regionhalland.example.se
  - id: bygdegarden
    name: Bygdegårdsföreningen Ås
    sector: civil
    email: styrelsen@bygdegarden.example.se
"""

EVENTS = """\
events:
  - id: varstamma
    title: Vårstämma
    category: meeting
    start: 2027-04-15 18:00
    end: 2027-04-15 20:00
    published: 2026-10-01

  - id: styrelsemote
    title: Styrelsemöte
    category: meeting
    start: 2027-01-14 17:00
    end: 2027-01-14 19:00
    published: 2026-10-01
"""

SHARED_UID = "040000008200E00074C5B7101A82E00800000000D0A1B2C3DIALOG"

# Region Halland's calendar as Google Calendar publishes it.
SOURCE_A = f"""\
BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:PUBLISH
X-WR-CALNAME:Region Halland
X-WR-TIMEZONE:Europe/Stockholm
{STOCKHOLM_VTIMEZONE}\
BEGIN:VEVENT
DTSTART;TZID=Europe/Stockholm:20261013T090000
DTEND;TZID=Europe/Stockholm:20261013T100000
RRULE:FREQ=WEEKLY;COUNT=5
EXDATE;TZID=Europe/Stockholm:20261103T090000
DTSTAMP:20261117T120000Z
UID:7kq2veckomote3c9b@google.com
CREATED:20260901T080000Z
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Veckomöte i regionen
LOCATION:Regionens hus\\, Halmstad
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Europe/Stockholm:20261029T140000
DTEND;TZID=Europe/Stockholm:20261029T150000
DTSTAMP:20261117T120000Z
UID:7kq2veckomote3c9b@google.com
RECURRENCE-ID;TZID=Europe/Stockholm:20261020T090000
CREATED:20260901T080000Z
SEQUENCE:1
STATUS:CONFIRMED
SUMMARY:Veckomöte i regionen
LOCATION:Regionens hus\\, Halmstad
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Europe/Stockholm:20270209T073000
DTEND;TZID=Europe/Stockholm:20270209T090000
RRULE:FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270511T053000Z
DTSTAMP:20261117T120000Z
UID:5fm1frukost88aa@google.com
CREATED:20261002T080000Z
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Företagarfrukost
DESCRIPTION:<b>Frukost</b> för företagare på landsbygden.<br>Anmäl dig senast dagen innan.
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Europe/Stockholm:20270413T080000
DTEND;TZID=Europe/Stockholm:20270413T093000
DTSTAMP:20261117T120000Z
UID:5fm1frukost88aa@google.com
RECURRENCE-ID;TZID=Europe/Stockholm:20270413T073000
SEQUENCE:2
STATUS:CONFIRMED
SUMMARY:Företagarfrukost: extra om LEADER
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20270318
DTEND;VALUE=DATE:20270320
DTSTAMP:20261117T120000Z
UID:2hh0kulturting@google.com
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Kulturting Halland
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VEVENT
DTSTART:20270120T120000Z
DTEND:20270120T130000Z
DTSTAMP:20261117T120000Z
UID:9aa1webbinarium@google.com
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Webbinarium om fonder
URL:https://regionhalland.example/webbinarium
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Europe/Stockholm:20270224T180000
DTEND;TZID=Europe/Stockholm:20270224T200000
DTSTAMP:20261117T120000Z
UID:3bb4informationstraff@google.com
SEQUENCE:1
STATUS:CANCELLED
SUMMARY:Informationsträff om LEADER-stöd
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Europe/Stockholm:20270303T130000
DTEND;TZID=Europe/Stockholm:20270303T160000
DTSTAMP:20261117T120000Z
UID:{SHARED_UID}
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Dialogmöte om utvecklingsstrategin
TRANSP:OPAQUE
END:VEVENT
END:VCALENDAR
"""

# Bygdegårdsföreningen's calendar as Outlook (Exchange) publishes it, with a Windows zone name.
OUTLOOK_HEAD = """\
BEGIN:VCALENDAR
METHOD:PUBLISH
PRODID:Microsoft Exchange Server 2010
VERSION:2.0
X-WR-CALNAME:Kalender
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
"""


def outlook_event(uid: str, title: str, start: str, end: str) -> str:
    return f"""\
BEGIN:VEVENT
UID:{uid}
SUMMARY;LANGUAGE=sv-SE:{title}
DTSTART;TZID=W. Europe Standard Time:{start}
DTEND;TZID=W. Europe Standard Time:{end}
CLASS:PUBLIC
PRIORITY:5
DTSTAMP:20261117T093000Z
TRANSP:OPAQUE
STATUS:CONFIRMED
SEQUENCE:0
X-MICROSOFT-CDO-BUSYSTATUS:BUSY
END:VEVENT
"""


SOURCE_B = OUTLOOK_HEAD + "".join([
    outlook_event(SHARED_UID, "Dialogmöte om utvecklingsstrategin", "20270303T130000", "20270303T160000"),
    # Title and start as Region Halland's series' first date, with a UID of its own.
    outlook_event("040000008200E00074C5B7101A82E00800000000F00DFRUKOST", "Företagarfrukost", "20270209T073000", "20270209T090000"),
    # Title and start as the hub's own event.
    outlook_event("040000008200E00074C5B7101A82E00800000000ABCDSTAMMA", "Vårstämma", "20270415T180000", "20270415T200000"),
    outlook_event("040000008200E00074C5B7101A82E00800000000AB12OPPET", "Öppet hus på bygdegården", "20270605T110000", "20270605T150000"),
]) + "END:VCALENDAR\n"

# The bygdegård's bookings: on the pages, not in the feeds or calendar files (feeds: false).
SOURCE_C = OUTLOOK_HEAD + outlook_event(
    "040000008200E00074C5B7101A82E00800000000AB12UTHYRD", "Uthyrd lokal: barnkalas", "20270116T140000", "20270116T170000",
) + "END:VCALENDAR\n"


def ics(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


@pytest.fixture(scope="module")
def hub(session_throwaway):
    """The hub built once from the three sources, each fetched over HTTP from 127.0.0.1."""
    project = session_throwaway("imported")
    with serving() as server:
        server.routes["/region.ics"] = serves(ics(SOURCE_A), ETag='"a1"', Content_Type="text/calendar; charset=utf-8")
        server.routes["/bygd.ics"] = serves(ics(SOURCE_B), ETag='"b1"', Content_Type="text/calendar; charset=utf-8")
        server.routes["/uthyrning.ics"] = serves(ics(SOURCE_C), Content_Type="text/calendar")
        sources = [
            {"id": "region", "member": "region-halland", "url": server.url("/region.ics")},
            {"id": "bygd", "member": "bygdegarden", "url": server.url("/bygd.ics")},
            {"id": "uthyrning", "member": "bygdegarden", "url": server.url("/uthyrning.ics"), "feeds": False},
        ]
        fetched_at = dt.datetime.fromtimestamp(BUILD_EPOCH - 3600, dt.timezone.utc)
        outcomes = fetch_all([SourceToFetch(s["id"], s["url"]) for s in sources], Path("kalenderkopior"),
                             lambda: fetched_at, project_dir=project.root)
    assert [o.state for o in outcomes] == ["new"] * 3, outcomes
    build = project.build(MEMBERS, events=EVENTS, sources=sources)
    assert build.returncode == 0, build.log
    return build


# --- What each client must show, written out by hand from the sources above ----------------------

@dataclass(frozen=True)
class Expected:
    """One event as the hub must give it: its title and each date, as local wall-clock times with
    the offset written out (CEST +02:00 until the last Sunday of October, CET +01:00 after), or
    for an all-day event its first and last day."""

    title: str
    dates: tuple[tuple[str, str], ...]
    cancelled: bool = False

    @property
    def all_day(self) -> bool:
        return len(self.dates[0][0]) == 10

    def instants(self) -> list[tuple[dt.datetime, dt.datetime]]:
        return [(dt.datetime.fromisoformat(start), dt.datetime.fromisoformat(end)) for start, end in self.dates]

    def days(self) -> tuple[dt.date, dt.date]:
        (first, last), = self.dates
        return dt.date.fromisoformat(first), dt.date.fromisoformat(last)


HUB = [
    # Weekly on Tuesdays at 09:00 over the night the clocks go back (25 October 2026): 3 November
    # excepted, 20 October moved to Thursday 29 October at 14:00, after the change.
    Expected("Veckomöte i regionen", (
        ("2026-10-13 09:00+02:00", "2026-10-13 10:00+02:00"),
        ("2026-10-27 09:00+01:00", "2026-10-27 10:00+01:00"),
        ("2026-10-29 14:00+01:00", "2026-10-29 15:00+01:00"),
        ("2026-11-10 09:00+01:00", "2026-11-10 10:00+01:00"),
    )),
    # The second Tuesday of each month at 07:30 over the night the clocks go forward (28 March
    # 2027); Bygdegårdsföreningen's copy of the first date (its own UID) is the same event.
    Expected("Företagarfrukost", (
        ("2027-02-09 07:30+01:00", "2027-02-09 09:00+01:00"),
        ("2027-03-09 07:30+01:00", "2027-03-09 09:00+01:00"),
        ("2027-05-11 07:30+02:00", "2027-05-11 09:00+02:00"),
    )),
    # Its April date, given a title of its own and moved half an hour.
    Expected("Företagarfrukost: extra om LEADER", (("2027-04-13 08:00+02:00", "2027-04-13 09:30+02:00"),)),
    Expected("Kulturting Halland", (("2027-03-18", "2027-03-19"),)),
    Expected("Webbinarium om fonder", (("2027-01-20 13:00+01:00", "2027-01-20 14:00+01:00"),)),  # 12:00Z
    Expected("Informationsträff om LEADER-stöd", (("2027-02-24 18:00+01:00", "2027-02-24 20:00+01:00"),), cancelled=True),
    # In both members' calendars with one UID.
    Expected("Dialogmöte om utvecklingsstrategin", (("2027-03-03 13:00+01:00", "2027-03-03 16:00+01:00"),)),
    # The hub's own, which Bygdegårdsföreningen also publishes.
    Expected("Vårstämma", (("2027-04-15 18:00+02:00", "2027-04-15 20:00+02:00"),)),
    Expected("Styrelsemöte", (("2027-01-14 17:00+01:00", "2027-01-14 19:00+01:00"),)),
    Expected("Öppet hus på bygdegården", (("2027-06-05 11:00+02:00", "2027-06-05 15:00+02:00"),)),
]
PAGES_ONLY = Expected("Uthyrd lokal: barnkalas", (("2027-01-16 14:00+01:00", "2027-01-16 17:00+01:00"),))
"""The source with ``feeds: false``."""

WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")


def swedish_day(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def first_day(event: Expected) -> dt.date:
    return event.days()[0] if event.all_day else event.instants()[0][0].date()


def when(expected: Expected) -> str:
    """The first date as the site writes it in words: ``onsdag 20 januari 2027, kl. 13.00–14.00``."""
    if expected.all_day:
        first, last = expected.days()
        return f"{WEEKDAYS[first.weekday()]} {swedish_day(first)} – {WEEKDAYS[last.weekday()]} {swedish_day(last)}"
    start, end = expected.instants()[0]
    return f"{WEEKDAYS[start.weekday()]} {swedish_day(start.date())}, kl. {start:%H.%M}–{end:%H.%M}"


# --- khal ------------------------------------------------------------------------------------------

KHAL_FORMAT = "{start} -> {end} {cancelled}{title}"
DAY_MARK = "== "


CANCELLED_TITLE = "INSTÄLLT: "
"""How the hub's calendar files title a cancelled event, its own or imported (clients such as
Google and Outlook show a subscribed STATUS:CANCELLED like any other event)."""


def khal_lines(zone: str, events: list[Expected], cancelled_title: str = CANCELLED_TITLE) -> list[str]:
    """What khal lists for ``events`` in ``zone``, under each day's heading: ``day | start -> end
    title``; an all-day event under each of its days, a cancelled one with khal's CANCELLED and
    ``cancelled_title`` before its title."""
    lines = []
    for event in events:
        mark = f"CANCELLED {cancelled_title}" if event.cancelled else ""
        if event.all_day:
            first, last = event.days()
            for offset in range((last - first).days + 1):
                lines.append(f"{first + dt.timedelta(days=offset)} | {first} -> {last} {mark}{event.title}")
            continue
        for start, end in event.instants():
            start, end = start.astimezone(ZoneInfo(zone)), end.astimezone(ZoneInfo(zone))
            assert start.date() == end.date(), "an event over midnight is listed on two days"
            lines.append(f"{start.date()} | {start:%Y-%m-%d %H:%M} -> {end:%Y-%m-%d %H:%M} {mark}{event.title}")
    return sorted(lines)


def differences(listed: list[str], expected: list[str]) -> str:
    """What a client showed besides what it should, and what it left out."""
    extra, missing = Counter(listed) - Counter(expected), Counter(expected) - Counter(listed)
    return "\n".join([*(f"shown too: {line}" for line in extra.elements()), *(f"not shown: {line}" for line in missing.elements())])


class ListingKhal(Khal):
    """khal, and what it lists, day by day."""

    def listed(self) -> list[str]:
        """Every event from a year before the build to past the horizon, as ``day | line``."""
        out = self.run("list", "--format", KHAL_FORMAT, "--day-format", DAY_MARK + "{date}", "2025-11-01", "1000d").stdout
        lines, day = [], None
        for line in out.splitlines():
            if line.startswith(DAY_MARK):
                day = line[len(DAY_MARK):]
            elif line.strip():
                lines.append(f"{day} | {line}")
        return sorted(lines)


@pytest.mark.external
@pytest.mark.parametrize("zone", ["Europe/Stockholm", "UTC"])
def test_khal_lists_every_event_of_the_hub_once_at_its_local_time(hub, tmp_path, zone):
    khal = ListingKhal(tmp_path, zone)
    khal.subscribe(hub.site / "kalender.ics")
    listed, expected = khal.listed(), khal_lines(zone, HUB)
    assert listed == expected, differences(listed, expected)


@pytest.mark.external
@pytest.mark.parametrize("order", ["hub first", "source first"])
def test_one_calendar_subscribed_to_the_hub_and_a_source_shows_each_event_once(hub, tmp_path, order):
    """The hub keeps the source's UIDs (and RECURRENCE-IDs), so a member who subscribes to both
    Region Halland's calendar and the hub's sees Region Halland's events once, whichever came
    last. (Two calendars in khal each list their own copy, as two subscriptions do anywhere.)"""
    source = tmp_path / "region.ics"
    source.write_bytes(ics(SOURCE_A))
    khal = ListingKhal(tmp_path / "khal", "Europe/Stockholm")
    files = [hub.site / "kalender.ics", source]
    for calendar in files if order == "hub first" else reversed(files):
        khal.subscribe(calendar)
    # The cancelled event is Region Halland's: khal shows the title of the copy it read last.
    last_read = CANCELLED_TITLE if order == "source first" else ""
    listed, expected = khal.listed(), khal_lines("Europe/Stockholm", HUB, last_read)
    assert listed == expected, differences(listed, expected)


# --- newsboat --------------------------------------------------------------------------------------

@pytest.fixture
def served_hub(hub):
    """The built hub on 127.0.0.1, as a static web server serves it."""
    with static_site(hub.site) as address:
        yield address + "/"


def advertised_calendar_feed(hub, base: str) -> str:
    """The calendar's feed as the home page advertises it to feed readers (``<link rel=alternate>``)."""
    home = lxml.html.parse(str(hub.site / "index.html")).getroot()
    links = home.xpath("//head/link[@rel='alternate'][@type='application/rss+xml']")
    (calendar,) = [link for link in links if link.get("title", "").startswith("Kalender")]
    return urljoin(base, calendar.get("href"))


def paragraphs(content: str) -> list[str]:
    """An item's description as the lines of its paragraphs, the way a plain-text reader shows them."""
    tree = lxml.html.fromstring(f"<div>{content}</div>")
    return [line.strip() for p in tree.iter("p") for line in p.text_content().splitlines() if line.strip()]


@pytest.mark.external
def test_newsboat_holds_every_announced_event_once_with_its_date_and_time(hub, served_hub, tmp_path):
    need(shutil.which("newsboat") is not None, "newsboat (apt-get install newsboat)")
    feed = advertised_calendar_feed(hub, served_hub)
    (tmp_path / "urls").write_text(feed + "\n", encoding="utf-8")
    (tmp_path / "config").write_text(f'error-log "{tmp_path / "err.log"}"\n', encoding="utf-8")
    (tmp_path / "home").mkdir()
    subprocess.run(
        ["newsboat", "-u", str(tmp_path / "urls"), "-c", str(tmp_path / "cache.db"), "-C", str(tmp_path / "config"),
         "-x", "reload"],
        env={**os.environ, "HOME": str(tmp_path / "home")}, capture_output=True, timeout=120,
    )
    errors = (tmp_path / "err.log").read_text(encoding="utf-8") if (tmp_path / "err.log").exists() else ""
    assert "error" not in errors.lower(), errors
    with sqlite3.connect(tmp_path / "cache.db") as db:
        items = db.execute("SELECT title, content FROM rss_item WHERE feedurl = ?", (feed,)).fetchall()

    # Every event in the hub's feed once (an imported one from the first source to give it), and
    # the cancelled one's notice besides; the title carries the (first) date.
    titles = Counter(title for title, _ in items)
    expected = Counter(
        f"{'INSTÄLLT: ' if event.cancelled else ''}{event.title} ({swedish_day(first_day(event))})"
        for event in HUB for _ in range(2 if event.cancelled else 1)
    )
    assert titles == expected, differences(list(titles.elements()), list(expected.elements()))
    # The description gives the local date and time (an all-day event's days).
    by_title = {event.title: event for event in HUB}
    for title, content in items:
        event = by_title[title.removeprefix("INSTÄLLT: ").rsplit(" (", 1)[0]]
        assert when(event) in paragraphs(content), (title, paragraphs(content))


# --- A source kept out of the feeds ------------------------------------------------------------------

def test_a_source_kept_out_of_the_feeds_is_in_no_feed_or_calendar_file(hub):
    feeds = sorted(hub.site.glob("**/feed.xml"))
    # The subscriptions: the whole calendar and each category's (an event's own file is a download).
    calendars = [hub.site / "kalender.ics", *sorted(hub.site.glob("kalender/kategori/*.ics"))]
    assert feeds and len(calendars) > 1
    titles = [entry.title for path in feeds for entry in feedparser.parse(path.read_bytes()).entries]
    summaries = [str(e["SUMMARY"]) for path in calendars
                 for e in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")]
    assert any(title.startswith("Öppet hus på bygdegården") for title in titles)  # the other sources are
    assert "Öppet hus på bygdegården" in summaries
    assert not [t for t in titles if PAGES_ONLY.title in t]
    assert PAGES_ONLY.title not in summaries


@pytest.mark.parametrize("page", ["/kalender/", "/medlemmar/bygdegarden/"])
def test_a_source_kept_out_of_the_feeds_is_on_the_calendar_pages(hub, page):
    """Once, at its time, with the calendar it comes from."""
    listed = lxml.html.parse(str(page_file(hub.site, page))).getroot()
    items = [li for li in listed.xpath(f"//li[{css_class('px-event')}]")
             if text_of(li.xpath(f".//*[{css_class('px-event__title')}]")[0]) == PAGES_ONLY.title]
    assert len(items) == 1
    (time,) = items[0].xpath(f".//*[{css_class('px-event__when')}]//time")
    assert dt.datetime.fromisoformat(time.get("datetime")) == PAGES_ONLY.instants()[0][0]
    assert text_of(time) == when(PAGES_ONLY)
    assert "Från Bygdegårdsföreningen Ås kalender" in text_of(items[0])


def test_every_download_on_an_event_page_is_built(hub):
    """The event page offers its .ics, also for an event of a source kept out of the feeds and
    the subscriptions (a download is neither)."""
    offered, missing = 0, []
    for page in sorted((hub.site / "kalender").glob("*/index.html")):
        tree = lxml.html.parse(str(page)).getroot()
        for link in tree.xpath("//a[@download][@type='text/calendar']"):
            offered += 1
            if not (page.parent / link.get("href")).resolve().is_file():
                missing.append((page.relative_to(hub.site).as_posix(), link.get("href")))
    # Every event still to come and not cancelled offers one, the event kept out of the feeds too.
    now = dt.datetime.fromtimestamp(BUILD_EPOCH, dt.timezone.utc)
    to_come = lambda e: e.days()[1] > now.date() if e.all_day else e.instants()[-1][1] > now
    addable = [e for e in [*HUB, PAGES_ONLY] if not e.cancelled and to_come(e)]
    assert offered == len(addable)
    assert missing == []
