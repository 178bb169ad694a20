"""Every model of the project's app, gathered where Django looks for them; each is defined
in the package it belongs to (docs/architecture.md)."""

from action_portugal.base.images import SiteImage, SiteRendition
from action_portugal.base.site_settings import Partner, SiteSettings, SocialLink
from action_portugal.editing.models import EditorLanguages, FieldChange, PublicURL
from action_portugal.files.models import DocumentFacts, DocumentText
from action_portugal.home.models import HomePage, HomePageCounter
from action_portugal.search.models import SearchEntry
from action_portugal.seo.models import ShareCard

__all__ = [
    "DocumentFacts",
    "DocumentText",
    "EditorLanguages",
    "FieldChange",
    "HomePage",
    "HomePageCounter",
    "Partner",
    "PublicURL",
    "SearchEntry",
    "ShareCard",
    "SiteImage",
    "SiteRendition",
    "SiteSettings",
    "SocialLink",
]
