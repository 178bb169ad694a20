// Strings Wagtail's admin scripts take from the admin's script catalogue (/admin/jsi18n/,
// the djangojs domain) that its pt_PT catalogue lacks. Our locale/pt/LC_MESSAGES/djangojs.po
// completes it; makemessages -d djangojs keeps only the strings it finds in this project's
// files, so they are listed here, as action_portugal/editing/wagtail_strings.py lists the
// others. Never served, never run: the site's pages load no script of ours.
// tests/test_admin_portuguese.py fails on any of Wagtail's script strings left in English.

// The page editor: side panels, the minimap, sections and blocks.
gettext_noop("Toggle side panel");
gettext_noop("Toggle section");
gettext_noop("Collapse all");
gettext_noop("Expand all");
gettext_noop("Insert a block");
gettext_noop("Search options…");
gettext_noop("Blocks");
gettext_noop("Settings");
ngettext_lazy("%(num)s error", "%(num)s errors");
ngettext_lazy("%(num)s pixel", "%(num)s pixels");

// Rich text (Draftail).
gettext_noop("Write something or type ‘/’ to insert a block");
gettext_noop("Split block");
gettext_noop("Pin toolbar");
gettext_noop("Unpin toolbar");
gettext_noop("Character count:");

// Comments.
gettext_noop("Enter your comments...");
gettext_noop("Enter your reply...");
gettext_noop("Deleting");

// The preview panel and the checks panel's content metrics.
gettext_noop("Error while sending preview data.");
gettext_noop("Good");
gettext_noop("Fair");
gettext_noop("Complex");
ngettext_lazy("%(num)s min", "%(num)s mins");

// Autosave.
gettext_noop("Autosave in progress…");
gettext_noop("Changes have been autosaved.");
gettext_noop("A network error occurred.");
gettext_noop("A server error occurred.");

// The sidebar's menu.
gettext_noop("(New)");
gettext_noop("(1 new item in this menu)");
gettext_noop("(%(number)s new items in this menu)");
