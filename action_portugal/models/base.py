from django.core.paginator import Paginator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.query import PageQuerySet

from action_portugal import privacy
from action_portugal.forms import DerivedTitlePageForm, SitePageForm
from action_portugal.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGE_CODES,
    fallback_order,
    has_text,
    localized_name,
    searchable_in_every_language,
)
from action_portugal.page_cache import cache_variant, depends_on, mark_cacheable
from action_portugal.permissions import PublishersMoveMixin
from action_portugal.renditions import images_of, prefetch_renditions
from action_portugal.routing import CheapViewRestrictionsMixin


class BilingualPreviewMixin:
    """Editors and translators preview a page in Portuguese and in English from the
    editor, whatever language the admin itself is in (Wagtail previews in the admin's
    language otherwise: STACK.md pitfall 8)."""

    @property
    def preview_modes(self):
        return [("pt", _("Portuguese")), ("en", _("English"))]

    @property
    def default_preview_mode(self):
        return DEFAULT_LANGUAGE

    def serve_preview(self, request, mode_name):
        language = mode_name if mode_name in LANGUAGE_CODES else DEFAULT_LANGUAGE
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = super().serve_preview(request, mode_name)
            if hasattr(response, "render"):
                response.render()  # inside the language, not after it ends
        response["Content-Language"] = language
        return response


def image_field(verbose_name):
    """An optional picture from the image library (a photo, a story's image)."""
    return models.ForeignKey(
        "action_portugal.SiteImage",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


# What every card needs of its page: where it is in the tree and its address and title in
# each language.
CARD_PAGE_FIELDS = ("path", "depth", "live", "content_type", "url_path", "title")


class ListingQuerySet(PageQuerySet):
    def for_visitors(self):
        """Live, and under no view restriction: what a list may show anyone."""
        return privacy.visible(self)

    def with_image(self, field_name):
        """The picture comes with each item; its renditions come for all the pictures of a
        page at once (``action_portugal.renditions.prefetch_renditions``)."""
        return self.select_related(field_name)

    def cards(self, *fields):
        """Only the columns a card shows (each translated one in every language, for the
        fallbacks), not the whole page: lists stay cheap however long the pages are."""
        from modeltranslation.translator import NotRegistered, translator

        try:
            translated = translator.get_options_for_model(self.model).all_fields
        except NotRegistered:
            translated = {}
        columns = []
        for name in (*CARD_PAGE_FIELDS, *fields):
            if name in translated:
                columns += [localized_name(name, code) for code in LANGUAGE_CODES]
            else:
                columns.append(name)
        return self.only(*columns)


class SitePageMixin(CheapViewRestrictionsMixin, PublishersMoveMixin, BilingualPreviewMixin):
    """What every page of the site shares: served cheaply, its own pictures in one query,
    previewed in both languages, moved and deleted only by those who may publish."""

    search_fields = [*Page.search_fields, *searchable_in_every_language("title")]
    base_form_class = SitePageForm
    route_select_related: tuple[str, ...] = ()
    # Relations kept with the page where it is cached as a site's root page.
    cached_relations: tuple[str, ...] = ()

    def get_context(self, request, *args, **kwargs):
        prefetch_renditions(images_of(self))
        return super().get_context(request, *args, **kwargs)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if not privacy.is_public(self):
            # Served to someone let in (Wagtail marks it never-cache): never kept for others.
            return response
        depends_on(request, self)
        return mark_cacheable(response, request)


class IndexPage(SitePageMixin, Page):
    """The page that lists one kind of content (pillars, testimonials, team, timeline).
    There is one of each, right under the home page, and it is shown in the main menu."""

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A short paragraph shown under the heading, before the list."),
    )

    parent_page_types = ["action_portugal.HomePage"]
    max_count_per_parent = 1
    show_in_menus_default = True

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_text_fields = ("introduction",)

    class Meta:
        abstract = True

    def listing_page(self, request, items, per_page, picture, accepted=None, **filters):
        """One page of ``items`` (``?page=``; a number out of range or not a number gives
        the nearest page, never an error), with the renditions of each item's picture
        (``picture``: its field and kind, or ``None``) fetched at once, and the page cache
        told which items it shows, which of the query's parameters (the page number,
        ``filters``) it used, and how it reads them (``accepted``, for the filters)."""
        paginator = Paginator(items, per_page)
        page = paginator.get_page(request.GET.get("page"))
        if picture is not None:
            field, kind = picture
            prefetch_renditions((getattr(item, field), kind) for item in page)
        depends_on(request, *page)
        cache_variant(
            request,
            accepted=accepted,
            num_pages=paginator.num_pages,
            page=page.number if page.number > 1 else None,
            **filters,
        )
        return page


class SectionPage(SitePageMixin, Page):
    """An item inside one section: only creatable under its own index page, with no
    children of its own."""

    subpage_types: list[str] = []

    class Meta:
        abstract = True


class DerivedTitleMixin:
    """For pages whose heading is made from other fields (a person's name, or a role when
    the name is not published): editors fill those fields and the title, in each
    language, follows. The slug is then generated from the title as Wagtail does."""

    base_form_class = DerivedTitlePageForm
    # The field whose text says the page exists in a language (its title is derived).
    language_key_field = "title"

    def derived_title(self, language: str) -> str:
        raise NotImplementedError

    def text_in(self, field_name: str, language: str) -> str:
        """The field in ``language``, else in the other language (a person's name)."""
        for code in fallback_order(language):
            value = getattr(self, localized_name(field_name, code), None)
            if has_text(value):
                return value
        return ""

    def _set_core_field_defaults(self):
        for language in LANGUAGE_CODES:
            setattr(self, localized_name("title", language), self.derived_title(language))
        self.draft_title = self.title
        super()._set_core_field_defaults()
