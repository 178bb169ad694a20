"""Strings of Wagtail's admin (and of wagtail-modeltranslation's, which ships no catalogue)
that staff meet in Portuguese and that Wagtail's pt_PT catalogue lacks or gets wrong.

Our catalogue (locale/pt) takes precedence over Wagtail's, so it completes it; but
makemessages keeps only the strings it finds in this project's code, and these exist only
in Wagtail's. So they are listed here, screen by screen, as the screens show them (the
trailing spaces and the placeholders are Wagtail's own). Nothing imports this module.
The strings Wagtail's scripts take from the admin's script catalogue are listed the same
way in wagtail_strings.js. tests/test_admin_portuguese.py opens every screen staff use and
fails on any English string left, which is how these were found."""

from django.utils.translation import gettext_noop, ngettext_lazy

# Settings → Redirects: "redirect" as a verb where it names the thing.
REDIRECTS_SCREENS = [
    gettext_noop("redirect"),
    gettext_noop("redirects"),
    gettext_noop("New: %(model_name)s"),
    gettext_noop("Filter by"),
    gettext_noop("Show filters"),
    gettext_noop("Close dialog"),
    gettext_noop("Toggle breadcrumbs"),
]

# Every screen: the sidebar, the search box, the keyboard shortcuts dialog.
EVERY_SCREEN = [
    gettext_noop(
        "JavaScript is required to use Wagtail, but it is currently disabled.<br /> Here are the "
        '<a href="https://www.enable-javascript.com/" target="_blank" rel="noreferrer">'
        "instructions how to enable JavaScript in your web browser</a>."
    ),
    gettext_noop("Search all pages…"),
    gettext_noop("Help"),
    gettext_noop("Editor Guide"),
    gettext_noop("Shortcuts"),
    gettext_noop("What's new in Wagtail %(version)s"),
    gettext_noop("Page types usage"),
    gettext_noop("Site history"),  # Wagtail's pt_PT says "site"; the site says "sítio"
    gettext_noop("Edit account avatar"),
    gettext_noop("Keyboard shortcuts"),
    gettext_noop("Keyboard shortcut"),
    gettext_noop("All keyboard shortcuts"),
    gettext_noop("Show keyboard shortcuts"),
    gettext_noop(
        "Keyboard shortcuts are currently enabled; manage your %(account_link)s to disable them."
    ),
    gettext_noop(
        "Keyboard shortcuts are currently disabled; manage your %(account_link)s to enable them."
    ),
    gettext_noop("account"),
    gettext_noop("Close modal dialogs (like this one)"),
    gettext_noop("Application"),
    gettext_noop("Text editing"),
    gettext_noop("Text formatting"),
    gettext_noop("Cut"),
    gettext_noop("Paste"),
    gettext_noop("Paste without formatting"),
    gettext_noop("Insert or edit a link"),
    gettext_noop("Monospace (code)"),
    gettext_noop("Strike-through"),
    gettext_noop("Save changes"),
    gettext_noop("Add or show comments"),
    gettext_noop("Toggle minimap"),
    gettext_noop("Toggle side panel"),
    gettext_noop("Side panels"),
    gettext_noop("Side panel width"),
]

# The dashboard.
DASHBOARD = [
    gettext_noop("Site summary"),  # as "Site history"
    gettext_noop("Your pages and snippets in a workflow"),
    gettext_noop("Privacy and access"),
    gettext_noop("Wagtail %(current_version)s editor guide"),
    gettext_noop("This page is locked, by you, to further editing"),
    ngettext_lazy(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
        "total",
    ),
    ngettext_lazy(
        '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>',
        "total",
    ),
    ngettext_lazy(
        '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>',
        "total",
    ),
]

# The explorer and the search: listings, their filters and sorting, their counts.
LISTINGS = [
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    gettext_noop(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s in "
        "'<span class=\"w-title-ellipsis\">%(title)s</span>'."
    ),
    gettext_noop(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s across entire site."
    ),
    gettext_noop("No results in '<span class=\"w-title-ellipsis\">%(title)s</span>'."),
    gettext_noop("No results across entire site."),
    gettext_noop("Search in '<span class=\"w-title-ellipsis\">%(title)s</span>'"),
    gettext_noop("Exploring"),
    gettext_noop("Page type"),
    gettext_noop("Edited by"),
    gettext_noop("Date updated"),
    gettext_noop("Has child pages"),
    gettext_noop("Any"),
    gettext_noop("Site"),
    gettext_noop("site"),  # Wagtail's pt_PT leaves it "site"
    gettext_noop("Search the whole site"),
    gettext_noop("Sort by"),
    gettext_noop("Sort by '%(label)s' in ascending order."),
    gettext_noop("Sort by '%(label)s' in descending order."),
    gettext_noop("More options for '%(title)s'"),
    gettext_noop(
        "Pages created here will not be accessible at any URL. To add pages to an existing "
        "site, create them as children of the homepage."
    ),
    ngettext_lazy("There is one matching page", "There are %(counter)s matching pages", "counter"),
    gettext_noop("Visible to all"),
    gettext_noop("Visible to all. Visit the live page"),
    gettext_noop("Private. Visit the live page"),
]

# The page editor: its status side panel, locking, scheduling, autosave and the
# colleagues editing at the same time.
PAGE_EDITOR = [
    gettext_noop("Status: "),
    gettext_noop("Locking: "),
    gettext_noop("Page visibility: "),
    gettext_noop("In Moderation"),
    gettext_noop("Sent to %(task_name)s %(started_at)s"),
    gettext_noop("%(time)s by %(user_display_name)s"),
    gettext_noop("View details"),
    gettext_noop("View history"),
    gettext_noop("First published"),
    gettext_noop("No publishing schedule set"),
    gettext_noop("Set schedule"),
    gettext_noop("Edit schedule"),
    gettext_noop("Invalid schedule"),
    gettext_noop("Go-live:"),
    gettext_noop("Expiry:"),
    gettext_noop("Once scheduled:"),
    gettext_noop("Set publishing schedule"),
    gettext_noop("Choose when this page should go live and/or expire"),
    gettext_noop("Anyone with editing permissions can create schedules"),
    gettext_noop("But only those with publishing permissions can make them effective."),
    gettext_noop("Save schedule"),
    gettext_noop("Schedule to publish"),
    gettext_noop(
        'This publishing schedule will only take effect after you select the "Schedule to '
        'publish" option'
    ),
    gettext_noop("Locked by workflow"),
    gettext_noop("Anyone can edit this %(model_name)s"),
    gettext_noop("Anyone can edit this %(model_name)s – lock it to prevent others from editing"),
    gettext_noop("Only reviewers can edit and approve the %(model_name)s"),
    gettext_noop(
        "Reviewers can edit this %(model_name)s – lock it to prevent other reviewers from editing"
    ),
    gettext_noop("Not visible to the public"),
    gettext_noop("Once live anyone can view"),
    gettext_noop("Choose who can view the live version of this page"),
    gettext_noop("Changing the privacy for this page has been disabled."),
    ngettext_lazy("Referenced %(count)s time", "Referenced %(count)s times", "count"),
    ngettext_lazy(
        "This %(model_name)s is referenced %(usage_count)s time.",
        "This %(model_name)s is referenced %(usage_count)s times.",
        "usage_count",
    ),
    gettext_noop("To be created by %(user)s"),
    gettext_noop("Actions (footer)"),
    gettext_noop("Save your changes before leaving"),
    gettext_noop("- Select an option -"),
    gettext_noop("Autosave is paused"),
    gettext_noop("Autosave is <span>paused</span>"),
    gettext_noop("Saved"),
    gettext_noop("A network error occurred"),
    gettext_noop(
        "Troubleshoot your connection to the site before proceeding. Open the editor in a "
        "separate tab to view the last saved version."
    ),
    gettext_noop("View latest version"),
    gettext_noop("Minimap"),
    gettext_noop("Toggle section"),
    # wagtail-modeltranslation's heading of its PT/EN buttons
    gettext_noop("View / edit fields for"),
]

# Locks, by a person, a workflow or a schedule: the editor's banner and status, the reports.
LOCKS = [
    gettext_noop("Locked by you"),
    gettext_noop("Locked by another user"),
    gettext_noop("Locked by schedule"),
    gettext_noop("Locked by <b>you</b> at <b>%(locking_date)s</b>"),
    gettext_noop("Locked by <b>%(locked_by)s</b> at <b>%(locking_date)s</b>"),
    gettext_noop("Locked at <b>%(locking_date)s</b>"),
    gettext_noop("<b>'{title}' is locked</b>."),
    gettext_noop("<b>'{title}' is locked</b> by <b>you</b>."),
    gettext_noop("<b>'{title}' was locked</b> by <b>you</b> on <b>{datetime}</b>."),
    gettext_noop("<b>'{title}' was locked</b> by <b>{user}</b> on <b>{datetime}</b>."),
    gettext_noop("No one can make changes while the %(model_name)s is locked"),
    gettext_noop("Only you can make changes while the %(model_name)s is locked"),
    gettext_noop("Only %(user)s can make changes while the %(model_name)s is locked"),
    gettext_noop("This %(model_name)s is currently awaiting moderation."),
    gettext_noop(
        "This {model_name} is awaiting <b>'{task_name}'</b> in the <b>'{workflow_name}'</b> "
        "workflow."
    ),
    gettext_noop("Only reviewers for this task can edit the %(model_name)s."),
    gettext_noop(
        "{model_name} '{title}' is locked and has been scheduled to go live at {datetime}"
    ),
    gettext_noop("Currently locked and will go live on the scheduled date"),
]

# How long ago, as Wagtail says it with Django's timesince and humanize's naturaltime.
TIME_AGO = [
    # Translators: never shown. Wagtail says "just now" when Django's timesince gives this
    # (wagtailadmin_tags.timesince_simple), and Django's Portuguese says "0 minuto".
    gettext_noop("0 minutes"),
    gettext_noop("just now"),
    # humanize's Portuguese says "ago" twice: "há um segundo atrás".
    ngettext_lazy("a second ago", "%(count)s seconds ago", "count"),
    ngettext_lazy("a minute ago", "%(count)s minutes ago", "count"),
    ngettext_lazy("an hour ago", "%(count)s hours ago", "count"),
]

# The page editor's preview panel.
PREVIEW = [
    gettext_noop("Preview mode"),
    gettext_noop("Preview in new tab"),
    gettext_noop("Preview is out of date"),
    gettext_noop("Loading"),
    gettext_noop("Correct the validation errors to resume preview (saving will highlight errors)"),
    gettext_noop("Preview in mobile size"),
    gettext_noop("Preview in tablet size"),
    gettext_noop("Preview in desktop size"),
    gettext_noop("Preview not available"),
    gettext_noop(
        "Preview cannot display due to validation errors. <br /> Click save to highlight the "
        "relevant fields."
    ),
]

# The page editor's checks panel: content metrics and the accessibility checker's rules.
CHECKS = [
    gettext_noop("Checks"),
    gettext_noop("Toggle checks"),
    gettext_noop("Issues found"),
    gettext_noop("Show issue"),
    gettext_noop("Content metrics"),
    gettext_noop("Words"),
    gettext_noop("Reading time"),
    gettext_noop("Readability"),
    gettext_noop("This data explained"),
    gettext_noop("How we calculate our metrics"),
    gettext_noop(
        'See our <a href="%(guide_link)s" target="_blank">content checks guide</a> for more '
        "information on how content metrics are calculated."
    ),
    gettext_noop(
        "We extract the main content from the page preview, remove all formatting, and "
        "calculate the number of words."
    ),
    gettext_noop(
        "We calculate reading time from word count, using different reading speeds for "
        "different languages."
    ),
    gettext_noop(
        "We use a readability formula based on length of words and sentences. Long sentences "
        "and words result in a worse readability score."
    ),
    gettext_noop("Empty heading found"),
    gettext_noop("Use meaningful text for screen reader users"),
    gettext_noop("Incorrect heading hierarchy"),
    gettext_noop("Avoid skipping levels"),
    gettext_noop("Empty frame title found"),
    gettext_noop("Use a meaningful title for screen reader users"),
    gettext_noop("Table header text is empty"),
    gettext_noop("Use meaningful text"),
    gettext_noop("Button text is empty"),
    gettext_noop("Input button text is empty"),
    gettext_noop("Link text is empty"),
    gettext_noop("Misusing paragraphs as headings"),
    gettext_noop("Use proper heading tags"),
    gettext_noop("Image alt text has inappropriate pattern"),
    gettext_noop("Meta description is empty"),
    gettext_noop("Add a concise description for search engines"),
]

# History, revisions, workflows and their reports.
HISTORY_AND_WORKFLOWS = [
    gettext_noop("Is commenting action"),
    gettext_noop("Status %(status)s"),
    gettext_noop("Compare"),
    gettext_noop("By task"),
    gettext_noop("By workflow"),
    gettext_noop("Page/Snippet"),
    gettext_noop("Locked by"),
    gettext_noop("Anyone"),
    gettext_noop("App"),
    gettext_noop("Last edit"),
    gettext_noop("Last edited page"),
]

# Images and documents, their listings, choosers and uploads.
IMAGES_AND_DOCUMENTS = [
    gettext_noop("Layout"),
    gettext_noop("Grid layout"),
    gettext_noop("List layout"),
    gettext_noop("Newest"),
    gettext_noop("Oldest"),
    gettext_noop("Title: (A -> Z)"),
    gettext_noop("Title: (Z -> A)"),
    gettext_noop("File size: (low to high)"),
    gettext_noop("File size: (high to low)"),
    gettext_noop("Usage count"),
    gettext_noop("Usage count: (low to high)"),
    gettext_noop("Usage count: (high to low)"),
    gettext_noop("Minimum"),
    gettext_noop("Maximum"),
    gettext_noop(
        'Multi-word tags with spaces will automatically be enclosed in double quotes (").'
    ),
    gettext_noop("Maximum filesize: %(max_upload_size)s."),
    gettext_noop(
        "Please provide an image description to comply with best practices for accessibility."
    ),
    gettext_noop(
        "Upload successful. However, your new image seems to be a duplicate of this existing "
        "image. You may delete it if it wasn't required."
    ),
]

# The account: preferences, notifications, language.
ACCOUNT = [
    gettext_noop("Theme preferences"),
    gettext_noop("contrast"),
    gettext_noop("density"),
    gettext_noop("More contrast"),
    gettext_noop("Snug"),
    gettext_noop("Enable custom keyboard shortcuts specific to Wagtail."),
    gettext_noop("Use server language: %(language_name)s"),
    gettext_noop("Use server time zone"),
]

# Forms → a form's messages (the contact page's, which only Editors read).
FORMS_SCREENS = [
    gettext_noop("Form data"),
]
