"""Funds and the publicity each one's rules require, by programme period.

The wording changes with the period: EAFRD projects of 2014–2020 carry "Europeiska
jordbruksfonden för landsbygdsutveckling: Europa investerar i landsbygdsområden" with the EU
flag; those of the 2023–2027 CAP period the EU emblem with "Medfinansieras av Europeiska
unionen" (Regulation 2021/2115 art. 123, Implementing Regulation 2022/129). An association adds
or overrides funds under ``extra.partnership.funds`` in mkdocs.yml.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping

from partnerskap.source.fields import SLUG, did_you_mean, slugify

EU_EMBLEM = "assets/partnership/eu-emblem.svg"
"""The EU flag, shipped with the theme overrides (a site path, not a docs path)."""
EU_COFUNDED = "Medfinansieras av Europeiska unionen"


@dataclass(frozen=True)
class Period:
    """One programme period of a fund: the dates it covers and the statement it requires."""

    name: str
    first_day: dt.date
    last_day: dt.date
    statement: str
    emblem: str | None = None
    emblem_alt: str | None = None


@dataclass(frozen=True)
class Fund:
    id: str
    name: str
    periods: tuple[Period, ...] = field(default_factory=tuple)

    def period_named(self, name: str) -> Period | None:
        return next((p for p in self.periods if p.name == name), None)

    def period_of(self, day: dt.date) -> Period | None:
        return next((p for p in self.periods if p.first_day <= day <= p.last_day), None)


def _eu(name: str, first: str, last: str, statement: str) -> Period:
    return Period(name, dt.date.fromisoformat(first), dt.date.fromisoformat(last), statement, EU_EMBLEM, "EU-flaggan")


ALWAYS = ("1900-01-01", "2999-12-31")

BUILT_IN: dict[str, Fund] = {
    fund.id: fund
    for fund in (
        Fund("eafrd", "Europeiska jordbruksfonden för landsbygdsutveckling", (
            # Projects of the 2014–2020 rural development programme ran on through the
            # transition years 2021–2022.
            _eu("2014-2020", "2014-01-01", "2022-12-31",
                "Europeiska jordbruksfonden för landsbygdsutveckling: Europa investerar i landsbygdsområden"),
            _eu("2023-2027", "2023-01-01", "2029-12-31", EU_COFUNDED),
        )),
        Fund("erdf", "Europeiska regionala utvecklingsfonden", (
            _eu("2014-2020", "2014-01-01", "2020-12-31", "Europeiska unionen, Europeiska regionala utvecklingsfonden"),
            _eu("2021-2027", "2021-01-01", "2029-12-31", EU_COFUNDED),
        )),
        Fund("esf", "Europeiska socialfonden", (
            _eu("2014-2020", "2014-01-01", "2020-12-31", "Europeiska unionen, Europeiska socialfonden"),
        )),
        Fund("esf-plus", "Europeiska socialfonden+", (
            _eu("2021-2027", "2021-01-01", "2029-12-31", EU_COFUNDED),
        )),
        Fund("tillvaxtverket", "Tillväxtverket", (
            Period("alla", dt.date.fromisoformat(ALWAYS[0]), dt.date.fromisoformat(ALWAYS[1]),
                   "Projektet har fått stöd från Tillväxtverket."),
        )),
    )
}


FUND_KEYS = ("name", "statement", "logo", "periods")
PERIOD_KEYS = ("statement", "logo", "from", "to")


class FundSettingsError(ValueError):
    """Funds in mkdocs.yml that cannot work: each problem as the keys under ``funds`` it is at
    (``("leader", "periods", "2021-2027")``) and a message that says what to write."""

    def __init__(self, problems: list[tuple[tuple[str, ...], str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{'.'.join(keys)}: {message}" for keys, message in problems))


def fund_table(extra: Any) -> dict[str, Fund]:
    """The built-in funds with the association's own added or overriding them.

    An association's fund has one statement for all periods (``name``, ``statement``,
    ``logo``), or ``periods:`` mapping a period name such as ``2021-2027`` to its own
    ``statement``/``logo`` and ``from``/``to`` dates. Raises :class:`FundSettingsError` with
    every problem at once.
    """
    problems: list[tuple[tuple[str, ...], str]] = []
    table = dict(BUILT_IN)
    if extra is None:
        return table
    if not isinstance(extra, Mapping):
        raise FundSettingsError([((), "ska vara ett block: varje fonds id, sedan dess name: och statement:")])
    for key, spec in extra.items():
        found: list[tuple[tuple[str, ...], str]] = []
        fund = _fund(str(key), spec, found)
        problems.extend(((str(key), *keys), message) for keys, message in found)
        if not found:
            table[str(key)] = fund
    if problems:
        raise FundSettingsError(problems)
    return table


def _fund(fund_id: str, spec: Any, problems: list[tuple[tuple[str, ...], str]]) -> Fund:
    """One fund of the association's own; what is wrong with it goes to ``problems``."""
    if not SLUG.fullmatch(fund_id):
        problems.append(((), f'"{fund_id}" är inte ett id (små bokstäver a-z, siffror och bindestreck), som projektsidorna anger '
                             f'fonden med i fund:; till exempel "{slugify(fund_id) or "egen-fond"}"'))
    if not isinstance(spec, Mapping):
        problems.append(((), "behöver name: och statement: (och eventuellt logo: eller periods:)"))
        return Fund(fund_id, "")
    _unknown_keys(spec, FUND_KEYS, (), problems)
    name = spec.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append((("name",), "skriv fondens namn, till exempel Region Hallands utvecklingsmedel"))
    if "periods" in spec:
        chosen = spec["periods"]
        if not isinstance(chosen, Mapping) or not chosen:
            problems.append((("periods",), "ska vara ett block: varje periods namn (till exempel 2021-2027), sedan dess statement:"))
            chosen = {}
        periods = [_period(str(period), value, name, problems) for period, value in chosen.items()]
    elif isinstance(spec.get("statement"), str):
        periods = [Period("alla", dt.date.fromisoformat(ALWAYS[0]), dt.date.fromisoformat(ALWAYS[1]),
                          spec["statement"], _logo(spec, ("logo",), problems), name)]
    else:
        problems.append(((), "behöver statement: (texten fondens regler kräver), eller periods:"))
        periods = []
    return Fund(fund_id, name, tuple(periods))


def _period(period: str, spec: Any, fund_name: Any, problems: list[tuple[tuple[str, ...], str]]) -> Period:
    where = ("periods", period)
    if not isinstance(spec, Mapping):
        problems.append((where, "behöver statement: (och eventuellt logo:, from:, to:)"))
        spec = {}
    _unknown_keys(spec, PERIOD_KEYS, where, problems)
    statement = spec.get("statement")
    if not isinstance(statement, str) or not statement.strip():
        problems.append(((*where, "statement"), "skriv texten fondens regler kräver för den här perioden"))
    days = []
    for key, default in (("from", ALWAYS[0]), ("to", ALWAYS[1])):
        value = spec.get(key, default)
        try:
            days.append(value if type(value) is dt.date else dt.date.fromisoformat(str(value)))
        except ValueError:
            problems.append(((*where, key), "ska vara ett datum, till exempel 2021-01-01"))
            days.append(dt.date.fromisoformat(default))
    if days[0] > days[1]:
        problems.append(((*where, "to"), f"{days[1]} är före from: {days[0]}"))
    return Period(period, days[0], days[1], statement, _logo(spec, (*where, "logo"), problems), fund_name)


def _logo(spec: Mapping, where: tuple[str, ...], problems: list[tuple[tuple[str, ...], str]]) -> str | None:
    logo = spec.get("logo")
    if logo is not None and not isinstance(logo, str):
        problems.append((where, "ska vara sökvägen till en bild i content/, till exempel img/fonder/fonden.svg"))
        return None
    return logo


def _unknown_keys(spec: Mapping, known: tuple[str, ...], where: tuple[str, ...], problems) -> None:
    for key in spec:
        if key not in known:
            problems.append(((*where, str(key)), f"okänd nyckel{did_you_mean(str(key), known)}; kända: {', '.join(known)}"))
