"""The translation units, as the translation view and the XLIFF files read them."""

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.fields import RichTextField

from action_portugal.editing import translation_units
from action_portugal.editing.models import FieldChange
from action_portugal.models import SiteSettings

pytestmark = pytest.mark.django_db


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
