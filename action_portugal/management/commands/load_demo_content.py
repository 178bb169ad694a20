"""Build the site from the programme's own content (action_portugal/content/site.json).

Idempotent: every page is looked up by its Portuguese slug under its parent, and a page
that exists is left exactly as staff left it. A second run creates nothing. Either way it
then brings the file's corrections to text it wrote before them (``correct_content``).
On a site that has content (``--if-empty``), it adds only the pages a release brought
that the site lacks (the contact page and the legal notices).
"""

import json
from datetime import date
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F
from django.utils import translation
from django.utils.html import escape
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from action_portugal.base.i18n import LANGUAGE_CODES, page_url_in
from action_portugal.editing import old_address_import
from action_portugal.editing.old_addresses import language_of
from action_portugal.editing.redirects import sync_public_urls
from action_portugal.models import HomePage, HomePageCounter, Partner, SiteSettings
from contact.models import ContactPage, LegalPage
from country_pages.models import C102Step, CountryFigure, CountryIndexPage, CountryPage
from pillars.models import PillarIndexPage, PillarPage
from publications.models import PublicationIndexPage, PublicationPage
from team.models import TeamIndexPage, TeamMemberPage
from testimonials.models import TestimonialIndexPage, TestimonialPage
from timeline.models import StoryPage, TimelineIndexPage

CONTENT_FILE = Path(__file__).resolve().parents[2] / "content" / "site.json"


def translated(field_name, values):
    """``{"pt": "a", "en": "b"}`` -> ``{"field_pt": "a", "field_en": "b"}``; a plain string
    is the same in every language (a person's name)."""
    if isinstance(values, str):
        values = dict.fromkeys(LANGUAGE_CODES, values)
    return {f"{field_name}_{code}": values.get(code, "") for code in LANGUAGE_CODES}


def blocks(items):
    """Each language's body from a list of ``{"pt": ..., "en": ...}`` paragraphs and
    ``{"heading": {...}}`` headings, as a StreamField."""
    body = {f"body_{code}": [] for code in LANGUAGE_CODES}
    for item in items:
        kind, texts = ("heading", item["heading"]) if "heading" in item else ("paragraph", item)
        for code in LANGUAGE_CODES:
            value = texts[code] if kind == "heading" else RichText(f"<p>{escape(texts[code])}</p>")
            body[f"body_{code}"].append((kind, value))
    return body


def paragraphs(values):
    """Each language's list of paragraphs as a StreamField of text blocks."""
    return {
        f"body_{code}": [("paragraph", RichText(f"<p>{escape(text)}</p>")) for text in texts]
        for code, texts in values.items()
    }


class Command(BaseCommand):
    help = "Create the site's pages from the programme's content; existing pages are kept."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load nothing if the site already has a home page, only correct (`make run`).",
        )

    def handle(self, *args, if_empty=False, **options):
        try:
            content = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {CONTENT_FILE}: {error}") from error
        self.created = 0
        self.kept = 0
        if if_empty and HomePage.objects.exists():
            self.stdout.write("The site already has content: only pages it lacks are added.")
            with translation.override("pt"), transaction.atomic():
                self.load_added_pages(HomePage.objects.first(), content)
            call_command("correct_content", stdout=self.stdout)
            return

        with translation.override("pt"), transaction.atomic():
            # Wagtail's root page was made before the translation columns existed, so
            # its title_pt is NULL. Only it is touched: a blanket update_translation_fields
            # could refill a field staff emptied on purpose.
            Page.objects.filter(depth=1, title_pt__isnull=True).update(
                title_pt=F("title"), title_en=F("title"), slug_pt=F("slug"), url_path_pt="/"
            )
            home = self.load_home(content["home"])
            pillars = self.load_pillars(home, content["pillars"])
            self.load_testimonials(home, content["testimonials"], pillars)
            self.load_team(home, content["team"])
            publications = self.load_publications(home, content["publications"], pillars)
            self.load_timeline(home, content["timeline"], pillars, publications)
            self.load_countries(home, content["countries"])
            self.load_settings(content["settings"])
            self.load_added_pages(home, content)
            sync_public_urls(home)  # the home page was published before it was the root
            self.load_old_addresses(home, content["old_addresses"])
        call_command("correct_content", stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {self.created} pages created, {self.kept} already there and left as is."
            )
        )

    # The tree -----------------------------------------------------------------------

    def add_page(self, parent, page, label, draft=False):
        """Add ``page`` under ``parent`` unless a page with its Portuguese slug is there;
        published, or saved as a ``draft``."""
        parent = Page.objects.get(
            pk=parent.pk
        )  # fresh tree data: a stale parent gives wrong url_paths
        existing = parent.get_children().filter(slug_pt=page.slug_pt).first()
        if existing is not None:
            self.kept += 1
            self.stdout.write(f"  kept     {label}: {existing.title}")
            return existing.specific
        if draft:
            page.live = False
        parent.add_child(instance=page)
        revision = page.save_revision()
        if not draft:
            revision.publish()
        self.created += 1
        self.stdout.write(f"  created  {label}: {page.title}")
        return page

    def load_home(self, data):
        home = HomePage.objects.first()
        if home is not None:
            self.kept += 1
            self.stdout.write(f"  kept     home page: {home.title}")
        else:
            root = Page.get_first_root_node()
            welcome = self.untouched_welcome_page(root)
            if welcome is not None:
                # Free the default page's slug before the home page takes the site over.
                Page.objects.filter(pk=welcome.pk).update(
                    slug="wagtail-welcome", slug_pt="wagtail-welcome", slug_en=None
                )
            home = HomePage(
                **translated("title", data["title"]),
                **translated("slug", data["slug"]),
                **translated("seo_title", data["seo_title"]),
                **translated("search_description", data["search_description"]),
                **translated("introduction", data["introduction"]),
            )
            home.counters = [
                HomePageCounter(
                    sort_order=position,
                    number=counter["number"],
                    section=counter.get("section", ""),
                    measure=counter.get("measure", ""),
                    **translated("label", counter["label"]),
                    **translated("period", counter.get("period", {})),
                    **translated("reported_by", counter.get("reported_by", {})),
                )
                for position, counter in enumerate(data["counters"])
            ]
            home = self.add_page(root, home, "home page")
            if welcome is not None:
                welcome.refresh_from_db()
                for site in Site.objects.filter(root_page=welcome):
                    site.root_page = home
                    site.save()  # through save(): the cached site root paths are cleared
                welcome.delete()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="ACTION/Portugal",
            )
        elif site.root_page_id != home.pk and self.untouched_welcome_page(
            Page.get_first_root_node(), page=site.root_page
        ):
            site.root_page = home
            site.save()
        return home

    def untouched_welcome_page(self, root, page=None):
        """Wagtail's own "Welcome to your new Wagtail site!" page, if nobody built on it."""
        base_type = ContentType.objects.get_for_model(Page)
        candidates = root.get_children().filter(content_type=base_type)
        if page is not None:
            candidates = candidates.filter(pk=page.pk)
        welcome = candidates.first()
        if welcome is None or welcome.get_children().exists():
            return None
        return welcome

    def index_page(self, home, model, data, label):
        return self.add_page(
            home,
            model(
                **translated("title", data["title"]),
                **translated("slug", data["slug"]),
                **translated("introduction", data["introduction"]),
                show_in_menus=True,
            ),
            label,
        )

    def load_settings(self, data):
        """The footer's partners and text, for each site that has none yet."""
        for site in Site.objects.all():
            settings = SiteSettings.for_site(site)
            if settings.partners.exists() or settings.footer_text_pt:
                self.stdout.write(f"  kept     site settings of {site}")
                continue
            for key, value in translated("footer_text", data["footer_text"]).items():
                setattr(settings, key, value)
            settings.partners = [
                Partner(
                    url=partner["url"], sort_order=position, **translated("name", partner["name"])
                )
                for position, partner in enumerate(data["partners"])
            ]
            settings.save()
            self.stdout.write(
                f"  created  site settings of {site}: {len(data['partners'])} partners"
            )

    def load_old_addresses(self, home, data):
        """The old site's known addresses, each a permanent redirect to its page in the old
        address's language, checked as an imported list's lines are. An old address that
        already leads somewhere is left as staff left it."""
        home = Page.objects.get(pk=home.pk)
        site = home.get_site()
        numbered = []
        for number, item in enumerate(data["items"], start=1):
            below = item["page"].strip("/")
            page = Page.objects.filter(
                path__startswith=home.path,
                url_path_pt=home.url_path_pt + (f"{below}/" if below else ""),
            ).first()
            if page is None:
                self.stdout.write(f"  skipped  old address {item['old']}: no page {below}")
                continue
            language = language_of(item["old"])
            numbered.append((number, item["old"], page_url_in(page, language)))
        lines = old_address_import.check(numbered, site, old_address_import.own_hosts(site))
        new = []
        for line in lines:
            if line.error:
                self.stdout.write(f"  skipped  old address {line.old}: {line.error}")
            elif line.current is not None:
                self.stdout.write(f"  kept     old address {line.old_path}")
            else:
                new.append(line)
                self.stdout.write(f"  created  old address {line.old_path} -> {line.new}")
        old_address_import.write(new, site)

    def load_added_pages(self, home, content):
        """Pages later releases added, for new sites and for sites built before them."""
        self.load_contact(home, content["contact"])
        self.load_legal(home, content["legal"])

    # The sections -------------------------------------------------------------------

    def load_pillars(self, home, data):
        index = self.index_page(home, PillarIndexPage, data, "areas of work")
        pillars = {}
        for item in data["items"]:
            pillars[item["key"]] = self.add_page(
                index,
                PillarPage(
                    **translated("title", item["title"]),
                    **translated("slug", item["slug"]),
                    **translated("summary", item["summary"]),
                    icon=item["icon"],
                    order=item["order"],
                    # Tables other sections keep (the countries and C102), in both bodies.
                    **{
                        f"body_{code}": [("table", key) for key in item.get("tables", [])]
                        for code in LANGUAGE_CODES
                    },
                ),
                "area of work",
            )
        return pillars

    def load_testimonials(self, home, data, pillars):
        index = self.index_page(home, TestimonialIndexPage, data, "testimonials")
        for item in data["items"]:
            page = TestimonialPage(
                **translated("slug", item["slug"]),
                **translated("quote", item["quote"]),
                **translated("name", item["name"]),
                **translated("position", item["position"]),
                **translated("institution", item["institution"]),
                country=item["country"],
            )
            page.pillars = [pillars[key] for key in item["pillars"]]
            self.add_page(index, page, "testimonial")

    def load_team(self, home, data):
        index = self.index_page(home, TeamIndexPage, data, "team")
        for item in data["items"]:
            self.add_page(
                index,
                TeamMemberPage(
                    **translated("slug", item["slug"]),
                    **translated("role", item["role"]),
                    group=item["group"],
                    countries=item["countries"],
                    order=item["order"],
                ),
                "team member",
            )

    def load_timeline(self, home, data, pillars, publications):
        """The stories, the programme's activities among them (kind, days, place): each
        names the publications it is about by their Portuguese slug."""
        index = self.index_page(home, TimelineIndexPage, data, "timeline")
        for item in data["items"]:
            page = StoryPage(
                **translated("title", item["title"]),
                **translated("slug", item["slug"]),
                **translated("summary", item["summary"]),
                **paragraphs(item["body"]),
                date=date.fromisoformat(item["date"]),
                date_precision=item["precision"],
                country=item["country"],
                kind=item.get("kind", ""),
                end_date=date.fromisoformat(item["end_date"]) if "end_date" in item else None,
                **translated("place", item.get("place", {"pt": "", "en": ""})),
            )
            page.pillars = [pillars[key] for key in item["pillars"]]
            page.publications = [publications[slug] for slug in item.get("publications", [])]
            self.add_page(index, page, "activity" if page.kind else "story")

    def load_publications(self, home, data, pillars):
        """The library, and the publications known to exist as drafts waiting for staff to
        attach their files: none is live without one."""
        index = self.index_page(home, PublicationIndexPage, data, "publications")
        found = {}
        for item in data["items"]:
            page = PublicationPage(
                **translated("title", item["title"]),
                **translated("slug", item["slug"]),
                **translated("summary", item["summary"]),
                **translated("authors", item["authors"]),
                kind=item["kind"],
                date=date.fromisoformat(item["date"]),
                date_precision=item["precision"],
                countries=item["countries"],
            )
            page.pillars = [pillars[key] for key in item["pillars"]]
            found[page.slug_pt] = self.add_page(
                index, page, "publication (draft, waiting for its file)", draft=True
            )
        return found

    def load_countries(self, home, data):
        """The six countries, each with where it stands with Convention No. 102 and the
        steps that brought it there (as found in 2026, for staff to confirm), and the public
        figures known for it with their source: no introduction, partner or figure that
        the programme's own sources do not give."""
        index = self.index_page(home, CountryIndexPage, data, "countries")
        for item in data["items"]:
            page = CountryPage(
                **translated("title", item["title"]),
                **translated("slug", item["slug"]),
                country=item["country"],
                c102_status=item["c102"],
            )
            page.c102_steps = [
                C102Step(
                    step=step["step"],
                    date=date.fromisoformat(step["date"]),
                    date_precision=step["precision"],
                    **translated("source", step["source"]),
                )
                for step in item["steps"]
            ]
            page.figures = [
                CountryFigure(
                    **translated("value", figure["value"]),
                    **translated("label", figure["label"]),
                    **translated("source", figure["source"]),
                )
                for figure in item["figures"]
            ]
            self.add_page(index, page, "country")

    # The contact page and the notices ------------------------------------------------

    def load_contact(self, home, data):
        self.add_page(
            home,
            ContactPage(
                **translated("title", data["title"]),
                **translated("slug", data["slug"]),
                **translated("introduction", data["introduction"]),
                **translated("thanks", data["thanks"]),
            ),
            "contact page",
        )

    def load_legal(self, home, data):
        """The notices, with what staff must complete marked in brackets and no date of
        review: staff set it once they have completed the text."""
        for item in data["items"]:
            self.add_page(
                home,
                LegalPage(
                    **translated("title", item["title"]),
                    **translated("slug", item["slug"]),
                    **translated("search_description", item["search_description"]),
                    **blocks(item["body"]),
                    role=item["role"],
                ),
                "legal page",
            )
