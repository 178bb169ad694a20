import datetime

import factory
from wagtail.rich_text import RichText

from action_portugal.factories import PageFactory

from .models import ContactPage, LegalPage, Notice


class ContactPageFactory(PageFactory):
    class Meta:
        model = ContactPage

    title_pt = "Contacto"
    title_en = "Contact"
    introduction_pt = "Escreva-nos."
    introduction_en = "Write to us."


class LegalPageFactory(PageFactory):
    class Meta:
        model = LegalPage

    title_pt = factory.Sequence(lambda n: f"Aviso {n}")
    title_en = factory.Sequence(lambda n: f"Notice {n}")
    role = Notice.PRIVACY
    last_reviewed = datetime.date(2026, 11, 30)
    body_pt = factory.LazyFunction(lambda: [("paragraph", RichText("<p>Texto do aviso.</p>"))])
    body_en = factory.LazyFunction(lambda: [("paragraph", RichText("<p>The notice.</p>"))])
