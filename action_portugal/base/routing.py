"""Serving a page in few queries, however large the site.

Wagtail finds a page by walking the tree from the site's root, loading every child of
each level on the way (a thousand stories to find one) and then each page's specific
row. Here the site's root page looks the page up by its address in the active language
(``url_path_pt``/``url_path_en``, kept by wagtail-modeltranslation) and loads its specific
row with what it will show (``route_select_related``): two queries at any depth.

An address no page has may still be a page's own sub-path: a page that routes sub-paths
itself (a ``RoutablePageMixin`` page, which wagtail-modeltranslation's ``route`` serves)
is asked, from the nearest page above the address.

View restrictions cost two more queries on every page. Only a page under a restricted
path (``privacy.restricted_paths``, kept in the cache) has anything to check.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction, get_page_models
from wagtail.url_routing import RouteResult

from action_portugal.base import privacy
from action_portugal.base.i18n import DEFAULT_LANGUAGE, localized_name


def _specific(found):
    """The page of a ``(pk, content_type_id)`` row, with what it shows of its own."""
    model = ContentType.objects.get_for_id(found[1]).model_class()
    pages = model.objects.all()
    related = getattr(model, "route_select_related", ())
    if related:
        pages = pages.select_related(*related)
    return pages.get(pk=found[0])


def find_page(root, path_components, request=None):
    language = translation.get_language() or DEFAULT_LANGUAGE
    field = localized_name("url_path", language)
    root_path = getattr(root, field, None) or root.url_path
    paths = [root_path]
    for component in path_components:
        paths.append(f"{paths[-1]}{component}/")
    found = (
        Page.objects.filter(
            path__startswith=root.path,
            depth=root.depth + len(path_components),
            **{field: paths[-1]},
        )
        .values_list("pk", "content_type_id", "live")
        .first()
    )
    if found is not None:
        if not found[2]:
            raise Http404
        page = _specific(found)
        if isinstance(page, RoutablePageMixin):
            return page.route(request, [])  # its own address may be one of its routes
        return RouteResult(page)
    return route_below(root, paths[1:-1], path_components, request)


def route_below(root, ancestor_paths, path_components, request):
    """The address is no page's: the nearest live page above it that routes sub-paths
    answers for it, or nobody does."""
    if not ancestor_paths:
        raise Http404
    language = translation.get_language() or DEFAULT_LANGUAGE
    field = localized_name("url_path", language)
    routable = [
        ContentType.objects.get_for_model(model).pk
        for model in get_page_models()
        if issubclass(model, RoutablePageMixin)
    ]
    if not routable:
        raise Http404
    nearest = (
        Page.objects.filter(
            path__startswith=root.path,
            live=True,
            content_type_id__in=routable,
            **{f"{field}__in": ancestor_paths},
        )
        .order_by("-depth")
        .values_list("pk", "content_type_id", "depth")
        .first()
    )
    if nearest is None:
        raise Http404
    page = _specific(nearest)
    return page.route(request, list(path_components[nearest[2] - root.depth :]))


class SiteRootRoutingMixin:
    """For the page at a site's root: every address under it is found by ``find_page``.
    (Applied to the class after wagtail-modeltranslation replaces ``route`` on every page
    class: ``action_portugal.base.patches``.)"""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        return find_page(self, path_components, request)


class CheapViewRestrictionsMixin:
    def get_view_restrictions(self):
        if privacy.is_public(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
