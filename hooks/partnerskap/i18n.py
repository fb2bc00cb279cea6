"""Every word a visitor reads, in Swedish and English, and locale-aware dates.

Templates get the table of the site's language as ``t``; Python uses :class:`Words` for the
text it writes itself (feed titles, formatted dates). Add a key to both languages at once: a test
fails when one language lacks a key of the other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from babel import Locale
from babel.dates import format_date, format_time

TRANSLATIONS: dict[str, dict[str, str]] = {
    "sv": {
        "members": "Medlemmar",
        "member_directory": "Medlemsförteckning",
        "members_count": "{count} medlemmar",
        "members_count_one": "{count} medlem",
        "seats_count_one": "{count} plats",
        "events_count_one": "{count} evenemang",
        "deputy_count_one": "{count} ersättare",
        "ordinary_count_one": "{count} ordinarie",
        "members_shown": "{shown} av {total} medlemmar visas",
        "filter_heading": "Sök och filtrera",
        "search_members": "Sök bland medlemmarna",
        "search_placeholder": "Namn, ort eller verksamhet",
        "sector": "Sektor",
        "all_sectors": "Alla sektorer",
        "municipality": "Kommun",
        "all_municipalities": "Alla kommuner",
        "no_members_match": "Ingen medlem matchar sökningen.",
        "sector_public": "Offentlig sektor",
        "sector_private": "Privat sektor",
        "sector_civil": "Ideell sektor",
        "per_sector": "Per sektor",
        "website": "Webbplats",
        "email": "E-post",
        "phone": "Telefon",
        "joined": "Medlem sedan",
        "contact": "Kontakt",
        "about_member": "Om organisationen",
        "representatives": "Företrädare",
        "no_representatives": "Organisationen har ingen utsedd företrädare i partnerskapet.",
        "bodies": "Organ",
        "sits_in": "Sitter i",
        "no_bodies": "Organisationen har ingen plats i föreningens organ just nu.",
        "back_to_directory": "Alla medlemmar",
        "logo_of": "Logotyp för {name}",
        "email_at": "snabel-a",
        "show_email": "Visa e-postadress",
        "partnership": "Partnerskapet",
        "group_seats": "Ledamöter",
        "ordinary_seats": "Ordinarie ledamöter",
        "deputy_seats": "Ersättare",
        "role": "Roll",
        "person": "Namn",
        "organisation": "Organisation",
        "seats_count": "{count} platser",
        "ordinary_count": "{count} ordinarie",
        "deputy_count": "{count} ersättare",
        "no_seats": "Organet har inga ledamöter i förteckningen ännu.",
        "sector_balance": "Sektorsfördelning",
        "sector_balance_intro": "Ingen sektor får ha mer än 49 procent av de ordinarie platserna.",
        "sector_balance_caption": "Ordinarie platser per sektor",
        "seats": "Platser",
        "share": "Andel",
        "over_limit": "Över 49 procent",
        "within_limit": "Inom gränsen",
        "voting_body": "Beslutande organ",
        "all_bodies": "Alla organ",
        "home": "Start",
        "calendar": "Kalender",
        "calendar_description": "Kommande evenemang: möten, webbinarier, konferenser och träffar i partnerskapet.",
        "upcoming_events": "Kommande evenemang",
        "no_upcoming": "Inga kommande evenemang är inlagda just nu.",
        "all_categories": "Alla",
        "filter_by_category": "Visa kategori",
        "category_webinar": "Webbinarium",
        "category_meeting": "Möte",
        "category_conference": "Konferens",
        "category_annual-meeting": "Årsmöte",
        "category_strategy-day": "Strategidag",
        "category_afterwork": "AW",
        "category_workshop": "Workshop",
        "category_other": "Övrigt",
        "status_cancelled": "Inställt",
        "status_postponed": "Uppskjutet",
        "status_cancelled_banner": "Evenemanget är inställt.",
        "status_postponed_banner": "Evenemanget är uppskjutet. Ny tid meddelas här.",
        "audience_public": "Öppet för alla",
        "audience_members": "Endast för medlemmar",
        "online": "Online",
        "when": "När",
        "where": "Plats",
        "category": "Kategori",
        "audience": "Målgrupp",
        "organisers": "Arrangörer",
        "programme": "Program",
        "documents": "Dokument",
        "registration": "Anmälan",
        "register": "Anmäl dig",
        "registration_deadline": "Sista anmälningsdag: {deadline}",
        "registration_closed": "Anmälan är stängd.",
        "at_time": "kl. {time}",
        "add_to_calendar": "Lägg till i kalendern",
        "download_ics": "Ladda ner (.ics) för Outlook, Apple och Thunderbird",
        "google_calendar": "Lägg till i Google Kalender",
        "part_of_series": "Ingår i serien",
        "series_upcoming": "Kommande i serien",
        "series_past": "Tidigare i serien",
        "published_on": "Publicerat {date}",
        "repeats": "Återkommande",
        "repeat_dates": "Kommande tillfällen",
        "repeat_until": "Till och med {date}",
        "repeat_except": "Utgår: {dates}",
        "month_grid": "Månadsvy",
        "month_view_of": "Månadsvy för {month}",
        "previous_month": "Föregående: {month}",
        "next_month": "Nästa: {month}",
        "today": "i dag",
        "archive": "Arkiv",
        "archive_intro": "Genomförda evenemang, år för år.",
        "events_count": "{count} evenemang",
        "subscribe": "Prenumerera",
        "subscribe_description": "Följ föreningens kalender i din flödesläsare eller kalender.",
        "subscribe_calendar_heading": "Kalendern i din kalender",
        "subscribe_calendar_text": "Prenumerera på kalendern så kommer nya och ändrade evenemang in i din egen kalender av sig själva. Din kalender hämtar ändringar ungefär två gånger om dygnet.",
        "subscribe_outlook": "Outlook: välj Lägg till kalender, Prenumerera från webben, och klistra in adressen.",
        "subscribe_google": "Google Kalender: välj Andra kalendrar, plustecknet, Från webbadress, och klistra in adressen.",
        "subscribe_apple": "Apple Kalender och Thunderbird: klicka på prenumerationslänken, eller lägg till en ny kalender från nätverket med adressen.",
        "subscribe_webcal": "Prenumerera på hela kalendern",
        "subscribe_feed_heading": "Nyheter om evenemang i din flödesläsare (RSS)",
        "subscribe_feed_text": "Med en flödesläsare, till exempel Feedly, Thunderbird eller newsboat, får du veta när ett nytt evenemang läggs ut. Lägg in adressen nedan i läsaren.",
        "subscribe_by_category": "Bara en kategori",
        "subscribe_by_category_text": "Vill du bara följa till exempel webbinarierna? Varje kategori har en egen kalender och ett eget flöde.",
        "calendar_address": "Kalenderadress",
        "feed_address": "Flödesadress",
        "rss_feed": "RSS-flöde",
        "calendar_file": "Kalenderfil",
        "feed_item_title": "{title} ({date})",
        "feed_description": "Kommande evenemang från {site}.",
        "when_same_day": "{date}, kl. {start}–{end}",
        "when_days_timed": "{start_date} kl. {start} – {end_date} kl. {end}",
        "when_all_day": "{date}, heldag",
        "when_days": "{start} – {end}",
        "more_events": "Hela kalendern",
        "projects": "Projekt",
        "project": "Projekt",
        "project_status_planned": "Planerat",
        "project_status_active": "Pågående",
        "project_status_completed": "Avslutat",
        "project_status_planned_plural": "Planerade projekt",
        "project_status_active_plural": "Pågående projekt",
        "project_status_completed_plural": "Avslutade projekt",
        "project_period": "Projektperiod",
        "period_range": "{start} – {end}",
        "period_from": "från {start}",
        "project_lead": "Projektägare",
        "project_partners": "Partner",
        "project_partner": "Partner",
        "project_contact": "Kontaktperson",
        "project_status": "Status",
        "funding": "Finansiering",
        "programme_period": "programperiod {period}",
        "amount_sek": "{amount} kr",
        "goals": "Mål",
        "progress_of": "{achieved} av {target}",
        "project_events": "Evenemang i projektet",
        "project_events_past": "Genomförda evenemang i projektet",
        "member_projects": "Projekt",
        "all_projects": "Alla projekt",
        "composition": "Partnerskapets sammansättning",
        "composition_sectors": "Sektorsfördelning i de beslutande organen",
        "composition_sectors_intro": "Ingen sektor får ha mer än 49 procent av de ordinarie platserna. Linjen i diagrammet visar gränsen.",
        "limit_line": "Gräns 49 %",
        "composition_area": "Kommuner som medlemmarna finns i",
        "composition_area_intro": "Medlemmarna finns i {count} kommuner.",
        "members_in_municipality": "Medlemmar",
        "composition_gender": "Könsfördelning i organen",
        "composition_gender_intro": "Antal platser per kön. Kön visas aldrig för enskilda personer.",
        "gender_woman": "Kvinnor",
        "gender_man": "Män",
        "gender_other": "Annat",
        "gender_unknown": "Ej angivet",
        "body": "Organ",
        "total": "Totalt",
        "competence_map": "Kompetenskarta",
        "competence_map_intro": "I vilka organisationer är personerna i partnerskapet aktiva? Tabellen visar vilken medlem var och en företräder och vilka fler medlemmar hen är aktiv i.",
        "competence_represents": "Företräder",
        "competence_active": "Aktiv i",
        "competence_network": "Nätverket som bild: personer till vänster, organisationer till höger. Heldragen linje: företräder. Streckad linje: aktiv i.",
        "chart_of": "Diagram: {title}",
        "news": "Nyheter",
        "news_feed_title": "Nyheter – {site}",
        "news_feed_description": "Nyheter och medlemsbrev från {site}.",
        "accessibility_statement": "Tillgänglighetsredogörelse",
        "a11y_cannot_use": "Vad kan du göra om du inte kan använda delar av webbplatsen?",
        "a11y_cannot_use_text": "Om du behöver innehåll från webbplatsen som inte är tillgängligt för dig kan du kontakta oss, så gör vi vårt bästa för att ge dig innehållet i ett tillgängligt format.",
        "a11y_more_ways": "Fler sätt att nå oss finns på",
        "a11y_contact_page": "kontaktsidan",
        "a11y_report": "Rapportera brister i webbplatsens tillgänglighet",
        "a11y_report_text": "Vi strävar hela tiden efter att förbättra webbplatsens tillgänglighet. Om du upptäcker problem som inte beskrivs på den här sidan, eller om du anser att vi inte uppfyller lagens krav, meddela oss så att vi får veta att problemet finns.",
        "a11y_write_to": "Skriv till",
        "a11y_supervision": "Tillsyn",
        "a11y_supervision_text": "Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du",
        "a11y_supervision_link": "anmäla det till Myndigheten för digital förvaltning",
        "a11y_tested": "Hur vi testat webbplatsen",
        "a11y_self_assessment": "Vi har gjort en självskattning (intern testning) av webbplatsen.",
        "a11y_automatic": "Varje version av webbplatsen kontrolleras dessutom automatiskt innan den publiceras: varje sorts sida testas i en webbläsare med tillgänglighetsverktyget axe, med enbart tangentbord och på en 375 pixlar bred skärm, och alla sidors HTML kontrolleras med Nu Html Checker.",
        "a11y_checked": "Senaste bedömningen gjordes den",
        "a11y_updated": "Redogörelsen uppdaterades senast den",
    },
    "en": {
        "members": "Members",
        "member_directory": "Member directory",
        "members_count": "{count} members",
        "members_count_one": "{count} member",
        "seats_count_one": "{count} seat",
        "events_count_one": "{count} event",
        "deputy_count_one": "{count} deputy",
        "ordinary_count_one": "{count} ordinary",
        "members_shown": "Showing {shown} of {total} members",
        "filter_heading": "Search and filter",
        "search_members": "Search the members",
        "search_placeholder": "Name, place or activity",
        "sector": "Sector",
        "all_sectors": "All sectors",
        "municipality": "Municipality",
        "all_municipalities": "All municipalities",
        "no_members_match": "No member matches the search.",
        "sector_public": "Public sector",
        "sector_private": "Private sector",
        "sector_civil": "Civil society",
        "per_sector": "By sector",
        "website": "Website",
        "email": "E-mail",
        "phone": "Phone",
        "joined": "Member since",
        "contact": "Contact",
        "about_member": "About the organisation",
        "representatives": "Representatives",
        "no_representatives": "The organisation has no appointed representative in the partnership.",
        "bodies": "Bodies",
        "sits_in": "Sits in",
        "no_bodies": "The organisation holds no seat in the association's bodies at present.",
        "back_to_directory": "All members",
        "logo_of": "Logo of {name}",
        "email_at": "at",
        "show_email": "Show e-mail address",
        "partnership": "The partnership",
        "group_seats": "Members",
        "ordinary_seats": "Ordinary members",
        "deputy_seats": "Deputies",
        "role": "Role",
        "person": "Name",
        "organisation": "Organisation",
        "seats_count": "{count} seats",
        "ordinary_count": "{count} ordinary",
        "deputy_count": "{count} deputies",
        "no_seats": "The body has no members listed yet.",
        "sector_balance": "Sector balance",
        "sector_balance_intro": "No sector may hold more than 49 per cent of the ordinary seats.",
        "sector_balance_caption": "Ordinary seats by sector",
        "seats": "Seats",
        "share": "Share",
        "over_limit": "Over 49 per cent",
        "within_limit": "Within the limit",
        "voting_body": "Decision-making body",
        "all_bodies": "All bodies",
        "home": "Home",
        "calendar": "Calendar",
        "calendar_description": "Upcoming events: meetings, webinars, conferences and gatherings of the partnership.",
        "upcoming_events": "Upcoming events",
        "no_upcoming": "No upcoming events are listed at the moment.",
        "all_categories": "All",
        "filter_by_category": "Show category",
        "category_webinar": "Webinar",
        "category_meeting": "Meeting",
        "category_conference": "Conference",
        "category_annual-meeting": "Annual meeting",
        "category_strategy-day": "Strategy day",
        "category_afterwork": "After work",
        "category_workshop": "Workshop",
        "category_other": "Other",
        "status_cancelled": "Cancelled",
        "status_postponed": "Postponed",
        "status_cancelled_banner": "This event is cancelled.",
        "status_postponed_banner": "This event is postponed. The new date will be announced here.",
        "audience_public": "Open to everyone",
        "audience_members": "Members only",
        "online": "Online",
        "when": "When",
        "where": "Where",
        "category": "Category",
        "audience": "Audience",
        "organisers": "Organisers",
        "programme": "Programme",
        "documents": "Documents",
        "registration": "Registration",
        "register": "Register",
        "registration_deadline": "Register by {deadline}",
        "registration_closed": "Registration is closed.",
        "at_time": "{time}",
        "add_to_calendar": "Add to calendar",
        "download_ics": "Download (.ics) for Outlook, Apple and Thunderbird",
        "google_calendar": "Add to Google Calendar",
        "part_of_series": "Part of the series",
        "series_upcoming": "Upcoming in the series",
        "series_past": "Earlier in the series",
        "published_on": "Published {date}",
        "repeats": "Recurring",
        "repeat_dates": "Next dates",
        "repeat_until": "Until {date}",
        "repeat_except": "Not on: {dates}",
        "month_grid": "Month view",
        "month_view_of": "Month view for {month}",
        "previous_month": "Previous: {month}",
        "next_month": "Next: {month}",
        "today": "today",
        "archive": "Archive",
        "archive_intro": "Past events, year by year.",
        "events_count": "{count} events",
        "subscribe": "Subscribe",
        "subscribe_description": "Follow the association's calendar in your feed reader or calendar.",
        "subscribe_calendar_heading": "The calendar in your calendar",
        "subscribe_calendar_text": "Subscribe to the calendar and new or changed events appear in your own calendar by themselves. Your calendar fetches changes about twice a day.",
        "subscribe_outlook": "Outlook: choose Add calendar, Subscribe from web, and paste the address.",
        "subscribe_google": "Google Calendar: choose Other calendars, the plus sign, From URL, and paste the address.",
        "subscribe_apple": "Apple Calendar and Thunderbird: click the subscription link, or add a new network calendar with the address.",
        "subscribe_webcal": "Subscribe to the whole calendar",
        "subscribe_feed_heading": "Event news in your feed reader (RSS)",
        "subscribe_feed_text": "With a feed reader, such as Feedly, Thunderbird or newsboat, you learn when a new event is announced. Add the address below to the reader.",
        "subscribe_by_category": "Just one category",
        "subscribe_by_category_text": "Only interested in, say, the webinars? Each category has a calendar and a feed of its own.",
        "calendar_address": "Calendar address",
        "feed_address": "Feed address",
        "rss_feed": "RSS feed",
        "calendar_file": "Calendar file",
        "feed_item_title": "{title} ({date})",
        "feed_description": "Upcoming events from {site}.",
        "when_same_day": "{date}, {start}–{end}",
        "when_days_timed": "{start_date} {start} – {end_date} {end}",
        "when_all_day": "{date}, all day",
        "when_days": "{start} – {end}",
        "more_events": "The whole calendar",
        "projects": "Projects",
        "project": "Project",
        "project_status_planned": "Planned",
        "project_status_active": "Active",
        "project_status_completed": "Completed",
        "project_status_planned_plural": "Planned projects",
        "project_status_active_plural": "Active projects",
        "project_status_completed_plural": "Completed projects",
        "project_period": "Project period",
        "period_range": "{start} – {end}",
        "period_from": "from {start}",
        "project_lead": "Project owner",
        "project_partners": "Partners",
        "project_partner": "Partner",
        "project_contact": "Contact",
        "project_status": "Status",
        "funding": "Funding",
        "programme_period": "programme period {period}",
        "amount_sek": "SEK {amount}",
        "goals": "Goals",
        "progress_of": "{achieved} of {target}",
        "project_events": "Events in the project",
        "project_events_past": "Past events in the project",
        "member_projects": "Projects",
        "all_projects": "All projects",
        "composition": "Composition of the partnership",
        "composition_sectors": "Sector balance in the decision-making bodies",
        "composition_sectors_intro": "No sector may hold more than 49 per cent of the ordinary seats. The line in the chart marks the limit.",
        "limit_line": "Limit 49 %",
        "composition_area": "Municipalities the members are in",
        "composition_area_intro": "The members are in {count} municipalities.",
        "members_in_municipality": "Members",
        "composition_gender": "Gender balance in the bodies",
        "composition_gender_intro": "Seats by gender, as counts. Gender is never shown for a person.",
        "gender_woman": "Women",
        "gender_man": "Men",
        "gender_other": "Other",
        "gender_unknown": "Not stated",
        "body": "Body",
        "total": "Total",
        "competence_map": "Competence map",
        "competence_map_intro": "Which organisations are the people of the partnership active in? The table shows the member each person represents and the other members they are active in.",
        "competence_represents": "Represents",
        "competence_active": "Active in",
        "competence_network": "The network as a picture: people on the left, organisations on the right. Solid line: represents. Dashed line: active in.",
        "chart_of": "Chart: {title}",
        "news": "News",
        "news_feed_title": "News – {site}",
        "news_feed_description": "News and member letters from {site}.",
        "accessibility_statement": "Accessibility statement",
        "a11y_cannot_use": "What can you do if you cannot use parts of the website?",
        "a11y_cannot_use_text": "If you need content from this website that is not accessible to you, contact us and we will do our best to give it to you in an accessible format.",
        "a11y_more_ways": "More ways to reach us are on",
        "a11y_contact_page": "the contact page",
        "a11y_report": "Report accessibility problems",
        "a11y_report_text": "We keep working to improve the website's accessibility. If you find a problem that is not described on this page, or think that we do not meet the requirements of the law, let us know so that we know the problem exists.",
        "a11y_write_to": "Write to",
        "a11y_supervision": "Supervision",
        "a11y_supervision_text": "The Agency for Digital Government (Digg) supervises the Act on accessibility to digital public services. If you are not satisfied with how we handle your comments, you can",
        "a11y_supervision_link": "report it to the Agency for Digital Government",
        "a11y_tested": "How we tested the website",
        "a11y_self_assessment": "We have assessed the website ourselves (internal testing).",
        "a11y_automatic": "Every version of the website is also checked automatically before it is published: each kind of page is tested in a web browser with the axe accessibility checker, with the keyboard only and on a screen 375 pixels wide, and the HTML of every page is checked with the Nu Html Checker.",
        "a11y_checked": "The latest assessment was made on",
        "a11y_updated": "The statement was last updated on",
    },
}

LANGUAGES = tuple(TRANSLATIONS)
LOCALES = {"sv": "sv_SE", "en": "en_GB"}
"""English in British form: day before month and weeks from Monday, as Swedish readers expect."""


@dataclass(frozen=True)
class _Names:
    """A language's names of weekdays (Monday first) and months (January at 1), from Babel."""

    weekdays: tuple[str, ...]
    weekdays_short: tuple[str, ...]
    months: tuple[str | None, ...]
    """As in a date: ``6 februari``."""
    months_alone: tuple[str | None, ...]
    """Standing alone, as a heading: ``februari 2019``."""
    months_short: tuple[str | None, ...]


@dataclass(frozen=True)
class Words:
    """The translation table and date formats of one language."""

    language: str
    locale: Locale = field(init=False, repr=False, compare=False)
    """Babel's data for the language, parsed once: babel parses a locale name on every call."""
    _names: _Names = field(init=False, repr=False, compare=False)
    _formatted: dict[tuple, str] = field(init=False, repr=False, compare=False, default_factory=dict)
    """Dates and times formatted so far (the same words object serves one build)."""

    def __post_init__(self) -> None:
        if self.language not in TRANSLATIONS:
            raise ValueError(f"theme.language must be one of {', '.join(LANGUAGES)}, not {self.language!r}")
        locale = Locale.parse(LOCALES[self.language])
        object.__setattr__(self, "locale", locale)
        object.__setattr__(self, "_names", _Names(
            weekdays=tuple(locale.days["format"]["wide"][i] for i in range(7)),
            weekdays_short=tuple(locale.days["format"]["abbreviated"][i].rstrip(".") for i in range(7)),
            months=(None, *(locale.months["format"]["wide"][i] for i in range(1, 13))),
            months_alone=(None, *(locale.months["stand-alone"]["wide"][i] for i in range(1, 13))),
            months_short=(None, *(locale.months["stand-alone"]["abbreviated"][i] for i in range(1, 13))),
        ))

    @property
    def table(self) -> dict[str, str]:
        return TRANSLATIONS[self.language]

    def __call__(self, key: str, **values: object) -> str:
        return self.table[key].format(**values)

    def count(self, key: str, count: int) -> str:
        """``1 medlem`` / ``2 medlemmar``: the ``_one`` form of a key for exactly one."""
        return self(f"{key}_one" if count == 1 else key, count=count)

    def sector(self, sector: str) -> str:
        return self(f"sector_{sector}")

    def date(self, day: dt.date, style: str = "long") -> str:
        """``6 februari 2019`` / ``6 February 2019``."""
        key = (day, style)
        text = self._formatted.get(key)
        if text is None:
            text = self._formatted[key] = format_date(day, style, locale=self.locale)
        return text

    # The calendar asks for the same few forms of thousands of days, in patterns of its own:
    # written here from Babel's names (what format_date() does for these patterns, without
    # parsing them on every call). tests/test_i18n.py holds them to format_date().

    def weekday_date(self, day: dt.date) -> str:
        """``onsdag 6 februari 2019`` / ``Wednesday 6 February 2019`` (``EEEE d MMMM y``)."""
        return f"{self._names.weekdays[day.weekday()]} {day.day} {self._names.months[day.month]} {day.year}"

    def month(self, day: dt.date) -> str:
        """``februari 2019`` / ``February 2019`` (``LLLL y``)."""
        return f"{self._names.months_alone[day.month]} {day.year}"

    def weekday_short(self, day: dt.date) -> str:
        """``ons`` / ``Wed`` (``EEE``, without an abbreviation's full stop)."""
        return self._names.weekdays_short[day.weekday()]

    def month_short(self, day: dt.date) -> str:
        """``feb.`` / ``Feb`` (``LLL``), as on a calendar sheet."""
        return self._names.months_short[day.month]

    def time(self, moment: dt.datetime | dt.time) -> str:
        """Swedish writes ``11.00`` (Språkrådet); English ``11:00``."""
        key = (moment.hour, moment.minute)
        text = self._formatted.get(key)
        if text is None:
            pattern = "HH.mm" if self.language == "sv" else "HH:mm"
            text = self._formatted[key] = format_time(dt.time(*key), format=pattern, locale=self.locale)
        return text
