"""The accessibility statement that Swedish law (DOS-lagen) asks of public sites.

Staff write the association's own part in ``content/tillganglighet.md``; the fixed parts of
Digg's model statement (what to do, how to report, supervision, testing, the date of the last
check) are drawn from ``extra.partnership.accessibility``, and every page's footer links to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from partnerskap import routes
from partnerskap.i18n import Words
from partnerskap.pages.page import PageSpec, View, email_markup, url_of
from partnerskap.settings import AccessibilitySettings

SUPERVISION_URL = "https://www.digg.se/tdosanmalan"


@dataclass(frozen=True)
class StatementView(View):
    """The fixed parts of the statement: how to reach the association, where to complain, and
    the dates of the last check and update."""

    email: Markup
    contact_page_url: str | None
    checked: str
    checked_iso: str
    updated: str
    updated_iso: str
    supervision_url: str


def statement_page(settings: AccessibilitySettings, words: Words, urls: bool) -> PageSpec:
    return PageSpec(
        path=routes.STATEMENT,
        title=words("accessibility_statement"),
        template="partnership/accessibility.html",
        view=StatementView(
            email=email_markup(settings.contact_email, words),
            contact_page_url=url_of(settings.contact_page, urls) if settings.contact_page else None,
            checked=words.date(settings.checked),
            checked_iso=settings.checked.isoformat(),
            updated=words.date(settings.updated),
            updated_iso=settings.updated.isoformat(),
            supervision_url=SUPERVISION_URL,
        ),
    )
