"""Bring the corrections listed in action_portugal/content/site.json to a site loaded
before them: each field still holding exactly the text the loader gave it gets the
corrected text, published as an editor's change would be (``editing.corrections``); text
staff have changed is left as they left it. Run by scripts/migrate at every release and by
load_demo_content; a second run changes nothing.
"""

import json
from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from action_portugal.editing import corrections
from action_portugal.management.commands.load_demo_content import CONTENT_FILE
from action_portugal.models import HomePage

SAID = {
    corrections.PUBLISHED: "corrected and published",
    corrections.DRAFT: "corrected in its draft",
    corrections.WAITING: "waits (in moderation, scheduled or locked): run again later",
    corrections.NOTHING: "already correct, or changed by staff: left as is",
}


class Command(BaseCommand):
    help = "Correct text the content loader wrote, where staff have not changed it since."

    def handle(self, *args, **options):
        try:
            content = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {CONTENT_FILE}: {error}") from error
        wanted = corrections_by_page(content)
        home = HomePage.objects.first()
        if home is None:
            self.stdout.write("The site has no content yet: nothing to correct.")
            return
        for below, found in wanted.items():
            page = Page.objects.filter(
                path__startswith=home.path, url_path_pt=f"{home.url_path_pt}{below}/"
            ).first()
            if page is None:
                self.stdout.write(f"  skipped  {below}: no such page")
                continue
            self.stdout.write(f"  {below}: {SAID[corrections.correct(page, found)]}")


def corrections_by_page(content):
    """``{page path below the home page: [Correction]}`` from the file's ``corrections``:
    for each field, the text the file gives it now, and the text it gave before (that one
    with each correction's ``was`` back in place of its ``now``)."""
    changes = defaultdict(list)
    for item in content.get("corrections", {}).get("items", []):
        for field in item["fields"]:
            changes[(item["page"], field, item["language"])].append((item["was"], item["now"]))
    by_page = defaultdict(list)
    for (below, field, language), pairs in changes.items():
        new = text_in(content, below, field, language)
        old = new
        for was, now in pairs:
            if now not in old:
                raise CommandError(
                    f"site.json: the correction of {field} [{language}] of {below} says "
                    f"it reads “{now}”, and it does not"
                )
            old = old.replace(now, was)
        by_page[below].append(
            corrections.Correction(field, language, old=old, new=new, changes=tuple(pairs))
        )
    return by_page


def text_in(content, below, field, language):
    """The text ``content`` gives ``field`` in ``language`` on the page at ``below`` (a
    section's Portuguese slug, then its item's; the section's alone for its own page)."""
    section_slug, _slash, item_slug = below.partition("/")
    for section in content.values():
        if not isinstance(section, dict) or section.get("slug", {}).get("pt") != section_slug:
            continue
        if not item_slug:
            try:
                return section[field][language]
            except (KeyError, TypeError):
                break
        for item in section.get("items", []):
            if item["slug"]["pt"] == item_slug:
                try:
                    return item[field][language]
                except (KeyError, TypeError):
                    break
    raise CommandError(f"site.json: no text of {field} [{language}] for the page {below}")
