"""Municipalities written with different capitals are one municipality, shown the same in every build."""

from __future__ import annotations

import subprocess

import pytest
from conftest import THROWAWAY_CONFIG, build_env, parse_page, tool

# Builds by itself, twice, each with its own hash seed.
pytestmark = pytest.mark.build

MEMBERS = """\
members:
  - {id: a, name: Alfa, sector: public, municipality: varberg}
  - {id: b, name: Beta, sector: civil, municipality: Varberg}
  - {id: c, name: Gamma, sector: private, municipality: Varberg}
  - {id: d, name: Delta, sector: public, municipality: Falkenberg}
"""


def directory(root, seed: str) -> tuple[list[str], dict[str, str]]:
    """The municipality filter's choices and each card's municipality, built with one hash seed."""
    site = root / f"site-{seed}"
    done = subprocess.run(
        [tool("mkdocs"), "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
        cwd=root, env={**build_env(), "PYTHONHASHSEED": seed}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout
    page = parse_page(site, "/medlemmar/")
    choices = [option["value"] for option in page.select("#px-filter-municipality option") if option["value"]]
    cards = {card.h3.get_text(strip=True) if card.h3 else card.get_text(" ", strip=True)[:5]: card["data-municipality"]
             for card in page.select("li.px-card")}
    return choices, cards


def test_capitals_do_not_split_a_municipality_or_depend_on_the_hash_seed(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "members.yaml").write_text(MEMBERS, encoding="utf-8")
    (tmp_path / "events.yaml").write_text("events: []\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(THROWAWAY_CONFIG.format(language="sv"), encoding="utf-8")
    # Seeds 0 and 1 put {"varberg", "Varberg"} in opposite orders.
    first, second = directory(tmp_path, "0"), directory(tmp_path, "1")
    assert first == second
    choices, cards = first
    assert choices == ["Falkenberg", "Varberg"]  # the spelling two of three members use
    assert sorted(cards.values()) == ["Falkenberg", "Varberg", "Varberg", "Varberg"]
