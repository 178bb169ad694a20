from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from action_portugal.base.i18n import IN_A_SENTENCE, LANGUAGE_CODES
from action_portugal.editing import admin_views, corrections
from action_portugal.editing.translation_status import field_label, field_texts, is_tracked
from action_portugal.files.admin import DocumentReadingPanel


@hooks.register("register_admin_urls")
def translation_status_urls():
    return [
        path(
            "translation-status/",
            admin_views.TranslationStatusView.as_view(),
            name="translation_status",
        ),
        path(
            "translation-status/confirm/<int:content_type_id>/<int:object_id>/<str:language>/",
            admin_views.confirm_translation,
            name="translation_status_confirm",
        ),
    ]


@hooks.register("register_log_actions")
def correction_log_action(actions):
    corrections.register_log_action(actions)


@hooks.register("register_admin_menu_item")
def translation_status_menu_item():
    return MenuItem(
        gettext_lazy("Translation status"),
        reverse("translation_status"),
        icon_name="globe",
        order=250,
    )


@hooks.register("construct_homepage_panels")
def translation_status_panel(request, panels):
    panels.append(admin_views.TranslationStatusPanel())


@hooks.register("construct_homepage_panels")
def document_reading_panel(request, panels):
    panels.append(DocumentReadingPanel(request))


@hooks.register("before_edit_page")
def publishing_takes_the_right_to_publish(request, page):
    """Wagtail quietly saves a draft when someone without the right to publish asks to
    publish; refusing says what happened."""
    asks_to_publish = request.method == "POST" and request.POST.get("action-publish")
    if asks_to_publish and not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def tell_what_is_left_to_translate(request, page):
    """After a save, name the fields still without text in a language (the page is saved:
    nothing typed is lost)."""
    page = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
    if not is_tracked(page):
        return
    texts = field_texts(page)
    model = type(page)
    names = {}
    for language in LANGUAGE_CODES:
        other = next(code for code in LANGUAGE_CODES if code != language)
        names[language] = [
            field_label(model, field)
            for (field, code), text in texts.items()
            if code == language and not text and texts.get((field, other))
        ]
    for language, fields in names.items():
        if fields:
            messages.warning(
                request,
                _("Saved. Still without text in %(language)s: %(fields)s.")
                % {"language": IN_A_SENTENCE[language], "fields": ", ".join(fields)},
            )
