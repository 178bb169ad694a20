"""What search engines and link previews read: descriptions, Open Graph, JSON-LD."""

import json

from django.templatetags.static import static
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from wagtail.models import Page

from action_portugal.base.countries import Country
from action_portugal.base.i18n import DEFAULT_LANGUAGE, LOCALES, absolute_url, localized_name
from action_portugal.base.pages import SitePageMixin
from action_portugal.base.pictures import SHARE
from action_portugal.seo import share_cards
from action_portugal.seo.card_drawing import HEIGHT, WIDTH

DESCRIPTION_LENGTH = 160
SHARE_IMAGE = ("img/share.png", 1200, 630)
ILO = {
    "@type": "Organization",
    "name": "International Labour Organization",
    "url": "https://www.ilo.org",
}


def own_text(obj, field_name, language=None):
    """The field in one language only, no fallback: for places that cannot say which
    language their text is in (<title>, meta tags)."""
    language = language or translation.get_language() or DEFAULT_LANGUAGE
    value = getattr(obj, localized_name(field_name, language), None)
    return value if isinstance(value, str) else ""


def page_description(page) -> str:
    """The page's search description, else the start of its first text (summary,
    introduction, quote...), in the active language only."""
    if page is None:
        return ""
    text = own_text(page, "search_description")
    if not text:
        for name in getattr(page.specific_deferred, "search_text_fields", ()):
            text = own_text(page.specific_deferred, name)
            if text:
                break
    text = " ".join(strip_tags(text).split())
    return Truncator(text).chars(DESCRIPTION_LENGTH)


def page_image(page):
    """The picture that stands for a page (``SitePage.share_picture``), or ``None``."""
    specific = page.specific_deferred if page is not None else None
    return specific.share_picture() if isinstance(specific, SitePageMixin) else None


def share_image(page):
    """``(url, width, height, alt)`` for Open Graph: the image made of the page's title,
    section and icon in the active language (``share_cards``), else, until it is made, the
    page's own picture cut to the 1200x630 link-preview shape, else the site's card."""
    card = share_cards.card_url(page) if isinstance(page, Page) else None
    if card is not None:
        return absolute_url(card), WIDTH, HEIGHT, own_text(page, "title") or page.title
    image = page_image(page)
    if image is not None:
        rendition = image.get_rendition(SHARE)
        return (
            absolute_url(rendition.url),
            rendition.width,
            rendition.height,
            image.default_alt_text,
        )
    path, width, height = SHARE_IMAGE
    return absolute_url(static(path)), width, height, "ACTION/Portugal"


def og_type(page):
    specific = page.specific_deferred if page is not None else None
    return specific.og_type if isinstance(specific, SitePageMixin) else "website"


# JSON-LD ------------------------------------------------------------------------------


def organization(home_url, description=""):
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "ACTION/Portugal",
        "url": home_url,
        "logo": absolute_url(static("img/logo.png")),
        "parentOrganization": ILO,
        "areaServed": [str(name) for name in _programme_countries()],
    }
    if description:
        data["description"] = description
    return data


def _programme_countries():
    return [label for value, label in Country.choices if value not in ("pt", "regional")]


def structured_data(page, url):
    """The JSON-LD object for a page (``SitePage.structured_data``), or ``None``."""
    specific = page.specific_deferred if page is not None else None
    if not isinstance(specific, SitePageMixin):
        return None
    return specific.structured_data(url)


PUBLISHER = {"@type": "Organization", "name": "ACTION/Portugal", "parentOrganization": ILO}


def in_language():
    """The active language as schema.org's ``inLanguage`` wants it (``pt-PT``)."""
    language = translation.get_language() or DEFAULT_LANGUAGE
    return LOCALES.get(language, language)


def json_ld(data) -> str:
    """A <script type="application/ld+json"> block; data, never executed, and escaped so
    that no text in it can close the element."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
