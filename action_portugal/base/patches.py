"""Every runtime patch of another package, and every use of another package's private API,
in one place. Each names what it works around upstream; tests/test_patches.py holds, for
each, a test that fails when upstream changes what it relies on, so that it is removed or
rewritten then, not forgotten.

``apply()`` runs once, from the project's ``AppConfig.ready()``, after every app (and
wagtail-modeltranslation's own patches) is loaded.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.core.exceptions import FieldDoesNotExist
from django.template.response import TemplateResponse
from modeltranslation.fields import TranslationField
from storages.utils import clean_name
from wagtail.admin import auth
from wagtail.admin.panels import FieldPanel, Panel
from wagtail.blocks.base import BlockWidget
from wagtail.models import Page, get_page_models

# Wagtail's own answer to a refused admin request, kept for the test that watches it.
WAGTAIL_PERMISSION_DENIED = auth.permission_denied


def apply(site_root_routing):
    keep_own_route(site_root_routing)
    deny_with_403()
    mark_field_languages()


# Patches --------------------------------------------------------------------------------------


def keep_own_route(mixin):
    """wagtail-modeltranslation replaces ``route`` on every page class it registers with its
    own tree walk (``patch_wagtailadmin._patch_page_models`` assigns ``model.route``
    unconditionally; infoportugal/wagtail-modeltranslation#286 is what that does to a class
    with a routing of its own). A page class at a site's root keeps ours, which finds a page
    by its translated address in two queries (``mixin``:
    ``action_portugal.base.routing.SiteRootRoutingMixin``)."""
    for model in get_page_models():
        if issubclass(model, mixin):
            model.route = mixin.route


def deny_with_403():
    """Wagtail answers a refused admin request with a redirect to the dashboard and a
    message (``wagtail.admin.auth.permission_denied``; wagtail/wagtail#6352 is the upstream
    discussion of the two ways it refuses). A 403 says what happened to browsers, tests and
    assistive technology alike, with the same message and a way back."""

    def permission_denied(request):
        return TemplateResponse(request, "action_portugal/admin/permission_denied.html", status=403)

    auth.permission_denied = permission_denied


# The attributes a translated field's panel carries: its language, and its field's id.
FIELD_LANGUAGE, FIELD_ID = "data-field-language", "data-field-id"
PANEL_ATTRS = Panel.BoundPanel.attrs


def mark_field_languages():
    """wagtail-modeltranslation gives each translated field a panel per language
    (``patch_wagtailadmin._patch_simple_panel``) that says its language only in its label,
    " [en]", which is all its picker has to go on in the browser. Here the panel of a
    translated column says it in HTML, with the id of its field (``id_summary_en``,
    ``id_counters-0-label_en``), in the attributes every panel template renders
    (``Panel.BoundPanel.attrs``), so that the editor can hide a language's fields from its
    first paint and find a field by its id (action_portugal.editing.editor_languages)."""

    def attrs(bound):
        attrs = PANEL_ATTRS.fget(bound)
        try:
            field = bound.panel.db_field
        except FieldDoesNotExist:
            return attrs
        if not isinstance(field, TranslationField):
            return attrs
        attrs = {**attrs, FIELD_LANGUAGE: field.language}
        if bound.bound_field is not None:
            attrs[FIELD_ID] = bound.bound_field.auto_id
        return attrs

    FieldPanel.BoundPanel.attrs = property(attrs)


# Private APIs ---------------------------------------------------------------------------------


def attach_site(request, site):
    """Hand Wagtail the request's site: ``Site.find_for_request`` looks for it first on
    ``request._wagtail_site`` (wagtail/models/sites.py) and has no public way to be given
    it."""
    request._wagtail_site = site


def request_site(request):
    """The site Wagtail found for the request, if it has looked already (or was handed
    one): ``None`` otherwise, without a query."""
    return getattr(request, "_wagtail_site", None)


def override_csp(response, policy):
    """Give one response its own Content Security Policy. Django's middleware reads a
    response's own policy from ``response._csp_config``, which only the ``csp_override``
    view decorator sets (django/django#18215); the admin's many views cannot be decorated
    one by one."""
    if not hasattr(response, "_csp_config"):
        response._csp_config = policy


class StreamFieldPostMixin:
    """For page forms: a StreamField reads its blocks from keys the editor's script writes
    (``body_pt-count``, ``body_pt-0-type``...) and fails with KeyError or ValueError when
    they are missing or garbled (wagtail/wagtail#11920), in Django's private
    ``BaseForm._widget_data_value``. Here such a post is ``malformed(html_name)``'s
    exception instead of a 500."""

    def malformed(self, html_name):
        raise NotImplementedError

    def _widget_data_value(self, widget, html_name):
        try:
            return super()._widget_data_value(widget, html_name)
        except (KeyError, ValueError) as error:
            if isinstance(widget, BlockWidget):
                raise self.malformed(html_name) from error
            raise


class FieldErrorsFirstMixin:
    """For Wagtail's document form: after the form's fields, Django's private
    ``ModelForm._post_clean`` runs the model's ``clean``, and ``Document.clean`` checks the
    extension of a file the field already refused (still empty): its "extension “” is not
    allowed" would follow, and contradict, the field's own error. The field's errors are
    kept alone."""

    def _post_clean(self):
        file_errors = list(self.errors.get("file", ()))
        super()._post_clean()
        if file_errors:
            self.errors["file"] = self.error_class(file_errors)


def bucket_key(storage, name):
    """The object key of ``name`` in an S3Storage's bucket (its ``location`` prefixed), as
    the storage itself computes it (django-storages' private ``_normalize_name``)."""
    return storage._normalize_name(clean_name(name))


def tree_path(parent_path, position):
    """The materialised path of the ``position``-th child (from 1) under ``parent_path``, as
    django-treebeard writes it (its private ``MP_Node._int2str``), for adding many pages in
    one insert."""
    return parent_path + Page._int2str(position).rjust(Page.steplen, "0")


def tree_position(path):
    """The inverse of ``tree_path``: the position of the page at ``path`` among its
    siblings (django-treebeard's private ``MP_Node._str2int``)."""
    return Page._str2int(path[-Page.steplen :])


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache (added by django/django#14437, ticket #33012) builds a new
    ``redis.Redis`` client, with its table of a few hundred response callbacks, for every
    operation (``RedisCacheClient.get_client``): about a tenth of an uncached page's time
    here, for the handful of cache reads a page makes. A client is safe to share between
    threads (its connections come from the pool), so one per pool is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._shared_clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._shared_clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._shared_clients[index] = client
        return client


class SharedClientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with one client per pool (above);
    ``CACHES`` names it when ``REDIS_URL`` is set."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
