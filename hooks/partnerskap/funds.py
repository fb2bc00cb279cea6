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


class FundSettingsError(ValueError):
    """A fund in mkdocs.yml that cannot work; the message says what to write."""


def fund_table(extra: Mapping[str, Any] | None) -> dict[str, Fund]:
    """The built-in funds with the association's own added or overriding them.

    An association's fund has one statement for all periods (``name``, ``statement``,
    ``logo``), or ``periods:`` mapping a period name such as ``2021-2027`` to its own
    ``statement``/``logo`` and ``from``/``to`` dates.
    """
    table = dict(BUILT_IN)
    for fund_id, spec in (extra or {}).items():
        where = f"mkdocs.yml: extra.partnership.funds.{fund_id}"
        if not isinstance(spec, Mapping) or not isinstance(spec.get("name"), str):
            raise FundSettingsError(f"{where} needs name: and statement: (and optionally logo: or periods:)")
        if "periods" in spec:
            periods = []
            for name, period in (spec.get("periods") or {}).items():
                if not isinstance(period, Mapping) or not isinstance(period.get("statement"), str):
                    raise FundSettingsError(f"{where}.periods.{name} needs statement:")
                try:
                    first = dt.date.fromisoformat(str(period.get("from", ALWAYS[0])))
                    last = dt.date.fromisoformat(str(period.get("to", ALWAYS[1])))
                except ValueError:
                    raise FundSettingsError(f"{where}.periods.{name}: from: and to: are dates, as 2021-01-01") from None
                periods.append(Period(str(name), first, last, period["statement"], period.get("logo"), spec["name"]))
        elif isinstance(spec.get("statement"), str):
            periods = [Period("alla", dt.date.fromisoformat(ALWAYS[0]), dt.date.fromisoformat(ALWAYS[1]),
                              spec["statement"], spec.get("logo"), spec["name"])]
        else:
            raise FundSettingsError(f"{where} needs statement: (or periods:)")
        table[str(fund_id)] = Fund(str(fund_id), spec["name"], tuple(periods))
    return table
