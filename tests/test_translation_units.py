"""What a translator translates, one text at a time: fields, StreamField blocks paired across
the languages, children's fields; what changed in the source since the translation was last
in line, from the page's revisions; and writing texts back without touching the rest."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from freezegun import freeze_time

from action_portugal.editing import translation_status
from action_portugal.editing.translation_units import (
    DONE,
    MISSING,
    OUTDATED,
    NotTranslatable,
    apply,
    left,
    units,
    word_changes,
)
from action_portugal.models import SiteSettings
from timeline.models import StoryPage

pytestmark = pytest.mark.django_db

STORY = "arranque-do-action-portugal"


def draft(page):
    return type(page).objects.get(pk=page.pk).get_latest_revision_as_object()


def save(page, when, **values):
    page = draft(page)
    for name, value in values.items():
        setattr(page, name, value)
    with freeze_time(when):
        page.save_revision(clean=False)
    return draft(page)


def by_key(all_units):
    return {unit.key: unit for unit in all_units}


def paragraphs(page, language):
    return [child for child in getattr(page, f"body_{language}") if child.block_type == "paragraph"]


def test_a_story_is_its_fields_and_each_block_of_its_body():
    story = draft(StoryPage.objects.get(slug_pt=STORY))
    found = units(story, "pt", "en")
    first = paragraphs(story, "pt")[0]
    keys = [unit.key for unit in found]
    assert keys[:2] == ["title", "summary"]
    assert f"body#{first.id}" in keys
    assert keys[-1] == "place"
    unit = by_key(found)[f"body#{first.id}"]
    assert unit.kind == "richtext"
    assert unit.source.startswith("<p>O ACTION/Portugal arrancou em 2015.")
    # The English body has its own block ids: its blocks are paired by their layout.
    assert unit.target.startswith("<p>ACTION/Portugal started in 2015.")
    with translation.override("en"):
        assert by_key(units(story, "pt", "en"))[f"body#{first.id}"].label == "body · Text 1"
    assert {unit.state for unit in found} == {DONE}
    assert left(found) == 0


def test_the_other_direction_reads_the_other_language():
    story = draft(StoryPage.objects.get(slug_pt=STORY))
    unit = by_key(units(story, "en", "pt"))["summary"]
    assert unit.source == story.summary_en
    assert unit.target == story.summary_pt


def test_what_changed_in_the_source_is_marked_word_by_word():
    story = StoryPage.objects.get(slug_pt=STORY)
    later = timezone.now() + timedelta(hours=1)
    before = draft(story).summary_pt
    changed = before.replace("primeira fase", "fase inicial") + " Com seis países."
    story = save(story, later, summary_pt=changed)
    unit = by_key(units(story, "pt", "en"))["summary"]
    assert unit.state == OUTDATED
    removed = "".join(text for op, text in unit.changes if op == "delete")
    added = "".join(text for op, text in unit.changes if op == "insert")
    assert "primeira" in removed and "inicial" in added and "seis países" in added
    assert "".join(text for op, text in unit.changes if op != "delete") == changed
    # The translator brings the English in line: nothing left, nothing marked.
    story = save(story, later + timedelta(hours=1), summary_en="The initial phase, six countries.")
    unit = by_key(units(story, "pt", "en"))["summary"]
    assert (unit.state, unit.changes) == (DONE, [])


def test_only_the_blocks_whose_source_changed_are_out_of_date():
    story = StoryPage.objects.get(slug_pt=STORY)
    page = draft(story)
    body = page.body_pt
    first, second = paragraphs(page, "pt")[:2]
    raw = list(body.raw_data)
    index = next(i for i, block in enumerate(raw) if block["id"] == second.id)
    raw[index] = {**raw[index], "value": "<p>Fonte: o CIF-OIT, revisto.</p>"}
    page = save(story, timezone.now() + timedelta(hours=1), body_pt=raw)
    found = by_key(units(page, "pt", "en"))
    assert found[f"body#{second.id}"].state == OUTDATED
    assert "revisto" in "".join(
        text for op, text in found[f"body#{second.id}"].changes if op == "insert"
    )
    assert found[f"body#{first.id}"].state == DONE
    assert left(found.values()) == 1


def test_missing_texts_are_to_translate():
    story = save(StoryPage.objects.get(slug_pt=STORY), timezone.now(), summary_en="")
    unit = by_key(units(story, "pt", "en"))["summary"]
    assert (unit.state, unit.target) == (MISSING, "")


def test_writing_a_block_lays_the_target_out_as_the_source_and_leaves_other_fields_alone():
    story = draft(StoryPage.objects.get(slug_pt=STORY))
    first = paragraphs(story, "pt")[0]
    summary_before = story.summary_en
    changed = apply(story, "pt", "en", {f"body#{first.id}": "<p>A <b>new</b> start.</p>"})
    assert changed == ["body"]
    assert story.summary_en == summary_before
    assert [child.id for child in story.body_en] == [child.id for child in story.body_pt]
    assert story.body_en.raw_data[0]["value"] == "<p>A <b>new</b> start.</p>"
    # The other blocks keep the English they had.
    assert story.body_en.raw_data[1]["value"].startswith("<p>Source:")
    story.save_revision(clean=False)
    again = by_key(units(draft(story), "pt", "en"))
    assert again[f"body#{first.id}"].target == "<p>A <b>new</b> start.</p>"


def test_texts_that_do_not_fit_are_refused_and_nothing_is_written():
    story = draft(StoryPage.objects.get(slug_pt=STORY))
    title, summary = story.title_en, story.summary_en
    with translation.override("en"), pytest.raises(NotTranslatable, match="not on this page"):
        apply(story, "pt", "en", {"summary": "New", "body#nope": "x"})
    with translation.override("pt"), pytest.raises(NotTranslatable, match="no máximo 255"):
        apply(story, "pt", "en", {"summary": "New", "title": "x" * 256})
    assert (story.title_en, story.summary_en) == (title, summary)


def test_a_page_translated_for_the_first_time_gets_its_address():
    story = draft(StoryPage.objects.get(slug_pt=STORY))
    story.title_en, story.slug_en = "", ""
    apply(story, "pt", "en", {"title": "The very beginning"})
    assert story.slug_en == "the-very-beginning"


def test_the_settings_children_are_units():
    settings = SiteSettings.objects.get()
    found = by_key(units(settings, "pt", "en"))
    assert found["partners.1.name"].target == "International Labour Organization (ILO)"
    apply(settings, "pt", "en", {"partners.1.name": "ILO"})
    settings.save()
    assert SiteSettings.objects.get().partners.all()[0].name_en == "ILO"


def test_confirming_one_field_leaves_the_others_out_of_date():
    story = StoryPage.objects.get(slug_pt=STORY)
    later = timezone.now() + timedelta(hours=1)
    story = save(story, later, summary_pt="Outro resumo.", place_pt="Praia")
    with freeze_time(later + timedelta(minutes=5)):
        translation_status.confirm(story, "en", "place")
    found = by_key(units(draft(story), "pt", "en"))
    assert (found["summary"].state, found["place"].state) == (OUTDATED, DONE)
    # What changes after a confirmation is measured from it.
    story = save(story, later + timedelta(minutes=10), place_pt="Praia, Santiago")
    place = by_key(units(story, "pt", "en"))["place"]
    assert place.state == OUTDATED
    assert [op for op, _text in place.changes if op != "equal"] == ["insert"]


def test_word_changes_ignore_markup():
    assert word_changes("<p>Um dois</p>", "<p>Um <b>três</b></p>", rich=True) == [
        ("equal", "Um "),
        ("delete", "dois"),
        ("insert", "três"),
    ]
