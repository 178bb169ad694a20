"""XLIFF out and in: the file a translator's tool reads (units, notes, inline tags, existing
translations and their states), the round trip through a file edited as such a tool edits it,
and every file that is refused, with nothing written."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree
from wagtail.models import Page, Revision
from wagtail.rich_text import RichText

from action_portugal.base.permissions import EDITORS, TRANSLATORS
from action_portugal.editing import translation_status, translation_units
from action_portugal.models import SiteSettings
from pillars.models import PillarPage
from timeline.factories import StoryPageFactory
from timeline.models import StoryPage, TimelineIndexPage

from .conftest import soup
from .staff import member_of, prefer

pytestmark = pytest.mark.django_db

NS = "urn:oasis:names:tc:xliff:document:1.2"
X = {"x": NS}
EXPORT = "/admin/translation-status/export/"
IMPORT = "/admin/translation-status/import/"


def a_story(**values):
    """A story whose Portuguese body has a paragraph with bold and two links (to a site and
    to a page), a list and a heading; its English body is still to write."""
    pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
    paragraph = (
        '<p data-block-key="k1">O programa <b>apoia</b> a <a href="https://www.ilo.org/pt">OIT</a>'
        f' e os <a linktype="page" id="{pillar.pk}">estudos</a>.</p>'
        '<ul><li data-block-key="k2">Cabo <i>Verde</i></li>'
        '<li data-block-key="k3">Moçambique</li></ul>'
    )
    defaults = {
        "title_pt": "Seminário em Maputo",
        "title_en": "Seminar in Maputo",
        "summary_pt": "Um seminário sobre proteção social.",
        "summary_en": "A seminar on social protection.",
        "body_pt": [("paragraph", RichText(paragraph)), ("heading", "Resultados")],
        "body_en": [],
    }
    page = StoryPageFactory(parent=TimelineIndexPage.objects.get(), **{**defaults, **values})
    return StoryPage.objects.get(pk=page.pk)


def block_ids(page, language="pt"):
    return [child.id for child in getattr(page, f"body_{language}")]


def export(client, *objects, direction="pt-en", scope="chosen"):
    params = {"direction": direction, "scope": scope, "object": list(objects)}
    response = client.get(EXPORT, params)
    return response


def parsed(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/x-xliff+xml")
    return etree.fromstring(response.content)


def units(root, original=None):
    files = root.findall("x:file", X)
    if original is not None:
        files = [node for node in files if node.get("original") == original]
    return {unit.get("id"): unit for node in files for unit in node.iterfind(".//x:trans-unit", X)}


def notes(unit):
    return [note.text for note in unit.findall("x:note", X)]


def inner(element):
    """An element's content as XML, without its own tag and namespace declarations."""
    text = etree.tostring(element, encoding="unicode")
    text = text.replace(f' xmlns="{NS}"', "")
    return text[text.index(">") + 1 : text.rindex("<")]


def translate(data, targets, drop=(), add=None):
    """The file as a translation tool gives it back: each ``<target>`` of ``targets``
    (``{unit id: inline XML}``) written after its source, with its tags; nothing reordered."""
    root = etree.fromstring(data)
    for unit in root.iterfind(".//x:trans-unit", X):
        if unit.get("id") in drop:
            unit.getparent().remove(unit)
            continue
        if unit.get("id") not in targets:
            continue
        old = unit.find("x:target", X)
        if old is not None:
            unit.remove(old)
        target = etree.fromstring(f'<target xmlns="{NS}">{targets[unit.get("id")]}</target>')
        target.set("state", "translated")
        unit.find("x:source", X).addnext(target)
    if add is not None:
        root.find(".//x:body", X).append(etree.fromstring(add))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def upload(client, data, name="traducao.xlf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data, "application/xml")})


def confirm(client, preview):
    token = soup(preview).select_one("input[name=preview]")
    assert token is not None, soup(preview).get_text(" ", strip=True)[:2000]
    return client.post(IMPORT, {"preview": token["value"]})


def body_targets(page, paragraph, first, second, heading):
    paragraph_id, heading_id = block_ids(page)
    return {
        f"body#{paragraph_id}/1": paragraph,
        f"body#{paragraph_id}/2": first,
        f"body#{paragraph_id}/3": second,
        f"body#{heading_id}": heading,
    }


ENGLISH = {
    "paragraph": 'The programme <g id="1" ctype="bold">supports</g> the '
    '<g id="2" ctype="link">ILO</g> and the <g id="3" ctype="link">studies</g>.',
    "first": 'Cape <g id="1" ctype="italic">Verde</g>',
    "second": "Mozambique",
    "heading": "Results",
}


@pytest.fixture
def translator(client):
    client.force_login(member_of(TRANSLATORS, language="en"))
    return client


# Export --------------------------------------------------------------------------------------


def test_a_chosen_page_is_one_file_element_with_its_units_notes_and_tags(translator):
    page = a_story()
    response = export(translator, f"page/{page.pk}")
    assert response["Content-Disposition"] == (
        f'attachment; filename="action-portugal-pt-en-{timezone.localdate():%Y-%m-%d}.xlf"'
    )
    root = parsed(response)
    assert root.get("version") == "1.2"
    (file_node,) = root.findall("x:file", X)
    assert file_node.get("original") == f"page/{page.pk}"
    assert file_node.get("build-num") == str(page.latest_revision_id)
    assert (file_node.get("source-language"), file_node.get("target-language")) == (
        "pt-PT",
        "en-GB",
    )
    found = units(root)
    paragraph_id, heading_id = block_ids(page)
    assert list(found) == [
        "title",
        "summary",
        f"body#{paragraph_id}/1",
        f"body#{paragraph_id}/2",
        f"body#{paragraph_id}/3",
        f"body#{heading_id}",
    ]
    # Inline markup is XLIFF's own tags; where links lead stays on the site.
    paragraph = found[f"body#{paragraph_id}/1"]
    assert inner(paragraph.find("x:source", X)) == (
        'O programa <g id="1" ctype="bold">apoia</g> a <g id="2" ctype="link">OIT</g> e os '
        '<g id="3" ctype="link">estudos</g>.'
    )
    assert "href" not in response_text(root) and "linktype" not in response_text(root)
    assert inner(found[f"body#{paragraph_id}/2"].find("x:source", X)) == (
        'Cabo <g id="1" ctype="italic">Verde</g>'
    )
    # Existing translations go with their state; texts still to write have no target.
    title = found["title"]
    assert title.find("x:target", X).text == "Seminar in Maputo"
    assert title.find("x:target", X).get("state") == "translated"
    assert title.get("maxwidth") == "255" and title.get("size-unit") == "char"
    assert paragraph.find("x:target", X) is None
    # What a translator needs to know, in their own language.
    assert notes(title)[:2] == ["Page: Seminário em Maputo", "Field: title"]
    assert "Field: body · Text 1, part 1 of 3" in notes(paragraph)
    assert "Not translated yet." in notes(paragraph)


def response_text(root):
    return etree.tostring(root, encoding="unicode")


def test_everything_missing_or_out_of_date_in_one_direction(translator):
    missing = a_story(title_pt="Falta o resumo", summary_en="")
    outdated = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
    draft = outdated.get_latest_revision_as_object()
    draft.summary_pt = "Um resumo novo, acabado de escrever."
    draft.save_revision(clean=False)
    root = parsed(export(translator, scope="everything"))
    originals = [node.get("original") for node in root.findall("x:file", X)]
    assert sorted(originals) == sorted([f"page/{missing.pk}", f"page/{outdated.pk}"])
    # Only what is to do: the missing body and summary of one, the changed summary of the other.
    assert set(units(root, f"page/{outdated.pk}")) == {"summary"}
    assert "summary" in units(root, f"page/{missing.pk}")
    assert "title" not in units(root, f"page/{missing.pk}")
    summary = units(root, f"page/{outdated.pk}")["summary"]
    assert summary.find("x:target", X).get("state") == "needs-review-translation"
    assert summary.find("x:target", X).text == outdated.summary_en
    assert "Out of date: the source changed since it was last translated." in notes(summary)
    (changes,) = [note for note in notes(summary) if note.startswith("What changed")]
    assert changes.startswith("What changed in the source ([-removed-], {+added+}): ")
    assert "[-O acordo da terceira fase" in changes and "{+Um resumo novo, acabado+}" in changes

    # From English to Portuguese there is nothing to do.
    response = export(translator, direction="en-pt", scope="everything")
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["There is nothing to translate in that direction."]


def test_the_status_screen_offers_both(translator):
    a_story(summary_en="")
    document = soup(translator.get("/admin/translation-status/"))
    form = document.select_one("form#translation-export")
    assert form["action"] == EXPORT
    assert [o["value"] for o in form.select("select[name=direction] option")] == [
        "pt-en",
        "en-pt",
    ]
    boxes = document.select('input[type=checkbox][form="translation-export"]')
    assert boxes and all(box.get("aria-label") for box in boxes)
    upload_form = document.select_one(f'form[action="{IMPORT}"]')
    assert upload_form["enctype"] == "multipart/form-data"


def test_exporting_nothing_ticked_says_so(translator):
    response = export(translator)
    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages] == [
        "Tick the pages and settings to put in the file, or export everything to do."
    ]


def test_export_costs_the_same_for_each_page(translator):
    """The pages and their latest revisions are read together, whatever their number; each
    page then costs the same: Wagtail's making its draft from the revision (its parent,
    locale, revisions and comments: six queries) and reading its translation clocks."""
    pages = []
    for n in range(6):
        page = a_story(title_pt=f"Seminário {n}", title_en=f"Seminar {n}")
        draft = page.get_latest_revision_as_object()
        draft.summary_en = f"A draft summary {n}."
        draft.save_revision(clean=False)
        pages.append(page)
    export(translator, f"page/{pages[0].pk}")  # the user's permissions, read once

    def queries(chosen):
        with CaptureQueriesContext(connection) as captured:
            root = parsed(export(translator, *[f"page/{page.pk}" for page in chosen]))
        assert len(root.findall("x:file", X)) == len(chosen)
        return len(captured)

    assert [queries(pages[:1]), queries(pages[:3]), queries(pages)] == [17, 31, 52]


# The round trip ------------------------------------------------------------------------------


def test_round_trip_through_a_translation_tool(translator):
    page = a_story(summary_en="")
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).count()
    data = export(translator, f"page/{page.pk}").content
    edited = translate(
        data,
        {
            "summary": "A seminar on social protection, in Maputo.",
            **body_targets(page, **ENGLISH),
        },
    )
    preview = upload(translator, edited)
    assert preview.status_code == 200
    document = soup(preview)
    assert document.select_one("[role=alert]") is None, document.get_text(" ", strip=True)
    rows = document.select(".translation-import-entry tbody tr")
    assert [row.th.get_text(strip=True) for row in rows] == [
        "summary",
        "body · Text 1",
        "body · Heading 1",
    ]
    new = rows[1].select("td")[1]
    assert new.select_one("b").get_text() == "supports"
    assert new.select_one('a[href="https://www.ilo.org/pt"]').get_text() == "ILO"

    response = confirm(translator, preview)
    assert response.status_code == 302
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == revisions + 1
    page = StoryPage.objects.get(pk=page.pk)
    revision = page.latest_revision
    assert revision.user.groups.get().name == TRANSLATORS
    draft = page.get_latest_revision_as_object()
    assert draft.summary_en == "A seminar on social protection, in Maputo."
    pillar = PillarPage.objects.get(slug_pt="estudos-atuariais")
    paragraph, heading = draft.body_en
    assert paragraph.value.source == (
        '<p data-block-key="k1">The programme <b>supports</b> the '
        '<a href="https://www.ilo.org/pt">ILO</a> and the '
        f'<a linktype="page" id="{pillar.pk}">studies</a>.</p>'
        '<ul><li data-block-key="k2">Cape <i>Verde</i></li>'
        '<li data-block-key="k3">Mozambique</li></ul>'
    )
    assert heading.value == "Results"
    assert [child.id for child in draft.body_en] == block_ids(page)
    # Submitted for review, and nothing is left to translate on it.
    assert page.current_workflow_state.status == "in_progress"
    assert page.live and len(page.body_en) == 0  # what visitors see waits for the review
    assert not any(i.object_id == page.pk for i in translation_status.status())


def test_a_new_round_trip_keeps_each_translations_own_links(translator):
    """Links whose translation leads elsewhere (the English site of the ILO) keep leading
    there: a translated text is rebuilt from the site's own links, not from the file."""
    page = a_story()
    data = export(translator, f"page/{page.pk}").content
    confirm(translator, upload(translator, translate(data, body_targets(page, **ENGLISH))))
    draft = StoryPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    body = draft.body_en.get_prep_value()
    body[0]["value"] = body[0]["value"].replace("www.ilo.org/pt", "www.ilo.org/en")
    draft.body_en = body
    draft.save_revision(clean=False)
    draft.current_workflow_state.cancel(user=member_of(EDITORS))  # reviewed meanwhile

    data = export(translator, f"page/{page.pk}").content
    paragraph_id = block_ids(page)[0]
    existing = units(etree.fromstring(data))[f"body#{paragraph_id}/1"].find("x:target", X)
    assert 'ctype="link">ILO</g>' in inner(existing)
    edited = translate(
        data,
        {
            f"body#{paragraph_id}/1": '<g id="1" ctype="bold">Supporting</g> the '
            '<g id="2" ctype="link">ILO</g> and its <g id="3" ctype="link">studies</g>.'
        },
    )
    confirm(translator, upload(translator, edited))
    draft = StoryPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    source = draft.body_en[0].value.source
    assert '<a href="https://www.ilo.org/en">ILO</a>' in source
    assert source.startswith('<p data-block-key="k1"><b>Supporting</b> the')


def test_settings_round_trip(editor):
    client = editor("en")
    settings = SiteSettings.objects.get()
    data = export(client, f"settings/{settings.pk}").content
    found = units(etree.fromstring(data))
    assert "footer_text" in found and "partners.1.name" in found
    edited = translate(
        data, {"footer_text": "A new footer.", "partners.1.name": "International Labour Office"}
    )
    response = confirm(client, upload(client, edited))
    assert response.status_code == 302
    settings = SiteSettings.objects.get()
    assert settings.footer_text_en == "A new footer."
    assert settings.partners.first().name_en == "International Labour Office"


def test_apply_writes_the_settings_children():
    """``apply`` on the settings (not a revision: their children come from the database)
    leaves its children for the save, not in objects it throws away."""
    settings = SiteSettings.objects.get()
    translation_units.apply(settings, "pt", "en", {"partners.1.name": "ILO"})
    settings.save()
    assert SiteSettings.objects.get().partners.first().name_en == "ILO"


def test_hostile_text_stays_text(translator):
    page = a_story()
    data = export(translator, f"page/{page.pk}").content
    targets = body_targets(page, **ENGLISH)
    paragraph_id = block_ids(page)[0]
    targets[f"body#{paragraph_id}/3"] = (
        '&lt;script&gt;alert(1)&lt;/script&gt;&lt;a href="javascript:alert(2)"&gt;x&lt;/a&gt;'
    )
    targets["summary"] = "&lt;script&gt;alert(3)&lt;/script&gt;"
    preview = upload(translator, translate(data, targets))
    document = soup(preview)
    assert not [s for s in document.select("script") if "alert" in s.get_text()]
    assert not document.select('a[href^="javascript:"]')
    assert "<script>alert(1)</script>" in document.select_one(".translation-import-entry").text
    confirm(translator, preview)
    draft = StoryPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    source = draft.body_en[0].value.source
    assert "<script" not in source and "javascript:" not in source.split("&lt;a")[0]
    assert '<li data-block-key="k3">&lt;script&gt;alert(1)&lt;/script&gt;&lt;a href=' in source
    assert draft.summary_en == "<script>alert(3)</script>"  # text, escaped wherever shown


# Refused files -------------------------------------------------------------------------------


def revision_count():
    return Revision.objects.count()


def refused(client, data, *expected):
    before = revision_count()
    response = upload(client, data)
    assert response.status_code == 200
    text = soup(response).get_text(" ", strip=True)
    for message in expected:
        assert message in text, text
    assert "Nothing was written." in text
    assert soup(response).select_one("input[name=preview]") is None
    assert revision_count() == before
    return text


@pytest.fixture
def exported(translator):
    page = a_story()
    data = export(translator, f"page/{page.pk}").content
    return page, data


def test_not_well_formed(translator, exported):
    _page, data = exported
    refused(translator, data[: len(data) // 2], "The file is not well-formed XML (line")


@pytest.mark.parametrize(
    "data",
    [
        b"<html><body>Not a translation</body></html>",
        b'<xliff version="1.1" xmlns="urn:oasis:names:tc:xliff:document:1.1"><file '
        b'original="page/1" source-language="pt" target-language="en" datatype="html">'
        b"<body/></file></xliff>",
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="pt"/>',
    ],
)
def test_not_xliff_1_2(translator, data):
    refused(translator, data, "The file is not XLIFF 1.2.")


def test_entities_are_refused_and_never_expanded(translator, exported):
    _page, data = exported
    bomb = (
        b'<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c SYSTEM "file:///etc/passwd">]>\n'
    )
    body = data.split(b"?>", 1)[1].replace(b"Seminar in Maputo", b"&b;&c;")
    refused(translator, bomb + body, "The file declares a DTD")


def test_too_big(translator):
    refused(translator, b" " * (5 * 1024 * 1024 + 1), "The file is bigger than 5 MB.")


def test_other_languages(translator, exported):
    _page, data = exported
    refused(
        translator,
        data.replace(b'target-language="en-GB"', b'target-language="fr-FR"'),
        "The file is not from Portuguese to English or from English to Portuguese",
    )


def test_a_unit_the_page_does_not_have(translator, exported):
    page, data = exported
    extra = (
        f'<trans-unit xmlns="{NS}" id="nonsense"><source>Olá</source>'
        "<target>Hello</target></trans-unit>"
    )
    refused(
        translator,
        translate(data, {"summary": "A summary."}, add=extra),
        f"Seminar in Maputo (page/{page.pk}) · text nonsense, line",
        "This text is not on the page as it is now",
    )


@pytest.mark.parametrize(
    ("segment", "text", "message"),
    [
        ("first", "Cape Verde", "Part 2: tags of the source missing from the translation: 1."),
        (
            "second",
            'Mo<g id="9" ctype="bold">zam</g>bique',
            "Part 3: tags added that the source does not have: 9.",
        ),
        (
            "first",
            'Cape <g id="1" ctype="bold">Verde</g>',
            "Part 2: tag 1 was changed into another kind.",
        ),
        (
            "first",
            'Cape <g id="1" ctype="italic">Ver</g><g id="1" ctype="italic">de</g>',
            "Part 2: tags used more than once: 1.",
        ),
        (
            "first",
            'Cape <bpt id="1">[</bpt>Verde',
            "Part 2: the element <bpt> cannot be read back.",
        ),
    ],
)
def test_tags_that_do_not_match_the_source(translator, exported, segment, text, message):
    """The translation's tags in a list item of the body: each must be the source's own,
    once."""
    page, data = exported
    body = {"body": ENGLISH["paragraph"], "first": ENGLISH["first"], "second": "Mozambique"}
    body[segment] = text
    targets = body_targets(page, body["body"], body["first"], body["second"], "Results")
    refused(translator, translate(data, targets), message)


def test_tags_in_a_plain_text(translator, exported):
    _page, data = exported
    refused(
        translator,
        translate(data, {"summary": 'A <g id="1" ctype="bold">bold</g> summary'}),
        "Tags were added to a text that has none",
    )


@pytest.mark.parametrize(
    ("drop", "message"),
    [
        (True, "Parts missing from the file: body#{id}/3."),
        (False, "Only part of this text is translated; these parts are empty: body#{id}/3."),
    ],
)
def test_a_rich_text_in_part(translator, exported, drop, message):
    """A rich text's third part dropped from the file, or left untranslated."""
    page, data = exported
    paragraph_id = block_ids(page)[0]
    targets = body_targets(page, **ENGLISH)
    del targets[f"body#{paragraph_id}/3"]
    dropped = [f"body#{paragraph_id}/3"] if drop else []
    refused(translator, translate(data, targets, drop=dropped), message.format(id=paragraph_id))


def test_the_source_changed_since_the_export(translator, exported):
    page, data = exported
    draft = page.get_latest_revision_as_object()
    draft.summary_pt = "Um seminário sobre proteção social, revisto."
    draft.save_revision(clean=False)
    refused(
        translator,
        translate(data, {"summary": "A seminar."}),
        "The source text has changed since the file was exported",
    )


def test_a_page_deleted_since_the_export(translator, exported):
    page, data = exported
    Page.objects.get(pk=page.pk).delete()
    refused(
        translator,
        translate(data, {"summary": "A seminar."}),
        f"page/{page.pk}, line 3",
        "It no longer exists on the site.",
    )


def test_a_translation_too_long(translator, exported):
    _page, data = exported
    refused(
        translator,
        translate(data, {"title": "Seminar " * 40}),
        "“title” has 319 characters; at most 255 fit.",
    )


def test_settings_without_the_right_to_change_them(editor, client):
    settings = SiteSettings.objects.get()
    data = editor("en").get(EXPORT, {"direction": "pt-en", "object": f"settings/{settings.pk}"})
    client.force_login(member_of(TRANSLATORS, language="en"))
    refused(
        client,
        translate(data.content, {"footer_text": "A footer."}),
        "You may not change the site settings.",
    )
    assert SiteSettings.objects.get().footer_text_en != "A footer."


def test_a_page_the_user_may_not_edit(translator, exported, django_user_model):
    from django.contrib.auth.models import Group, Permission

    _page, data = exported
    viewer = django_user_model.objects.create_user("viewer", "viewer@example.org", "long-enough")
    group = Group.objects.create(name="Admin only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    viewer.groups.add(group)
    prefer(viewer, "en")
    translator.force_login(viewer)
    refused(translator, translate(data, {"summary": "A seminar."}), "You may not edit this page.")


def test_a_locked_page(translator, exported):
    page, data = exported
    page.locked, page.locked_by = True, member_of(EDITORS)
    page.locked_at = timezone.now()
    page.save()
    refused(translator, translate(data, {"summary": "A seminar."}), "This page is locked")


def test_a_tampered_preview_writes_nothing(translator, exported):
    page, data = exported
    preview = upload(translator, translate(data, {"summary": "A seminar."}))
    token = soup(preview).select_one("input[name=preview]")["value"]
    before = revision_count()
    response = translator.post(IMPORT, {"preview": token[:-3] + "abc"})
    assert "This preview has expired or was altered" in response.content.decode()
    assert revision_count() == before


def test_a_change_after_the_preview_shows_it_again(translator, exported):
    page, data = exported
    preview = upload(translator, translate(data, {"summary": "A seminar."}))
    draft = page.get_latest_revision_as_object()
    draft.summary_en = "Someone else's summary."
    draft.save_revision(clean=False)
    before = revision_count()
    response = confirm(translator, preview)
    assert response.status_code == 200
    text = soup(response).get_text(" ", strip=True)
    assert "The site changed since the preview: nothing was written." in text
    assert "Someone else's summary." in text  # the translation now, beside the file's
    assert revision_count() == before
    confirm(translator, response)  # confirmed again, it is written
    assert revision_count() == before + 1


def test_refusals_in_the_translators_language(client, exported):
    _page, data = exported
    client.force_login(member_of(TRANSLATORS, username="tradutora", language="pt"))
    text = refused_text(client, data[:100])
    assert "O ficheiro não é XML bem formado (linha" in text and "Nada foi escrito." in text


def refused_text(client, data):
    response = upload(client, data)
    return soup(response).get_text(" ", strip=True)


def test_an_untouched_file_changes_nothing(translator, exported):
    _page, data = exported
    response = upload(translator, data)
    text = soup(response).get_text(" ", strip=True)
    assert "there is nothing to import" in text
    assert soup(response).select_one("input[name=preview]") is None


def test_a_page_with_nothing_to_translate(translator, exported):
    """The tree's root is a page too, of no type of ours: neither exported nor imported."""
    page, data = exported
    root = Page.get_first_root_node()
    response = export(translator, f"page/{root.pk}")
    assert response.status_code == 302
    refused(
        translator,
        translate(data, {"summary": "A seminar."}).replace(
            f'original="page/{page.pk}"'.encode(), f'original="page/{root.pk}"'.encode()
        ),
        "It has no texts to translate.",
    )


def test_a_tag_without_its_id(translator, exported):
    page, data = exported
    targets = body_targets(page, **{**ENGLISH, "first": 'Cape <g ctype="italic">Verde</g>'})
    refused(translator, translate(data, targets), "cannot be read: a tag in it has no id.")


def test_from_english_to_portuguese(translator):
    page = a_story()
    draft = page.get_latest_revision_as_object()
    draft.summary_pt = ""  # a draft written in English first
    draft.save_revision(clean=False)
    root = parsed(export(translator, direction="en-pt", scope="everything"))
    (file_node,) = root.findall("x:file", X)
    assert (file_node.get("source-language"), file_node.get("target-language")) == (
        "en-GB",
        "pt-PT",
    )
    assert list(units(root)) == ["summary"]
    edited = translate(etree.tostring(root), {"summary": "Um seminário sobre proteção social."})
    confirm(translator, upload(translator, edited))
    draft = StoryPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.summary_pt == "Um seminário sobre proteção social."


def test_identical_tags_pair_one_by_one():
    """Two identical bold words in a paragraph and in its translation: each tag is paired
    with its own, both on the way out and on the way back."""
    from action_portugal.editing import xliff
    from action_portugal.editing.translation_units import Unit

    unit = Unit(
        key="body#a",
        field="body",
        label="body",
        kind="richtext",
        source="<p>Um <b>sim</b> e outro <b>sim</b>, e <i>não</i>.</p>",
        target="<p>One <b>yes</b> and another <b>yes</b>, and <i>no</i>.</p>",
    )
    (segment,) = xliff.segments(unit)
    assert xliff.canonical(segment.target) == (
        "One <g 1>yes</g> and another <g 2>yes</g>, and <g 3>no</g>."
    )
    text = xliff.text_of_segments(unit, {"body#a/1": segment.target})
    assert text == unit.target
