from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchEntry(models.Model):
    """What a visitor reads on one live page in one language, kept for the site search.

    Wagtail's own database backend keeps a single index row per page with one text-search
    configuration, so Portuguese and English cannot each be stemmed in their own language
    (wagtail#9253). One row per page and language can: ``vector`` holds the Portuguese or
    English ``tsvector`` on PostgreSQL (GIN-indexed, see migration 0002); on SQLite it stays
    empty and the search falls back to plain substring matching.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    title = models.TextField()
    text = models.TextField(blank=True)
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="one_entry_per_language")
        ]

    def __str__(self):
        return f"{self.title} [{self.language}]"
