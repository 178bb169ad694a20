from .base import DerivedTitleMixin, IndexPage, SectionPage
from .home import HomePage, HomePageCounter
from .images import SiteImage, SiteRendition

__all__ = [
    "DerivedTitleMixin",
    "HomePage",
    "HomePageCounter",
    "IndexPage",
    "SectionPage",
    "SiteImage",
    "SiteRendition",
]
