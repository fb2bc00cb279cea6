"""What a feed item and a calendar entry say about an event, as plain-text paragraphs.

The RSS item and the iCalendar DESCRIPTION carry the same facts as the event's page: when and
where, who may come, the summary, the organisers, registration, the meeting link and the
documents. Feeds and calendars run no script, so every e-mail address in them is spelled out
(``name [snabel-a] example.se``) and no harvester finds it.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from partnerskap.i18n import Words
from partnerskap.model.agenda import when
from partnerskap.model.email_links import addresses_spelled_out
from partnerskap.model.events import Event


def place(event: Event, words: Words) -> str | None:
    """``Online``, or the place's name and address, with any e-mail address spelled out."""
    return plain(event.location.text(words), words) if event.location else None


def plain(text: str, words: Words) -> str:
    return addresses_spelled_out(text, words)


def deadline_text(deadline: dt.datetime, words: Words) -> str:
    """The last day to register, with its time unless it is the end of the day."""
    text = words.weekday_date(deadline)
    if (deadline.hour, deadline.minute) != (23, 59):
        text += f", {words('at_time', time=words.time(deadline))}"
    return text


def paragraphs(event: Event, words: Words, organiser_name: Callable[[str], str | None]) -> list[list[str]]:
    """The event's facts: paragraphs of lines, in the order the event's page gives them."""
    first = [when(event.time, words)]
    if event.location:
        first.append(place(event, words))
    if event.audience == "members":
        first.append(words("audience_members"))
    result = [first]
    if event.summary:
        result.append([event.summary])
    practical = []
    names = [name for name in map(organiser_name, event.organisers) if name]
    if names:
        practical.append(f"{words('organisers')}: {', '.join(names)}")
    if event.registration:
        if event.registration.url:
            practical.append(f"{words('registration')}: {event.registration.url}")
        if event.registration.deadline:
            practical.append(words("registration_deadline", deadline=deadline_text(event.registration.deadline, words)))
    if event.location and event.location.online and event.location.url:
        practical.append(f"{words('online_meeting')}: {event.location.url}")
    if practical:
        result.append(practical)
    if event.documents:
        result.append([f"{words('documents')}:"] + [f"{d.title}: {d.url}" for d in event.documents])
    if event.origin:
        result.append([imported_from(event, words), *filter(None, [event.origin.link])])
    return [[plain(line, words) for line in paragraph] for paragraph in result]


def imported_from(event: Event, words: Words) -> str | None:
    """"Från Region Hallands kalender" for an event read from members' calendars (each that
    publishes it); None for the site's own."""
    if event.origin is None:
        return None
    return words("imported_from", calendar=words.join(source.calendar for source in event.origin.sources))
