"""The 49 % rule of a LEADER partnership: in a body that decides, no sector (public, private or
civil) may hold more than 49 % of the ordinary seats (EU regulation 2021/1060, article 31.2 b).

Deputies do not count: they vote only in an ordinary member's place. The build warns rather than
stops, since a body may be out of balance for a while between two annual meetings.
"""

from __future__ import annotations

from partnerskap.model.partnership import SECTORS, Partnership

SECTOR_LIMIT_PERCENT = 49.0


def over_limit(percent: float) -> bool:
    return percent > SECTOR_LIMIT_PERCENT


def balance_warnings(partnership: Partnership, members_file: str) -> list[str]:
    """The 49 % rule: one line for every voting body where a sector holds too many ordinary seats."""
    warnings = []
    for group in partnership.groups:
        if not group.voting:
            continue
        for share in partnership.sector_shares(group.id):
            if over_limit(share.percent):
                warnings.append(
                    f"{members_file}:{group.line}: {group.name} ({group.id}): {SECTORS[share.sector].lower()} "
                    f"({share.sector}) har {share.seats} av {share.total} ordinarie platser ({share.percent:.0f} %); "
                    f"högst {SECTOR_LIMIT_PERCENT:.0f} % är tillåtet: ge en plats till en annan sektor, "
                    "eller gör en av platserna till ersättarplats med deputy: true"
                )
    return warnings
