"""The translation status: what is missing or out of date, in both directions, counted,
and as fast with many pages as with few."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from freezegun import freeze_time

from action_portugal.base.permissions import TRANSLATORS
from action_portugal.editing import translation_status
from action_portugal.models import SiteSettings
from pillars.models import PillarPage
from publications.models import PublicationPage
from testimonials import models as testimonials
from timeline.factories import StoryPageFactory
from timeline.models import StoryPage, TimelineIndexPage

from .conftest import soup
from .staff import member_of
from .test_documents import a_document, real_pdf

pytestmark = pytest.mark.django_db


def status():
    with translation.override("en"):
        return translation_status.status()


def item_for(page):
    return next((item for item in status() if item.object_id == page.pk), None)


def edit(page, when, **values):
    """Save a draft as the editor does: required fields may be left empty until publishing."""
    page = type(page).objects.get(pk=page.pk).get_latest_revision_as_object()
    for name, value in values.items():
        setattr(page, name, value)
    with freeze_time(when):
        page.save_revision(clean=False)
    return page


def test_the_loaded_content_is_fully_translated():
    assert status() == []


def test_missing_in_each_direction():
    pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
    edit(pillar, timezone.now(), summary_en="")
    item = item_for(pillar)
    assert dict(item.fields) == {"missing-en": ["summary"]}
    story = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
    edit(story, timezone.now(), summary_pt="", seo_title_en="Phase 3")
    assert dict(item_for(story).fields) == {"missing-pt": ["title tag", "summary"]}


def test_writing_a_missing_translation_leaves_the_source_in_line():
    """Emptying a field, then writing its translation at last, is no change of the source
    for the other language to catch up with."""
    pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
    edit(pillar, timezone.now(), summary_en="")
    assert dict(item_for(pillar).fields) == {"missing-en": ["summary"]}
    edit(pillar, timezone.now() + timedelta(minutes=5), summary_en="Actuarial studies, again.")
    assert item_for(pillar) is None


def test_out_of_date_in_each_direction():
    pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
    later = timezone.now() + timedelta(hours=1)
    edit(pillar, later, summary_en="A new English summary.")
    assert dict(item_for(pillar).fields) == {"outdated-pt": ["summary"]}
    # The English changes again before the translator gets to it: still one thing to do.
    edit(pillar, later + timedelta(minutes=30), summary_en="A newer English summary.")
    assert dict(item_for(pillar).fields) == {"outdated-pt": ["summary"]}
    # The translator brings the Portuguese up to date: nothing left to do, and the
    # translation does not make the English "out of date"...
    edit(pillar, later + timedelta(hours=1), summary_pt="Um novo resumo em português.")
    assert item_for(pillar) is None
    # ...until the Portuguese changes on its own, and the English is now behind.
    edit(pillar, later + timedelta(hours=2), title_pt="Estudos atuariais e financeiros")
    assert dict(item_for(pillar).fields) == {"outdated-en": ["title"]}
    # Both languages changed together: in line again.
    edit(pillar, later + timedelta(hours=3), title_pt="Estudos atuariais", title_en="Actuarial")
    assert item_for(pillar) is None


def test_a_draft_counts_and_the_live_page_stays():
    pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
    edit(pillar, timezone.now() + timedelta(minutes=5), summary_pt="Rascunho revisto.")
    pillar.refresh_from_db()
    assert pillar.summary_pt != "Rascunho revisto."
    assert dict(item_for(pillar).fields) == {"outdated-en": ["summary"]}


def test_inline_counters_and_settings_are_tracked():
    from action_portugal.models import HomePage

    home = HomePage.objects.get()
    draft = home.get_latest_revision_as_object()
    counters = list(draft.counters.all())
    counters[1].label_en = ""
    draft.counters = counters
    draft.save_revision(clean=False)
    assert dict(item_for(home).fields) == {"missing-en": ["Counter 2: label"]}

    settings = SiteSettings.objects.get()
    settings.address_pt = "Rua da Prata, Lisboa"
    settings.save()
    items = [item for item in status() if item.kind == "settings"]
    assert [dict(item.fields) for item in items] == [{"missing-en": ["postal address"]}]


def test_language_neutral_fields_are_not_flagged():
    testimonial = testimonials.TestimonialPage.objects.get(slug_pt="edson-domingos")
    edit(testimonial, timezone.now(), name_en="")
    assert item_for(testimonial) is None


def test_a_file_in_one_language_is_not_a_missing_translation(media):
    """A publication's text is tracked like any page's; its file in Portuguese only (most
    of the programme's documents) is not a translation to do."""
    publication = PublicationPage.objects.get(slug_pt="4-boletim-estatistico-mocambique")
    edit(publication, timezone.now(), file_pt=a_document(content=real_pdf()), file_en=None)
    assert item_for(publication) is None
    edit(publication, timezone.now() + timedelta(minutes=1), summary_en="")
    assert dict(item_for(publication).fields) == {"missing-en": ["summary"]}


def test_filters_counts_and_confirming(client):
    pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
    story = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
    later = timezone.now() + timedelta(hours=1)
    edit(pillar, later, summary_en="Changed in English.")
    edit(story, later, summary_pt="")
    counts = translation_status.counts(status())
    assert counts == {"missing-pt": 1, "missing-en": 0, "outdated-pt": 1, "outdated-en": 0}

    client.force_login(member_of(TRANSLATORS, language="pt"))
    document = soup(client.get("/admin/translation-status/", {"section": "timeline"}))
    rows = document.select("table.listing tbody tr")
    assert [row.select_one("td.title a").get_text(strip=True) for row in rows] == [story.title_pt]
    assert rows[0].select_one("td.title a")["href"] == f"/admin/pages/{story.pk}/edit/"
    assert "Português em falta" in rows[0].get_text()
    document = soup(client.get("/admin/translation-status/", {"state": "outdated-pt"}))
    assert [a.get_text(strip=True) for a in document.select("td.title a")] == [pillar.title_pt]

    # The Portuguese summary was checked: it needs no change.
    response = client.post(
        f"/admin/translation-status/confirm/{item_for(pillar).content_type_id}/{pillar.pk}/pt/",
        {"next": "/admin/translation-status/"},
    )
    assert response.status_code == 302
    assert item_for(pillar) is None


def test_the_dashboard_shows_the_counts(client):
    story = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
    edit(story, timezone.now(), summary_en="")
    client.force_login(member_of(TRANSLATORS, language="en"))
    panel = soup(client.get("/admin/")).select_one(
        "#translation-status-section, [id^=translation-status]"
    )
    assert panel is not None
    text = panel.get_text(" ", strip=True)
    assert "English missing: 1" in text
    assert "Portuguese missing: 0" in text


def test_the_menu_has_it_for_translators(client):
    client.force_login(member_of(TRANSLATORS, language="pt"))
    html = client.get("/admin/").content.decode()
    assert "/admin/translation-status/" in html
    assert "Estado da tradução" in html


def test_queries_do_not_grow_with_the_number_of_pages(client):
    client.force_login(member_of(TRANSLATORS))
    index = TimelineIndexPage.objects.get()

    def queries():
        client.get("/admin/translation-status/")  # warm caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/translation-status/").status_code == 200
        return len(captured)

    StoryPageFactory(parent=index, summary_en="")
    few = queries()
    for _ in range(40):
        StoryPageFactory(parent=index, summary_en="")
    assert len(status()) == 41
    assert queries() == few
