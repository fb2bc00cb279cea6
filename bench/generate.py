"""Synthetic associations for the benchmark, and plain MkDocs sites of the same size to compare with.

``association(folder, members)`` writes a project like the example (same mkdocs.yml, pages,
projects and news) whose members.yaml and events.yaml hold the example's entries plus synthetic
ones up to ``members`` members, about as many people, the example's bodies with balanced seats,
and three events per member spread over 2015-2029 (past and future of the benchmark's build
date), some of them repeating (see REPEATING_UP_TO), some in series. Everything comes from a
seeded random generator: the same size gives the same files.

``plain_site(folder, pages)`` writes a MkDocs + Material site without hooks of ``pages``
hand-written-looking Markdown pages, with a sections-only menu (a few sections in the menu, the
pages themselves outside it, as the generated pages are).
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]

PLACES = [
    "Unnaryd", "Torup", "Hyltebruk", "Kinnared", "Landeryd", "Rydöbruk", "Ullared", "Vessigebro", "Glommen",
    "Morup", "Tvååker", "Veddige", "Kungsäter", "Frillesås", "Åsa", "Onsala", "Knäred", "Våxtorp", "Veinge",
    "Harplinge", "Getinge", "Oskarström", "Simlångsdalen", "Steninge", "Skällinge", "Rolfstorp", "Älvsered",
]
MUNICIPALITIES = ["Halmstad", "Falkenberg", "Varberg", "Kungsbacka", "Laholm", "Hylte"]
KINDS = {
    "civil": ["byalag", "bygdegårdsförening", "hembygdsförening", "idrottsförening", "samhällsförening", "intresseförening"],
    "private": ["Handel AB", "Gårdsbutik", "Snickeri AB", "Turism AB", "Bygg och Montage AB", "Lantbruk HB"],
    "public": ["skolområde", "bibliotek", "kommundel", "fritidsgård", "servicepunkt", "kulturförvaltning"],
}
GROUPS = {
    "civil": ["Lokala utvecklingsgrupper", "Föreningar"],
    "private": ["Företag och företagare"],
    "public": ["Kommuner och region", "Myndigheter"],
}
FIRST = ["Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Eva", "Per", "Lena", "Anders", "Sara", "Nils", "Ida", "Olof", "Elin", "Mats"]
LAST = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson", "Lind", "Berg"]
CATEGORIES = ["webinar", "meeting", "conference", "annual-meeting", "strategy-day", "afterwork", "workshop", "other"]
TOPICS = [
    "Lokal service på landsbygden", "Bredband i byarna", "Ungas framtid i bygden", "Besöksnäring längs kusten",
    "Mötesplatser och bygdegårdar", "Lokal matproduktion", "Energiomställning i byn", "Leadermetoden i praktiken",
    "Projektansökan steg för steg", "Samverkan över sektorsgränser", "Kulturarv som resurs", "Integration och föreningsliv",
]
FIRST_DAY, LAST_DAY = dt.date(2015, 1, 1), dt.date(2029, 12, 31)
REPEATING_UP_TO = 1_000
"""Only the first 1,000 synthetic events may repeat (about 50 repeating events at any size from
334 members up): one events.yaml may fill 20,000 days of the calendar (MAX_FILE_DAYS in
hooks/partnerskap/model/agenda.py), and 5,000 members' 15,000 events leave room for few
repetitions (5 % of 3,000 events, repeating, filled some 8,400 days)."""

PARAGRAPHS = [
    "Föreningen arbetar för att bygden ska vara en levande plats att bo och verka på, med mötesplatser, "
    "service och ett aktivt föreningsliv. Medlemmarna träffas regelbundet och driver gemensamma projekt.",
    "Under året har arbetet handlat om **samverkan** mellan byar, företag och kommunen, och om hur "
    "lokala initiativ kan få stöd från Leader. Läs mer på [webbplatsen](https://www.example.se).",
    "- mötesplatser och lokaler\n- lokal service\n- kultur och fritid\n- näringsliv och turism",
]


def _slug(text: str) -> str:
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e"})
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower().translate(table)).split())


def _dump(path: Path, header: str, data: dict) -> None:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: seconds rather than a minute at 5,000
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    path.write_text(header + text, encoding="utf-8")


def association(folder: Path, members: int, seed: int = 2026, source: Path = REPO, events_per_member: int = 3) -> Path:
    """Write a project with ``members`` members and ``events_per_member`` times as many events (the
    example's among them); return its mkdocs.yml.

    ``source`` is the project whose settings, pages, templates and hooks it takes (another
    checkout to benchmark an earlier version); the synthetic data is the same for any source."""
    rng = random.Random(seed * 100_003 + members)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copytree(source / "content", folder / "content")
    shutil.copytree(source / "overrides", folder / "overrides")
    shutil.copytree(source / "hooks", folder / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(source / "mkdocs.yml", folder / "mkdocs.yml")
    if (REPO / "node_modules").is_dir():  # the browser editor's bundle, copied into every build
        (folder / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml, as for writing
    example = yaml.load((source / "members.yaml").read_text(encoding="utf-8"), Loader=loader)
    example_events = yaml.load((source / "events.yaml").read_text(encoding="utf-8"), Loader=loader)
    member_list = list(example["members"])
    people = list(example.get("people", []))
    groups = list(example.get("groups", []))
    sectors = ["civil"] * 5 + ["private"] * 3 + ["public"] * 2

    for number in range(1, max(0, members - len(member_list)) + 1):
        sector = rng.choice(sectors)
        place = rng.choice(PLACES)
        name = f"{place} {rng.choice(KINDS[sector])} {number}"
        ident = f"{_slug(name)}"
        member = {
            "id": ident, "name": name, "sector": sector, "group": rng.choice(GROUPS[sector]),
            "municipality": rng.choice(MUNICIPALITIES),
        }
        if rng.random() < 0.7:
            member["website"] = f"https://{ident}.example.se"
        if rng.random() < 0.5:
            member["email"] = f"info@{ident}.example.se"
        if rng.random() < 0.3:
            member["phone"] = f"+46 {rng.randint(300, 399)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        member["joined"] = (dt.date(2015, 3, 1) + dt.timedelta(days=rng.randint(0, 4000))).isoformat()
        if rng.random() < 0.6:
            member["description"] = "\n\n".join(rng.sample(PARAGRAPHS, rng.randint(1, 3))) + "\n"
        member_list.append(member)

    ids = [m["id"] for m in member_list]
    # About one representative per member. The example's people hold the ordinary seats of the
    # bodies; the synthetic ones get a few deputy seats, which the 49 % rule does not count.
    seats = {"lag": 15, "styrelse": 9}
    for number in range(1, max(0, members - len(people)) + 1):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        person = {
            "id": f"{_slug(name)}-{number}", "name": name, "member": rng.choice(ids),
            "title": rng.choice(["Ordförande", "Verksamhetsledare", "Sekreterare", "Kassör", "Ledamot"]),
            "gender": rng.choice(["woman", "man", "other"]),
        }
        if rng.random() < 0.4:
            person["email"] = f"{person['id']}@example.se"
        roles = []
        for group, room in seats.items():
            if room and rng.random() < 0.05:
                roles.append({"group": group, "role": "Ersättare", "deputy": True})
                seats[group] -= 1
        if roles:
            person["roles"] = roles
        if rng.random() < 0.3:
            person["active_in"] = rng.sample(ids, 2)
        people.append(person)

    _dump(folder / "members.yaml", "# Synthetic members for the benchmark.\n", {"members": member_list, "people": people, "groups": groups})

    series = list(example_events.get("series", []))
    for number in range(1, members // 40 + 1):
        series.append({"id": f"serie-{number}", "title": f"{rng.choice(TOPICS)}: serie {number}",
                       "description": rng.choice(PARAGRAPHS)})
    series_ids = [s["id"] for s in series]
    events = list(example_events["events"])
    span = (LAST_DAY - FIRST_DAY).days
    for number in range(1, events_per_member * members - len(events) + 1):
        day = FIRST_DAY + dt.timedelta(days=rng.randint(0, span))
        all_day = rng.random() < 0.1
        start = dt.datetime.combine(day, dt.time(rng.choice([9, 10, 13, 15, 18]), rng.choice([0, 30])))
        event = {
            "id": f"evenemang-{number:06d}",
            "title": f"{rng.choice(TOPICS)} i {rng.choice(PLACES)}",
            "category": rng.choice(CATEGORIES),
            "start": day.isoformat() if all_day else start.strftime("%Y-%m-%d %H:%M"),
        }
        if not all_day:
            event["end"] = (start + dt.timedelta(hours=rng.choice([1, 2, 3, 6]))).strftime("%Y-%m-%d %H:%M")
        event["published"] = (day - dt.timedelta(days=rng.randint(10, 90))).isoformat()
        event["location"] = rng.choice([
            {"name": "Online", "url": "https://meet.example.se/rum"},
            {"name": f"Bygdegården i {rng.choice(PLACES)}", "address": f"Byvägen {rng.randint(1, 40)}, {rng.choice(MUNICIPALITIES)}"},
        ])
        event["organisers"] = rng.sample(ids, rng.randint(1, 2))
        event["audience"] = rng.choice(["public", "public", "members"])
        if rng.random() < 0.05:
            event["status"] = rng.choice(["cancelled", "postponed"])
        event["summary"] = f"{rng.choice(TOPICS)}: erfarenheter och exempel från bygderna."
        if rng.random() < 0.5:
            event["description"] = "\n\n".join(rng.sample(PARAGRAPHS, rng.randint(1, 3))) + "\n"
        if rng.random() < 0.2:
            event["series"] = rng.choice(series_ids)
        if not all_day and rng.random() < 0.3:
            deadline = day - dt.timedelta(days=rng.randint(1, 14))
            event["registration"] = {"url": "https://example.se/anmalan", "deadline": deadline.isoformat()}
        if not all_day and rng.random() < 0.2:
            event["programme"] = [
                {"time": f"{start.hour + i:02d}:{start.minute:02d}", "title": rng.choice(TOPICS),
                 "speakers": [{"name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "organisation": rng.choice(ids)}]}
                for i in range(rng.randint(1, 3))
            ]
        if number <= REPEATING_UP_TO and rng.random() < 0.05:
            rule = rng.choice(["FREQ=WEEKLY", "FREQ=MONTHLY;BYDAY=1TH", "FREQ=WEEKLY;INTERVAL=2", "FREQ=MONTHLY;BYMONTHDAY=15"])
            repeat = {"rule": rule}
            if rng.random() < 0.7:
                repeat["until"] = (day + dt.timedelta(days=rng.randint(60, 400))).isoformat()
            event["repeat"] = repeat
        if rng.random() < 0.3:
            event["documents"] = [{"title": "Presentation (PDF)", "url": f"https://example.se/dokument/{number}.pdf"}]
        events.append(event)
    _dump(folder / "events.yaml", "# Synthetic events for the benchmark.\n", {"series": series, "events": events})
    return folder / "mkdocs.yml"


PLAIN_CONFIG = """\
site_name: Jämförelse
site_url: https://example.se/
docs_dir: content
theme:
  name: material
  language: sv
  font: false
  features:
    - navigation.sections
    - navigation.top
    - search.highlight
plugins:
  - search:
      lang: sv
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
not_in_nav: |
  /sektion-*/sida-*.md
nav:
{nav}
"""

PLAIN_PAGE = """\
---
title: Sida {number}
description: En handskriven sida i jämförelsebygget, nummer {number}.
---

# {title}

{paragraphs}

## Kontakt

| Vad | Hur |
| --- | --- |
| Webbplats | <https://www.example.se/{number}> |
| Telefon | 035-{number:06d} |
| Kommun | {municipality} |

## Mer att läsa

- [Första sektionen](../sektion-1/index.md)
- [Startsidan](../index.md)
"""


def plain_site(folder: Path, pages: int, seed: int = 2026) -> Path:
    """Write a MkDocs + Material site of ``pages`` pages (no hooks); return its mkdocs.yml."""
    rng = random.Random(seed + pages)
    if folder.exists():
        shutil.rmtree(folder)
    content = folder / "content"
    content.mkdir(parents=True)
    sections = 8
    (content / "index.md").write_text("# Jämförelse\n\nEn vanlig MkDocs-webbplats utan krokar.\n", encoding="utf-8")
    nav = ["  - Start: index.md"]
    written = 1
    for section in range(1, sections + 1):
        (content / f"sektion-{section}").mkdir()
        (content / f"sektion-{section}" / "index.md").write_text(f"# Sektion {section}\n\n{PARAGRAPHS[0]}\n", encoding="utf-8")
        nav.append(f"  - Sektion {section}: sektion-{section}/index.md")
        written += 1
    number = 0
    while written < pages:
        number += 1
        section = number % sections + 1
        text = PLAIN_PAGE.format(
            number=number, title=f"{rng.choice(TOPICS)} {number}", municipality=rng.choice(MUNICIPALITIES),
            paragraphs="\n\n".join(rng.sample(PARAGRAPHS, rng.randint(1, 3))),
        )
        (content / f"sektion-{section}" / f"sida-{number}.md").write_text(text, encoding="utf-8")
        written += 1
    (folder / "mkdocs.yml").write_text(PLAIN_CONFIG.format(nav="\n".join(nav)), encoding="utf-8")
    return folder / "mkdocs.yml"
