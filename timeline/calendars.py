"""Activities in visitors' calendars: iCalendar (RFC 5545) written by the icalendar library,
each activity an all-day event from its first to its last day, in the language of the
address it is asked at. Only activities known to the day are offered: a calendar cannot
say "some day in March"."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from icalendar import Calendar, Event

from action_portugal.base.i18n import absolute_url, page_url_in

PRODUCT = "-//ACTION/Portugal//activities//EN"


def event_of(story, language):
    event = Event()
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"
    # The same activity keeps its identity in both languages' calendars and across edits.
    event.add("uid", f"activity-{story.pk}@{host}")
    event.add("dtstamp", story.last_published_at or story.latest_revision_created_at)
    event.add("dtstart", story.date)
    event.add("dtend", (story.end_date or story.date) + datetime.timedelta(days=1))
    event.add("summary", story.title)
    url = absolute_url(page_url_in(story, language) or "")
    event.add("description", f"{story.summary}\n\n{url}")
    event.add("url", url)
    if story.location():
        event.add("location", story.location())
    event.add("categories", [str(story.get_kind_display())])
    return event


def calendar_response(request, stories, name, filename=None):
    """``stories`` (activities) as an iCalendar answer named ``name``: a file to save when
    ``filename`` is given, else a feed to subscribe to."""
    language = translation.get_language()
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # An extension property, which icalendar writes unescaped: one line, whatever was typed.
    calendar.add("x-wr-calname", " ".join(str(name).split()))
    for story in stories:
        calendar.add_component(event_of(story, language))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Language"] = language
    if filename:
        response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
