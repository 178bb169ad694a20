"""The page classes every content app builds on, and the page protocol: what a page says
about itself so that site-wide code never needs to know which page it is.

The protocol is the set of attributes and methods of ``SitePageMixin`` documented below
(docs/architecture.md lists them). The capabilities read them: the cache (``shown_on``,
``in_chrome``, ``cached_relations``, ``shared``), search and SEO (``search_text_fields``,
``og_type``, ``structured_data``, ``share_picture``, ``share_icon``), pictures (``pictures``,
``card_picture``), the translation status (``language_key_field``, ``language_neutral_fields``,
``translated_children``), routing (``route_select_related``).
"""

from django.core.paginator import Paginator
from django.db import models
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.query import PageQuerySet
from wagtail.signals import page_published

from action_portugal.base import privacy
from action_portugal.base.forms import DerivedTitlePageForm, SitePageForm
from action_portugal.base.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGE_CHOICES,
    LANGUAGE_CODES,
    fallback_order,
    has_text,
    in_every_language,
    localized_name,
    searchable_in_every_language,
    translated_fields,
)
from action_portugal.base.permissions import PublishersMoveMixin
from action_portugal.base.pictures import generate, images_of, prefetch_renditions
from action_portugal.base.queries import used_parameters
from action_portugal.base.routing import CheapViewRestrictionsMixin

# What a link to a page needs: where it is in the tree, its title and address in each
# language.
PAGE_LINK_FIELDS = (
    "id",
    "path",
    "depth",
    "content_type_id",
    "live",
    "show_in_menus",
    *in_every_language("title", "url_path"),
)


def page_from_values(model, row):
    """A ``model`` page with just the fields of ``row`` (a ``values()`` row with ``id``;
    others are ignored), as the database would hand it over (``Model.from_db``: cheaper
    than building it field by field), without a query."""
    values = {**row, model._meta.pk.attname: row["id"]}  # a subclass's pk is page_ptr_id
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db("default", names, [values[name] for name in names])


class BilingualPreviewMixin:
    """Editors and translators preview a page in each of the site's languages from the
    editor, whatever language the admin itself is in (Wagtail previews in the language of
    the admin's request otherwise)."""

    @property
    def preview_modes(self):
        return list(LANGUAGE_CHOICES)

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
        page at once (``action_portugal.base.pictures.prefetch_renditions``)."""
        return self.select_related(field_name)

    def cards(self, *fields):
        """Only the columns a card shows (each translated one in every language, for the
        fallbacks), not the whole page: lists stay cheap however long the pages are."""
        translated = translated_fields(self.model)
        columns = []
        for name in (*CARD_PAGE_FIELDS, *fields):
            if name in translated:
                columns += in_every_language(name)
            else:
                columns.append(name)
        return self.only(*columns)


class SitePageMixin(CheapViewRestrictionsMixin, PublishersMoveMixin, BilingualPreviewMixin):
    """What every page of the site shares: served cheaply, its own pictures in one query,
    previewed in every language, moved and deleted only by those who may publish; and the
    page protocol, what a page says about itself."""

    search_fields = [*Page.search_fields, *searchable_in_every_language("title")]
    base_form_class = SitePageForm

    # The page protocol ------------------------------------------------------------------

    #: Its pictures: ``{field: kind}`` or ``{field: (kind, ...)}``, each kind one of
    #: ``action_portugal.base.pictures.PICTURE_SIZES``. Made at publish, fetched with the
    #: page; the first one set stands for the page in link previews (``share_picture``).
    pictures: dict[str, str | tuple[str, ...]] = {}
    #: The picture its card shows in lists, ``(field, kind)``: one of ``pictures``, or a
    #: property that chooses among them; ``None`` if cards have none.
    card_picture: tuple[str, str] | None = None
    #: Its text fields, most telling first: searched, and the first one with text describes
    #: the page where it has no search description of its own.
    search_text_fields: tuple[str, ...] = ()
    #: The field whose text says the page exists in a language.
    language_key_field = "title"
    #: Translated fields that are the same in every language (a person's name): never
    #: reported as untranslated.
    language_neutral_fields: tuple[str, ...] = ()
    #: Translated fields of its child objects the translation status follows:
    #: ``{relation: (field, ...)}``.
    translated_children: dict[str, tuple[str, ...]] = {}
    #: What comes in the same query as the page when it is served (``select_related``).
    route_select_related: tuple[str, ...] = ()
    #: Relations kept with the page where it is cached as a site's root page.
    cached_relations: tuple[str, ...] = ()
    #: Listed on every page (in a menu or a list every page shows): a change to it renews
    #: every page.
    in_chrome = False
    #: Its Open Graph type.
    og_type = "website"
    #: What it is, in a word a visitor reads next to its title away from it (a search
    #: result: "Publication", "Country"); its model's name when ``None`` (``kind_of``).
    kind_label = None
    #: The icon its share image carries: a name in static/icons/share/ (the programme's
    #: mark unless it has one of its own, as an area of work does).
    share_icon = "mark"
    #: The same page for every visitor, so kept in the page cache and by CDNs. A page that
    #: carries something of one visitor's own (a form's CSRF token) says False: it is then
    #: never kept by any shared cache.
    shared = True

    def shown_on(self) -> list:
        """The pages, besides its ancestors, that show this one and must be rendered again
        when it changes (the areas of work it belongs to, its neighbours on a list)."""
        return []

    def documents(self) -> dict:
        """The documents it offers visitors, ``{language: document}``: read by the site in
        the background and, while the page is live and public, searched inside in that
        language (``action_portugal.files.offers``)."""
        return {}

    def structured_data(self, url) -> dict | None:
        """Its schema.org JSON-LD object (``url`` is its address), or ``None``."""
        return None

    def share_picture(self):
        """The picture that stands for the page in link previews, or ``None``."""
        for field in self.pictures:
            image = getattr(self, field)
            if image is not None:
                return image
        return None

    def get_context(self, request, *args, **kwargs):
        prefetch_renditions(images_of(self))
        return super().get_context(request, *args, **kwargs)


class IndexPage(SitePageMixin, Page):
    """The page that lists one kind of content (a section): one of each, right under the
    home page, and shown in the main menu."""

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
    kind_label = _("Section")

    class Meta:
        abstract = True

    def listing_page(self, request, items, per_page, accepted=None, searched=(), **filters):
        """One page of ``items`` (``?page=``; a number out of range or not a number gives
        the nearest page, never an error), with the renditions of each item's card picture
        fetched at once, and which of the query's parameters (the page number, ``filters``)
        it used, and how it reads them (``accepted``, for the filters; ``searched``, those
        read as words to search for)."""
        paginator = Paginator(items, per_page)
        page = paginator.get_page(request.GET.get("page"))
        prefetch_cards(page)
        used_parameters(
            request,
            accepted=accepted,
            num_pages=paginator.num_pages,
            searched=searched,
            page=page.number if page.number > 1 else None,
            **filters,
        )
        return page


def kind_of(model):
    """What pages of ``model`` are, as a visitor reads it: what the page declares
    (``kind_label``), else its model's name, capitalised."""
    label = getattr(model, "kind_label", None) or model._meta.verbose_name
    return capfirst(label)


def prefetch_cards(items):
    """The renditions of every card picture of ``items``, in one query."""
    items = list(items)
    if items and items[0].card_picture is not None:
        field, kind = items[0].card_picture
        prefetch_renditions((getattr(item, field), kind) for item in items)
    return items


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

    def full_clean(self, *args, **kwargs):
        """The titles follow before Wagtail checks the page (and makes a slug from the
        title), whether it is saved from the editor or from code."""
        for language in LANGUAGE_CODES:
            setattr(self, localized_name("title", language), self.derived_title(language))
        self.draft_title = self.title
        super().full_clean(*args, **kwargs)


def make_renditions(sender, instance, **kwargs):
    """The first visitor after a publish should not wait for pictures to be resized."""
    page = instance.specific_deferred
    if isinstance(page, SitePageMixin):
        for image, kind in images_of(page):
            generate(image, kind)


def connect():
    page_published.connect(make_renditions, dispatch_uid="renditions-published")
