from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from action_portugal.base.pages import image_field


@register_setting(icon="cog")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    """What every page's footer says: the programme's contact, its social links and its
    partners. Editors change it in Settings; each text has a Portuguese and an English
    version, and pages read it in the visitor's language."""

    # What the translation status follows (as pages declare it: base.pages.SitePageMixin).
    language_neutral_fields: tuple[str, ...] = ()
    translated_children = {"partners": ("name",)}

    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    address = models.TextField(_("postal address"), blank=True)
    footer_text = models.TextField(
        _("footer text"),
        blank=True,
        help_text=_("One or two sentences about the programme, shown at the foot of every page."),
    )

    panels = [
        MultiFieldPanel([FieldPanel("contact_email"), FieldPanel("address")], heading=_("Contact")),
        FieldPanel("footer_text"),
        InlinePanel("social_links", heading=_("Social links"), label=_("Social link")),
        InlinePanel("partners", heading=_("Partners"), label=_("Partner")),
    ]

    # The same in both languages: never reported as untranslated.
    language_neutral_fields = ("contact_email",)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")


class SocialLink(Orderable):
    settings = ParentalKey(SiteSettings, related_name="social_links", on_delete=models.CASCADE)
    name = models.CharField(_("network"), max_length=60, help_text=_("For example: LinkedIn."))
    url = models.URLField(_("address"))

    panels = [FieldPanel("name"), FieldPanel("url")]
    language_neutral_fields = ("name", "url")  # "LinkedIn" is LinkedIn in any language

    class Meta(Orderable.Meta):
        verbose_name = _("social link")


class Partner(Orderable):
    settings = ParentalKey(SiteSettings, related_name="partners", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("website"), blank=True)
    logo = image_field(_("logo"))

    panels = [FieldPanel("name"), FieldPanel("url"), FieldPanel("logo")]
    language_neutral_fields = ("url",)

    class Meta(Orderable.Meta):
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
