from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import documents, media, security, views
from .feeds import StoryFeed

urlpatterns = [
    # Throttled in front of Wagtail's own (action_portugal.throttle), at the same names.
    path(
        "admin/password_reset/",
        views.PasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    # Documents are served by our view only (action_portugal.documents): listed first, its
    # pattern is Wagtail's own, so it answers every address Wagtail's view would.
    re_path(
        r"^documents/(?P<document_id>\d+)/(?P<document_filename>.*)$",
        documents.serve_document,
        name="wagtaildocs_serve",
    ),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        views.document_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("language/<str:language>/", views.switch_language, name="switch_language"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]

if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    # Pictures only: no uploaded file may run on the site's origin (action_portugal.media).
    urlpatterns.append(re_path(rf"^{media_prefix}(?P<path>.*)$", media.serve_picture))

# Every public page lives under its language prefix, /pt/ or /en/; a bare "/" is
# redirected by LocaleMiddleware to the visitor's language.
urlpatterns += i18n_patterns(
    path(_("search/"), views.search, name="search"),
    path("feed.xml", views.lists_all_pages(StoryFeed()), name="story_feed"),
    # Sign-in and passwords for private pages, ours before Wagtail's at the same names.
    path("_util/login/", security.SiteSignInView.as_view(), name="wagtailcore_login"),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        views.page_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "action_portugal.views.bad_request"
handler404 = "action_portugal.views.page_not_found"
handler500 = "action_portugal.views.server_error"
