from django import template
from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import translate_url
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.models import Site

from action_portugal.base.countries import Country
from action_portugal.base.dates import iso_date
from action_portugal.base.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGE_CODES,
    NATIVE_NAMES,
    OG_LOCALES,
    absolute_url,
    page_languages,
    page_url_in,
    shown_language,
)
from action_portugal.base.pictures import PICTURE_SIZES, prefetch_renditions
from action_portugal.base.queries import used_query
from action_portugal.base.sentences import cut_at_sentence
from action_portugal.base.site_settings import SiteSettings
from action_portugal.caching.chrome import (
    CHROME_TIMEOUT,
    chrome_key,
    own_country_pages,
    section_pages,
    site_home,
)
from action_portugal.sections import glimpses
from action_portugal.seo import feeds as seo_feeds
from action_portugal.seo import metadata as seo

register = template.Library()


@register.simple_tag(takes_context=True)
def lang_attr(context, obj, field_name):
    """` lang="en"` when the text shown for ``obj.field_name`` is not in the page's language
    (an untranslated field falling back to the other language), nothing otherwise."""
    language = translation.get_language()
    shown = shown_language(obj, field_name, language)
    if shown == language:
        return ""
    return format_html(' lang="{}"', shown)


@register.filter
def own_text(obj, field_name):
    """The field in the active language only, without falling back to the other one: for
    the <title> and meta description, which cannot say which language they are in."""
    return seo.own_text(obj, field_name) if obj is not None else ""


@register.simple_tag(takes_context=True)
def alternates(context):
    """The current page in each language: ``[{"code", "name", "url", "current",
    "translated"}]``. ``translated`` is false where the page has no text of its own in that
    language (it would be shown by fallback), so hreflang leaves it out."""
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    result = []
    own_languages = page_languages(page) if page is not None else LANGUAGE_CODES
    # Only the parameters the page used (the timeline's filters, a search): anything else a
    # visitor adds to the address must not end up in a cached page's links.
    query = used_query(request) if request is not None else ""
    for code in LANGUAGE_CODES:
        if page is not None:
            # A page outside every site has no address: offer the language's home instead.
            url = page_url_in(page, code, request) or f"/{code}/"
        elif request is not None:
            url = translate_url(request.path, code)
        else:
            url = f"/{code}/"
        result.append(
            {
                "code": code,
                "name": NATIVE_NAMES[code],
                "url": absolute_url(url),
                "path": url,
                "next": f"{url}?{query}" if query and url else url,
                "current": code == current,
                "translated": code in own_languages,
            }
        )
    return result


@register.simple_tag
def x_default(alternates):
    for alternate in alternates:
        if alternate["code"] == DEFAULT_LANGUAGE:
            return alternate["url"]
    return ""


@register.simple_tag
def switch_url(alternate):
    """The switcher's link: through /language/<code>/ so the choice is remembered; the
    query string (the timeline's filters, a search) comes along."""
    return f"/language/{alternate['code']}/?{urlencode({'next': alternate['next']})}"


@register.simple_tag(takes_context=True)
def page_url(context, page):
    """A page's address in the active language, as Wagtail's ``pageurl`` gives it."""
    if page is None:
        return ""
    return page_url_in(page, translation.get_language(), context.get("request")) or ""


@register.simple_tag(takes_context=True)
def country_page(context, code):
    """``{% country_page code as country %}``: the country's own page, if visitors may see
    it (``caching.chrome.own_country_pages``), else ``None``."""
    if not code:
        return None
    return own_country_pages(context.get("request")).get(code)


@register.filter
def country_label(code):
    """A country's name in the active language, plain."""
    return dict(Country.choices).get(code, "")


@register.simple_tag(takes_context=True)
def country_names(context, codes):
    """``{% country_names page.countries %}`` (or one code): the countries' names, each a
    link to its country's page where visitors may see one, and plain text otherwise
    (Portugal, "Regional", a country whose page is not published), or on that page itself."""
    if not codes:
        return ""
    if isinstance(codes, str):
        codes = [codes]
    labels = dict(Country.choices)
    request = context.get("request")
    current = context.get("page")
    pages = own_country_pages(request)
    language = translation.get_language()
    names = []
    for code in codes:
        if code not in labels:
            continue
        page = pages.get(code)
        url = page_url_in(page, language, request) if page is not None else None
        if url and not (current is not None and current.pk == page.pk):
            names.append(format_html('<a href="{}">{}</a>', url, labels[code]))
        else:
            names.append(format_html("{}", labels[code]))
    return format_html_join(", ", "{}", ((name,) for name in names))


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context.get("request")
    current = context.get("page")
    items = []
    if request is not None:
        for page in section_pages(request):
            is_current = current is not None and current.path.startswith(page.path)
            items.append(
                {"page": page, "current": is_current, "exact": is_current and current.pk == page.pk}
            )
    return {"items": items, "request": request}


@register.simple_tag(takes_context=True)
def home_url(context):
    request = context.get("request")
    home = site_home(request) if request is not None else None
    if home is None:
        return f"/{translation.get_language()}/"
    return home.get_url(request=request)


@register.filter
def date_at_precision(value, precision):
    """A date shown no finer than it is known: day, month or year."""
    if value is None:
        return ""
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return date_format(value, "YEAR_MONTH_FORMAT")
    return date_format(value, "DATE_FORMAT")


@register.simple_tag
def when(start, precision, end=None):
    """A date no finer than it is known, or an activity's days (``11–13 March 2024``), as
    ``<time>`` elements that machines read too."""
    if end is None or precision != "day":
        return format_html(
            '<time datetime="{}">{}</time>',
            iso_date(start, precision),
            date_at_precision(start, precision),
        )
    if (start.year, start.month) == (end.year, end.month):
        first = str(start.day)
    elif start.year == end.year:
        first = date_format(start, "MONTH_DAY_FORMAT")
    else:
        first = date_format(start, "DATE_FORMAT")
    return format_html(
        '<time datetime="{}">{}</time>–<time datetime="{}">{}</time>',
        start.isoformat(),
        first,
        end.isoformat(),
        date_format(end, "DATE_FORMAT"),
    )


@register.filter
def iso_at_precision(value, precision):
    """The ``datetime`` attribute of a ``<time>`` at the same precision."""
    return iso_date(value, precision)


@register.simple_tag
def site_name():
    return settings.WAGTAIL_SITE_NAME


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The query parameters the page used with some changed (``None`` removes one): for
    pagination and filter links that keep the rest of what the visitor chose, and nothing
    else of the address they came by."""
    request = context.get("request")
    params = QueryDict(used_query(request) if request is not None else "", mutable=True)
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.inclusion_tag("components/seo_meta.html", takes_context=True)
def seo_meta(context, alternates, title=""):
    """Description, Open Graph, Twitter card and JSON-LD for the current page."""
    page = context.get("page")
    language = translation.get_language()
    canonical = next((a["url"] for a in alternates if a["current"]), "")
    locale = OG_LOCALES[language]
    image_url, width, height, alt = seo.share_image(page)
    description = context.get("meta_description") or seo.page_description(page)
    return {
        "title": title or (own_text(page, "seo_title") or getattr(page, "title", "")),
        "description": description,
        "canonical": canonical,
        "og_type": seo.og_type(page),
        "locale": locale,
        "other_locales": [
            OG_LOCALES[a["code"]] for a in alternates if a["translated"] and not a["current"]
        ],
        "image": {"url": image_url, "width": width, "height": height, "alt": alt},
        "site_name": settings.WAGTAIL_SITE_NAME,
        "json_ld": seo.json_ld(seo.structured_data(page, canonical)),
    }


def site_chrome_html(context, name, template, build):
    """``template`` rendered with what ``build(site_settings)`` gives, once per site and
    language until the settings or the sections change (``bump_chrome``)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return ""
    key = chrome_key(name, site.pk, translation.get_language())
    html = cache.get(key)
    if html is None:
        settings_ = SiteSettings.for_site(site)
        html = render_to_string(
            template, {"site_settings": settings_, **build(settings_)}, request=request
        )
        cache.set(key, html, CHROME_TIMEOUT)
    return mark_safe(html)  # noqa: S308 - our own template's output


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer, kept like the rest of the chrome."""

    def build(settings_):
        # In the editors' order; the order they were added where none was given.
        partners = list(settings_.partners.select_related("logo").order_by("sort_order", "pk"))
        prefetch_renditions((partner.logo, "partner") for partner in partners)
        return {"partners": partners, "social_links": list(settings_.social_links.all())}

    return site_chrome_html(context, "footer", "components/site_footer.html", build)


@register.simple_tag(takes_context=True)
def reach_the_programme(context):
    """``{% reach_the_programme %}``: how to write to the programme, from the site settings'
    contact (``components/reach_the_programme.html``), kept like the rest of the chrome."""
    return site_chrome_html(
        context, "reach", "components/reach_the_programme.html", lambda settings_: {}
    )


@register.simple_tag
def picture_of(image, kind, **attrs):
    """``{% picture_of page.photo "team member" alt="" class="person__photo" %}``: the image
    as a ``<picture>`` of the sizes and formats its kind declares
    (``action_portugal.base.pictures.PICTURE_SIZES``), with the kind's ``sizes`` hint; other
    attributes go on its ``<img>``. Nothing for no image."""
    if not image:
        return ""
    size = PICTURE_SIZES[kind]
    renditions = get_renditions_or_not_found(image, size.filters)
    if size.sizes:
        attrs = {"sizes": size.sizes, **attrs}
    return Picture(renditions, attrs).__html__()


@register.simple_tag(takes_context=True)
def show_glimpse(context, glimpse):
    """``{% show_glimpse glimpse %}``: one of ``sections.glimpses.gather``'s glimpses, from
    the HTML kept of it or rendered by its section's template."""
    return glimpses.show(context, glimpse)


@register.filter
def sentences(text, limit):
    """``{{ text|sentences:300 }}``: the whole sentences of ``text`` that fit in ``limit``
    characters (its first words and an ellipsis when its first sentence is longer)."""
    return cut_at_sentence(str(text or ""), int(limit))


@register.simple_tag
def site_feeds():
    """``{% site_feeds as feeds %}``: ``[(address, title)]`` of every section's feed."""
    return seo_feeds.feeds()
