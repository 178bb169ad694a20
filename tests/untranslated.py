"""Finds English interface strings in what the admin shows someone whose admin language is
Portuguese.

A string is English when it is a msgid of a catalogue the admin draws on (Django's, every
installed app's: Wagtail's, Django auth's, humanize's, django-taggit's; wagtail-
modeltranslation's, read from its code as it ships none; ours) whose Portuguese, as the
running site resolves it (our locale/pt first, then Wagtail's pt_PT, then Django's pt), is
missing or the English itself, unless it is one of the few that are Portuguese too
(``ALLOWED``).

What a person sees or hears of a screen: its text, hidden parts included (menus, dialogs
and screen-reader text are shown or read on demand), each sentence with links or emphasis
in it as a whole, the attributes in ``SPOKEN_ATTRIBUTES``, the labels of buttons, and what
the admin hands its scripts to show (wagtailConfig's strings, the sidebar's menu, the
checks' messages, wagtail-modeltranslation's label for its language buttons).

A msgid is compared as a person reads it (without its markup, whitespace normalised):
whole, also capitalised as a label shows it, or as one part of a title ("Exploring: Root -
Wagtail"); a phrase of two words or more wherever it stands ("Status: " before a state); a
format string as a pattern, its numbers as numbers ("%(start_index)s-%(end_index)s of
%(items_count)s %(model_name)s" is "1-10 of 10 páginas")."""

import ast
import functools
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import polib
from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, Tag
from django import conf
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import trans_real

SITE_PACKAGES = Path(translation.__file__).parents[3]
# Neither modeltranslation package ships a catalogue: their strings are read from the code.
UNCATALOGUED_PACKAGES = [
    SITE_PACKAGES / "wagtail_modeltranslation",
    SITE_PACKAGES / "modeltranslation",
]

# The same in Portuguese: names of countries, the loanwords the programme uses and the
# site's "Menu" button (ours),
# units (Django's "bytes", Wagtail's "min").
ALLOWED = {
    "Angola",
    "Cabo Verde",
    "Portugal",
    "Timor-Leste",
    "Workshop",
    "Webinar",
    "Menu",
    "%(size)d bytes",
    "%(num)s min",
}

SPOKEN_ATTRIBUTES = (
    "placeholder",
    "title",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "alt",
    # Wagtail's tooltips and the label a button takes while it works
    "data-w-tooltip-content-value",
    "data-w-progress-active-value",
    "data-w-orderable-message-value",
)
BUTTON_TYPES = {"submit", "button", "reset"}
NOT_SHOWN = {"script", "style", "textarea"}  # a textarea's text is what someone typed
# Keys of the data the admin's scripts show, and everything under them: wagtailConfig's
# STRINGS, the sidebar's menu items, the accessibility checks' messages.
SHOWN_KEYS = {"STRINGS", "label", "help_text", "error_name", "footer_text", "title", "text"}
# wagtail-modeltranslation writes the label of its language buttons into an inline script.
SCRIPT_STRINGS = re.compile(r"viewEditString: '([^']*)'")

PLACEHOLDER = re.compile(r"%\([^)]+\)[sdif]|%[sdif]|\{[A-Za-z0-9_]*\}")
NUMBER_NAMES = re.compile(
    r"count|counter|cnt|num|number|nth|index|total|\w+_(count|index|number|num)|(num|total)_\w+"
)
NUMBER, TIME, FREE_TEXT = r"[\d.,\u00a0 ]+", r"[\d:h]+", r".+?"
# Two letters or more, one of them small: "KB", "URL" and "PDF" are not translated.
ENGLISH_WORD = re.compile(r"(?=[A-Za-z]*[a-z])[A-Za-z]{2,}")
TAG = re.compile(r"<[^>]*>")
# What joins a string to another in a title or a label: "Exploring: Root - Wagtail".
SEPARATORS = re.compile(r"\s*(?::|\s-\s|\|)\s*")

GETTEXT_CALLS = {  # name: (position of the context, of the msgid)
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}
TEMPLATE_STRINGS = re.compile(r"""\{%\s*(?:trans|translate)\s+(["'])(.+?)\1""")


def normalise(text):
    return " ".join(text.split())


def as_shown(msgid):
    """A msgid as a person reads it: without its markup ("Autosave is <span>paused</span>")."""
    return normalise(html.unescape(TAG.sub("", msgid)))


@dataclass(frozen=True)
class Message:
    msgid: str
    context: str | None = None
    plural: str | None = None
    domain: str = "django"

    def forms(self, catalogue):
        """Each English form with what ``catalogue`` gives for it."""
        if not self.plural:
            if self.context:
                return [(self.msgid, catalogue.pgettext(self.context, self.msgid))]
            return [(self.msgid, catalogue.gettext(self.msgid))]
        forms = []
        for english, number in ((self.msgid, 1), (self.plural, 2), (self.plural, 5)):
            if self.context:
                given = catalogue.npgettext(self.context, self.msgid, self.plural, number)
            else:
                given = catalogue.ngettext(self.msgid, self.plural, number)
            forms.append((english, given))
        return forms


def read_catalogue(path):
    return [
        Message(entry.msgid, entry.msgctxt, entry.msgid_plural or None, path.stem)
        for entry in polib.pofile(str(path))
        if not entry.obsolete
    ]


def read_code(package):
    """The strings a package marks for translation in its Python code and templates."""
    found = []
    for path in package.glob("**/*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            name = isinstance(node, ast.Call) and getattr(node.func, "id", None)
            if name not in GETTEXT_CALLS:
                continue
            strings = [arg.value if isinstance(arg, ast.Constant) else None for arg in node.args]
            context_at, msgid_at = GETTEXT_CALLS[name]
            if len(strings) <= msgid_at or not isinstance(strings[msgid_at], str):
                continue
            plural = strings[msgid_at + 1] if name.startswith(("n", "np")) else None
            context = strings[context_at] if context_at is not None else None
            found.append(Message(strings[msgid_at], context, plural))
    for path in package.glob("**/templates/**/*.html"):
        found += [Message(match[2]) for match in TEMPLATE_STRINGS.finditer(path.read_text())]
    return found


def english_catalogues():
    """Django's own, each installed app's, as their English sources, and ours."""
    folders = [Path(conf.__file__).parent / "locale"]
    folders += [Path(app.path) / "locale" for app in apps.get_app_configs()]
    return [
        *(path for folder in folders for path in sorted(folder.glob("en/LC_MESSAGES/*.po"))),
        *(Path(folder) / "pt/LC_MESSAGES/django.po" for folder in settings.LOCALE_PATHS),
    ]


@functools.cache
def english_messages():
    messages = set()
    for path in english_catalogues():
        messages.update(read_catalogue(path))
    for package in UNCATALOGUED_PACKAGES:
        messages.update(read_code(package))
    return frozenset(messages)


def site_catalogues(language):
    """The site's translations into ``language`` for each domain, as Django merges them:
    the django domain as every view uses it (Django's own, so that a test may change it),
    the djangojs domain as the admin's script catalogue (/admin/jsi18n/) serves it."""
    return {"django": trans_real.translation(language), "djangojs": script_catalogue(language)}


@functools.cache
def script_catalogue(language):
    return trans_real.DjangoTranslation(language, domain="djangojs")


def has_words(form):
    """Whether ``form`` has words to translate besides its placeholders."""
    return bool(ENGLISH_WORD.search(PLACEHOLDER.sub(" ", form)))


def value_pattern(placeholder):
    """What may stand in for a placeholder: numbers and times by their names."""
    name = placeholder.rstrip("sdif").strip("%(){}")
    if placeholder.startswith("%") and placeholder.endswith("d") or NUMBER_NAMES.fullmatch(name):
        return NUMBER
    return TIME if name == "time" else FREE_TEXT


def distinctive(form):
    """How a format string can be told apart in a Portuguese text: anywhere in it with two
    English words between its placeholders; as the whole text with one beside a number or
    a time, or at either end ("Status %(status)s", not an ordinal's "{}st"); not at all
    otherwise ("%(site_setting)s for %(site)s" would be found in any sentence with "for"
    in it)."""
    placeholders = PLACEHOLDER.findall(form)
    words = ENGLISH_WORD.findall(PLACEHOLDER.sub(" ", form))
    if not placeholders or not words:
        return None
    if len(words) >= 2:
        return "anywhere"
    bound = any(value_pattern(placeholder) != FREE_TEXT for placeholder in placeholders)
    at_an_end = not form.startswith(placeholders[0]) or not form.endswith(placeholders[-1])
    return "whole" if bound or (at_an_end and len(words[0]) > 2) else None


def as_pattern(form):
    pattern, at = r"(?<!\w)", 0
    for placeholder in PLACEHOLDER.finditer(form):
        pattern += re.escape(form[at : placeholder.start()]) + value_pattern(placeholder[0])
        at = placeholder.end()
    return re.compile(pattern + re.escape(form[at:]) + r"(?!\w)")


class Checker:
    """Knows what the site leaves English, and finds it in what a screen shows."""

    def __init__(self, messages=None, catalogues=None, language="pt"):
        messages = english_messages() if messages is None else messages
        given = catalogues or site_catalogues(language)
        forms = {
            as_shown(english)
            for message in messages
            for english, translated in message.forms(given[message.domain])
            if english == translated or not translated
        }
        forms = {form for form in forms if has_words(form)} - ALLOWED
        # as written, and as shown at the start of a sentence ("site" as a column's "Site")
        self.whole = {form for form in forms if not PLACEHOLDER.search(form)}
        self.whole |= {capfirst(form) for form in self.whole}
        phrases = sorted((form for form in self.whole if " " in form), key=len, reverse=True)
        self.phrases = re.compile(
            r"(?<!\w)(?:" + "|".join(map(re.escape, phrases)) + r")(?!\w)" if phrases else r"(?!)"
        )
        self.patterns = [
            (form, as_pattern(form), distinctive(form)) for form in forms if distinctive(form)
        ]

    def english_in(self, texts):
        """The English among ``texts`` (strings a person sees or hears): (the English
        form, the text it was found in)."""
        found = []
        for text in texts:
            text = normalise(text)
            parts = {text, text.rstrip(":"), *SEPARATORS.split(text)}
            whole = next((form for form in parts if form in self.whole), None)
            phrase = self.phrases.search(text)
            pattern = next(
                (
                    form
                    for form, each, where in self.patterns
                    if (each.search(text) if where == "anywhere" else each.fullmatch(text))
                ),
                None,
            )
            if whole or phrase or pattern:
                found.append((whole or pattern or phrase[0], text))
        return found

    def english_in_html(self, html):
        return self.english_in(shown_texts(html))


def shown_texts(html):
    """What a person sees or hears of ``html``."""
    document = BeautifulSoup(html, "html.parser")
    texts = text_nodes(document)
    for element in document.find_all(True):
        if is_sentence(element):
            texts.append("".join(text_nodes(element)))
        texts += [element[name] for name in SPOKEN_ATTRIBUTES if element.get(name)]
        is_button = (
            element.name in {"input", "button"} and element.get("type", "submit") in BUTTON_TYPES
        )
        if is_button and element.get("value"):
            texts.append(element["value"])
    for script in document.find_all("script"):
        if script.get("type") == "application/json":
            texts += shown_in_data(json.loads(script.string or "null"))
        elif script.string:
            texts += SCRIPT_STRINGS.findall(script.string)
    return texts


def text_nodes(element):
    """``element``'s text, as nodes (those of a ``<template>`` included, which BeautifulSoup's
    ``get_text`` leaves out)."""
    return [
        str(node)
        for node in element.find_all(string=True)
        if not isinstance(node, (Comment, Doctype)) and node.parent.name not in NOT_SHOWN
    ]


def is_sentence(element):
    """Text with elements inside it, as a format string with a link in it gives."""
    children = list(element.children)
    return (
        element.name not in NOT_SHOWN
        and any(isinstance(child, Tag) for child in children)
        and any(isinstance(child, NavigableString) and child.strip() for child in children)
    )


def shown_in_data(value, shown=False):
    """The strings of a script's data that it shows: everything under one of SHOWN_KEYS,
    and the text of any piece of HTML."""
    if isinstance(value, dict):
        return [
            text
            for key, item in value.items()
            for text in shown_in_data(item, shown or key in SHOWN_KEYS)
        ]
    if isinstance(value, list):
        return [text for item in value for text in shown_in_data(item, shown)]
    if not isinstance(value, str):
        return []
    if value.lstrip().startswith("<"):
        return shown_texts(value)
    return [value] if shown else []
