from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem

from action_portugal.base.i18n import IN_A_SENTENCE, LANGUAGE_CODES
from action_portugal.editing import admin_views, corrections, translation_view, xliff_views
from action_portugal.editing.editor_languages import field_id
from action_portugal.editing.translation_status import field_label, field_texts, is_tracked
from action_portugal.files.admin import DocumentReadingPanel


@hooks.register("register_admin_urls")
def editing_urls():
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
        path(
            "translation-status/export/",
            xliff_views.export_translations,
            name="translation_export",
        ),
        path(
            "translation-status/import/",
            xliff_views.ImportTranslationsView.as_view(),
            name="translation_import",
        ),
        path(
            "editor-languages/",
            admin_views.remember_editor_languages,
            name="editor_languages",
        ),
        path(
            "translate/page/<int:page_id>/",
            translation_view.page_view,
            name="translation_view_page",
        ),
        path(
            "translate/settings/<int:site_id>/",
            translation_view.settings_view,
            name="translation_view_settings",
        ),
    ]


class TranslateMenuItem(ActionMenuItem):
    """The translation view, from the page editor's menu of actions."""

    name = "action-translate"
    label = gettext_lazy("Translate side by side")
    icon_name = "globe"
    order = 70

    def is_shown(self, context):
        page = context.get("page")
        return (
            context["view"] == "edit"
            and translation_view.translatable(page)
            and self.get_user_page_permissions_tester(context).can_edit()
        )

    def get_url(self, parent_context):
        return translation_view.page_url(parent_context["page"].pk)


@hooks.register("register_page_action_menu_item")
def translate_menu_item():
    return TranslateMenuItem()


@hooks.register("register_page_header_buttons")
@hooks.register("register_page_listing_more_buttons")
def translate_button(page, user, next_url=None, view_name=None):
    yield translation_view.TranslatePageMenuItem(page=page, priority=35)


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


@hooks.register("insert_global_admin_css")
def message_links_css():
    return format_html('<link rel="stylesheet" href="{}">', static("editing/messages.css"))


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def tell_what_is_left_to_translate(request, page):
    """After a save, name the fields still without text in a language (the page is saved:
    nothing typed is lost), each a link to the field in the editor: following it shows that
    language's fields, if they were hidden, and moves to the field (editing.editor_languages).
    Not after the editor's autosave (a request for JSON, as Wagtail's edit view tells them
    apart), whose messages would wait, one per autosave, for the next page."""
    if not request.accepts("text/html"):
        return
    page = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
    if not is_tracked(page):
        return
    texts = field_texts(page)
    model = type(page)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    for language in LANGUAGE_CODES:
        other = next(code for code in LANGUAGE_CODES if code != language)
        missing = [
            field
            for (field, code), text in texts.items()
            if code == language and not text and texts.get((field, other))
        ]
        if missing:
            links = format_html_join(
                ", ",
                '<a href="{}#{}">{}</a>',
                (
                    (edit_url, field_id(field, language), field_label(model, field))
                    for field in missing
                ),
            )
            messages.warning(
                request,
                format_html(
                    _("Saved. Still without text in {language}: {fields}."),
                    language=IN_A_SENTENCE[language],
                    fields=links,
                ),
            )
