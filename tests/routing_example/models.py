from django.http import HttpResponse
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from action_portugal.base.pages import SitePageMixin


class ArchivePage(RoutablePageMixin, SitePageMixin, Page):
    """Answers its own address and ``<year>/`` under it, as a yearly archive would."""

    @path("")
    def everything(self, request):
        return HttpResponse(f"archive of {self.title}")

    @path("<int:year>/")
    def year(self, request, year):
        return HttpResponse(f"archive of {self.title} for {year}")
