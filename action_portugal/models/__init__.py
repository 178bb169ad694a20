from .base import (
    BilingualPreviewMixin,
    DerivedTitleMixin,
    IndexPage,
    ListingQuerySet,
    SectionPage,
    image_field,
)
from .home import HomePage, HomePageCounter
from .images import SiteImage, SiteRendition
from .search import SearchEntry
from .settings import Partner, SiteSettings, SocialLink
from .tracking import FieldChange, PublicURL

__all__ = [
    "BilingualPreviewMixin",
    "DerivedTitleMixin",
    "FieldChange",
    "HomePage",
    "HomePageCounter",
    "IndexPage",
    "ListingQuerySet",
    "Partner",
    "PublicURL",
    "SearchEntry",
    "SectionPage",
    "SiteImage",
    "SitePageMixin",
    "SiteRendition",
    "SiteSettings",
    "SocialLink",
    "image_field",
]
