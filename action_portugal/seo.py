"""What search engines and link previews read: descriptions, Open Graph, JSON-LD."""

import json

from django.templatetags.static import static
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from .i18n import DEFAULT_LANGUAGE, absolute_url, localized_name

OG_LOCALES = {"pt": "pt_PT", "en": "en_GB"}
HTML_LANGUAGES = {"pt": "pt-PT", "en": "en-GB"}
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
    """The picture that stands for a page: a story's image, a person's photo."""
    specific = page.specific_deferred if page is not None else None
    for name in ("image", "photo"):
        image = getattr(specific, name, None)
        if image is not None:
            return image
    return None


def share_image(page):
    """``(url, width, height, alt)`` for Open Graph: the page's own picture cut to the
    1200x630 link-preview shape, else the site's card."""
    image = page_image(page)
    if image is not None:
        rendition = image.get_rendition("fill-1200x630|format-jpeg")
        return (
            absolute_url(rendition.url),
            rendition.width,
            rendition.height,
            image.default_alt_text,
        )
    path, width, height = SHARE_IMAGE
    return absolute_url(static(path)), width, height, "ACTION/Portugal"


def og_type(page):
    kind = type(page.specific_deferred).__name__ if page is not None else ""
    return {"StoryPage": "article", "TeamMemberPage": "profile"}.get(kind, "website")


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
    from .countries import Country

    return [label for value, label in Country.choices if value not in ("pt", "regional")]


def structured_data(page, url):
    """The JSON-LD object for a page, or ``None`` for pages that need none."""
    if page is None:
        return None
    specific = page.specific_deferred
    kind = type(specific).__name__
    language = translation.get_language()
    publisher = {"@type": "Organization", "name": "ACTION/Portugal", "parentOrganization": ILO}
    if kind == "HomePage":
        return organization(url, page_description(specific))
    if kind == "TeamMemberPage":
        data = {
            "@context": "https://schema.org",
            "@type": "Person",
            "jobTitle": specific.role,
            "worksFor": publisher,
            "url": url,
        }
        if specific.name:
            data["name"] = specific.name
        if specific.photo:
            data["image"] = share_image(specific)[0]
        if specific.countries:
            data["workLocation"] = [
                {"@type": "Country", "name": str(name)} for name in specific.country_names
            ]
        return data
    if kind == "StoryPage":
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": Truncator(specific.title).chars(110),
            "description": page_description(specific),
            "inLanguage": HTML_LANGUAGES.get(language, language),
            "mainEntityOfPage": url,
            "url": url,
            "dateCreated": specific.date.isoformat(),
            "author": publisher,
            "publisher": publisher,
            "image": [share_image(specific)[0]],
        }
        if specific.first_published_at:
            data["datePublished"] = specific.first_published_at.isoformat()
        if specific.last_published_at:
            data["dateModified"] = specific.last_published_at.isoformat()
        if specific.country:
            data["contentLocation"] = {"@type": "Place", "name": specific.get_country_display()}
        return data
    return None


def json_ld(data) -> str:
    """A <script type="application/ld+json"> block; data, never executed, and escaped so
    that no text in it can close the element."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
