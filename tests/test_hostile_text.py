"""Markup typed into any plain field is text: shown escaped on the public pages, in both
languages, and in the admin."""

import pytest

from action_portugal.models import HomePage, HomePageCounter, SiteSettings
from team.models import TeamMemberPage
from testimonials import models as testimonials

from .pages import publish, url_in
from .staff import superuser

pytestmark = pytest.mark.django_db
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


def shows_escaped(html):
    return SCRIPT not in html and "onerror=alert(1)>" not in html and ESCAPED in html


def test_markup_in_plain_fields_is_shown_as_text_everywhere(client):
    testimonial = publish(
        testimonials.TestimonialPage.objects.order_by("path").first(),
        quote_pt=SCRIPT,
        quote_en=SCRIPT,
        name_pt=SCRIPT,
        name_en=SCRIPT,
        position_en=SCRIPT,
    )
    member = TeamMemberPage.objects.order_by("path").first()
    member = publish(member, role_pt=SCRIPT, role_en=SCRIPT)
    home = HomePage.objects.get()
    HomePageCounter.objects.filter(pk=home.counters.first().pk).update(
        label_pt=SCRIPT, label_en=SCRIPT
    )
    home = publish(home, introduction_en=SCRIPT)
    assert home.counters.first().label_en == SCRIPT
    settings = SiteSettings.objects.get()
    settings.footer_text_pt = settings.footer_text_en = SCRIPT
    settings.save()

    for page in (testimonial, member, home, testimonial.get_parent(), member.get_parent()):
        for language in ("pt", "en"):
            html = client.get(url_in(page, language)).content.decode()
            assert shows_escaped(html), (page, language)

    client.force_login(superuser())
    for page in (testimonial, member, home):
        html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        assert SCRIPT not in html, page
        listing = client.get(f"/admin/pages/{page.get_parent().pk}/").content.decode()
        assert SCRIPT not in listing, page


HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "javascript&#58;alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
]


def link_to(url, text="click"):
    """A paragraph as Draftail posts it, with one link, whatever its address."""
    import json

    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "depth": 0,
                    "text": text,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": len(text), "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": url}}},
        }
    )


def test_rich_text_is_stored_clean(client):
    """Links to script addresses (plain or disguised) and event handlers never reach the
    database, whatever the editor's browser sends."""
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    from pillars.models import PillarPage

    from .admin_forms import edit_form_data

    client.force_login(superuser())
    pillar = PillarPage.objects.order_by("path").first()
    data = edit_form_data(client, pillar)
    paragraphs = [("paragraph", link_to(url)) for url in HOSTILE_URLS]
    paragraphs.append(
        (
            "paragraph",
            rich_text(
                '<p onclick="alert(1)"><a href="https://www.ilo.org/" onmouseover="alert(1)">'
                "ILO</a><b onmouseover=alert(1)>bold</b></p>"
            ),
        )
    )
    data.update(nested_form_data({"body_en": streamfield(paragraphs)}))
    response = client.post(f"/admin/pages/{pillar.pk}/edit/", data)
    assert response.status_code == 302, response.content[:2000]

    stored = PillarPage.objects.get(pk=pillar.pk).body_en.raw_data
    html = " ".join(str(block["value"]) for block in stored)
    assert 'href="https://www.ilo.org/"' in html  # the harmless link is kept
    assert not dangerous_markup(html), dangerous_markup(html)
    assert not dangerous_markup(client.get(url_in(pillar, "en")).content.decode())


def dangerous_markup(html):
    """Event-handler attributes, and links whose address (as a browser reads it) runs a
    script or opens a document made of the link itself."""
    import re

    from bs4 import BeautifulSoup

    found = []
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        for name, value in element.attrs.items():
            if name.lower().startswith("on"):
                found.append((element.name, name))
            if name in ("href", "src", "action", "formaction"):
                address = re.sub(r"[\x00-\x20]", "", str(value)).lower()
                if address.startswith(("javascript:", "vbscript:", "data:")):
                    found.append((element.name, value))
    return found
