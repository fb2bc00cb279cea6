"""Subscriptions read by the clients members use, on a site made for the hard cases.

Every .ics is read with icalendar, vobject and recurring-ical-events, and each event's and each
repetition's UTC instants are compared with ones written out by hand below; khal and calcurse
(real calendar programs) list every repetition at the right local time in Europe/Stockholm and
in UTC; newsboat (a real feed reader) follows the whole feed and every category feed over HTTP,
then sees one unread item per change after a rebuild.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import subprocess
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import icalendar
import lxml.html
import pytest
import recurring_ical_events
import vobject

from clients import Khal, static_site
from conftest import need

UTC = dt.timezone.utc
HOST = "lluh.example.se"

MEMBERS = """\
members:
  - id: region-halland
    name: Region Halland
    sector: public
    email: info@regionhalland.example.se
"""

EVENTS = """\
events:
  - id: andra-halvtimmen
    title: Nattpass efter omställningen
    category: meeting
    start: 2026-10-25 02:30+01:00
    end: 2026-10-25 03:30+01:00
    published: 2026-10-01

  - id: over-omstallningen
    title: Nattpass över omställningen
    category: meeting
    start: 2026-10-25 02:30+02:00
    end: 2026-10-25 02:30+01:00
    published: 2026-10-01

  - id: manadstraff
    title: Månadsträff
    category: afterwork
    start: 2026-12-03 18:00
    end: 2026-12-03 19:00
    published: 2026-10-01
    repeat:
      rule: FREQ=MONTHLY;BYDAY=1TH
      until: 2027-11-30
      except: [2027-01-07]

  - id: veckomote
    title: Veckomöte
    category: meeting
    start: 2027-01-13 12:00
    end: 2027-01-13 13:00
    published: 2026-10-01
    repeat:
      rule: FREQ=WEEKLY
      until: 2027-02-03

  - id: sommarlager
    title: Sommarlägret
    category: conference
    start: 2027-06-14
    end: 2027-06-16
    published: 2026-10-01

  - id: installt-mote
    title: Styrelsemöte
    category: meeting
    start: 2026-12-10 10:00
    end: 2026-12-10 12:00
    status: cancelled
    changed: 2026-11-10
    published: 2026-10-01

  - id: uppskjutet
    title: Temadag om vatten
    category: workshop
    start: 2027-01-20 13:00
    end: 2027-01-20 16:00
    status: postponed
    published: 2026-10-01
    changed: 2026-11-12

  - id: webbinarium
    title: Webbinarium om fonder
    category: webinar
    start: 2026-12-02 09:00
    end: 2026-12-02 10:00
    location:
      name: Online
      url: https://meet.example.se/fonder
    organisers: [region-halland]
    audience: members
    registration:
      url: mailto:anmalan@example.se
      deadline: 2026-11-30
    summary: Frågor före mötet till fonder@example.se, svar under mötet.
    documents:
      - title: Bilder
        url: https://example.se/bilder.pdf
    published: 2026-10-01

  - id: gammalt
    title: Ett möte 2019
    category: meeting
    start: 2019-02-06 11:00
    end: 2019-02-06 12:00
    published: 2019-01-01
"""

TIMED = {
    # The second 02:30 of the night the clocks go back (01:30 UTC), and an event from the first
    # 02:30 to the second: an hour long, though both clocks show 02:30.
    "andra-halvtimmen": [("2026-10-25 01:30", "2026-10-25 02:30")],
    "over-omstallningen": [("2026-10-25 00:30", "2026-10-25 01:30")],
    # 18:00 local on the first Thursday: 17:00 UTC in winter, 16:00 in summer; not 7 January.
    "manadstraff": [
        (f"{day} {hour}:00", f"{day} {hour + 1}:00") for day, hour in [
            ("2026-12-03", 17), ("2027-02-04", 17), ("2027-03-04", 17), ("2027-04-01", 16), ("2027-05-06", 16),
            ("2027-06-03", 16), ("2027-07-01", 16), ("2027-08-05", 16), ("2027-09-02", 16), ("2027-10-07", 16),
            ("2027-11-04", 17),
        ]
    ],
    "veckomote": [(f"{day} 11:00", f"{day} 12:00") for day in ("2027-01-13", "2027-01-20", "2027-01-27", "2027-02-03")],
    "installt-mote": [("2026-12-10 09:00", "2026-12-10 11:00")],
    "uppskjutet": [("2027-01-20 12:00", "2027-01-20 15:00")],
    "webbinarium": [("2026-12-02 08:00", "2026-12-02 09:00")],
    "gammalt": [("2019-02-06 10:00", "2019-02-06 11:00")],
}
ALL_DAY = {"sommarlager": [(dt.date(2027, 6, 14), dt.date(2027, 6, 17))]}  # DTEND is the day after


def instants(pairs):
    parse = lambda text: dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    return [(parse(start), parse(end)) for start, end in pairs]


EXPECTED = {**{key: instants(value) for key, value in TIMED.items()}, **ALL_DAY}
WINDOW = (dt.datetime(2018, 1, 1, tzinfo=UTC), dt.datetime(2029, 1, 1, tzinfo=UTC))


@pytest.fixture(scope="module")
def site(session_throwaway):
    build = session_throwaway("subscriptions").build(MEMBERS, events=EVENTS)
    assert build.returncode == 0, build.log
    return build


def calendars(site: Path) -> list[Path]:
    return sorted(site.glob("**/*.ics"))


def feeds(site: Path) -> list[Path]:
    return sorted([site / "kalender" / "feed.xml", *site.glob("kalender/kategori/*/feed.xml")])


def event_id(uid: str) -> str:
    """The event of a UID: ``id@host``, or ``id-YYYYMMDD@host`` for a repeat's later runs."""
    assert uid.endswith(f"@{HOST}"), uid
    local = uid[: -len(HOST) - 1]
    return local if local in EXPECTED else re.sub(r"-\d{8}$", "", local)


def as_utc(value):
    return value.astimezone(UTC) if isinstance(value, dt.datetime) else value


def expected_for(path: Path) -> dict:
    ids = {event_id(str(e["UID"])) for e in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    return {key: EXPECTED[key] for key in ids}


# --- Three libraries read every .ics the same way ------------------------------------------------

def test_icalendar_reads_every_event_at_its_instants(site):
    for path in calendars(site.site):
        for event in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            assert not event.errors, (path, event.errors)
            first = (as_utc(event["DTSTART"].dt), as_utc(event["DTEND"].dt))
            assert first in EXPECTED[event_id(str(event["UID"]))], (path, event["UID"])


def test_recurring_ical_events_gives_every_repetition_at_its_instants(site):
    for path in calendars(site.site):
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        found: dict[str, list] = {}
        for occurrence in recurring_ical_events.of(calendar).between(*WINDOW):
            found.setdefault(event_id(str(occurrence["UID"])), []).append(
                (as_utc(occurrence["DTSTART"].dt), as_utc(occurrence["DTEND"].dt))
            )
        assert {key: sorted(value) for key, value in found.items()} == expected_for(path), path


def test_vobject_reads_the_vtimezone_and_every_repetition_the_same_way(site):
    """vobject builds its time zone from the file's VTIMEZONE, not from the system's."""
    for path in calendars(site.site):
        calendar = vobject.readOne(path.read_text(encoding="utf-8"))
        found = {}
        for event in calendar.vevent_list:
            start, end = event.dtstart.value, event.dtend.value
            length = end - start
            if hasattr(event, "rrule"):
                starts = list(event.getrruleset(addRDate=True))
            else:
                starts = [start]
            found.setdefault(event_id(event.uid.value), []).extend((as_utc(s), as_utc(s + length)) for s in starts)
        assert {key: sorted(value) for key, value in found.items()} == expected_for(path), path


def test_the_vtimezone_gives_each_clock_change_at_one_oclock_utc(site):
    """RFC 5545: each onset is the local time before the change, in TZOFFSETFROM; a yearly RRULE."""
    (zone,) = icalendar.Calendar.from_ical((site.site / "kalender.ics").read_bytes()).walk("VTIMEZONE")
    onsets = {}
    for part in zone.subcomponents:
        start = part["DTSTART"].dt
        offset = part["TZOFFSETFROM"].td
        assert "RDATE" not in part
        assert part["RRULE"]["FREQ"] == ["YEARLY"] and part["RRULE"]["BYDAY"] == ["-1SU"]
        onsets[part.name] = ((start - offset).time(), part["RRULE"]["BYMONTH"])
    assert onsets == {"DAYLIGHT": (dt.time(1), [3]), "STANDARD": (dt.time(1), [10])}


# --- Real calendar programs ------------------------------------------------------------------------

def local_lines(zone: str, keys) -> list[str]:
    """What a program shows for the timed events, in ``zone``: ``start -> end title``."""
    from zoneinfo import ZoneInfo

    titles = dict(re.findall(r"- id: (\S+)\n    title: (.+)\n", EVENTS))
    shown = lambda moment: moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
    prefix = {"installt-mote": "INSTÄLLT: ", "uppskjutet": "UPPSKJUTET: "}
    return sorted(
        f"{shown(start)} -> {shown(end)} {prefix.get(key, '')}{titles[key]}"
        for key in keys for start, end in EXPECTED[key]
    )


@pytest.mark.external
@pytest.mark.parametrize("zone", ["Europe/Stockholm", "UTC"])
def test_khal_lists_every_repetition_at_its_local_time(site, tmp_path, zone):
    khal = Khal(tmp_path / zone.replace("/", "-"), zone)
    khal.subscribe(site.site / "kalender.ics")
    listed = khal.run("list", "--format", "{start} -> {end} {title}", "--day-format", "", "2018-01-01", "3650d")
    lines = sorted(line for line in listed.stdout.splitlines() if line.strip() and "Sommarlägret" not in line)
    assert lines == local_lines(zone, TIMED), "\n".join(lines)


@pytest.mark.external
@pytest.mark.parametrize("zone", ["Europe/Stockholm", "UTC"])
def test_calcurse_lists_every_repetition_at_its_local_time(site, tmp_path, zone):
    need(shutil.which("calcurse") is not None, "calcurse (apt-get install calcurse)")
    folder = tmp_path / "calcurse"
    folder.mkdir()
    env = {**os.environ, "TZ": zone, "HOME": str(tmp_path)}
    imported = subprocess.run(
        ["calcurse", "-D", str(folder), "-i", str(site.site / "kalender.ics")], capture_output=True, text=True, env=env, timeout=60,
    )
    assert "0 skipped" in imported.stdout, imported.stdout + imported.stderr
    listed = subprocess.run(
        ["calcurse", "-D", str(folder), "-Q", "--from", "01/01/2018", "--to", "12/31/2028", "--filter-type", "apt,recur-apt",
         "--format-apt", "%(start:%Y-%m-%d %H:%M) -> %(end:%Y-%m-%d %H:%M) %m\n",
         "--format-recur-apt", "%(start:%Y-%m-%d %H:%M) -> %(end:%Y-%m-%d %H:%M) %m\n"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    lines = sorted(line for line in listed.stdout.splitlines() if " -> " in line)
    assert lines == local_lines(zone, TIMED), "\n".join(lines)
    days = subprocess.run(
        ["calcurse", "-D", str(folder), "-Q", "--from", "06/13/2027", "--to", "06/18/2027", "--filter-type", "event,recur-event",
         "--format-event", "%m\n", "--format-recur-event", "%m\n"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    dates = re.findall(r"^(\d\d/\d\d/\d\d):\n(?:.*\n)*?Sommarlägret$", days.stdout, flags=re.M)
    assert days.stdout.count("Sommarlägret") == 3 and dates[0] == "06/14/27", days.stdout


# --- Feeds ---------------------------------------------------------------------------------------

def test_guids_are_tag_uris_unique_in_every_feed(site):
    seen = set()
    for path in feeds(site.site):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo and parsed.entries, path
        for entry in parsed.entries:
            assert entry.id.startswith(f"tag:{HOST},2026:{path.relative_to(site.site).as_posix()}#"), entry.id
            assert entry.guidislink is False
            assert entry.published_parsed is not None
            assert entry.id not in seen, entry.id
            seen.add(entry.id)


def test_the_feed_holds_upcoming_and_recent_events_and_says_so(site):
    parsed = feedparser.parse((site.site / "kalender" / "feed.xml").read_bytes())
    announced = {entry.id.split("#")[1].split("/")[0] for entry in parsed.entries}
    assert announced == set(EXPECTED) - {"gammalt"}
    assert "30 dagarna" in parsed.feed.description and "Kommande" in parsed.feed.description


def test_a_cancelled_and_a_postponed_event_have_one_notice_each(site):
    parsed = feedparser.parse((site.site / "kalender" / "feed.xml").read_bytes())
    notices = {entry.id.split("#")[1].split("/")[0]: entry for entry in parsed.entries if "/" in entry.id.split("#")[1]}
    assert set(notices) == {"installt-mote", "uppskjutet"}
    assert notices["installt-mote"].title.startswith("INSTÄLLT: Styrelsemöte")
    assert parsedate_to_datetime(notices["installt-mote"].published).date() == dt.date(2026, 11, 10)
    assert notices["uppskjutet"].title.startswith("UPPSKJUTET: Temadag om vatten")


def test_descriptions_keep_paragraphs_apart_as_plain_text(site):
    parsed = feedparser.parse((site.site / "kalender" / "feed.xml").read_bytes())
    (entry,) = [e for e in parsed.entries if e.id.endswith("#webbinarium")]
    # The text without its tags, as a plain-text reader shows it (rsstail -H ran paragraphs together).
    text = lxml.html.fromstring(f"<div>{entry.description}</div>").text_content()
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    assert paragraphs[0].splitlines()[1:] == ["Online", "Endast för medlemmar"]
    assert paragraphs[1] == "Frågor före mötet till fonder [snabel-a] example.se, svar under mötet."


ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def test_no_email_address_in_any_feed_or_calendar(site):
    for path in [*feeds(site.site), *calendars(site.site)]:
        lines = path.read_text(encoding="utf-8").replace("\r\n ", "").splitlines()  # unfolded
        # A UID has the form of an address (RFC 5545 recommends id@host) but reaches nobody.
        text = "\n".join(line for line in lines if not line.startswith("UID:"))
        assert not ADDRESS.search(text), (path, ADDRESS.search(text))


def test_a_calendar_entry_carries_what_the_page_has(site):
    (event,) = icalendar.Calendar.from_ical((site.site / "kalender" / "webbinarium.ics").read_bytes()).walk("VEVENT")
    organizer = event["ORGANIZER"]
    assert organizer.params["CN"] == "Region Halland"
    assert str(organizer) == f"https://{HOST}/medlemmar/region-halland/"
    assert str(event["CONFERENCE"]) == "https://meet.example.se/fonder"
    assert event["CONFERENCE"].params["VALUE"] == "URI"
    assert str(event["ATTACH"]) == "https://example.se/bilder.pdf"
    description = str(event["DESCRIPTION"]).split("\n")
    assert "Endast för medlemmar" in description
    assert "Anmälan: anmalan [snabel-a] example.se" in description
    assert "Sista anmälningsdag: måndag 30 november 2026" in description
    assert "Arrangörer: Region Halland" in description


def test_one_events_download_is_not_a_subscription(site):
    one = icalendar.Calendar.from_ical((site.site / "kalender" / "webbinarium.ics").read_bytes())
    whole = icalendar.Calendar.from_ical((site.site / "kalender.ics").read_bytes())
    for key in ("X-WR-CALNAME", "NAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"):
        assert key not in one and key in whole


def test_the_google_link_keeps_the_last_day_and_is_left_out_with_exceptions(site):
    def google(event: str):
        page = site.page(f"/kalender/{event}/")
        return [a["href"] for a in page.select("a[href^='https://calendar.google.com/']")]

    assert google("manadstraff") == []
    (link,) = google("veckomote")
    query = parse_qs(urlsplit(link).query)
    assert query["recur"] == ["RRULE:FREQ=WEEKLY;UNTIL=20270203T225959Z"]
    assert query["dates"] == ["20270113T110000Z/20270113T120000Z"]


# --- newsboat over HTTP ----------------------------------------------------------------------------

@pytest.fixture
def server(tmp_path):
    root = tmp_path / "served"
    root.mkdir()
    with static_site(root) as address:
        yield root, address


def newsboat(folder: Path, urls: list[str]) -> dict[str, dict[str, bool]]:
    """Reload every feed; what newsboat then holds: feed URL -> {guid: unread}."""
    (folder / "urls").write_text("\n".join(urls) + "\n", encoding="utf-8")
    (folder / "config").write_text(f'error-log "{folder / "err.log"}"\n', encoding="utf-8")
    (folder / "home").mkdir(exist_ok=True)
    subprocess.run(
        ["newsboat", "-u", str(folder / "urls"), "-c", str(folder / "cache.db"), "-C", str(folder / "config"), "-x", "reload"],
        env={**os.environ, "HOME": str(folder / "home")}, capture_output=True, timeout=120,
    )
    errors = (folder / "err.log").read_text(encoding="utf-8") if (folder / "err.log").exists() else ""
    assert "error" not in errors.lower(), errors
    held: dict[str, dict[str, bool]] = {url: {} for url in urls}
    with sqlite3.connect(folder / "cache.db") as db:
        for feed, guid, unread in db.execute("SELECT feedurl, guid, unread FROM rss_item"):
            held[feed][guid] = bool(unread)
    return held


@pytest.mark.external
def test_newsboat_shows_every_item_and_one_unread_item_per_change(session_throwaway, server, tmp_path):
    need(shutil.which("newsboat") is not None, "newsboat (apt-get install newsboat)")
    root, base = server
    project = session_throwaway("newsboat")

    def publish(events: str) -> dict[str, set[str]]:
        build = project.build(MEMBERS, events=events)
        assert build.returncode == 0, build.log
        shutil.rmtree(root)
        shutil.copytree(build.site, root)
        return {f"{base}/{p.relative_to(build.site).as_posix()}": {e.id for e in feedparser.parse(p.read_bytes()).entries}
                for p in feeds(build.site)}

    before = publish(EVENTS)
    reader = tmp_path / "newsboat"
    reader.mkdir()
    held = newsboat(reader, sorted(before))
    assert {url: set(items) for url, items in held.items()} == before
    assert all(before.values())
    with sqlite3.connect(reader / "cache.db") as db:
        db.execute("UPDATE rss_item SET unread = 0")  # the member has read everything

    moved = EVENTS.replace(
        "    start: 2027-06-14\n    end: 2027-06-16\n", "    start: 2027-06-21\n    end: 2027-06-23\n    changed: 2026-11-18\n",
    ).replace("    category: webinar\n", "    category: webinar\n    status: cancelled\n    changed: 2026-11-17\n")
    assert moved.count("changed:") == 4
    after = publish(moved)
    held = newsboat(reader, sorted(after))
    unread = {url: {guid for guid, new in items.items() if new} for url, items in held.items()}
    whole = f"{base}/kalender/feed.xml"
    assert {guid.split("#")[1].split("/")[0] for guid in unread[whole]} == {"sommarlager", "webbinarium"}
    assert len(unread[whole]) == 2
    for url, items in held.items():
        assert set(items) == before[url] | after[url], url  # nothing new besides the notices
        assert len(unread[url]) == len(after[url] - before[url]), url
    assert len(unread[f"{base}/kalender/kategori/webbinarium/feed.xml"]) == 1
    assert len(unread[f"{base}/kalender/kategori/konferens/feed.xml"]) == 1
