"""Grow the site to a given size, fast: for the benchmark and the query-budget tests.

Pages are written in bulk (tree paths computed here, both tables of each page type
inserted at once), as live pages without revisions, search entries or redirects: what a
visitor's page render reads, and nothing else. Every added page has a picture, as a
well-kept site's would, taken in turn from a small set of generated photographs
(``--pictures-everywhere``: the programme's own pages too, for the benchmark).

A thousand made-up stories have no place on a real site: the command refuses a database
that holds anything people made (``people_made()`` says what counts) unless told
``--force``.
"""

import datetime
import io
import json
import re
import time
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Revision

from action_portugal.base.countries import Country
from action_portugal.base.patches import tree_path, tree_position
from action_portugal.caching.chrome import bump_chrome
from action_portugal.files.models import DocumentFacts, DocumentOffer
from action_portugal.files.processing import keep, read_document
from action_portugal.files.samples import pdf_with_text
from action_portugal.management.commands.load_demo_content import CONTENT_FILE, translated
from action_portugal.models import SiteImage
from pillars.models import PillarPage
from publications.models import PublicationIndexPage, PublicationKind, PublicationPage
from team.models import TeamIndexPage, TeamMemberPage
from testimonials.models import TestimonialIndexPage, TestimonialPage
from timeline.models import StoryPage, TimelineIndexPage

COUNTRIES = [code for code in Country.values if code != "regional"]
PICTURES = 12
PICTURE_TITLE = "Fotografia de escala {n}"


def pictures():
    """The generated photographs the added pages take in turn (made once, then reused)."""
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


PUBLICATION_KINDS = [kind for kind in PublicationKind.values if kind != PublicationKind.VIDEO]


def publication_values(n):
    return {
        "title_pt": f"Publicação {n}: proteção social e segurança social",
        "title_en": f"Publication {n}: social protection and social security",
        "slug_pt": f"publicacao-{n}",
        "slug_en": f"publication-{n}",
        "summary_pt": "Um estudo sobre a cobertura e o financiamento da proteção social.",
        "summary_en": "A study of the coverage and financing of social protection.",
        "kind": PUBLICATION_KINDS[n % len(PUBLICATION_KINDS)],
        "date": datetime.date(2012, 1, 1) + datetime.timedelta(days=5 * n),
        "date_precision": "month",
        "countries": [COUNTRIES[n % len(COUNTRIES)]],
        "external_url": "",
        "external_languages": [],
    }


# The generated documents' text: sentences of the programme's subjects, in each language,
# varied by publication and page so that no two pages are the same.
SENTENCES = {
    "pt": [
        "A cobertura da segurança social alargou-se aos trabalhadores da economia informal.",
        "O financiamento da proteção social depende das contribuições e do orçamento do Estado.",
        "Os indicadores estatísticos mostram a evolução do número de beneficiários.",
        "A avaliação atuarial projeta as receitas e as despesas do regime contributivo.",
        "A gestão financeira dos fundos de pensões exige regras de investimento prudentes.",
        "A formação dos técnicos reforça a capacidade das instituições nacionais.",
        "A Convenção n.º 102 fixa as normas mínimas da segurança social.",
        "A proteção na maternidade e na doença abrange as trabalhadoras por conta própria.",
    ],
    "en": [
        "Social security coverage was extended to workers in the informal economy.",
        "Financing social protection depends on contributions and on the state budget.",
        "The statistical indicators show how the number of beneficiaries has changed.",
        "The actuarial valuation projects the income and spending of the contributory scheme.",
        "Managing pension funds requires prudent investment rules.",
        "Training officers strengthens the capacity of national institutions.",
        "Convention No. 102 sets the minimum standards of social security.",
        "Maternity and sickness protection covers self-employed women workers.",
    ],
}
LINES_PER_PAGE = 30


def document_pages(n, language, pages):
    """``pages`` pages of text for publication ``n`` in ``language``."""
    sentences = SENTENCES[language]
    found = []
    for number in range(1, pages + 1):
        lines = [f"{n}.{number}"]
        for line in range(LINES_PER_PAGE):
            lines.append(sentences[(n + number + line) % len(sentences)])
        found.append(lines)
    return found


SECTIONS = [
    ("stories", StoryPage, TimelineIndexPage, story_values),
    ("testimonials", TestimonialPage, TestimonialIndexPage, testimonial_values),
    ("team", TeamMemberPage, TeamIndexPage, team_values),
    ("publications", PublicationPage, PublicationIndexPage, publication_values),
]
PICTURE_FIELD = {StoryPage: "image_id", TestimonialPage: "photo_id", TeamMemberPage: "photo_id"}


@transaction.atomic
def grow(model, index_model, values_for, target, stdout=None):
    """Add ``model`` pages under the (only) ``index_model`` page until there are
    ``target`` of them; the pages added."""
    index = index_model.objects.get()
    existing = model.objects.child_of(index).count()
    missing = max(target - existing, 0)
    if not missing:
        return []
    last = index.get_last_child()
    step = tree_position(last.path) if last else 0
    content_type = ContentType.objects.get_for_model(model)
    locale = Locale.get_default()
    photos = [image.pk for image in pictures()] if model in PICTURE_FIELD else []
    pages = []
    for offset in range(missing):
        n = existing + offset + 1
        values = values_for(n)
        if model in PICTURE_FIELD:
            values[PICTURE_FIELD[model]] = photos[n % len(photos)]
        page = model(
            **values,
            path=tree_path(index.path, step + offset + 1),
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
    return pages


def attach_documents(publications, pages, read_sample, stdout=None):
    """A generated PDF of ``pages`` pages for each publication, in Portuguese (every fourth
    one in English too), with an area of work each. The newest ``read_sample`` files are
    read by the reader as one worker reads them, one after the other, and the pages read per
    second written out; the others' text, known since it was generated, is kept for the
    search the way the worker keeps what it read (``processing.keep``), without their
    covers: a thousand files would otherwise take minutes to read."""
    areas = list(PillarPage.objects.order_by("path").values_list("pk", flat=True))
    collection = Collection.get_first_root_node()
    Document = get_document_model()
    made, offers, links = [], [], []
    for publication in publications:
        n = int(publication.slug_en.rsplit("-", 1)[1])
        for language in ["pt", "en"] if n % 4 == 0 else ["pt"]:
            document = Document(title=f"{publication.title_pt} ({language})", collection=collection)
            text = document_pages(n, language, pages)
            content = pdf_with_text(text)
            document.file.save(f"publicacao-{n}-{language}.pdf", ContentFile(content), save=False)
            document._set_document_file_metadata()
            document.save()
            setattr(publication, f"file_{language}_id", document.pk)
            facts = DocumentFacts(
                document=document, languages=[language], file_hash=document.file_hash
            )
            made.append((facts, text))
            offers.append(
                DocumentOffer(page_id=publication.pk, document=document, language=language)
            )
        if areas:
            links.append(
                PublicationPage.pillars.through(
                    publicationpage_id=publication.pk, pillarpage_id=areas[n % len(areas)]
                )
            )
    PublicationPage.objects.bulk_update(publications, ["file_pt", "file_en"], batch_size=500)
    DocumentFacts.objects.bulk_create([facts for facts, _text in made])
    DocumentOffer.objects.bulk_create(offers)
    PublicationPage.pillars.through.objects.bulk_create(links)
    # The newest are read (what the library's first page shows, with their covers), so that
    # its first page is the same at any size.
    split = max(len(made) - read_sample, 0)
    sample, rest = made[split:], made[:split]
    started = time.perf_counter()
    for facts, _text in sample:
        read_document.call(facts.document_id)
    seconds = time.perf_counter() - started
    read = sum(
        DocumentFacts.objects.filter(
            document_id__in=[facts.document_id for facts, _text in sample],
            state=DocumentFacts.State.READY,
        ).values_list("page_count", flat=True)
    )
    DocumentFacts.objects.filter(pk__in=[facts.pk for facts, _text in rest]).update(
        state=DocumentFacts.State.READING
    )
    for facts, text in rest:
        found = {"pages": len(text), "texts": ["\n".join(lines) for lines in text], "cover": False}
        keep(facts, facts.file_hash, found, None)
    if stdout and sample:
        stdout.write(
            f"  documents: {len(sample)} read by the reader, {read} pages in {seconds:.1f} s "
            f"({read / seconds:.0f} pages/s); {len(rest)} kept from their generated text"
        )
    return read, seconds


def _as_base(page, fields):
    base = Page()
    for field in fields:
        setattr(base, field.attname, getattr(page, field.attname))
    return base


def demo_addresses():
    """The Portuguese addresses (``url_path_pt``) of the pages load_demo_content makes:
    the home page, each section of its content file with its items, and the pages right
    under the home page (a part with a slug and no items, or items and no slug: the
    contact page, the legal notices)."""
    content = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))

    def slug(values):
        return translated("slug", values)["slug_pt"]

    home = f"/{slug(content['home']['slug'])}/"
    addresses = {home}
    for section in content.values():
        if section is content["home"] or not isinstance(section, dict):
            continue
        if "slug" not in section:
            addresses.update(
                f"{home}{slug(item['slug'])}/"
                for item in section.get("items", ())
                if isinstance(item, dict) and "slug" in item
            )
            continue
        index = f"{home}{slug(section['slug'])}/"
        addresses.add(index)
        addresses.update(f"{index}{slug(item['slug'])}/" for item in section.get("items", ()))
    return addresses


def made_here(page, indexes):
    """Whether ``page`` (a row of path, slug_pt, content type, latest revision) is one this
    command adds: a numbered story, testimonial or team member under its section's index,
    with no revision."""
    path, slug, content_type, revision = page
    found = indexes.get(path[: -Page.steplen])
    number = re.fullmatch(r".*?-(\d+)", slug or "")
    return (
        found is not None
        and number is not None
        and revision is None
        and found[0] == content_type
        and found[1](int(number.group(1)))["slug_pt"] == slug
    )


def people_made():
    """What in the database neither load_demo_content nor this command made, described
    for a message ([] when there is none). It is, in the database's own records:

    - a page at an address the demo content does not have (Wagtail's root aside): the
      content file's pages, and this command's numbered ones (which have no revision);
    - a page with more than one revision (load_demo_content saves one, this command none),
      or any revision saved by a user: every edit in the admin records who made it;
    - an image or a document uploaded by a user."""
    found = []
    demo = demo_addresses()
    indexes = {}
    for _name, model, index_model, values_for in SECTIONS:
        for index_path in index_model.objects.values_list("path", flat=True):
            indexes[index_path] = (ContentType.objects.get_for_model(model).pk, values_for)
    pages = Page.objects.filter(depth__gt=1).order_by("path")
    foreign = [
        url_path
        for url_path, *page in pages.values_list(
            "url_path_pt", "path", "slug_pt", "content_type", "latest_revision"
        )
        if url_path not in demo and not made_here(page, indexes)
    ]
    if foreign:
        found.append(f"{len(foreign)} pages the demo content does not have ({some(foreign)})")
    edited = (
        Revision.page_revisions.values("object_id")
        .annotate(revisions=Count("pk"))
        .filter(revisions__gt=1)
        .count()
    )
    if edited:
        found.append(f"{edited} pages edited after they were loaded (more than one revision)")
    by_people = Revision.objects.filter(user__isnull=False).count()
    if by_people:
        found.append(f"{by_people} revisions saved by signed-in users")
    for name, model in (("images", get_image_model()), ("documents", get_document_model())):
        uploaded = model.objects.filter(uploaded_by_user__isnull=False).count()
        if uploaded:
            found.append(f"{uploaded} {name} uploaded by users")
    return found


def some(names, shown=3):
    return ", ".join(names[:shown]) + (", ..." if len(names) > shown else "")


class Command(BaseCommand):
    help = (
        "Grow the loaded content to the benchmark's size (pages added, none changed). "
        "Refuses a database that holds anything people made unless --force: a page the "
        "demo content (load_demo_content, this command) does not have, a page with more "
        "than one revision or a revision saved by a user, an image or a document uploaded "
        "by a user."
    )

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, default=1000)
        parser.add_argument("--testimonials", type=int, default=100)
        parser.add_argument("--team", type=int, default=100)
        parser.add_argument(
            "--publications",
            type=int,
            default=0,
            help="Publications, each with a generated PDF in Portuguese (every fourth in "
            "English too), read as the worker would: the benchmark uses 1000.",
        )
        parser.add_argument("--publication-pages", type=int, default=40)
        parser.add_argument(
            "--read-sample",
            type=int,
            default=50,
            help="How many of the added files the reader reads (the rest are kept from "
            "their generated text): the extraction throughput is measured on these.",
        )
        parser.add_argument(
            "--pictures-everywhere",
            action="store_true",
            help="Also give the existing stories, testimonials and team members a picture.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Grow a site that holds content people made, too (it is never changed, "
            "but made-up pages are added among it).",
        )

    def handle(self, *args, **options):
        if not TimelineIndexPage.objects.exists():
            raise CommandError("Load the content first: manage.py load_demo_content")
        found = people_made()
        if found and not options["force"]:
            raise CommandError(
                "This database holds content people made: "
                + "; ".join(found)
                + ". Made-up pages would be published among it. Grow a copy made for the "
                "benchmark (load_demo_content on an empty database), or pass --force. "
                "Nothing was added."
            )
        for name, model, index_model, values_for in SECTIONS:
            added = grow(model, index_model, values_for, options[name], self.stdout)
            if model is PublicationPage and added:
                attach_documents(
                    added, options["publication_pages"], options["read_sample"], self.stdout
                )
        if options["pictures_everywhere"]:
            photos = [image.pk for image in pictures()]
            for model, field in PICTURE_FIELD.items():
                without = model.objects.filter(**{field: None}).order_by("pk")
                for n, pk in enumerate(without.values_list("pk", flat=True)):
                    model.objects.filter(pk=pk).update(**{field: photos[n % len(photos)]})
        bump_chrome()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum would soon do: fresh statistics
        self.stdout.write(self.style.SUCCESS("Done."))
