"""Grow the site to a given size, fast: for the benchmark and the query-budget tests.

Pages are written in bulk (tree paths computed here, both tables of each page type
inserted at once), as live pages without revisions, search entries or redirects: what a
visitor's page render reads, and nothing else. Every added page has a picture, as a
well-kept site's would, taken in turn from a small set of generated photographs
(``--pictures-everywhere``: the programme's own pages too, for the benchmark).
"""

import datetime
import io
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Locale, Page

from action_portugal.countries import Country
from action_portugal.models import SiteImage
from team.models import TeamIndexPage, TeamMemberPage
from testimonials.models import TestimonialIndexPage, TestimonialPage
from timeline.models import StoryPage, TimelineIndexPage

COUNTRIES = [code for code in Country.values if code != "regional"]
PICTURES = 12
PICTURE_TITLE = "Fotografia de escala {n}"


def pictures():
    """The generated photographs the added pages take in turn (made once, then reused)."""
    from PIL import Image

    found = list(SiteImage.objects.filter(title__startswith="Fotografia de escala").order_by("pk"))
    for n in range(len(found) + 1, PICTURES + 1):
        buffer = io.BytesIO()
        colour = (20 * n % 256, 90 + 10 * n % 160, 160)
        Image.new("RGB", (1600, 1000), colour).save(buffer, "JPEG", quality=80)
        image = SiteImage(
            title=PICTURE_TITLE.format(n=n),
            file=ImageFile(buffer, name=f"escala-{n}.jpg"),
            description_pt=f"Participantes num seminário nacional ({n})",
            description_en=f"Participants in a national workshop ({n})",
        )
        image.save()
        found.append(image)
    return found


def story_values(n):
    return {
        "title_pt": f"Acontecimento {n}: seminário nacional de proteção social",
        "title_en": f"Story {n}: national social protection workshop",
        "slug_pt": f"acontecimento-{n}",
        "slug_en": f"story-{n}",
        "summary_pt": "Um seminário sobre a extensão da cobertura da segurança social.",
        "summary_en": "A workshop on extending social security coverage.",
        "date": datetime.date(2015, 1, 1) + datetime.timedelta(days=3 * n),
        "date_precision": "day",
        "country": COUNTRIES[n % len(COUNTRIES)],
    }


def testimonial_values(n):
    return {
        "title_pt": f"Pessoa {n}",
        "title_en": f"Pessoa {n}",
        "slug_pt": f"pessoa-{n}",
        "slug_en": f"person-{n}",
        "name_pt": f"Pessoa {n}",
        "name_en": f"Pessoa {n}",
        "quote_pt": "O programa foi essencial para o reforço das nossas capacidades.",
        "quote_en": "The programme was essential to strengthening our capacities.",
        "position_pt": "Diretor-Geral",
        "position_en": "Director-General",
        "institution_pt": "Instituto Nacional de Segurança Social",
        "institution_en": "National Institute of Social Security",
        "country": COUNTRIES[n % len(COUNTRIES)],
    }


def team_values(n):
    return {
        "title_pt": f"Técnico/a de proteção social {n}",
        "title_en": f"Social protection officer {n}",
        "slug_pt": f"tecnico-{n}",
        "slug_en": f"officer-{n}",
        "role_pt": f"Técnico/a de proteção social {n}",
        "role_en": f"Social protection officer {n}",
        "group": "country",
        "countries": [COUNTRIES[n % len(COUNTRIES)]],
        "order": 100 + n,
    }


SECTIONS = [
    ("stories", StoryPage, TimelineIndexPage, story_values),
    ("testimonials", TestimonialPage, TestimonialIndexPage, testimonial_values),
    ("team", TeamMemberPage, TeamIndexPage, team_values),
]
PICTURE_FIELD = {StoryPage: "image_id", TestimonialPage: "photo_id", TeamMemberPage: "photo_id"}


@transaction.atomic
def grow(model, index_model, values_for, target, stdout=None):
    """Add ``model`` pages under the (only) ``index_model`` page until there are
    ``target`` of them."""
    index = index_model.objects.get()
    existing = model.objects.child_of(index).count()
    missing = max(target - existing, 0)
    if not missing:
        return 0
    last = index.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    content_type = ContentType.objects.get_for_model(model)
    locale = Locale.get_default()
    photos = [image.pk for image in pictures()]
    pages = []
    for offset in range(missing):
        n = existing + offset + 1
        values = {**values_for(n), PICTURE_FIELD[model]: photos[n % len(photos)]}
        page = model(
            **values,
            path=index.path + Page._int2str(step + offset + 1).rjust(Page.steplen, "0"),
            depth=index.depth + 1,
            numchild=0,
            content_type=content_type,
            locale=locale,
            translation_key=uuid.uuid4(),
            live=True,
            draft_title=values["title_pt"],
            url_path_pt=f"{index.url_path_pt}{values['slug_pt']}/",
            url_path_en=f"{index.url_path_en}{values['slug_en']}/",
        )
        page.title = values["title_pt"]
        page.slug = values["slug_pt"]
        page.url_path = page.url_path_pt
        pages.append(page)
    base_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    created = Page.objects.bulk_create([_as_base(page, base_fields) for page in pages])
    for page, base in zip(pages, created, strict=True):
        page.page_ptr_id = base.pk
        page.id = base.pk
    model._base_manager._insert(pages, fields=model._meta.local_concrete_fields, raw=True)
    Page.objects.filter(pk=index.pk).update(numchild=existing + missing)
    if stdout:
        stdout.write(f"  {model._meta.verbose_name_plural}: {existing} -> {existing + missing}")
    return missing


def _as_base(page, fields):
    base = Page()
    for field in fields:
        setattr(base, field.attname, getattr(page, field.attname))
    return base


class Command(BaseCommand):
    help = "Grow the loaded content to the benchmark's size (pages added, none changed)."

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, default=1000)
        parser.add_argument("--testimonials", type=int, default=100)
        parser.add_argument("--team", type=int, default=100)
        parser.add_argument(
            "--pictures-everywhere",
            action="store_true",
            help="Also give the existing stories, testimonials and team members a picture.",
        )

    def handle(self, *args, **options):
        if not TimelineIndexPage.objects.exists():
            raise CommandError("Load the content first: manage.py load_demo_content")
        for name, model, index_model, values_for in SECTIONS:
            grow(model, index_model, values_for, options[name], self.stdout)
        if options["pictures_everywhere"]:
            photos = [image.pk for image in pictures()]
            for model, field in PICTURE_FIELD.items():
                without = model.objects.filter(**{field: None}).order_by("pk")
                for n, pk in enumerate(without.values_list("pk", flat=True)):
                    model.objects.filter(pk=pk).update(**{field: photos[n % len(photos)]})
        from django.db import connection

        from action_portugal.sections import bump_chrome

        bump_chrome()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum would soon do: fresh statistics
        self.stdout.write(self.style.SUCCESS("Done."))
