"""Which language a piece of text is in, and where a page lives in each language.

Portuguese is the default; an empty field in one language shows the other language's
text (modeltranslation fallbacks), and the HTML must then say so with ``lang``.
"""

from django.conf import settings
from django.utils import translation
from modeltranslation.translator import NotRegistered, translator
from wagtail.blocks import StreamValue
from wagtail.search import index

from action_portugal.base.patches import request_site

# Every language table of the site, derived from settings.LANGUAGES (and, for what Django's
# codes do not say, settings.LANGUAGE_VARIANTS).
LANGUAGE_CHOICES = list(settings.LANGUAGES)  # (code, name in the interface's language)
LANGUAGE_CODES = [code for code, _name in LANGUAGE_CHOICES]
DEFAULT_LANGUAGE = settings.LANGUAGE_CODE
# Each language named in itself ("Português", "English"): for the language switcher.
NATIVE_NAMES = {code: translation.get_language_info(code)["name_local"] for code in LANGUAGE_CODES}
# The variant the site is written in, as a BCP 47 tag ("pt-PT"): schema.org's inLanguage.
LOCALES = {code: settings.LANGUAGE_VARIANTS[code][0] for code in LANGUAGE_CODES}
# The same as Open Graph writes it ("pt_PT").
OG_LOCALES = {code: locale.replace("-", "_") for code, locale in LOCALES.items()}
# PostgreSQL's text-search configuration for each language's words.
SEARCH_CONFIGS = {code: settings.LANGUAGE_VARIANTS[code][1] for code in LANGUAGE_CODES}
# Each language's name inside a sentence, in the interface's language.
IN_A_SENTENCE = {code: settings.LANGUAGE_VARIANTS[code][2] for code in LANGUAGE_CODES}


def localized_name(field_name: str, language: str) -> str:
    return f"{field_name}_{language}"


def in_every_language(*field_names: str) -> list[str]:
    """The columns of these translated fields in every language, for queries that must
    carry both (to fall back from one to the other)."""
    return [localized_name(name, code) for name in field_names for code in LANGUAGE_CODES]


def searchable_in_every_language(*field_names: str) -> list:
    """Search index fields for every language's column of these translated fields. Wagtail
    keeps one index entry per page, written in the language of whoever saves it: without
    these, a page last saved from the English admin is found only by its English words."""
    return [index.SearchField(column) for column in in_every_language(*field_names)] + [
        index.AutocompleteField(column)
        for column in in_every_language(*field_names)
        if column.startswith("title_")
    ]


def translated_fields(model) -> dict:
    """``{field name: its columns}`` of a model's translated fields (none if the model is not
    registered with modeltranslation)."""
    try:
        return translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return {}


def has_text(value) -> bool:
    if isinstance(value, StreamValue):
        return len(value) > 0
    return value not in (None, "")


def fallback_order(language: str) -> list[str]:
    """The active language first, then the others in the order settings give."""
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES
    rest = fallbacks.get(language, fallbacks["default"])
    return [language, *(code for code in rest if code != language)]


def shown_language(obj, field_name: str, language: str | None = None) -> str:
    """The language of the text a visitor sees for ``obj.<field_name>`` right now."""
    language = language or translation.get_language() or DEFAULT_LANGUAGE
    for code in fallback_order(language):
        if has_text(getattr(obj, localized_name(field_name, code), None)):
            return code
    return language


def page_languages(page) -> list[str]:
    """The languages a page has its own text in, for hreflang and sitemaps: a page shown
    only through fallback is not offered as a translation. Its title
    tells, or for pages whose title is derived from a name, their ``language_key_field``."""
    key = getattr(page, "language_key_field", "title")  # a plain Page has only its title
    return [
        code for code in LANGUAGE_CODES if has_text(getattr(page, localized_name(key, code), None))
    ]


def page_url_in(page, language: str, request=None) -> str | None:
    """The page's URL in ``language`` (its translated slugs under the language prefix), as
    Wagtail's ``get_url`` gives it. Within a request whose site is known, it is read off
    the page's address in that language, without a URL reverse: pages list many links."""
    site = request_site(request)
    if site is not None:
        root_path = getattr(site.root_page, localized_name("url_path", language), None)
        page_path = getattr(page, localized_name("url_path", language), None)
        if root_path and page_path and page_path.startswith(root_path):
            return f"/{language}/{page_path[len(root_path) :]}"
    with translation.override(language):
        return page.get_url(request=request)


def absolute_url(url: str) -> str:
    """``url`` on the site's configured address (``WAGTAILADMIN_BASE_URL``), never on the
    request's host or port: whatever a visitor sends in ``Host`` (or a path that starts with
    ``//``) must not become a canonical link, a sitemap entry or a feed's link, which
    caches and CDNs keep for everyone. Already absolute addresses (media on a bucket, static
    files on a CDN) are left as they are."""
    if url.startswith(("https://", "http://")):
        return url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/" + url.lstrip("/")
