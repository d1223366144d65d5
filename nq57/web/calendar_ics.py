"""The calendar of one's deadlines as an iCalendar feed (RFC 5545) for calendar programs:
one all-day event a deadline, its UID stable for the task or the form, so that a moved
deadline moves the event. The icalendar library escapes and folds the text."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .calendar import Deadline

PRODUCT_ID = "-//NQ57//Deadlines//VI"


def absolute(path: str) -> str:
    """A link a calendar program can open: the site's address and the path."""
    return str(settings.NQ57_SITE_URL).rstrip("/") + path


def _summary(deadline: Deadline) -> str:
    if deadline.kind == "task":
        return f"{deadline.about} — {deadline.title}"
    return _("Form: %(form)s") % {"form": deadline.about}


def _description(deadline: Deadline) -> str:
    lines = [deadline.note]
    if deadline.is_overdue:
        lines.append(_("Overdue"))
    lines.append(absolute(deadline.path))
    return "\n".join(lines)


def feed(deadlines: Iterable[Deadline], *, name: str, stamped_at: datetime) -> bytes:
    """The feed's bytes (UTF-8, CRLF lines folded at 75 octets)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for deadline in deadlines:
        event = Event()
        event.add("uid", deadline.uid)
        event.add("dtstamp", stamped_at)
        # A date, not a time: DTSTART;VALUE=DATE, and the day after as its exclusive end.
        event.add("dtstart", deadline.on)
        event.add("dtend", deadline.on + timedelta(days=1))
        event.add("summary", _summary(deadline))
        event.add("description", _description(deadline))
        event.add("url", absolute(deadline.path))
        event.add("transp", "TRANSPARENT")  # a deadline does not make one busy all day
        calendar.add_component(event)
    return bytes(calendar.to_ical())
