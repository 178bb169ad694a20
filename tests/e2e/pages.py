"""One page of every type, in both languages, from the programme's content (with one
publication published and two partner logos: ``SAMPLE_CONTENT``). The axe test, the
screenshots (`make screenshots`) and the page-type check read this one list; a page model
of Wagtail's that none of its addresses shows fails that check, so a new page type gets a
line here."""

import json
from urllib.parse import urlsplit

PAGE_TYPES = {
    "home": ("/pt/", "/en/"),
    "pillar index": ("/pt/areas-de-trabalho/", "/en/areas-of-work/"),
    "pillar": (
        "/pt/areas-de-trabalho/estudos-atuariais/",
        "/en/areas-of-work/actuarial-studies/",
    ),
    "pillar with the C102 table": (
        "/pt/areas-de-trabalho/convencoes-internacionais/",
        "/en/areas-of-work/international-conventions/",
    ),
    "testimonial index": ("/pt/testemunhos/", "/en/testimonials/"),
    "testimonial": (
        "/pt/testemunhos/elisandra-albertina-lopes-de-pina/",
        "/en/testimonials/elisandra-albertina-lopes-de-pina/",
    ),
    "team index": ("/pt/equipa/", "/en/team/"),
    "team member": (
        "/pt/equipa/responsavel-cabo-verde-guine-bissau/",
        "/en/team/country-officer-cabo-verde-guinea-bissau/",
    ),
    "timeline": ("/pt/cronologia/", "/en/timeline/"),
    "timeline, activities": ("/pt/cronologia/?kind=activities", "/en/timeline/?kind=activities"),
    "story, not an activity": (
        "/pt/cronologia/acordo-da-3-fase/",
        "/en/timeline/phase-3-agreement/",
    ),
    "timeline, a country chosen": ("/pt/cronologia/?country=mz", "/en/timeline/?country=mz"),
    "story": (
        "/pt/cronologia/timor-leste-roteiro-c102/",
        "/en/timeline/timor-leste-c102-road-map/",
    ),
    "library": ("/pt/publicacoes/", "/en/publications/"),
    "library, nothing found": ("/pt/publicacoes/?q=xyzzy", "/en/publications/?q=xyzzy"),
    "publication": (
        "/pt/publicacoes/boletim-estatistico-cabo-verde-2016-2020/",
        "/en/publications/statistical-bulletin-cabo-verde-2016-2020/",
    ),
    "country index": ("/pt/paises/", "/en/countries/"),
    "country": ("/pt/paises/cabo-verde/", "/en/countries/cabo-verde/"),
    "country, no step yet": ("/pt/paises/guine-bissau/", "/en/countries/guinea-bissau/"),
    "contact": ("/pt/contacto/", "/en/contact/"),
    "legal page": ("/pt/declaracao-de-acessibilidade/", "/en/accessibility-statement/"),
    "search": ("/pt/pesquisa/?q=proteção", "/en/search/?q=protection"),
    "search, nothing found": ("/pt/pesquisa/?q=xyzzy", "/en/search/?q=xyzzy"),
    "not found": ("/pt/nao-existe/", "/en/does-not-exist/"),
    "sign in": ("/pt/_util/login/", "/en/_util/login/"),
}

ALL_PAGES = [
    (f"{kind} [{language}]", url)
    for kind, urls in PAGE_TYPES.items()
    for language, url in zip(("pt", "en"), urls, strict=True)
]


# Run by ``manage.py shell`` on a site loaded with the programme's content: the first
# publication (a draft waiting for its files) gets a PDF in each language and is published,
# and the first two partners in site settings get a logo (1200x400 PNG, as staff upload).
SAMPLE_CONTENT = """
import io
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.documents import get_document_model
from action_portugal.files.samples import pdf_with_text
from action_portugal.models import Partner, SiteImage
from publications.models import PublicationPage

page = PublicationPage.objects.order_by("path").first().get_latest_revision_as_object()
for language in ("pt", "en"):
    title = getattr(page, "title_" + language)
    pdf = pdf_with_text([[title]])
    document = get_document_model().objects.create(
        title=title,
        file=ContentFile(pdf, name=f"{page.slug_en}-{language}.pdf"),
        file_size=len(pdf),
    )
    setattr(page, "file_" + language, document)
page.save_revision().publish()

for n, partner in enumerate(Partner.objects.order_by("sort_order", "pk")[:2]):
    picture = Image.new("RGB", (1200, 400), "white")
    draw = ImageDraw.Draw(picture)
    draw.rectangle((40, 40, 360, 360), fill=("#1e2dbe", "#e84e0f")[n])
    draw.ellipse((420, 100, 620, 300), fill="#222222")
    for row in range(4):
        draw.rectangle((680, 80 + 70 * row, 1160 - 90 * row, 120 + 70 * row), fill="#555555")
    data = io.BytesIO()
    picture.save(data, "PNG")
    partner.logo = SiteImage.objects.create(
        title=partner.name_en,
        description_pt=partner.name_pt,
        description_en=partner.name_en,
        file=ImageFile(data, name=f"partner-{n + 1}.png"),
    )
    partner.save()
"""

# Run by ``manage.py shell``: every live page of each of the project's page models, as
# ``{model label: [[Portuguese address, English address], ...]}`` in JSON.
LIVE_PAGES_BY_MODEL = """
import json
from tests.pages import LANGUAGES, page_models, url_in
print(json.dumps({
    model._meta.label: [
        [url_in(page, language) for language in LANGUAGES]
        for page in model.objects.live().order_by("path")
    ]
    for model in page_models()
}))
"""


def live_pages_by_model(manage, env):
    """``LIVE_PAGES_BY_MODEL`` for the site ``env`` describes (``manage``: harness.manage)."""
    return json.loads(manage(env, "shell", "-c", LIVE_PAGES_BY_MODEL).strip().splitlines()[-1])


def missing_page_types(pages_by_model):
    """The page models none of whose live pages ``PAGE_TYPES`` names, each with its first
    live page's addresses (``None`` when the content has none)."""
    listed = {urlsplit(url).path for urls in PAGE_TYPES.values() for url in urls}
    return {
        label: pages[0] if pages else None
        for label, pages in pages_by_model.items()
        if not any(url in listed for urls in pages for url in urls)
    }
