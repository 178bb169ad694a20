from .base import DerivedTitleMixin, IndexPage, ListingQuerySet, SectionPage, image_field
from .home import HomePage, HomePageCounter
from .images import SiteImage, SiteRendition
from .search import SearchEntry

__all__ = [
    "DerivedTitleMixin",
    "HomePage",
    "HomePageCounter",
    "IndexPage",
    "ListingQuerySet",
    "SearchEntry",
    "SectionPage",
    "SiteImage",
    "SiteRendition",
    "image_field",
]
