"""The translation view: a page's or the settings' texts side by side, what changed in the
source marked, saved as an ordinary revision with the editor's permissions, locks and
workflow, in both directions."""

import json
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from wagtail.fields import RichTextField
from wagtail.models import Page, PageLogEntry, Revision, Site, WorkflowState
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import rich_text

from action_portugal.base.permissions import EDITORS, TRANSLATORS
from action_portugal.editing import translation_status, translation_units
from action_portugal.editing.models import FieldChange
from action_portugal.models import SiteSettings
from pillars.models import PillarPage

from .conftest import soup
from .staff import member_of

pytestmark = pytest.mark.django_db

PILLAR = "estudos-atuariais"


def edit(page, **values):
    """A draft saved as the editor saves one (by someone else than the translator)."""
    page = type(page).objects.get(pk=page.pk).get_latest_revision_as_object()
    for name, value in values.items():
        setattr(page, name, value)
    page.save_revision(clean=False)
    return type(page).objects.get(pk=page.pk)


def with_body(page, times=1):
    """The page with a body in both languages, translated block by block (its three blocks
    ``times`` over)."""
    return edit(
        page,
        body_pt=[
            ("heading", "Resultados do estudo"),
            ("paragraph", RichText("<p>O programa apoia <b>cinco</b> países.</p>")),
            ("quote", {"text": "A proteção social é um direito.", "attribution": "OIT"}),
        ]
        * times,
        body_en=[
            ("heading", "Results of the study"),
            ("paragraph", RichText("<p>The programme supports <b>five</b> countries.</p>")),
            ("quote", {"text": "Social protection is a right.", "attribution": "ILO"}),
        ]
        * times,
    )


def changed_in_portuguese(page):
    """The Portuguese summary and the body's paragraph change after the English was done."""
    draft = page.get_latest_revision_as_object()
    body = draft.body_pt
    body[1].value = RichText("<p>O programa apoia <b>seis</b> países lusófonos.</p>")
    return edit(
        page,
        summary_pt="Reforço das capacidades internas das instituições de segurança social de "
        "Angola, para que possam realizar avaliações atuariais periódicas.",
        body_pt=body,
    )


def url(page, source=None, target=None):
    query = f"?from={source}&to={target}" if source else ""
    return f"/admin/translate/page/{page.pk}/{query}"


def form_data(document):
    """The form as a browser sends it, unchanged."""
    form = document.select_one("form[data-tv]")
    data = {"version": form.select_one("[name=version]")["value"]}
    for field in form.select("[name^='text:']"):
        data[field["name"]] = (
            field.get_text() if field.name == "textarea" else field.get("value", "")
        )
    return data


def rows(document):
    return {
        row.select_one("label").get_text(" ", strip=True): row
        for row in document.select("[data-tv-unit]")
    }


def item_for(obj):
    with translation.override("en"):
        return next(
            (item for item in translation_status.status() if item.object_id == obj.pk), None
        )


def revisions(page):
    return Revision.page_revisions.filter(object_id=str(page.pk)).count()


@pytest.fixture
def pillar():
    return changed_in_portuguese(with_body(PillarPage.objects.get(slug_pt=PILLAR)))


@pytest.fixture
def translator(client):
    client.force_login(member_of(TRANSLATORS, username="tradutora", language="pt"))
    return client


class TestShowing:
    def test_both_columns_and_what_changed_word_by_word(self, translator, pillar):
        response = translator.get(url(pillar, "pt", "en"))
        assert response.status_code == 200
        document = soup(response)
        assert (
            document.select_one("h1, h2#header-title")
            .get_text(strip=True)
            .startswith("Traduzir: Estudos atuariais")
        )
        found = rows(document)
        summary = found["Resumo (Inglês)"]
        assert summary["data-state"] == "outdated"
        assert summary.select_one(".tv-state").get_text() == "Alterado no original"
        source = summary.select_one(".tv-source .tv-text")
        assert source["lang"] == "pt"
        assert "seis" not in source.get_text()
        # Markers say what they are to screen readers, not by colour alone.
        assert [ins.get_text() for ins in source.select("ins")] == ["[acrescentado: Angola]"]
        assert [d.get_text() for d in source.select("del")] == [
            "[retirado: dos PALOP e ]",
            "[retirado: Timor-Leste na utilização das ferramentas e modelos atuariais da OIT]",
            "[retirado: , a curto e médio prazo,]",
            "[retirado:  de forma mais autónoma]",
        ]
        target = summary.select_one("textarea")
        assert target["lang"] == "en" and target["name"] == "text:summary"
        assert target.get_text().strip() == pillar.summary_en

        # The body, block beside block: only the paragraph that changed is out of date.
        paragraph = found["Corpo · Texto 1 (Inglês)"]
        assert paragraph["data-state"] == "outdated"
        marks = paragraph.select(".tv-source ins, .tv-source del")
        assert [m.get_text() for m in marks] == [
            "[retirado: cinco]",
            "[acrescentado: seis]",
            "[acrescentado:  lusófonos]",
        ]
        draftail = paragraph.select_one("input[data-draftail-input]")
        assert json.loads(draftail["value"])["blocks"][0]["text"] == (
            "The programme supports five countries."
        )
        options = json.loads(draftail["data-w-init-detail-value"])
        assert [style["type"] for style in options["inlineStyles"]] == ["BOLD", "ITALIC"]
        assert options["ariaLabelledBy"] == paragraph.select_one("label")["id"]
        heading = found["Corpo · Título 1 (Inglês)"]
        assert heading["data-state"] == "done"
        assert heading.select_one(".tv-source .tv-text").get_text() == "Resultados do estudo"
        quote = found["Corpo · Citação 1: Quem o disse (Inglês)"]
        assert quote.select_one("input")["value"] == "ILO"
        assert [h.get_text() for h in document.select(".tv-field h2")] == [
            "Título",
            "Resumo",
            "Corpo",
        ]
        count = document.select_one("[data-tv-count]")
        assert count["aria-live"] == "polite"
        assert count.get_text() == "2 de 6 textos por traduzir"
        assert document.select_one("[data-tv-jump='1']")["href"] == "#" + summary["id"]
        assert document.select_one("[data-tv-jump='-1']")["href"] == "#" + paragraph["id"]
        previews = [a["href"] for a in document.select(".tv-actions a")]
        revision = pillar.latest_revision_id
        assert previews == [
            f"/admin/pages/{pillar.pk}/revisions/{revision}/view/?mode=pt",
            f"/admin/pages/{pillar.pk}/revisions/{revision}/view/?mode=en",
        ]
        for preview, lang in zip(previews, ("pt", "en"), strict=True):
            assert soup(translator.get(preview)).html["lang"] == lang

    def test_the_direction_with_work_to_do_is_chosen(self, translator):
        page = edit(PillarPage.objects.get(slug_pt=PILLAR), summary_en="A new English summary.")
        document = soup(translator.get(url(page)))
        assert document.select_one("[aria-current=page]").get_text() == "De inglês para português"
        summary = rows(document)["Resumo (Português)"]
        assert summary.select_one(".tv-source .tv-text")["lang"] == "en"
        assert summary.select_one("textarea")["lang"] == "pt"
        # Nothing to do: from Portuguese.
        page = PillarPage.objects.exclude(pk=page.pk).order_by("path").first()
        document = soup(translator.get(url(page)))
        assert document.select_one("[aria-current=page]").get_text() == "De português para inglês"
        assert document.select_one("[data-tv-count]").get_text() == "0 de 2 textos por traduzir"

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ("?from=fr&to=en", "“fr” não é uma língua deste sítio (Português / Inglês)."),
            ("?from=en&to=en", "Um texto traduz-se de uma língua para outra: escolha duas."),
        ],
    )
    def test_unknown_or_equal_languages_are_refused_clearly(
        self, translator, pillar, query, message
    ):
        response = translator.get(url(pillar) + query)
        assert response.status_code == 400
        document = soup(response)
        assert message in document.select_one("[role=alert]").get_text()
        assert document.select("[aria-current=page]") == []
        assert document.select_one(".tv-directions a")["href"] == url(pillar, "pt", "en")

    def test_queries_do_not_depend_on_the_body(self, translator, django_assert_num_queries):
        short, long = PillarPage.objects.order_by("path")[:2]
        short = changed_in_portuguese(with_body(short))
        long = changed_in_portuguese(with_body(long, times=10))
        for page in (short, long):
            translator.get(url(page, "pt", "en"))  # caches: content types, the site
            # 40: one is the admin menu asking whether there are forms (contact messages)
            # this person may read.
            with django_assert_num_queries(40):
                assert translator.get(url(page, "pt", "en")).status_code == 200


class TestSaving:
    def test_one_revision_by_the_translator_and_the_status_follows(self, translator, pillar):
        assert set(item_for(pillar).fields) == {"outdated-en"}
        document = soup(translator.get(url(pillar, "pt", "en")))
        data = form_data(document)
        paragraph = rows(document)["Corpo · Texto 1 (Inglês)"].select_one("input")["name"]
        data["text:summary"] = "Strengthening social security institutions.\r\n"
        data[paragraph] = rich_text(
            "<p>The programme supports six Portuguese-speaking countries.</p>"
        )
        before = revisions(pillar)
        response = translator.post(url(pillar, "pt", "en"), data)
        assert response.status_code == 302
        assert response["Location"] == url(pillar, "pt", "en")
        assert revisions(pillar) == before + 1
        pillar.refresh_from_db()
        revision = pillar.latest_revision
        assert revision.user.username == "tradutora"
        draft = revision.as_object()
        assert draft.summary_en == "Strengthening social security institutions."
        assert [
            re.sub(r' data-block-key="\w+"', "", block.value.source)
            for block in draft.body_en
            if block.block_type == "paragraph"
        ] == ["<p>The programme supports six Portuguese-speaking countries.</p>"]
        assert draft.summary_pt.startswith("Reforço das capacidades")  # the source untouched
        assert pillar.live and pillar.summary_en != draft.summary_en  # a draft: nothing live
        log = PageLogEntry.objects.filter(page=pillar).order_by("-timestamp", "-pk").first()
        assert (log.action, log.user.username, log.revision_id) == (
            "wagtail.edit",
            "tradutora",
            revision.pk,
        )
        assert item_for(pillar) is None
        messages = [
            m.get_text(strip=True)
            for m in soup(translator.get(url(pillar, "pt", "en"))).select(".messages li")
        ]
        assert messages == ["“Estudos atuariais” foi guardada como rascunho."]

    def test_english_into_portuguese(self, translator):
        page = edit(PillarPage.objects.get(slug_pt=PILLAR), summary_en="A new English summary.")
        assert set(item_for(page).fields) == {"outdated-pt"}
        data = form_data(soup(translator.get(url(page, "en", "pt"))))
        data["text:summary"] = "Um novo resumo em português."
        assert translator.post(url(page, "en", "pt"), data).status_code == 302
        page.refresh_from_db()
        draft = page.latest_revision.as_object()
        assert (draft.summary_pt, draft.summary_en) == (
            "Um novo resumo em português.",
            "A new English summary.",
        )
        assert item_for(page) is None

    def test_untouched_texts_write_nothing(self, translator, pillar):
        before = revisions(pillar)
        data = form_data(soup(translator.get(url(pillar, "pt", "en"))))
        response = translator.post(url(pillar, "pt", "en"), data, follow=True)
        assert revisions(pillar) == before
        assert "Nenhum texto foi alterado" in soup(response).select_one(".messages").get_text()

    def test_a_first_translation_gets_its_own_address(self, translator, pillar):
        page = edit(pillar, title_en="", slug_en=None)
        data = {
            "version": form_data(soup(translator.get(url(page, "pt", "en"))))["version"],
            "text:title": "Actuarial studies and more",
        }
        assert translator.post(url(page, "pt", "en"), data).status_code == 302
        page.refresh_from_db()
        assert page.latest_revision.as_object().slug_en == "actuarial-studies-and-more"

    def test_submitting_starts_the_workflow_and_an_editor_approves(
        self, translator, client, pillar
    ):
        data = form_data(soup(translator.get(url(pillar, "pt", "en"))))
        data["text:summary"] = "Strengthening social security institutions."
        data["submit"] = ""
        assert translator.post(url(pillar, "pt", "en"), data).status_code == 302
        pillar.refresh_from_db()
        state = pillar.current_workflow_state
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.requested_by.username == "tradutora"
        assert state.current_task_state.revision_id == pillar.latest_revision_id
        assert pillar.summary_en != "Strengthening social security institutions."
        # Awaiting the Editors: locked for the translator, here as in the editor.
        document = soup(translator.get(url(pillar, "pt", "en")))
        assert "Não pode ser guardada" in document.select_one(".help-warning").get_text()
        assert document.select("button[name=save], button[name=submit]") == []

        client.force_login(member_of(EDITORS, language="en"))
        state.current_task_state.task.specific.on_action(
            state.current_task_state, User.objects.get(groups__name=EDITORS), "approve"
        )
        pillar.refresh_from_db()
        assert pillar.summary_en == "Strengthening social security institutions."

    def test_resubmitting_after_changes_were_asked(self, translator, pillar):
        data = form_data(soup(translator.get(url(pillar, "pt", "en"))))
        data["text:summary"] = "A rough translation."
        data["submit"] = ""
        translator.post(url(pillar, "pt", "en"), data)
        pillar.refresh_from_db()
        state = pillar.current_workflow_state
        task_state = state.current_task_state
        task_state.task.specific.on_action(task_state, member_of(EDITORS), "reject")
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

        data = form_data(soup(translator.get(url(pillar, "pt", "en"))))
        data["text:summary"] = "A careful translation."
        data["submit"] = ""
        assert translator.post(url(pillar, "pt", "en"), data).status_code == 302
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert WorkflowState.objects.filter(object_id=str(pillar.pk)).count() == 1


def refused(client, page, document, message):
    """The form sent with a translation typed, refused with ``message``: nothing written,
    and the form back with the translation kept."""
    before = revisions(page)
    data = {**form_data(document), "text:summary": "Typed, and kept."}
    response = client.post(url(page, "pt", "en"), data)
    assert response.status_code == 200
    assert revisions(page) == before
    shown = soup(response)
    assert message in shown.select_one(".messages").get_text()
    assert shown.select_one("textarea[name='text:summary']").get_text().strip() == (
        "Typed, and kept."
    )
    return shown


class TestRefusals:
    def test_who_may_not_edit_the_page_may_not_translate_it(self, client, pillar):
        user = member_of("", username="nobody")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(user)
        assert client.get(url(pillar, "pt", "en")).status_code == 403
        assert client.post(url(pillar, "pt", "en"), {"text:summary": "x"}).status_code == 403

    def test_a_page_locked_by_someone_else(self, translator, pillar):
        document = soup(translator.get(url(pillar, "pt", "en")))
        Page.objects.filter(pk=pillar.pk).update(
            locked=True, locked_by=member_of(EDITORS), locked_at=pillar.latest_revision_created_at
        )
        page = refused(translator, pillar, document, "Nada foi guardado.")
        assert "bloqueada" in page.select_one(".help-warning").get_text()

    def test_someone_saved_meanwhile(self, translator, pillar):
        document = soup(translator.get(url(pillar, "pt", "en")))
        edit(pillar, title_pt="Estudos atuariais e financeiros")  # an editor, meanwhile
        before = revisions(pillar)
        page = refused(translator, pillar, document, "Outra pessoa guardou")
        # The source as it is now, and a version that saves.
        assert rows(page)["Título (Inglês)"]["data-state"] == "outdated"
        again = form_data(page)
        assert translator.post(url(pillar, "pt", "en"), again).status_code == 302
        assert revisions(pillar) == before + 1

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"text:body#nope": "x"}, "Estes textos já não estão nesta página: body#nope."),
            ({"text:title": "x" * 300}, "no máximo 255 caracteres"),
            ({"text:title": "nul\x00"}, "Não são permitidos caracteres nulos."),
            ({"paragraph": "{not json"}, "Este texto não pôde ser lido"),
            ({"version": None}, "Este formulário está incompleto"),
        ],
    )
    def test_bad_input_writes_nothing_and_says_why(self, translator, pillar, change, message):
        document = soup(translator.get(url(pillar, "pt", "en")))
        data = form_data(document)
        data["text:summary"] = "A good translation that must not be saved with the rest."
        for key, value in change.items():
            if key == "paragraph":
                key = rows(document)["Corpo · Texto 1 (Inglês)"].select_one("input")["name"]
            if value is None:
                data.pop(key)
            else:
                data[key] = value
        before = revisions(pillar)
        response = translator.post(url(pillar, "pt", "en"), data)
        assert response.status_code == 200
        assert revisions(pillar) == before
        assert message in response.content.decode()
        assert soup(response).select_one("textarea[name='text:summary']").get_text().strip() == (
            "A good translation that must not be saved with the rest."
        )


class TestUpToDate:
    def test_a_field_marked_up_to_date(self, translator, pillar):
        document = soup(translator.get(url(pillar, "pt", "en")))
        buttons = [b["value"] for b in document.select("button[name=up_to_date]")]
        assert buttons == ["summary", "body"]
        data = {**form_data(document), "up_to_date": "summary"}
        response = translator.post(url(pillar, "pt", "en"), data)
        assert response.status_code == 302
        assert set(item_for(pillar).fields) == {"outdated-en"}
        assert item_for(pillar).fields["outdated-en"] == ["body"]
        document = soup(translator.get(url(pillar, "pt", "en")))
        assert rows(document)["Resumo (Inglês)"]["data-state"] == "done"
        assert "“Resumo” marcado como atualizado." in document.select_one(".messages").get_text()

    def test_what_was_typed_is_kept(self, translator, pillar):
        data = form_data(soup(translator.get(url(pillar, "pt", "en"))))
        data["text:summary"] = "Typed, not saved yet."
        data["up_to_date"] = "body"
        before = revisions(pillar)
        response = translator.post(url(pillar, "pt", "en"), data)
        assert response.status_code == 200
        assert revisions(pillar) == before
        page = soup(response)
        assert page.select_one("textarea[name='text:summary']").get_text().strip() == (
            "Typed, not saved yet."
        )
        assert rows(page)["Corpo · Texto 1 (Inglês)"]["data-state"] == "done"
        assert item_for(pillar).fields == {"outdated-en": ["summary"]}

    def test_an_unknown_field(self, translator, pillar):
        data = {**form_data(soup(translator.get(url(pillar, "pt", "en")))), "up_to_date": "nope"}
        response = translator.post(url(pillar, "pt", "en"), data)
        assert response.status_code == 200
        assert "Este texto já não está aqui." in response.content.decode()


class TestSettings:
    def test_translated_and_saved_directly(self, client):
        settings = SiteSettings.objects.get()
        partner = settings.partners.first()
        partner.name_en = ""
        partner.save()
        settings.footer_text_pt = "O programa da OIT para a proteção social."
        settings.save()
        site = settings.site
        client.force_login(member_of(EDITORS, language="pt"))
        response = client.get(f"/admin/translate/settings/{site.pk}/")
        document = soup(response)
        assert "não têm rascunhos" in document.select_one(".help-info").get_text()
        assert document.select("button[name=submit]") == []
        assert rows(document)["Texto do rodapé (Inglês)"]["data-state"] == "outdated"
        assert rows(document)["Parceiro 1: nome (Inglês)"]["data-state"] == "missing"
        data = form_data(document)
        data["text:footer_text"] = "The ILO's programme for social protection."
        data["text:partners.1.name"] = "International Labour Organization"
        response = client.post(f"/admin/translate/settings/{site.pk}/?from=pt&to=en", data)
        assert response.status_code == 302
        settings = SiteSettings.objects.get()
        assert settings.footer_text_en == "The ILO's programme for social protection."
        assert settings.partners.first().name_en == "International Labour Organization"
        assert item_for(settings) is None

    def test_saved_meanwhile_and_refused_to_translators(self, client):
        site = Site.objects.get(is_default_site=True)
        client.force_login(member_of(EDITORS, language="pt"))
        data = form_data(soup(client.get(f"/admin/translate/settings/{site.pk}/")))
        settings = SiteSettings.objects.get()
        settings.address_pt = "Lisboa"
        settings.save()
        data["text:footer_text"] = "Mine."
        response = client.post(f"/admin/translate/settings/{site.pk}/?from=pt&to=en", data)
        assert "Outra pessoa guardou" in response.content.decode()
        assert SiteSettings.objects.get().footer_text_en != "Mine."
        client.force_login(member_of(TRANSLATORS))
        assert client.get(f"/admin/translate/settings/{site.pk}/").status_code == 403


class TestWhereItIs:
    def test_from_the_status_the_editor_the_listing_and_the_settings(self, translator, pillar):
        document = soup(translator.get("/admin/translation-status/"))
        row = next(
            tr for tr in document.select("table.listing tbody tr") if "Estudos" in tr.get_text()
        )
        assert row.select_one("td.title a")["href"] == f"/admin/pages/{pillar.pk}/edit/"
        assert row.select_one("a.translation-translate")["href"] == url(pillar, "pt", "en")

        editor = soup(translator.get(f"/admin/pages/{pillar.pk}/edit/"))
        links = [
            a["href"]
            for a in editor.select("a")
            if a.get("href", "").startswith("/admin/translate/")
        ]
        assert links.count(url(pillar)) == 2  # the header's menu and the menu of actions

        listing = translator.get(f"/admin/pages/{pillar.get_parent().pk}/").content.decode()
        assert url(pillar) in listing

        settings = SiteSettings.objects.get()
        translator.force_login(member_of(EDITORS, language="pt"))
        edit_settings = soup(
            translator.get(f"/admin/settings/action_portugal/sitesettings/{settings.site_id}/")
        )
        assert edit_settings.select_one(f"a[href='/admin/translate/settings/{settings.site_id}/']")


class TestUnits:
    def test_a_space_between_replaced_words_is_one_change(self):
        assert translation_units.word_changes("um dois três.", "quatro cinco seis.") == [
            ("delete", "um dois três"),
            ("insert", "quatro cinco seis"),
            ("equal", "."),
        ]

    def test_rich_text_is_read_as_words_and_plain_text_as_it_is(self):
        assert translation_units.word_changes(
            "<p>P&amp;D</p>", "<p>P&amp;D e mais</p>", rich=True
        ) == [("equal", "P&D"), ("insert", " e mais")]
        assert translation_units.word_changes("x <b> y", "x <b> z") == [
            ("equal", "x <b> "),
            ("delete", "y"),
            ("insert", "z"),
        ]

    def test_the_settings_children_are_written_with_them(self):
        settings = SiteSettings.objects.get()
        translation_units.apply(settings, "pt", "en", {"partners.2.name": "ITCILO"})
        settings.save()
        assert [p.name_en for p in SiteSettings.objects.get().partners.all()][1] == "ITCILO"
        clock = FieldChange.objects.get(
            content_type=ContentType.objects.get_for_model(SiteSettings),
            field="partners.2.name",
            language="en",
        )
        assert not clock.empty

    def test_a_rich_text_field_is_rich_text(self):
        assert translation_units._kind(RichTextField()) == translation_units.RICH_TEXT
