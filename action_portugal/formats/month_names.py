"""Month names for dates in European Portuguese, where they are written in lowercase
("14 de junho de 2022"). Django's own Portuguese catalogue capitalises them; ours, in
locale/pt, takes precedence. Listed here so that makemessages keeps them."""

from django.utils.translation import gettext_noop

MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
