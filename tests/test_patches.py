"""Each runtime patch and private API of action_portugal.base.patches, watched: these tests
fail when upstream changes what a patch works around or relies on, so that it is removed or
rewritten then."""

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.test import RequestFactory, override_settings
from storages.backends.s3 import S3Storage
from wagtail.admin import auth
from wagtail.admin.panels import FieldPanel
from wagtail.blocks.base import BlockWidget
from wagtail.documents import get_document_model
from wagtail.models import Page, Site
from wagtail_modeltranslation.patch_wagtailadmin import _new_route

from action_portugal.base import patches
from action_portugal.base.blocks import BodyBlock
from action_portugal.base.patches import SharedClientRedisCache
from action_portugal.base.routing import SiteRootRoutingMixin
from action_portugal.models import HomePage
from pillars.models import PillarPage


def test_modeltranslation_still_replaces_every_page_class_route():
    """If it stops (infoportugal/wagtail-modeltranslation#286), keep_own_route can go."""
    assert PillarPage.route is _new_route
    assert HomePage.route is SiteRootRoutingMixin.route


def test_wagtail_still_redirects_a_refused_admin_request():
    """If Wagtail answers with a 403 itself (wagtail/wagtail#6352), deny_with_403 can go."""
    request = RequestFactory().get("/admin/somewhere/")
    request.session = {}
    request._messages = FallbackStorage(request)
    response = patches.WAGTAIL_PERMISSION_DENIED(request)
    assert response.status_code == 302
    assert auth.permission_denied is not patches.WAGTAIL_PERMISSION_DENIED


@pytest.mark.django_db
def test_wagtail_still_reads_the_site_handed_to_the_request(django_assert_num_queries):
    site = Site.objects.get(is_default_site=True)
    request = RequestFactory().get("/pt/")
    patches.attach_site(request, site)
    with django_assert_num_queries(0):
        assert Site.find_for_request(request) is site
    assert patches.request_site(request) is site
    assert patches.request_site(RequestFactory().get("/pt/")) is None


@override_settings(SECURE_CSP={"default-src": ["'self'"]})
def test_django_still_reads_a_response_s_own_policy():
    request = RequestFactory().get("/admin/")
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse())
    middleware.process_request(request)
    response = HttpResponse()
    patches.override_csp(response, {"default-src": ["'none'"]})
    patches.override_csp(response, {"default-src": ["*"]})  # the first one set stays
    response = middleware.process_response(request, response)
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_modeltranslation_panels_still_say_their_language_only_in_their_label():
    """If wagtail-modeltranslation's panels come to carry attributes of their own (their
    language), mark_field_languages can go; while it stays, it wraps what every panel
    template reads of a bound panel."""
    handler = PillarPage.get_edit_handler()
    summary = next(
        child
        for tab in handler.children
        for child in tab.children
        if getattr(child, "field_name", None) == "summary_en"
    )
    assert summary.attrs == {}
    assert str(summary.db_field.verbose_name).endswith(" [en]")
    assert isinstance(patches.PANEL_ATTRS, property)
    assert FieldPanel.BoundPanel.attrs is not patches.PANEL_ATTRS


def test_a_streamfield_still_fails_on_a_post_without_its_blocks():
    """If Wagtail reads a garbled StreamField post as an error (wagtail/wagtail#11920),
    StreamFieldPostMixin can go."""
    widget = BlockWidget(BodyBlock())
    with pytest.raises((KeyError, ValueError)):
        widget.value_from_datadict({}, {}, "body")


@pytest.mark.django_db
def test_wagtail_still_checks_the_extension_of_a_refused_file():
    """If Document.clean leaves an empty file alone, FieldErrorsFirstMixin can go."""
    with pytest.raises(ValidationError):
        get_document_model()(title="Relatório").clean()


def test_django_storages_still_computes_object_keys_the_same_way():
    storage = S3Storage(bucket_name="site", location="media")
    assert patches.bucket_key(storage, "documents/relatorio.pdf") == "media/documents/relatorio.pdf"
    assert patches.bucket_key(storage, "./documents//a.pdf") == "media/documents/a.pdf"


@pytest.mark.django_db
def test_treebeard_still_writes_paths_the_same_way():
    home = HomePage.objects.get()
    children = list(Page.objects.child_of(home).order_by("path"))
    for position, child in enumerate(children, start=1):
        assert patches.tree_path(home.path, position) == child.path
        assert patches.tree_position(child.path) == position


def test_django_s_redis_cache_still_builds_a_client_per_operation():
    """When this fails, Django keeps its client: drop ``SharedClientRedisCache``."""
    upstream = RedisCache("redis://127.0.0.1:6379/15", {})._cache
    assert upstream.get_client() is not upstream.get_client()
    ours = SharedClientRedisCache("redis://127.0.0.1:6379/15", {})._cache
    assert ours.get_client() is ours.get_client()
    assert ours.get_client(write=True).connection_pool is ours.get_client().connection_pool
    cache = SharedClientRedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": "patches-test"})
    cache.set("shared", {"client": 1}, 30)
    assert cache.get("shared") == {"client": 1}
    cache.delete("shared")
