"""The old site's addresses keep working: each known one answers one permanent redirect to
its page, in the old address's language whatever the visitor's; staff import more from a
file, seeing what will change first, and a file or a line that does not fit changes
nothing."""

import io
import re
import zipfile

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction, Site

from action_portugal.base.permissions import TRANSLATORS
from action_portugal.editing import old_address_import
from country_pages.models import CountryPage
from publications.models import PublicationPage
from timeline.models import StoryPage

from .conftest import soup
from .pages import publish
from .staff import member_of

pytestmark = pytest.mark.django_db

# Each known address of the old site (the loader's, in content/site.json) and where it leads.
KNOWN = {
    "/en/home-page-2/": "/en/",
    "/en/action-portugal-2": "/en/",
    "/en/mozambique/": "/en/countries/mozambique/",
    "/en/timor-leste-eng/": "/en/countries/timor-leste/",
    "/sao-tome-e-principe/": "/pt/paises/sao-tome-e-principe/",
    "/?p=3919": "/pt/cronologia/sao-tome-e-principe-ratifica-a-convencao-102/",
    # The post of the launch: the launch itself, an activity on the timeline.
    "/2024/12/04/lancamento-do-boletim-estatistico-sobre-protecao-social-em-cabo-verde-2021-2023": (
        "/pt/cronologia/lancamento-do-boletim-estatistico-de-cabo-verde-2021-2023/"
    ),
}
# Publications the loader leaves as drafts, waiting for their files: their old addresses
# lead to the library until they are published.
WAITING = {
    "/?p=2933": "/pt/publicacoes/boletim-estatistico-cabo-verde-2016-2020/",
    "/2023/05/17/por-que-ratificar-a-convencao-no-102-da-oit": (
        "/pt/publicacoes/por-que-ratificar-a-convencao-102/"
    ),
}
# However the visitor's browser and language cookie ask.
VISITORS = {
    "no preference": ({}, None),
    "English browser": ({"accept-language": "en-GB,en;q=0.9"}, None),
    "Portuguese browser": ({"accept-language": "pt-PT,pt;q=0.9"}, None),
    "chose English": ({"accept-language": "en"}, "en"),
    "chose Portuguese": ({"accept-language": "pt"}, "pt"),
}


def visit(client, address, visitor):
    headers, cookie = VISITORS[visitor]
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    return client.get(address, headers=headers)


def language_of_page(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return soup(response).html["lang"]


def one_hop(client, old, expected, status=301):
    """``old`` answers ``status`` straight to ``expected``, a page that answers 200 in the
    language of its address."""
    response = client.get(old)
    assert response.status_code == status, old
    assert response["Location"] == expected
    assert "no-cache" in response["Cache-Control"]
    assert language_of_page(client, expected) == expected.split("/")[1]


# The known addresses -------------------------------------------------------------------------


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(("old", "new"), KNOWN.items())
def test_every_known_address_leads_to_its_page_in_its_own_language(client, old, new, visitor):
    response = visit(client, old, visitor)
    assert response.status_code == 301
    assert response["Location"] == new
    assert language_of_page(client, response["Location"]) == new.split("/")[1]


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(("old", "new"), WAITING.items())
def test_a_publication_waiting_for_its_file_is_not_given_away(client, old, new, visitor):
    """Its old address leads to the library for now, temporarily (the library says it is
    being prepared); once the publication is published, permanently to it."""
    response = visit(client, old, visitor)
    assert response.status_code == 302
    assert response["Location"] == "/pt/publicacoes/"
    assert language_of_page(client, "/pt/publicacoes/") == "pt"
    slug = new.rstrip("/").rsplit("/", 1)[1]
    publication = PublicationPage.objects.get(slug_pt=slug)
    publish(publication, external_url="https://www.ilo.org/", external_languages=["pt"])
    one_hop(client, old, new)


def test_the_english_home_page_is_its_old_address_too(client):
    response = client.get("/en/", headers={"accept-language": "pt"})
    assert response.status_code == 200
    assert soup(response).html["lang"] == "en"
    assert not Redirect.objects.filter(old_path__in=["/en", "/"]).exists()


def test_the_loader_makes_each_redirect_to_a_page():
    redirects = Redirect.objects.filter(automatically_created=False)
    assert redirects.count() == len(KNOWN) + len(WAITING)
    assert not redirects.filter(redirect_page__isnull=True).exists()
    assert set(redirects.values_list("is_permanent", flat=True)) == {True}


def test_a_second_run_of_the_loader_keeps_what_staff_changed():
    redirects = {r.old_path: r.redirect_page_id for r in Redirect.objects.all()}
    mozambique = Redirect.objects.get(old_path="/en/mozambique")
    mozambique.redirect_page = CountryPage.objects.get(slug_pt="angola")
    mozambique.save()
    output = io.StringIO()
    call_command("load_demo_content", stdout=output)
    assert "0 pages created, 60 already there" in output.getvalue()
    assert "kept     old address /en/mozambique" in output.getvalue()
    redirects["/en/mozambique"] = mozambique.redirect_page_id
    assert {r.old_path: r.redirect_page_id for r in Redirect.objects.all()} == redirects


def test_from_a_fresh_installation_twice():
    root = Page.get_first_root_node()
    welcome = root.add_child(
        instance=Page(title_pt="Welcome to your new Wagtail site!", slug_pt="home-welcome")
    )
    Site.objects.update(root_page=welcome)
    Page.objects.get(depth=2, slug_pt="inicio").delete()
    assert not Redirect.objects.exists()  # they went with their pages
    call_command("load_demo_content", stdout=io.StringIO())
    first = sorted(Redirect.objects.values_list("old_path", "redirect_page__url_path_pt"))
    assert len(first) == len(KNOWN) + len(WAITING)
    call_command("load_demo_content", stdout=io.StringIO())
    assert sorted(Redirect.objects.values_list("old_path", "redirect_page__url_path_pt")) == first


def test_an_old_address_follows_its_page_when_it_moves(client):
    mozambique = CountryPage.objects.get(slug_pt="mocambique")
    publish(mozambique, slug_en="mozambique-and-c102")
    one_hop(client, "/en/mozambique/", "/en/countries/mozambique-and-c102/")
    # The page's own former address leads there too, in one hop as well.
    one_hop(client, "/en/countries/mozambique/", "/en/countries/mozambique-and-c102/")


def test_an_old_address_of_a_withdrawn_or_private_page_gives_nothing_away(client):
    story = StoryPage.objects.get(slug_pt="sao-tome-e-principe-ratifica-a-convencao-102")
    story.unpublish()
    one_hop(client, "/?p=3919", "/pt/cronologia/", status=302)
    story.save_revision().publish()
    one_hop(client, "/?p=3919", KNOWN["/?p=3919"])
    PageViewRestriction.objects.create(page=story, restriction_type="login")
    one_hop(client, "/?p=3919", "/pt/cronologia/", status=302)


# The site's root and WordPress's ?p= ---------------------------------------------------------


class TestTheSitesRoot:
    @pytest.mark.parametrize(
        ("visitor", "home"),
        [
            ("no preference", "/pt/"),
            ("English browser", "/en/"),
            ("Portuguese browser", "/pt/"),
            ("chose English", "/en/"),
            ("chose Portuguese", "/pt/"),
        ],
    )
    def test_a_permanent_redirect_to_the_visitors_language(self, client, visitor, home):
        response = visit(client, "/", visitor)
        assert response.status_code == 301
        assert response["Location"] == home
        vary = {value.strip().lower() for value in response["Vary"].split(",")}
        assert {"accept-language", "cookie"} <= vary
        assert "private" in response["Cache-Control"]
        assert "no-cache" in response["Cache-Control"]

    def test_a_campaigns_parameters_are_kept(self, client):
        assert client.get("/?utm_source=boletim")["Location"] == "/pt/?utm_source=boletim"

    def test_an_old_post_with_campaign_parameters(self, client):
        response = client.get("/?utm_source=boletim&p=3919")
        assert response["Location"] == KNOWN["/?p=3919"]

    @pytest.mark.parametrize("query", ["p=999999", "page_id=12", "p=abc", "p=", "p=1%00"])
    def test_an_old_post_we_do_not_know_leads_home_for_now(self, client, query):
        response = client.get(f"/?{query}&utm_source=x", headers={"accept-language": "en"})
        assert response.status_code == 302
        assert response["Location"] == "/en/?utm_source=x"

    def test_only_get_and_head(self, client):
        assert client.head("/").status_code == 301
        assert client.post("/").status_code == 405

    def test_an_ordinary_page_with_a_p_is_just_the_page(self, client):
        assert client.get("/pt/equipa/?p=3919").status_code == 200


def warm(client, address):
    client.get(address)  # the site and the restricted pages' list, into the cache


@pytest.mark.parametrize(
    ("address", "queries"),
    [
        ("/", 0),
        ("/?p=3919", 1),  # the redirect, with its page
        ("/?p=2933", 2),  # and the nearest public page above the draft
        ("/en/mozambique/", 2),  # no page at it (one query), then the redirect
        ("/sao-tome-e-principe/", 1),  # no page can have it: the redirect only
    ],
)
def test_an_old_address_costs_the_same_however_many_there_are(
    client, django_assert_num_queries, address, queries
):
    warm(client, address)
    with django_assert_num_queries(queries):
        client.get(address)
    page = CountryPage.objects.get(slug_pt="angola")
    Redirect.objects.bulk_create(
        Redirect(old_path=f"/?p={n}", site_id=page.get_site().pk, redirect_page=page)
        for n in range(10_000, 11_000)
    )
    warm(client, address)
    with django_assert_num_queries(queries):
        client.get(address)


# The import ----------------------------------------------------------------------------------

IMPORT = "/admin/redirects/import/"


def csv_file(text, name="enderecos.csv", encoding="utf-8-sig"):
    data = text if isinstance(text, bytes) else text.encode(encoding)
    return SimpleUploadedFile(name, data, content_type="text/csv")


def xlsx_file(rows, name="enderecos.xlsx"):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def preview(client, upload, other_sites=False):
    data = {"file": upload, **({"other_sites": "on"} if other_sites else {})}
    response = client.post(IMPORT, data)
    assert response.status_code == 200
    return response


def token(response):
    field = soup(response).find("input", attrs={"name": "preview"})
    return field["value"] if field else None


def confirm(client, response):
    return client.post(IMPORT, {"preview": token(response)})


def text(node):
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


def table(response, caption):
    """The rows of the table with this caption, each a list of its cells' texts."""
    for found in soup(response).find_all("table"):
        if found.caption and text(found.caption) == caption:
            return [[text(cell) for cell in row.find_all("td")] for row in found.tbody("tr")]
    return None


def redirects():
    return sorted(
        Redirect.objects.values_list(
            "old_path", "site_id", "redirect_page_id", "redirect_link", "is_permanent"
        )
    )


GOOD = (
    "Endereço antigo;Endereço novo\n"
    "/quem-somos/;/pt/equipa/\n"
    "https://www.action-portugal.org/en/our-team/;http://testserver/en/team/\n"
    "/en/mozambique/;/en/countries/mozambique/\n"
    "/en/timor-leste-eng/;/en/countries/angola/\n"
    "\n"
    "/?p=4001;/pt/cronologia/acordo-da-3-fase/\n"
)
SAID = {
    "en": {
        "title": "Import old addresses",
        "names": "Line 1 was read as the columns' names: “Endereço antigo”, “Endereço novo”.",
        "caption": "What will change",
        "counts": "New redirects: 3. Changed: 1. Already so: 1.",
        "new": "New",
        "same": "Already so",
        "changed": "Changed: it led to /en/countries/timor-leste/",
        "done": "Old addresses imported. New redirects: 3. Changed: 1.",
    },
    "pt": {
        "title": "Importar endereços antigos",
        "names": (
            "A linha 1 foi lida como os nomes das colunas: «Endereço antigo», «Endereço novo»."
        ),
        "caption": "O que vai mudar",
        "counts": "Redirecionamentos novos: 3. Alterados: 1. Já assim: 1.",
        "new": "Novo",
        "same": "Já assim",
        "changed": "Alterado: levava a /en/countries/timor-leste/",
        "done": "Endereços antigos importados. Redirecionamentos novos: 3. Alterados: 1.",
    },
}


@pytest.mark.parametrize("language", ["pt", "en"])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_list_is_previewed_then_imported(client, editor, language, kind):
    said = SAID[language]
    staff = editor(language)
    page = staff.get(IMPORT)
    assert said["title"] in text(soup(page).find("main"))
    before = redirects()
    upload = (
        csv_file(GOOD)
        if kind == "csv"
        else xlsx_file([line.split(";") for line in GOOD.splitlines()])
    )
    shown = preview(staff, upload)
    assert redirects() == before  # a preview writes nothing
    body = text(soup(shown).find("main"))
    assert said["names"] in body
    assert said["counts"] in body
    rows = {row[1]: row for row in table(shown, said["caption"])}
    assert rows["/quem-somos"][2:] == ["Equipa /pt/equipa/", said["new"]]
    assert rows["/en/our-team"][2:] == ["Team /en/team/", said["new"]]
    assert rows["/en/mozambique"][3] == said["same"]
    assert rows["/en/timor-leste-eng"][2:] == ["Angola /en/countries/angola/", said["changed"]]
    assert rows["/?p=4001"][0] == "7"

    done = confirm(staff, shown)
    assert done.status_code == 302
    assert said["done"] in text(soup(staff.get(done["Location"])))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the old address decides, not this
    one_hop(client, "/quem-somos/", "/pt/equipa/")
    one_hop(client, "/en/our-team/", "/en/team/")
    one_hop(client, "/en/timor-leste-eng/", "/en/countries/angola/")
    one_hop(client, "/?p=4001", "/pt/cronologia/acordo-da-3-fase/")
    imported = Redirect.objects.get(old_path="/quem-somos")
    assert imported.redirect_page.specific.title_pt == "Equipa"
    assert imported.is_permanent and not imported.automatically_created
    # The same file again: everything is already so.
    again = preview(staff, csv_file(GOOD))
    assert token(again) is None
    assert table(again, said["caption"])


# Each line that does not fit, and what it says, in English and in Portuguese.
UNFIT = [
    (
        "/admin/pages/;/pt/equipa/",
        "/admin/pages is one of the site's own addresses",
        "/admin/pages é um dos endereços do próprio sítio",
    ),
    (
        "/documents/1/boletim.pdf;/pt/equipa/",
        "/documents/1/boletim.pdf is one of the site's own addresses",
        "/documents/1/boletim.pdf é um dos endereços do próprio sítio",
    ),
    (
        "/pt/pesquisa/;/pt/equipa/",
        "/pt/pesquisa is one of the site's own addresses",
        "/pt/pesquisa é um dos endereços do próprio sítio",
    ),
    (
        "/sitemap.xml;/pt/equipa/",
        "/sitemap.xml is one of the site's own addresses",
        "/sitemap.xml é um dos endereços do próprio sítio",
    ),
    ("/;/pt/equipa/", "“/” is the site's own address", "«/» é o endereço do próprio sítio"),
    (
        "/pt/equipa/;/pt/cronologia/",
        "A published page is at this old address (“Equipa”)",
        "Há uma página publicada neste endereço antigo («Equipa»)",
    ),
    (
        "/a;https://evil.example/phish",
        "https://evil.example/phish is on another site.",
        "https://evil.example/phish fica noutro sítio.",
    ),
    (
        "/b;javascript:alert(1)",
        "Give the new address as a page's address on this site",
        "Indique o endereço novo como endereço de uma página deste sítio",
    ),
    (
        "/c;//evil.example/pt/equipa/",
        "Give the new address as a page's address on this site",
        "Indique o endereço novo como endereço de uma página deste sítio",
    ),
    (
        "/d;https://user:pw@evil.example/",
        "has a user name or a password in it",
        "contém um nome de utilizador ou uma palavra-passe",
    ),
    (
        "/e;/en/team/",
        "The old address is in Portuguese, the new one in English",
        "O endereço antigo está em português e o novo em inglês",
    ),
    (
        "/f;/pt/nao-existe/",
        "No page has the address /pt/nao-existe/.",
        "Nenhuma página tem o endereço /pt/nao-existe/.",
    ),
    ("/pt/antigo;/pt/equipa/", None, None),  # fits: the next line leads to it
    (
        "/g;/pt/antigo",
        "/pt/antigo is itself an old address, on line 13",
        "/pt/antigo também é um endereço antigo, na linha 13",
    ),
    (
        "/sobre?lang=pt;/pt/equipa/",
        "Only the old site's home address may carry a query",
        "Só o endereço da página inicial do sítio antigo pode ter uma consulta",
    ),
    (
        "/?p=abc;/pt/equipa/",
        "Only the old site's home address may carry a query",
        "Só o endereço da página inicial do sítio antigo pode ter uma consulta",
    ),
    (
        "/pt/antigo/;/pt/cronologia/",
        "This old address is already on line 13.",
        "Este endereço antigo já está na linha 13.",
    ),
    (
        '"=HYPERLINK(""https://evil.example"")";/pt/equipa/',
        "Give the old address as a path",
        "Indique o endereço antigo como caminho",
    ),
    (
        "/h;/pt/equipa/?utm_source=x",
        "A page's address has no query",
        "O endereço de uma página não tem consulta",
    ),
    (
        "/i/../admin/;/pt/equipa/",
        "The old address has “.” or “..” in it",
        "O endereço antigo tem «.» ou «..»",
    ),
    ("/" + "j" * 300 + ";/pt/equipa/", "longer than 255 characters", "mais de 255 caracteres"),
    ("/k;", "The new address is missing.", "Falta o endereço novo."),
    ("/l m;/pt/equipa/", "has spaces or characters", "tem espaços ou caracteres"),
    (
        "<script>alert(1)</script>;/pt/equipa/",
        "Give the old address as a path",
        "Indique o endereço antigo como caminho",
    ),
    (
        "/pt/publicacoes/boletim-estatistico-cabo-verde-2016-2020/;"
        "/pt/publicacoes/boletim-estatistico-cabo-verde-2016-2020/",
        "The old and the new address are the same.",
        "O endereço antigo e o novo são o mesmo.",
    ),
    (
        "/en/n/;/pt/equipa/",
        "The old address is in English, the new one in Portuguese",
        "O endereço antigo está em inglês e o novo em português",
    ),
    ("/quem-somos/;/pt/equipa/", None, None),  # fits, and is not written either
]


@pytest.mark.parametrize("language", ["pt", "en"])
def test_lines_that_do_not_fit_are_named_and_nothing_is_written(editor, language):
    staff = editor(language)
    before = redirects()
    shown = preview(staff, csv_file("\n".join(line for line, _en, _pt in UNFIT)))
    assert token(shown) is None
    html = shown.content.decode()
    assert "<script>alert(1)" not in html
    caption = "Lines that do not fit" if language == "en" else "Linhas que não servem"
    wrong = {int(row[0]): row[3] for row in table(shown, caption)}
    for number, (_line, english, portuguese) in enumerate(UNFIT, start=1):
        said = english if language == "en" else portuguese
        if said is None:
            assert number not in wrong
        else:
            assert said in wrong.get(number, ""), (number, wrong.get(number))
    assert len(wrong) == len([line for line in UNFIT if line[1]])
    nothing = "Nothing has been imported" if language == "en" else "Nada foi importado"
    assert nothing in text(soup(shown).find("main"))
    assert redirects() == before


def big_csv():
    return csv_file("/a;/pt/equipa/\n" + "#" * (1024 * 1024))


def zip_bomb():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 * 1024 * 1024))
    return SimpleUploadedFile("enderecos.xlsx", out.getvalue())


MALFORMED = {
    "not UTF-8": (
        lambda: csv_file("/ação;/pt/equipa/", encoding="latin-1"),
        "The file is not UTF-8 text.",
        "O ficheiro não é texto em UTF-8.",
    ),
    "a quotation mark left open": (
        lambda: csv_file('/a;/pt/equipa/\n"/b;/pt/equipa/\n/c;/pt/equipa/\n'),
        "cannot be read as CSV",
        "não pode ser lida como CSV",
    ),
    "text after a closing quotation mark": (
        lambda: csv_file('"/a"x;/pt/equipa/\n'),
        "Line 1 cannot be read as CSV",
        "A linha 1 não pode ser lida como CSV",
    ),
    "not text": (
        lambda: csv_file(b"/a;/pt/equipa/\x00\x01"),
        "The file is not a text file",
        "O ficheiro não é um ficheiro de texto",
    ),
    "a damaged workbook": (
        lambda: SimpleUploadedFile("enderecos.xlsx", b"PK\x03\x04 not really"),
        "cannot be read as an Excel workbook",
        "não pode ser lido como livro do Excel",
    ),
    "a zip bomb": (
        zip_bomb,
        "cannot be read as an Excel workbook",
        "não pode ser lido como livro do Excel",
    ),
    "too big": (big_csv, "The file is larger than 1 MB.", "O ficheiro tem mais de 1 MB."),
    "too many lines": (
        lambda: csv_file("".join(f"/p{n};/pt/equipa/\n" for n in range(2002))),
        "The file has more than 2000 lines.",
        "O ficheiro tem mais de 2000 linhas.",
    ),
    "another kind of file": (
        lambda: SimpleUploadedFile("enderecos.pdf", b"%PDF-1.4"),
        "Give a CSV file (.csv) or an Excel workbook (.xlsx).",
        "Indique um ficheiro CSV (.csv) ou um livro do Excel (.xlsx).",
    ),
    "names only": (
        lambda: csv_file("antigo;novo\n\n"),
        "The file has no old addresses in it.",
        "O ficheiro não tem nenhum endereço antigo.",
    ),
}


@pytest.mark.parametrize("language", ["pt", "en"])
@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_file_is_refused_whole(editor, language, case):
    make, english, portuguese = MALFORMED[case]
    staff = editor(language)
    before = redirects()
    shown = preview(staff, make())
    body = text(soup(shown).find("main"))
    assert (english if language == "en" else portuguese) in body
    if case != "names only":  # a file with no addresses at all has nothing to import
        assert ("Nothing has been imported." if language == "en" else "Nada foi importado.") in body
    assert token(shown) is None
    assert redirects() == before


def test_another_site_only_when_staff_allow_it(client, editor):
    staff = editor("en")
    line = "/saiba-mais/;https://www.ilo.org/pt/\n"
    assert token(preview(staff, csv_file(line))) is None
    shown = preview(staff, csv_file(line), other_sites=True)
    rows = table(shown, "What will change")
    assert rows == [["1", "/saiba-mais", "another site: https://www.ilo.org/pt/", "New"]]
    confirm(staff, shown)
    response = client.get("/saiba-mais/")
    assert response.status_code == 301
    assert response["Location"] == "https://www.ilo.org/pt/"


def test_a_target_that_is_a_pages_old_address_leads_straight_to_the_page(editor):
    story = StoryPage.objects.get(slug_pt="acordo-da-3-fase")
    publish(story, slug_pt="acordo-da-terceira-fase")  # /pt/cronologia/acordo-da-3-fase/ is old
    staff = editor("en")
    shown = preview(staff, csv_file("/?p=4001;/pt/cronologia/acordo-da-3-fase/\n"))
    confirm(staff, shown)
    assert Redirect.objects.get(old_path="/?p=4001").redirect_page_id == story.pk


def test_a_preview_is_applied_only_as_it_was_shown(editor):
    staff = editor("pt")
    shown = preview(staff, csv_file("/quem-somos/;/pt/equipa/\n/?p=4001;/pt/cronologia/\n"))
    # Meanwhile someone points /quem-somos elsewhere.
    Redirect.add_redirect("/quem-somos", CountryPage.objects.get(slug_pt="angola"))
    before = redirects()
    again = confirm(staff, shown)
    assert again.status_code == 200
    assert "O sítio mudou desde a pré-visualização: nada foi importado." in text(
        soup(again).find("main")
    )
    assert redirects() == before
    assert token(again)  # the new preview can be confirmed


@pytest.mark.parametrize("forged", ["", "abc", "eyJsaW5lcyI6W119:1u:forged"])
def test_a_forged_or_stale_preview_writes_nothing(editor, forged):
    staff = editor("pt")
    before = redirects()
    response = staff.post(IMPORT, {"preview": forged})
    assert response.status_code == 200
    assert "Esta pré-visualização expirou ou foi alterada" in response.content.decode()
    assert redirects() == before


def test_only_staff_who_manage_redirects_import(client):
    assert client.get(IMPORT)["Location"].startswith("/admin/login/")
    client.force_login(member_of(TRANSLATORS))
    assert client.get(IMPORT).status_code == 403
    before = redirects()
    assert client.post(IMPORT, {"file": csv_file("/a;/pt/equipa/")}).status_code == 403
    assert redirects() == before


def test_wagtails_own_import_is_not_reachable(editor):
    """Its confirmation wrote each line to the typed address, good lines before bad ones."""
    staff = editor("en")
    before = redirects()
    response = staff.post(
        "/admin/redirects/import/process/",
        {"import_file_name": "x", "input_format": "0", "from_index": "0", "to_index": "1"},
    )
    assert response.status_code == 200
    assert redirects() == before
    index = soup(staff.get("/admin/redirects/"))
    assert index.find("a", href="/admin/redirects/import/")


def test_the_site_s_own_addresses_are_never_redirected(client):
    page = CountryPage.objects.get(slug_pt="angola")
    for old_path in ("/admin/nao-existe", "/documents/999/x.pdf", "/static/nao-existe.css"):
        Redirect.objects.create(old_path=old_path, redirect_page=page)
    assert client.get("/admin/nao-existe/").status_code != 301
    assert client.get("/documents/999/x.pdf").status_code == 404
    assert client.get("/static/nao-existe.css").status_code == 404


def test_checking_a_list_costs_the_same_queries_however_long(django_assert_num_queries):
    site = Site.objects.select_related("root_page").get(is_default_site=True)
    hosts = old_address_import.own_hosts(site)

    def lines(count):
        return [
            (n, f"/en/old-{n}/" if n % 2 else f"/antigo-{n}/", "/en/team/" if n % 2 else "/pt/")
            for n in range(count)
        ]

    with django_assert_num_queries(3):  # the pages in each language, the redirects
        old_address_import.check(lines(10), site, hosts)
    with django_assert_num_queries(3):
        old_address_import.check(lines(1000), site, hosts)


@pytest.mark.parametrize(
    ("address", "english"),
    [
        ("/admin/redirects/", ["Filter by", "Show filters", "Close dialog", "Toggle breadcrumbs"]),
        ("/admin/redirects/add/", ["New:", "Redirects"]),
        (IMPORT, ["Import", "File", "Preview", "Redirects"]),
    ],
)
def test_the_redirects_screens_are_portuguese(editor, address, english):
    staff = editor("pt")
    document = soup(staff.get(address))
    for tag in document(["script", "style", "template"]):
        tag.decompose()
    words = text(document) + " ".join(
        value
        for tag in document.find_all(True)
        for name, value in tag.attrs.items()
        if name in ("aria-label", "title", "placeholder") and isinstance(value, str)
    )
    for phrase in english:
        assert not re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", words), phrase
    if address == "/admin/redirects/":
        assert "9 redirecionamentos" in words
