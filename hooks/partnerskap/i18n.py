"""Every word a visitor reads, in Swedish and English, and locale-aware dates.

Templates get the table of the site's language as ``t``; Python uses :class:`Words` for the
text it writes itself (feed titles, formatted dates). Add a key to both languages at once: a test
fails when one language lacks a key of the other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
    },
}

LANGUAGES = tuple(TRANSLATIONS)
LOCALES = {"sv": "sv_SE", "en": "en_GB"}
"""English in British form: day before month and weeks from Monday, as Swedish readers expect."""


@dataclass(frozen=True)
class Words:
    """The translation table and date formats of one language."""

    language: str

    def __post_init__(self) -> None:
        if self.language not in TRANSLATIONS:
            raise ValueError(f"theme.language must be one of {', '.join(LANGUAGES)}, not {self.language!r}")

    @property
    def table(self) -> dict[str, str]:
        return TRANSLATIONS[self.language]

    @property
    def locale(self) -> Locale:
        return Locale.parse(LOCALES[self.language])

    def __call__(self, key: str, **values: object) -> str:
        return self.table[key].format(**values)

    def count(self, key: str, count: int) -> str:
        """``1 medlem`` / ``2 medlemmar``: the ``_one`` form of a key for exactly one."""
        return self(f"{key}_one" if count == 1 else key, count=count)

    def sector(self, sector: str) -> str:
        return self(f"sector_{sector}")

    def date(self, day: dt.date, style: str = "long") -> str:
        """``6 februari 2019`` / ``6 February 2019``."""
        return format_date(day, format=style, locale=self.locale)

    def weekday_date(self, day: dt.date) -> str:
        """``onsdag 6 februari 2019`` / ``Wednesday 6 February 2019``."""
        return format_date(day, format="EEEE d MMMM y", locale=self.locale)

    def time(self, moment: dt.datetime | dt.time) -> str:
        """Swedish writes ``11.00`` (Språkrådet); English ``11:00``."""
        return format_time(moment, format="HH.mm" if self.language == "sv" else "HH:mm", locale=self.locale)

    def month(self, day: dt.date) -> str:
        """``februari 2019`` / ``February 2019``."""
        return format_date(day, format="LLLL y", locale=self.locale)

    def weekday_short(self, day: dt.date) -> str:
        """``ons`` / ``Wed``."""
        return format_date(day, format="EEE", locale=self.locale).rstrip(".")

    def month_short(self, day: dt.date) -> str:
        """``feb.`` / ``Feb``, as on a calendar sheet."""
        return format_date(day, format="LLL", locale=self.locale)
