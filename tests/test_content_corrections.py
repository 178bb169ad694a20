"""Corrections to the programme's content: in site.json for new sites, and brought to
sites loaded before them (``correct_content``, run by the loader and scripts/migrate) as
an editor's change comes, only where the text is still exactly what the loader wrote."""

import io
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from wagtail.models import PageLogEntry, Revision, Workflow

from action_portugal.base.permissions import EDITORS, TRANSLATORS
from action_portugal.editing import translation_status
from action_portugal.editing.corrections import ACTION
from action_portugal.editing.models import FieldChange
from action_portugal.management.commands.correct_content import corrections_by_page
from action_portugal.management.commands.load_demo_content import CONTENT_FILE
from action_portugal.search.entries import search
from pillars.models import PillarPage
from team.models import TeamMemberPage
from testimonials import models as testimonials

from .conftest import soup
from .pages import url_in
from .staff import member_of

pytestmark = pytest.mark.django_db

CNPS_OLD = "Centro Nacional de Prestações Sociais (CNPS)"
CNPS_NEW = "Centro Nacional de Pensões Sociais (CNPS)"


def content():
    return json.loads(CONTENT_FILE.read_text(encoding="utf-8"))


def correct():
    out = io.StringIO()
    call_command("correct_content", stdout=out)
    return out.getvalue()


def cnps():
    return testimonials.TestimonialPage.objects.get(slug_pt="elisandra-albertina-lopes-de-pina")


def loaded_before(page):
    """``page`` as a site loaded before the corrections has it: the old text in every
    corrected field, published by the loader, nothing out of date."""
    found = corrections_by_page(content())
    below = page.url_path_pt.removeprefix("/inicio/").strip("/")
    page = type(page).objects.get(pk=page.pk)
    for correction in found[below]:
        setattr(page, correction.column, correction.old)
    page.save_revision().publish()
    for language in ("pt", "en"):
        translation_status.confirm(page, language)
    return type(page).objects.get(pk=page.pk)


def out_of_date(page):
    with translation.override("en"):
        return [item for item in translation_status.status() if item.object_id == page.pk]


def clocks(page):
    """Each field's record for translators: out of date or not, and since when in line."""
    return sorted(
        FieldChange.objects.filter(
            content_type=ContentType.objects.get_for_model(page), object_id=page.pk
        ).values_list("field", "language", "behind", "in_line_at")
    )


# In site.json ----------------------------------------------------------------------------


def test_the_content_reads_as_its_sources_do():
    # Only the list of corrections still names the old words.
    text = json.dumps(
        {key: value for key, value in content().items() if key != "corrections"},
        ensure_ascii=False,
    )
    for wrong in ("Prestações Sociais", "continue a pagar", "Atuariado"):
        assert wrong not in text
    assert text.count("Centro Nacional de Pensões Sociais") == 2
    page = cnps()
    assert page.institution_pt == CNPS_NEW
    assert page.institution_en == "National Centre for Social Benefits (CNPS)"
    head = TeamMemberPage.objects.get(slug_pt="chefe-de-unidade")
    assert "Finanças Públicas, Estudos Atuariais e Estatística" in head.role_pt
    assert head.title_pt == head.role_pt
    conventions = PillarPage.objects.get(slug_pt="convencoes-internacionais")
    assert "Convenção n.º 102 (C102)" in conventions.summary_pt
    assert "Recomendação n.º 202 (R202)" in conventions.summary_pt
    assert "Convention No. 102 (C102)" in conventions.summary_en
    assert "Recommendation No. 202 (R202)" in conventions.summary_en


def test_each_correction_gives_the_text_site_json_gives():
    found = corrections_by_page(content())
    assert sum(len(items) for items in found.values()) == 8  # fields, in one language each
    for items in found.values():
        for correction in items:
            assert correction.old != correction.new
            for was, now in correction.changes:
                assert was in correction.old and now in correction.new


def test_a_correction_that_does_not_fit_its_text_is_refused():
    data = content()
    data["corrections"]["items"][0]["now"] = "Centro Nacional de Outras Coisas"
    with pytest.raises(CommandError, match="does not"):
        corrections_by_page(data)
    data = content()
    data["corrections"]["items"][0]["page"] = "testemunhos/ninguem"
    with pytest.raises(CommandError, match="no text of institution"):
        corrections_by_page(data)


# On a site loaded before them ------------------------------------------------------------


def test_an_untouched_site_gets_every_correction_published(client):
    page = loaded_before(cnps())
    head = loaded_before(TeamMemberPage.objects.get(slug_pt="chefe-de-unidade"))
    conventions = loaded_before(PillarPage.objects.get(slug_pt="convencoes-internacionais"))
    before = clocks(page)
    assert page.institution_pt == CNPS_OLD
    assert "Atuariado" in head.title_pt
    assert "(C102)" not in conventions.summary_en

    output = correct()

    page = cnps()
    assert "testemunhos/elisandra-albertina-lopes-de-pina: corrected and published" in output
    assert page.institution_pt == CNPS_NEW
    assert "Centro Nacional de Pensões Sociais (CNPS) ao longo" in page.quote_pt
    assert not page.has_unpublished_changes
    assert page.live_revision.user is None  # by the system
    assert CNPS_NEW in client.get(url_in(page, "pt")).content.decode()
    assert page.title_pt in [entry.title for entry in search("Pensões Sociais", "pt")]
    head.refresh_from_db()
    assert "Estudos Atuariais" in head.title_pt and head.title_pt == head.role_pt
    conventions.refresh_from_db()
    assert "Recommendation No. 202 (R202)" in conventions.summary_en
    assert "Recomendação n.º 202 (R202)" in conventions.summary_pt
    # A correction is not new text for translators.
    assert out_of_date(page) == [] and out_of_date(conventions) == []
    assert clocks(page) == before


def test_the_history_says_what_was_corrected_in_the_readers_language():
    loaded_before(cnps())
    correct()
    page = cnps()
    entry = PageLogEntry.objects.get(page=page, action=ACTION)
    assert entry.user is None and entry.revision_id == page.live_revision_id
    with translation.override("en"):
        assert entry.user_display_name == "system"
        assert entry.message == (
            "Corrected by the site: “Centro Nacional de Prestações Sociais” became "
            "“Centro Nacional de Pensões Sociais” in institution [pt], quote [pt]"
        )
    with translation.override("pt"):
        del entry.message
        assert entry.message.startswith(
            "Corrigido pelo sítio: «Centro Nacional de Prestações Sociais» passou a "
            "«Centro Nacional de Pensões Sociais» em "
        )
    assert (
        PageLogEntry.objects.filter(page=page, action="wagtail.publish").latest("timestamp").user_id
        is None
    )


def test_a_second_run_changes_nothing():
    loaded_before(cnps())
    correct()
    revisions, entries = Revision.objects.count(), PageLogEntry.objects.count()
    output = correct()
    assert "elisandra-albertina-lopes-de-pina: already correct" in output
    assert (Revision.objects.count(), PageLogEntry.objects.count()) == (revisions, entries)


def test_text_staff_changed_is_theirs():
    page = loaded_before(cnps())
    page.institution_pt = "CNPS, Cabo Verde"
    page.save_revision().publish()
    revisions = page.revisions.count()
    correct()
    page = cnps()
    assert page.institution_pt == "CNPS, Cabo Verde"  # staff's text
    assert CNPS_NEW in page.quote_pt  # untouched: corrected
    assert page.revisions.count() == revisions + 1


def test_a_newer_draft_stays_the_latest_and_is_corrected_too():
    page = loaded_before(cnps())
    draft = page.get_latest_revision_as_object()
    draft.position_pt = "Presidente do Conselho de Administração"
    draft.save_revision(user=member_of(EDITORS))

    assert "corrected and published" in correct()

    page = cnps()
    assert page.institution_pt == CNPS_NEW  # live
    assert page.position_pt == "Presidente"  # the draft is not published
    assert page.has_unpublished_changes
    latest = page.get_latest_revision_as_object()
    assert latest.position_pt == "Presidente do Conselho de Administração"
    assert latest.institution_pt == CNPS_NEW


def test_a_draft_with_staffs_text_keeps_it_and_the_live_page_is_corrected():
    page = loaded_before(cnps())
    draft = page.get_latest_revision_as_object()
    draft.institution_pt = "Centro Nacional de Pensões Sociais de Cabo Verde"
    draft.save_revision(user=member_of(EDITORS))
    correct()
    page = cnps()
    assert page.institution_pt == CNPS_NEW
    latest = page.get_latest_revision_as_object()
    assert latest.institution_pt == "Centro Nacional de Pensões Sociais de Cabo Verde"


def test_only_a_draft_holding_the_old_text_gets_a_draft():
    page = cnps()
    draft = page.get_latest_revision_as_object()
    draft.institution_pt = CNPS_OLD
    draft.save_revision(user=member_of(EDITORS))
    live_revision = page.live_revision_id

    assert "corrected in its draft" in correct()

    page = cnps()
    assert page.live_revision_id == live_revision  # nothing published
    assert page.get_latest_revision_as_object().institution_pt == CNPS_NEW
    assert page.get_latest_revision().user is None


def test_a_page_in_moderation_waits():
    page = loaded_before(cnps())
    translator = member_of(TRANSLATORS)
    revision = page.get_latest_revision_as_object().save_revision(user=translator)
    Workflow.objects.get(workflow_pages__page__depth=1).start(page, translator)
    assert revision.pk == cnps().latest_revision_id

    assert "waits (in moderation" in correct()

    page = cnps()
    assert page.workflow_in_progress
    assert page.institution_pt == CNPS_OLD
    assert page.latest_revision_id == revision.pk


def test_the_loader_corrects_an_existing_site():
    loaded_before(cnps())
    out = io.StringIO()
    call_command("load_demo_content", "--if-empty", stdout=out)
    assert "only pages it lacks are added" in out.getvalue()
    assert cnps().institution_pt == CNPS_NEW


def test_the_public_page_reads_the_correction_in_both_languages(client):
    page = loaded_before(cnps())
    correct()
    pt = soup(client.get(url_in(page, "pt"))).get_text()
    assert "Pensões Sociais" in pt and "Prestações Sociais" not in pt
    en = soup(client.get(url_in(page, "en"))).get_text()
    assert "National Centre for Social Benefits" in en


def test_the_team_pages_introduction_says_it_shows_roles(client):
    from team.models import TeamIndexPage

    index = loaded_before(TeamIndexPage.objects.get())
    assert index.introduction_pt.startswith("As pessoas que coordenam")
    assert index.introduction_en.startswith("The people who coordinate")
    output = correct()
    assert "equipa: corrected and published" in output
    index.refresh_from_db()
    assert index.introduction_pt == (
        "As funções da equipa que coordena o programa e acompanha o trabalho em cada país."
    )
    assert index.introduction_en == (
        "The roles in the team that coordinates the programme and follows the work in each country."
    )
    assert "As funções da equipa" in soup(client.get(url_in(index, "pt"))).get_text()
    assert "The roles in the team" in soup(client.get(url_in(index, "en"))).get_text()


def test_a_team_introduction_staff_rewrote_is_theirs():
    from team.models import TeamIndexPage

    index = TeamIndexPage.objects.get()
    index.introduction_en = "Who does what in the programme."
    index.save_revision().publish()
    correct()
    index.refresh_from_db()
    assert index.introduction_en == "Who does what in the programme."
