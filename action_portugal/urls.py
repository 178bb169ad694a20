from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from action_portugal import views
from action_portugal.editing import admin_views as editing_views
from action_portugal.files import documents, media
from action_portugal.search import views as search_views
from action_portugal.security import sign_in
from action_portugal.security import views as security_views
from action_portugal.seo import views as seo_views

urlpatterns = [
    # Throttled in front of Wagtail's own (action_portugal.security.throttle), at the same names.
    path(
        "admin/password_reset/",
        security_views.PasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    # The old addresses' import (action_portugal.editing.old_address_import) in place of
    # Wagtail's, at its addresses: Wagtail's own button on the redirects list leads here.
    path("admin/redirects/import/", editing_views.import_old_addresses, name="import_redirects"),
    path("admin/redirects/import/process/", editing_views.import_old_addresses),
    path("admin/", include(wagtailadmin_urls)),
    # Documents are served by our view only (action_portugal.files.documents): listed first, its
    # pattern is Wagtail's own, so it answers every address Wagtail's view would.
    re_path(
        r"^documents/(?P<document_id>\d+)/(?P<document_filename>.*)$",
        documents.serve_document,
        name="wagtaildocs_serve",
    ),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        security_views.document_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("language/<str:language>/", views.switch_language, name="switch_language"),
    path("sitemap.xml", seo_views.sitemap, name="sitemap"),
    path("robots.txt", seo_views.robots_txt, name="robots_txt"),
    path("favicon.ico", seo_views.favicon, name="favicon"),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    # Pictures only: no uploaded file may run on the site's origin (action_portugal.files.media).
    urlpatterns.append(re_path(rf"^{media_prefix}(?P<path>.*)$", media.serve_picture))

# Every public page lives under its language prefix, /pt/ or /en/; a bare "/" sends the
# visitor to theirs, and answers the old site's /?p= addresses.
urlpatterns.append(path("", views.site_root, name="site_root"))
urlpatterns += i18n_patterns(
    path(_("search/"), search_views.search, name="search"),
    path("feed.xml", seo_views.feed, name="feed"),
    path("feeds/<slug:key>.xml", seo_views.section_feed, name="section_feed"),
    # Sign-in and passwords for private pages, ours before Wagtail's at the same names.
    path("_util/login/", sign_in.SiteSignInView.as_view(), name="wagtailcore_login"),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        security_views.page_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "action_portugal.views.bad_request"
handler404 = "action_portugal.views.page_not_found"
handler500 = "action_portugal.views.server_error"
