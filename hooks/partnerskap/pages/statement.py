"""The accessibility statement that Swedish law (DOS-lagen) asks of public sites.

Staff write the association's own part in ``content/tillganglighet.md``; the fixed parts of
Digg's model statement (what to do, how to report, supervision, testing, the date of the last
check) are drawn from ``extra.partnership.accessibility``, and every page's footer links to it.
"""

from __future__ import annotations

from partnerskap import routes
from partnerskap.model.email_links import obfuscated_email
from partnerskap.i18n import Words
from partnerskap.pages.page import PageSpec, url_of
from partnerskap.settings import AccessibilitySettings

SUPERVISION_URL = "https://www.digg.se/tdosanmalan"


def statement_page(settings: AccessibilitySettings, words: Words, urls: bool) -> PageSpec:
    return PageSpec(
        path=routes.STATEMENT,
        title=words("accessibility_statement"),
        template="partnership/accessibility.html",
        data={
            "email": obfuscated_email(settings.contact_email),
            "contact_page_url": url_of(settings.contact_page, urls) if settings.contact_page else None,
            "checked": words.date(settings.checked),
            "checked_iso": settings.checked.isoformat(),
            "updated": words.date(settings.updated),
            "updated_iso": settings.updated.isoformat(),
            "supervision_url": SUPERVISION_URL,
        },
    )

