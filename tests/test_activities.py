"""Activities: timeline stories that are workshops, seminars, launches... with their days,
place and participants; filtered on the timeline, announced on the home page and on their
country's page until they are over, offered to visitors' calendars, described as schema.org
events, and counted by the home page's counters when staff choose."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from freezegun import freeze_time
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from action_portugal.home.models import HomePage, HomePageCounter
from country_pages.models import CountryPage
from timeline.factories import StoryPageFactory
from timeline.models import StoryPage, TimelineIndexPage

from .conftest import soup
from .pages import publish, url_in

pytestmark = pytest.mark.django_db


def timeline():
    return TimelineIndexPage.objects.get()


def activity(days_from_today=10, length=2, **values):
    start = timezone.localdate() + datetime.timedelta(days=days_from_today)
    values.setdefault("kind", "seminar")
    values.setdefault("country", "gw")
    return StoryPageFactory(
        parent=timeline(),
        date=start,
        end_date=start + datetime.timedelta(days=length) if length else None,
        place_pt="Bissau",
        place_en="Bissau",
        **values,
    )


def upcoming_titles(client, url):
    section = soup(client.get(url)).find(class_="upcoming")
    if section is None:
        return []
    return [a.get_text(strip=True) for a in section.select(".card__title a")]


def calendar_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


# The programme's content -------------------------------------------------------------------


def test_the_activities_among_the_dated_facts():
    activities = StoryPage.objects.live().activities()
    kinds = dict(activities.values_list("slug_en", "kind"))
    assert kinds == {
        "action-portugal-begins": "workshop",
        "timor-leste-c102-road-map": "workshop",
        "mozambique-3rd-statistical-bulletin": "launch",
        "mozambique-4th-statistical-bulletin": "launch",
        "cabo-verde-launches-its-first-statistical-bulletin": "launch",
        "cabo-verde-2nd-statistical-bulletin": "launch",
        "launch-of-cabo-verde-statistical-bulletin-2021-2023": "launch",
    }
    timor = activities.get(slug_en="timor-leste-c102-road-map")
    assert (timor.date, timor.end_date, timor.date_precision) == (
        datetime.date(2024, 3, 11),
        datetime.date(2024, 3, 13),
        "day",
    )
    assert activities.get(slug_en="action-portugal-begins").place_pt == "Praia, Cabo Verde"
    # Nothing invented: the sources give no number of participants.
    assert not activities.exclude(participants=None).exists()
    launch = activities.get(slug_en="launch-of-cabo-verde-statistical-bulletin-2021-2023")
    assert [p.slug_pt for p in launch.publications.all()] == [
        "boletim-estatistico-cabo-verde-2021-2023"
    ]
    # A story that is not an activity keeps no activity's facts.
    phase = StoryPage.objects.get(slug_en="phase-3-agreement")
    assert (phase.kind, phase.end_date, phase.ends_on) == ("", None, None)


@pytest.mark.parametrize(
    ("language", "kind", "days", "place"),
    [
        ("pt", "Workshop", "11–13 de março de 2024", "Onde"),
        ("en", "Workshop", "11–13 March 2024", "Where"),
    ],
)
def test_an_activity_s_page_says_what_when_and_where(client, language, kind, days, place):
    story = StoryPage.objects.get(slug_en="timor-leste-c102-road-map")
    html = soup(client.get(url_in(story, language)))
    facts = html.find(class_="activity__facts")
    assert facts.find("dd").get_text(strip=True) == kind
    assert days in html.find(class_="story__meta").get_text()
    times = [t["datetime"] for t in html.find(class_="story__meta").find_all("time")]
    assert times == ["2024-03-11", "2024-03-13"]
    # No place is given for it: the country stands for it.
    assert facts.find("dt", string=place).find_next("dd").get_text(strip=True) == "Timor-Leste"
    calendar = html.find("a", href=url_in(story, language) + "calendar/")
    assert calendar is not None and calendar.has_attr("download")


def test_an_activity_is_an_event_in_structured_data(client):
    story = StoryPage.objects.get(slug_en="timor-leste-c102-road-map")
    html = soup(client.get(url_in(story, "en")))
    data = json.loads(html.find("script", type="application/ld+json").string)
    assert data["@type"] == "Event"
    assert (data["startDate"], data["endDate"]) == ("2024-03-11", "2024-03-13")
    assert data["location"] == {
        "@type": "Place",
        "name": "Timor-Leste",
        "address": {"@type": "PostalAddress", "addressCountry": "TL"},
    }
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert "maximumAttendeeCapacity" not in data  # not known
    # Known only by its year: no day is made up.
    begins = StoryPage.objects.get(slug_en="action-portugal-begins")
    data = json.loads(
        soup(client.get(url_in(begins, "pt"))).find("script", type="application/ld+json").string
    )
    assert (data["startDate"], data["endDate"]) == ("2015", "2015")
    assert data["location"]["name"] == "Praia, Cabo Verde"
    # A story that is not an activity stays an article.
    phase = StoryPage.objects.get(slug_en="phase-3-agreement")
    data = json.loads(
        soup(client.get(url_in(phase, "en"))).find("script", type="application/ld+json").string
    )
    assert data["@type"] == "Article"


def test_a_webinar_takes_place_online(client):
    webinar = activity(kind="webinar", participants=40)
    data = json.loads(
        soup(client.get(url_in(webinar, "en"))).find("script", type="application/ld+json").string
    )
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"]["@type"] == "VirtualLocation"
    assert data["maximumAttendeeCapacity"] == 40


# The timeline's filter ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "kind", "count", "sentence"),
    [
        ("pt", "activities", 7, "7 acontecimentos correspondem a estes filtros."),
        ("en", "activities", 7, "7 stories match these filters."),
        ("pt", "workshop", 2, "2 acontecimentos correspondem a estes filtros."),
        ("en", "launch", 5, "5 stories match these filters."),
        ("en", "webinar", 0, "No story matches these filters yet."),
    ],
)
def test_the_timeline_filters_by_kind(client, language, kind, count, sentence):
    response = client.get(url_in(timeline(), language), {"kind": kind})
    html = soup(response)
    cards = html.select(".story-card")
    assert len(cards) == count
    expected = StoryPage.objects.live().activities()
    if kind != "activities":
        expected = expected.filter(kind=kind)
    assert len(cards) == expected.count()
    assert html.select_one("#filter-kind option[selected]")["value"] == kind
    assert sentence in html.get_text()


def test_the_kinds_are_named_in_each_language(client):
    options = soup(client.get("/pt/cronologia/")).select("#filter-kind option")
    assert [o.get_text() for o in options] == [
        "Todos os acontecimentos",
        "Todas as atividades",
        "Workshop",
        "Curso de formação",
        "Seminário",
        "Conferência",
        "Visita de estudo",
        "Webinar",
        "Lançamento",
    ]
    card = soup(client.get("/en/timeline/", {"kind": "workshop"})).select_one(".story-card")
    assert card.find(class_="story-card__kind").get_text(strip=True).startswith("Workshop")


# Upcoming activities ------------------------------------------------------------------------


def test_upcoming_activities_are_announced_on_the_home_page_and_their_country_s(client):
    # The programme's activities are all over: nothing is announced, no empty section.
    assert upcoming_titles(client, "/pt/") == []
    soon = activity(days_from_today=3)
    later = activity(
        days_from_today=40, length=0, title_en="Study visit to Lisbon", kind="study-visit"
    )
    assert upcoming_titles(client, "/en/") == [soon.title_en, later.title_en]
    assert upcoming_titles(client, "/pt/") == [soon.title_pt, later.title_pt]
    guinea = CountryPage.objects.get(country="gw")
    assert upcoming_titles(client, url_in(guinea, "en")) == [soon.title_en, later.title_en]
    assert upcoming_titles(client, url_in(CountryPage.objects.get(country="mz"), "en")) == []
    # A story that is not an activity is not announced, however far ahead its date.
    StoryPageFactory(parent=timeline(), date=timezone.localdate() + datetime.timedelta(days=5))
    assert upcoming_titles(client, "/en/") == [soon.title_en, later.title_en]


def test_an_activity_is_announced_until_its_last_day_then_leaves(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    today = timezone.localdate()
    ends_today = activity(days_from_today=-2, length=2)
    assert upcoming_titles(client, "/en/") == [ends_today.title_en]
    assert client.get("/en/")["X-Cache"] == "hit"
    # Nobody publishes anything: the day is over, the cached page with it.
    tomorrow = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(0, 1))
    with freeze_time(timezone.make_aware(tomorrow)):
        assert upcoming_titles(client, "/en/") == []


def test_an_unpublished_or_private_activity_is_not_announced(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    private = activity(title_en="Private seminar")
    public = activity(days_from_today=20, title_en="Public seminar")
    assert upcoming_titles(client, "/en/") == ["Private seminar", "Public seminar"]
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    public.unpublish()
    assert upcoming_titles(client, "/en/") == []
    assert b"Private seminar" not in client.get("/en/timeline/calendar/").content


# Calendars ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["pt", "en"])
def test_an_activity_as_a_calendar_file(client, language):
    story = StoryPage.objects.get(slug_en="timor-leste-c102-road-map")
    response = client.get(url_in(story, language) + "calendar/")
    assert response["Content-Disposition"].startswith("attachment;")
    (event,) = calendar_of(response).walk("VEVENT")
    assert event.decoded("dtstart") == datetime.date(2024, 3, 11)
    assert event.decoded("dtend") == datetime.date(2024, 3, 14)  # the day after the last
    assert str(event["summary"]) == getattr(story, f"title_{language}")
    assert str(event["url"]) == f"http://testserver{url_in(story, language)}"
    assert str(event["location"]) == "Timor-Leste"


def test_no_calendar_file_for_what_cannot_be_put_in_a_calendar(client):
    for slug in ("action-portugal-begins", "phase-3-agreement"):  # by year; not an activity
        story = StoryPage.objects.get(slug_en=slug)
        assert client.get(url_in(story, "en") + "calendar/").status_code == 404
    private = activity()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(url_in(private, "en") + "calendar/")
    assert response.status_code == 302 and "calendar" not in response.get("Content-Type", "")


@pytest.mark.parametrize("language", ["pt", "en"])
def test_the_calendar_of_upcoming_activities_in_each_language(client, language):
    coming = activity(days_from_today=7)
    activity(days_from_today=-30)
    month_only = activity(days_from_today=60, length=0, title_en="Some day in a month")
    month_only.date_precision = "month"
    month_only.save()
    calendar = calendar_of(client.get(url_in(timeline(), language) + "calendar/"))
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [getattr(coming, f"title_{language}")]
    assert str(calendar["x-wr-calname"]) == getattr(timeline(), f"title_{language}")
    country = {"pt": "Guiné-Bissau", "en": "Guinea-Bissau"}[language]
    assert str(events[0]["location"]) == f"Bissau, {country}"


# Counters -----------------------------------------------------------------------------------


def counted(measure, label="x"):
    """The home page with one counter, counted by the site, published as an editor would."""
    counter = HomePageCounter(
        source=HomePageCounter.Source.COUNTED,
        section="timeline",
        measure=measure,
        label_pt=label,
        label_en=label,
    )
    publish(HomePage.objects.get(), counters=[counter])


def figure(client, language):
    counter = soup(client.get(f"/{language}/")).find(class_="counters")
    if counter is None:
        return None
    item = counter.find("li")
    return item.find(class_="counter__number").get_text(), item


def test_the_home_page_s_figures_say_what_they_count_and_link_to_it(client):
    for language, note in (
        ("pt", "Fonte: página inicial do sítio do programa"),
        ("en", "Source: the programme's website (home page)"),
    ):
        number, item = figure(client, language)
        assert number == "18"  # the programme's own figure
        assert item.find("a")["href"] == url_in(timeline(), language) + "?kind=activities"
        assert item.find(class_="counter__note").get_text() == note
        assert item.find(class_="counter__period") is None  # the source gives none


def test_a_figure_staff_give_shows_its_period_and_source_or_says_it_has_none(client):
    home = HomePage.objects.get()
    counter = home.counters.first()
    counter.period_pt, counter.period_en = "2015-2024", "2015-2024"
    counter.reported_by_pt, counter.reported_by_en = "relatório anual", ""
    publish(home, counters=[counter])
    _number, item = figure(client, "pt")
    assert item.find(class_="counter__period").get_text() == "2015-2024"
    assert item.find(class_="counter__note").get_text() == "Fonte: relatório anual"
    # No English source: the Portuguese one, marked as Portuguese.
    _number, item = figure(client, "en")
    assert item.find(class_="counter__note").find("span")["lang"] == "pt"
    counter.reported_by_pt = ""
    publish(home, counters=[counter])
    for language, note in (("pt", "Segundo o programa."), ("en", "As the programme reports it.")):
        assert figure(client, language)[1].find(class_="counter__note").get_text() == note


def test_activities_and_participants_counted_by_the_site(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    counted("timeline:activities", "atividades")
    number, item = figure(client, "pt")
    assert number == str(StoryPage.objects.live().activities().count()) == "7"
    assert item.find(class_="counter__note").get_text() == (
        "Contado pelo sítio: as atividades da cronologia."
    )
    assert figure(client, "en")[1].find(class_="counter__note").get_text() == (
        "Counted by the site: the activities on the timeline."
    )
    assert client.get("/pt/")["X-Cache"] == "hit"
    webinar = activity(kind="webinar", participants=25)
    assert figure(client, "pt")[0] == "8"
    webinar.unpublish()
    assert figure(client, "pt")[0] == "7"

    # No activity says how many took part: no figure rather than a wrong one.
    counted("timeline:participants", "participantes")
    assert figure(client, "en") is None
    activity(participants=30)
    activity(days_from_today=20, participants=12)
    assert figure(client, "en")[0] == "42"


def test_a_counter_counts_only_what_its_section_offers():
    counter = HomePageCounter(
        source=HomePageCounter.Source.COUNTED,
        section="publications",
        measure="timeline:activities",
        label="x",
    )
    with translation.override("pt"), pytest.raises(ValidationError) as refused:
        counter.clean()
    assert refused.value.message_dict["measure"] == [
        "Escolha algo que a secção escolhida conte, ou deixe vazio."
    ]


# What editors may not say -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"kind": "", "end_date": "2024-03-13"}, "end_date", "Só uma atividade tem último dia."),
        (
            {"end_date": "2024-03-01"},
            "end_date",
            "O último dia vem depois do primeiro.",
        ),
        (
            {"date_precision": "month", "end_date": "2024-03-13"},
            "end_date",
            "Indique também o primeiro dia (a data conhecida ao dia).",
        ),
        ({"end_date": "2026-03-13"}, "end_date", "Uma atividade dura no máximo um ano."),
        ({"kind": "", "participants": 12}, "participants", "Só uma atividade tem participantes."),
    ],
)
def test_an_activity_that_does_not_add_up_is_refused_in_the_editor_s_language(
    values, field, message
):
    story = StoryPage(
        title="Workshop",
        slug="workshop",
        date=datetime.date(2024, 3, 11),
        date_precision="day",
        kind="workshop",
        summary="Resumo.",
    )
    for name, value in values.items():
        if name == "end_date":
            value = datetime.date.fromisoformat(value)
        setattr(story, name, value)
    with translation.override("pt"), pytest.raises(ValidationError) as refused:
        story.clean()
    assert refused.value.message_dict[field] == [message]


def test_what_an_editor_types_cannot_add_to_a_calendar(client):
    """Line breaks and iCalendar's own words in a title or summary stay text: one event."""
    hostile = activity(
        title_en="Seminar\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Injected",
        summary_en="Text;with,separators\nDTSTART:19700101",
    )
    response = client.get(url_in(hostile, "en") + "calendar/")
    (event,) = calendar_of(response).walk("VEVENT")
    assert "Injected" in str(event["summary"])  # kept as the title's own text
    assert event.decoded("dtstart") == hostile.date
    assert response.content.split(b"\r\n").count(b"BEGIN:VEVENT") == 1
