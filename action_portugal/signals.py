"""What happens when editors publish: the site search follows the live pages."""

from wagtail.signals import page_published, page_unpublished


def index_published_page(sender, instance, **kwargs):
    from .search import index_page

    index_page(instance)


def forget_unpublished_page(sender, instance, **kwargs):
    from .search import forget_page

    forget_page(instance)


def connect():
    page_published.connect(index_published_page, dispatch_uid="search-index-published")
    page_unpublished.connect(forget_unpublished_page, dispatch_uid="search-forget-unpublished")
