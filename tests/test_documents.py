"""Files sent to the document library are checked by their content, through each way in
(add one, add several, the chooser's upload, replace a document's file), and refused with a
message in the editor's own language, leaving nothing behind. Documents are served only by
our view, after Wagtail's privacy check, with headers that keep anything but a real PDF a
sandboxed download; MEDIA_URL serves pictures and nothing else; with a bucket, documents go
out through short-lived signed URLs.

Every file is made here: PDFs with pypdfium2 or by hand (the encrypted ones), Office and
OpenDocument files as the zips they are."""

import functools
import hashlib
import html
import importlib
import io
import os
import struct
import urllib.error
import urllib.request
import zipfile
from urllib.parse import parse_qs, urlsplit

import pypdfium2 as pdfium
import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import clear_url_caches, resolve, reverse
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.documents.models import document_served
from wagtail.models import Collection, CollectionViewRestriction

from action_portugal import urls
from action_portugal.base.permissions import EDITORS
from action_portugal.factories import SiteImageFactory
from action_portugal.files import documents, media

from .buckets import BUCKET
from .staff import member_of, superuser
from .test_uploads import base_settings, encoded

pytestmark = pytest.mark.django_db
Document = get_document_model()
MB = 1024 * 1024


# The files


@functools.cache
def real_pdf(pages=2):
    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    buffer = io.BytesIO()
    pdf.save(buffer)
    pdf.close()
    return buffer.getvalue()


def rc4(key, data):
    box = list(range(256))
    j = 0
    for i in range(256):
        j = (j + box[i] + key[i % len(key)]) % 256
        box[i], box[j] = box[j], box[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + box[i]) % 256
        box[i], box[j] = box[j], box[i]
        out.append(byte ^ box[(box[i] + box[j]) % 256])
    return bytes(out)


PASSWORD_PADDING = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def encrypted_pdf(user_password):
    """A one-page PDF under the standard security handler, revision 2 (40-bit RC4): with a
    user password, it cannot be opened without it; without one, it opens but is encrypted.
    It holds no string or stream, so nothing in it needs encrypting but the check values."""

    def padded(password):
        return (password.encode() + PASSWORD_PADDING)[:32]

    document_id = hashlib.md5(b"action-portugal").digest()  # noqa: S324 - the PDF's own
    owner = rc4(hashlib.md5(padded("owner-secret")).digest()[:5], padded(user_password))  # noqa: S324
    permissions = struct.pack("<i", -4)
    key = hashlib.md5(padded(user_password) + owner + permissions + document_id).digest()[:5]  # noqa: S324
    user = rc4(key, PASSWORD_PADDING)
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (
        owner.hex().encode(),
        user.hex().encode(),
    )
    trailer = b"/Encrypt 4 0 R /ID [<%s> <%s>]" % ((document_id.hex().encode(),) * 2)
    return hand_made_pdf([encrypt], trailer)


def hand_made_pdf(extra_objects=(), trailer=b""):
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        *extra_objects,
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return out


def zipped(entries, first_stored=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if first_stored:
            archive.writestr(zipfile.ZipInfo(first_stored[0]), first_stored[1])
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


CONTENT_TYPES_XML = b'<?xml version="1.0"?><Types xmlns="urn:x"/>'


def ooxml(kind, *extra):
    main = documents.OOXML_MAIN_PARTS[kind]
    entries = {"[Content_Types].xml": CONTENT_TYPES_XML, "_rels/.rels": b"<Relationships/>"}
    entries[main] = b"<?xml version='1.0'?><root/>"
    entries.update({name: b"\x00" * 16 for name in extra})
    return zipped(entries)


def odf(kind, stored=True):
    mimetype = documents.ODF_MIMETYPES[kind]
    entries = {"content.xml": b"<office:document-content/>", "META-INF/manifest.xml": b"<m/>"}
    if stored:
        return zipped(entries, first_stored=("mimetype", mimetype))
    return zipped({"mimetype": mimetype, **entries})


OLE2 = documents.OLE2_SIGNATURE + b"\x00" * 504  # a compound file's header block

GOOD = {
    "relatorio.pdf": real_pdf(),
    "plano.docx": ooxml("docx"),
    "orcamento.xlsx": ooxml("xlsx"),
    "apresentacao.pptx": ooxml("pptx"),
    "relatorio.odt": odf("odt"),
    "orcamento.ods": odf("ods"),
    "apresentacao.odp": odf("odp"),
    "antigo.doc": OLE2,
    "antigo.xls": OLE2,
    "antigo.ppt": OLE2,
    "contactos.csv": "Nome;País\nAna;Moçambique\n".encode(),
    "contactos-bom.csv": "\ufeffNome;País\n".encode(),
    "contactos-windows.csv": "Nome;País\nJoão;São Tomé\n".encode("cp1252"),
    "notas.txt": b"  Notas da reuniao: <a definir>\n",
    "menor.txt": b"1 < 2 e <b>old</b> depois\n",  # markup later in the file is not sniffed
    "RELATORIO.PDF": real_pdf(),
}

SUPPORTED = "PDF, DOC, DOCX, XLS, XLSX, PPT, PPTX, ODT, ODS, ODP, CSV, TXT"
# Each message in English and in Portuguese, as the editor reads it.
NOT_SUPPORTED = (
    f"Not a supported document format. Supported formats: {SUPPORTED}.",
    f"Formato de documento não suportado. Formatos suportados: {SUPPORTED}.",
)
MARKUP = (
    "This file contains web page markup (HTML, XML or SVG), which a browser could run: "
    "it is not accepted as a document.",
    "Este ficheiro contém código de página web (HTML, XML ou SVG), que um navegador poderia "
    "executar: não é aceite como documento.",
)
MACROS = (
    "This file contains macros, which are not accepted: save it without macros "
    "(as .docx, .xlsx or .pptx) and upload it again.",
    "Este ficheiro contém macros, que não são aceites: guarde-o sem macros "
    "(como .docx, .xlsx ou .pptx) e carregue-o de novo.",
)
ENCRYPTED = (
    "This PDF is protected by a password or encrypted: upload a copy without protection.",
    "Este PDF está protegido por palavra-passe ou cifrado: carregue uma cópia sem proteção.",
)
DAMAGED_PDF = (
    "This PDF is damaged or incomplete: it cannot be opened.",
    "Este PDF está danificado ou incompleto: não pode ser aberto.",
)
EMPTY = ("The submitted file is empty.", "O ficheiro submetido encontra-se vazio.")


def mismatch(extension, content_format, content_format_pt=None):
    return (
        f"The file is not a .{extension} document: its content is in the {content_format} format.",
        f"O ficheiro não é um documento .{extension}: o conteúdo está no formato "
        f"{content_format_pt or content_format}.",
    )


def unrecognised(extension):
    return (
        f"The content of this file is not a .{extension} document, or the file is damaged.",
        f"O conteúdo deste ficheiro não é um documento .{extension}, ou o ficheiro está "
        "danificado.",
    )


def not_text(extension):
    return (
        f"A .{extension} file must be plain text (UTF-8 or Windows-1252), without binary content.",
        f"Um ficheiro .{extension} tem de ser texto simples (UTF-8 ou Windows-1252), sem "
        "conteúdo binário.",
    )


PT = "texto simples"
EVIL_HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
EVIL_SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
EVIL_JS = b"fetch('/admin/users/').then(r => r.text()).then(t => navigator.sendBeacon('x', t))"

HOSTILE = {
    "HTML": ("evil.html", EVIL_HTML, NOT_SUPPORTED),
    "SVG": ("evil.svg", EVIL_SVG, NOT_SUPPORTED),
    "JavaScript": ("evil.js", EVIL_JS, NOT_SUPPORTED),
    "XHTML": ("evil.xhtml", EVIL_HTML, NOT_SUPPORTED),
    "macro-enabled Word": ("plano.docm", ooxml("docx", "word/vbaProject.bin"), NOT_SUPPORTED),
    "HTML named .pdf": ("evil.pdf", EVIL_HTML, MARKUP),
    "HTML named .txt": ("evil.txt", EVIL_HTML, MARKUP),
    "HTML named .csv after blank lines": ("evil.csv", b" \r\n\t\n<html>" + EVIL_HTML, MARKUP),
    "HTML after a BOM": ("evil.txt", b"\xef\xbb\xbf<SCRIPT>alert(1)</SCRIPT>", MARKUP),
    "SVG named .txt": ("evil.txt", EVIL_SVG, MARKUP),
    "XML named .csv": ("evil.csv", b'<?xml version="1.0"?><x/>', MARKUP),
    "a comment named .txt": ("evil.txt", b"<!--x--><img src=x onerror=alert(1)>", MARKUP),
    "a link named .txt": ("evil.txt", b"<a href=javascript:alert(1)>x</a>", MARKUP),
    "a paragraph named .csv": ("evil.csv", b"<p>a;b</p>", MARKUP),
    "HTML named .docx": ("evil.docx", EVIL_HTML, MARKUP),
    "binary named .txt": ("dados.txt", b"abc\x00def", not_text("txt")),
    "neither UTF-8 nor Windows-1252": ("dados.csv", b"a;b\n\x81\x8d\xff;c\n", not_text("csv")),
    "a PDF header and nothing else": ("relatorio.pdf", b"%PDF-1.7\n% nothing\n", DAMAGED_PDF),
    "a PDF cut short": ("relatorio.pdf", real_pdf()[:60], DAMAGED_PDF),
    "a password-protected PDF": ("relatorio.pdf", encrypted_pdf("secret"), ENCRYPTED),
    "an encrypted PDF": ("relatorio.pdf", encrypted_pdf(""), ENCRYPTED),
    "Word with macros named .docx": (
        "plano.docx",
        ooxml("docx", "word/vbaProject.bin"),
        MACROS,
    ),
    "Excel with macros named .xlsx": (
        "contas.xlsx",
        ooxml("xlsx", "xl/vbaProject.bin"),
        MACROS,
    ),
    "DOCX named .xlsx": ("contas.xlsx", ooxml("docx"), mismatch("xlsx", "DOCX")),
    "PDF named .docx": ("plano.docx", real_pdf(), mismatch("docx", "PDF")),
    "ODT named .ods": ("contas.ods", odf("odt"), mismatch("ods", "ODT")),
    "Office 97 named .docx": (
        "plano.docx",
        OLE2,
        mismatch("docx", "DOC/XLS/PPT (Office 97-2003)"),
    ),
    "PDF named .txt": ("notas.txt", real_pdf(), mismatch("txt", "PDF")),
    "DOCX named .csv": ("contas.csv", ooxml("docx"), mismatch("csv", "DOCX")),
    "text named .pdf": ("relatorio.pdf", b"Just words.\n", mismatch("pdf", "plain text", PT)),
    "text named .doc": ("plano.doc", b"Just words.\n", mismatch("doc", "plain text", PT)),
    "a zip of something else named .docx": (
        "plano.docx",
        zipped({"evil.html": EVIL_HTML}),
        unrecognised("docx"),
    ),
    "OOXML without its main part": (
        "plano.docx",
        zipped({"[Content_Types].xml": CONTENT_TYPES_XML}),
        unrecognised("docx"),
    ),
    "ODF whose mimetype is compressed": ("relatorio.odt", odf("odt", False), unrecognised("odt")),
    "a damaged zip named .xlsx": ("contas.xlsx", ooxml("xlsx")[:40], unrecognised("xlsx")),
    "binary named .pdf": ("relatorio.pdf", b"\x7fELF\x02\x01\x01\x00" * 8, unrecognised("pdf")),
}


def too_big(content, limit):
    sizes = {}
    for language in ("en", "pt"):
        with translation.override(language):
            sizes[language] = filesizeformat(len(content)), filesizeformat(limit)
    return (
        "This file is too big ({}). Maximum filesize {}.".format(*sizes["en"]),
        "Este ficheiro é demasiado grande ({}). Tamanho máximo {}.".format(*sizes["pt"]),
    )


# Through the admin, as an Editor


def root_collection():
    return Collection.get_first_root_node().pk


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def add_one(client, name, content):
    response = client.post(
        reverse("wagtaildocs:add"),
        {"title": "Relatório", "file": upload(name, content), "collection": root_collection()},
    )
    return response, html.unescape(response.content.decode())


def add_several(client, name, content, collection=None):
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": upload(name, content), "collection": collection or root_collection()},
    )
    return response, response.json()


def contents(document):
    with document.file.open("rb") as stored:
        return stored.read()


@pytest.mark.parametrize("language", ["en", "pt"])
@pytest.mark.parametrize("case", HOSTILE)
def test_the_add_view_refuses(case, language, editor, media):
    name, content, messages = HOSTILE[case]
    count = Document.objects.count()
    response, text = add_one(editor(language), name, content)
    assert response.status_code == 200
    assert messages[language == "pt"] in text
    assert Document.objects.count() == count
    assert media() == []


@pytest.mark.parametrize("language", ["en", "pt"])
@pytest.mark.parametrize("case", HOSTILE)
def test_the_multiple_upload_refuses(case, language, editor, media):
    name, content, messages = HOSTILE[case]
    count = Document.objects.count()
    response, answer = add_several(editor(language), name, content)
    assert response.status_code == 200
    assert answer == {"success": False, "error_message": messages[language == "pt"]}
    assert Document.objects.count() == count
    assert media() == []


@pytest.mark.parametrize("language", ["en", "pt"])
def test_an_empty_file_is_refused(language, editor, media):
    """Django's own check, which ours relies on: empty, a file would pass as plain text."""
    response, answer = add_several(editor(language), "notas.txt", b"")
    assert answer == {"success": False, "error_message": EMPTY[language == "pt"]}
    assert media() == []


def test_a_hostile_file_with_a_bad_collection_is_still_refused(editor, media):
    """Wagtail keeps a file whose other fields are wrong as a pending upload, to be made a
    document later without a second look: the file's own check must come first."""
    response, answer = add_several(editor("en"), "evil.txt", EVIL_HTML, collection="999999")
    assert answer == {"success": False, "error_message": MARKUP[0]}
    assert media() == []


@pytest.mark.parametrize(
    ("case", "language"),
    [("HTML named .pdf", "pt"), ("SVG", "en"), ("a password-protected PDF", "pt")],
)
def test_the_choosers_upload_in_the_page_editor_refuses(case, language, editor, media):
    name, content, messages = HOSTILE[case]
    count = Document.objects.count()
    response = editor(language).post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": "Relatório",
            "document-chooser-upload-file": upload(name, content),
            "document-chooser-upload-collection": root_collection(),
        },
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["step"] == "reshow_creation_form"
    assert messages[language == "pt"] in html.unescape(answer["htmlFragment"])
    assert Document.objects.count() == count
    assert media() == []


def a_document(name="relatorio.pdf", content=None, collection=None, title="Relatório anual"):
    """A document as if uploaded before the checks: its file is not looked at."""
    document = Document(title=title, collection=collection or Collection.get_first_root_node())
    document.file.save(name, ContentFile(real_pdf() if content is None else content), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


@pytest.mark.parametrize("case", HOSTILE)
def test_replacing_a_documents_file_with_a_hostile_one_keeps_the_old_file(case, editor, media):
    name, content, messages = HOSTILE[case]
    document = a_document()
    before = (document.file.name, document.file_hash, contents(document))
    response = editor("en").post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": document.title, "file": upload(name, content), "collection": root_collection()},
    )
    assert response.status_code == 200
    assert messages[0] in html.unescape(response.content.decode())
    document.refresh_from_db()
    assert (document.file.name, document.file_hash, contents(document)) == before
    assert media() == [document.file.name]


def assert_served_as_checked(client, document, content):
    """Served by our view: a PDF in the browser's viewer, anything else a sandboxed download,
    with the type of its extension."""
    response = client.get(document.url)
    assert response.status_code == 200
    extension = document.file_extension.lower()
    assert response["Content-Type"] == documents.DOCUMENT_TYPES[extension]
    disposition = "inline" if extension == "pdf" else "attachment"
    assert response["Content-Disposition"].startswith(f'{disposition}; filename="')
    assert response["Content-Security-Policy"] == (
        "default-src 'none'" if extension == "pdf" else "default-src 'none'; sandbox"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-cache"
    assert b"".join(response.streaming_content) == content


@pytest.mark.parametrize("name", list(GOOD))
def test_good_documents_are_accepted_one_at_a_time(name, editor, media):
    client = editor("pt")
    response, _text = add_one(client, name, GOOD[name])
    assert response.status_code == 302
    document = Document.objects.get(title="Relatório")
    assert contents(document) == GOOD[name]
    assert media() == [document.file.name]
    assert_served_as_checked(client, document, GOOD[name])


@pytest.mark.parametrize("name", list(GOOD))
def test_good_documents_are_accepted_several_at_a_time(name, editor, media):
    client = editor("en")
    response, answer = add_several(client, name, GOOD[name])
    assert answer["success"] is True
    document = Document.objects.get(pk=answer["doc_id"])
    assert contents(document) == GOOD[name]
    assert media() == [document.file.name]
    assert_served_as_checked(client, document, GOOD[name])


def test_the_choosers_upload_takes_a_good_pdf(editor):
    client = editor("en")
    response = client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": "Relatório",
            "document-chooser-upload-file": upload("relatorio.pdf", real_pdf()),
            "document-chooser-upload-collection": root_collection(),
        },
    )
    answer = response.json()
    assert answer["step"] == "chosen"
    document = Document.objects.get(pk=answer["result"]["id"])
    assert answer["result"]["url"] == f"/documents/{document.pk}/{document.filename}"
    assert_served_as_checked(client, document, real_pdf())


def test_a_good_replacement_file_is_taken(editor, media):
    document = a_document()
    old_name = document.file.name
    client = editor("en")
    response = client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "Plano", "file": upload("plano.docx", GOOD["plano.docx"]), "collection": 1},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.file.name != old_name
    assert contents(document) == GOOD["plano.docx"]
    assert media() == [document.file.name]
    assert_served_as_checked(client, document, GOOD["plano.docx"])


def test_a_pdf_of_several_megabytes_is_accepted(editor, media):
    # Over FILE_UPLOAD_MAX_MEMORY_SIZE: Django keeps it in a temporary file, which PDFium
    # opens by its path.
    pdf = real_pdf() + b"%" + b"x" * (3 * MB) + b"\n"  # a comment after the end: still a PDF
    client = editor("en")
    response, answer = add_several(client, "grande.pdf", pdf)
    assert answer["success"] is True
    document = Document.objects.get(pk=answer["doc_id"])
    assert media() == [document.file.name]
    assert_served_as_checked(client, document, pdf)


@pytest.mark.parametrize("language", ["en", "pt"])
def test_a_document_over_the_size_limit_is_refused(language, settings, editor, media):
    client = editor(language)
    # 50 MiB unless DOCUMENT_MAX_UPLOAD_MB says otherwise; the uploader's page knows it too.
    page = client.get(reverse("wagtaildocs:add_multiple")).text
    assert f'data-max-file-size="{50 * MB}"' in page
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = MB
    pdf = real_pdf() + b"%" + b"x" * MB + b"\n"
    response, answer = add_several(client, "grande.pdf", pdf)
    assert answer == {
        "success": False,
        "error_message": too_big(pdf, MB)[language == "pt"],
    }
    assert media() == []


def test_a_zip_with_too_many_entries_is_not_read(monkeypatch, editor, media):
    monkeypatch.setattr(documents, "MAX_ZIP_DIRECTORY", 1000)
    many = ooxml("docx", *(f"word/media/image{n}.png" for n in range(20)))
    few = ooxml("docx", "word/media/image1.png")
    assert len(few) < 1000 < len(many)
    client = editor("en")
    response, answer = add_several(client, "plano.docx", many)
    assert answer == {"success": False, "error_message": unrecognised("docx")[0]}
    response, answer = add_several(client, "plano.docx", few)
    assert answer["success"] is True


def test_the_list_of_parts_is_measured_as_zipfile_would_read_it():
    """From the Zip64 end record whenever there is one, whatever the plain one says."""
    archive = ooxml("docx")
    end = archive.rfind(b"PK\x05\x06")
    (directory_size,) = struct.unpack_from("<I", archive, end + 12)
    assert documents.zip_directory_size(io.BytesIO(archive)) == directory_size > 0
    huge = 50 * MB
    zip64_end = b"PK\x06\x06" + struct.pack("<QHHIIQQQQ", 44, 45, 45, 0, 0, 9, 9, huge, 0)
    locator = b"PK\x06\x07" + struct.pack("<IQI", 0, end, 1)
    lying = archive[:end] + zip64_end + locator + archive[end:]
    assert documents.zip_directory_size(io.BytesIO(lying)) == huge
    assert documents.zip_directory_size(io.BytesIO(b"no zip here")) == 0


def test_the_settings_and_their_environment(monkeypatch):
    for name in ("DOCUMENT_MAX_UPLOAD_MB", "DOCUMENT_URL_SECONDS", "AWS_STORAGE_BUCKET_NAME"):
        monkeypatch.delenv(name, raising=False)
    defaults = base_settings()
    assert defaults.WAGTAILDOCS_MAX_UPLOAD_SIZE == 50 * MB
    assert defaults.DOCUMENT_URL_SECONDS == 60
    assert defaults.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert (
        defaults.WAGTAILDOCS_DOCUMENT_FORM_BASE
        == "action_portugal.files.documents.SiteDocumentForm"
    )
    assert set(defaults.WAGTAILDOCS_EXTENSIONS) == set(documents.DOCUMENT_TYPES)
    monkeypatch.setenv("DOCUMENT_MAX_UPLOAD_MB", "20")
    monkeypatch.setenv("DOCUMENT_URL_SECONDS", "30")
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "site-media")
    configured = base_settings()
    assert configured.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * MB
    assert configured.DOCUMENT_URL_SECONDS == 30
    assert configured.STORAGES["default"]["BACKEND"] == "action_portugal.files.media.SiteS3Storage"
    assert configured.SERVE_MEDIA is False


# Serving from the disk


def assert_sandboxed_download(response, content_type, filename):
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith(f'attachment; filename="{filename}"; ')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_real_pdf_opens_in_the_browser(client):
    document = a_document("relatorio.pdf")
    served = []

    def receiver(sender, instance, request, **kwargs):
        served.append(instance.pk)

    document_served.connect(receiver)  # Wagtail's signal, as its own view sends it
    try:
        response = client.get(document.url)
    finally:
        document_served.disconnect(receiver)
    assert served == [document.pk]
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "inline; filename=\"relatorio.pdf\"; filename*=UTF-8''relatorio.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    # No sandbox: it would stop the browser's PDF viewer.
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Cache-Control"] == "private, no-cache"
    assert response["ETag"] == f'"{document.file_hash}"'
    assert b"".join(response.streaming_content) == real_pdf()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("evil.pdf", EVIL_HTML, "application/octet-stream"),
        ("evil.html", EVIL_HTML, "application/octet-stream"),
        ("evil.svg", EVIL_SVG, "application/octet-stream"),
        ("evil.js", EVIL_JS, "application/octet-stream"),
        ("plano.docx", GOOD["plano.docx"], documents.DOCUMENT_TYPES["docx"]),
        ("contas.xlsx", GOOD["orcamento.xlsx"], documents.DOCUMENT_TYPES["xlsx"]),
        ("relatorio.odt", GOOD["relatorio.odt"], documents.DOCUMENT_TYPES["odt"]),
        ("antigo.doc", OLE2, "application/msword"),
        ("contactos.csv", GOOD["contactos.csv"], "text/csv"),
        ("notas.txt", EVIL_HTML, "text/plain"),
    ],
)
def test_everything_but_a_real_pdf_is_a_sandboxed_download(client, name, content, content_type):
    document = a_document(name, content)
    response = client.get(document.url)
    assert_sandboxed_download(response, content_type, document.filename)
    assert b"".join(response.streaming_content) == content


def test_a_name_beyond_ascii_keeps_its_exact_form_in_filename_star(client):
    document = a_document("relatório de 2025 — final.pdf", EVIL_HTML)
    response = client.get(document.url)
    assert response["Content-Disposition"] == (
        'attachment; filename="relatorio_de_2025__final.pdf"; '
        "filename*=UTF-8''relat%C3%B3rio_de_2025__final.pdf"
    )


def test_an_unchanged_document_is_a_304(client):
    document = a_document()
    response = client.get(document.url, headers={"if-none-match": f'"{document.file_hash}"'})
    assert response.status_code == 304
    assert response["ETag"] == f'"{document.file_hash}"'
    assert response["Cache-Control"] == "private, no-cache"
    assert client.get(document.url, headers={"if-none-match": '"other"'}).status_code == 200


def test_the_document_url_is_our_view_at_wagtails_address():
    document = a_document("plano.docx", GOOD["plano.docx"])
    assert document.url == f"/documents/{document.pk}/{document.filename}"
    assert resolve(document.url).func is documents.serve_document
    # Every address Wagtail's own view would answer is ours.
    for address in ("/documents/\u0661/plano.docx", f"/documents/{document.pk}/a/plano.docx"):
        assert resolve(address).func is documents.serve_document


def test_other_addresses_and_methods_are_refused(client):
    document = a_document("plano.docx", GOOD["plano.docx"])
    assert client.get(f"/documents/{document.pk}/other.docx").status_code == 404
    assert client.get(f"/documents/\u0661/{document.filename}").status_code == 404
    assert client.get(f"/documents/{document.pk + 1000}/{document.filename}").status_code == 404
    assert client.get(f"/documents/{'9' * 40}/{document.filename}").status_code == 404
    assert client.post(document.url).status_code == 405
    os.remove(document.file.path)
    assert client.get(document.url).status_code == 404


@pytest.fixture
def private_collection():
    root = Collection.get_first_root_node()
    collection = root.add_child(name="Interno")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


def test_a_private_collections_document_asks_for_a_sign_in_first(
    client, private_collection, media_route
):
    document = a_document(collection=private_collection)
    response = client.get(document.url)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?next={document.url}")
    assert client.get(f"/media/{document.file.name}").status_code == 404

    client.force_login(member_of("", username="visitante"))
    response = client.get(document.url, headers={"if-none-match": f'"{document.file_hash}"'})
    assert response.status_code == 200  # no 304, no ETag: nothing of it is kept anywhere
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response
    assert response["Content-Type"] == "application/pdf"


def test_a_group_restriction_is_checked_too(client):
    collection = Collection.get_first_root_node().add_child(name="Direção")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=EDITORS))
    document = a_document(collection=collection)
    client.force_login(member_of("", username="visitante"))
    assert client.get(document.url).status_code == 302
    client.force_login(member_of(EDITORS, username="editora"))
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


# MEDIA_URL: pictures only


@pytest.fixture
def media_route():
    """The URLconf made again with this test's MEDIA_ROOT: a route that took the folder
    from the settings when it was imported would otherwise miss this test's files."""
    importlib.reload(urls)
    clear_url_caches()
    yield
    importlib.reload(urls)
    clear_url_caches()


@pytest.mark.parametrize(
    "name",
    [
        "documents/relatorio.pdf",
        "documents/evil.html",
        "documents/evil.svg",
        "documents/evil.js",
        "original_images/evil.html",
        "original_images/evil.svg",
        "original_images/evil.js",
        "original_images/.hidden.png",
        "images/evil.xml",
        "wagtail_uploads/photo.png",
        "photo.png",
    ],
)
def test_media_serves_no_document_and_no_other_file(client, settings, media_route, name):
    path = os.path.join(settings.MEDIA_ROOT, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as file:
        file.write(EVIL_HTML)
    assert client.get(f"/media/{name}").status_code == 404


def test_media_refuses_folders_traversal_and_odd_names(client, settings, media_route):
    image = SiteImageFactory()
    os.makedirs(os.path.join(settings.MEDIA_ROOT, "images", "sub.png"))
    a_document("relatorio.pdf")
    for address in (
        "/media/",
        "/media/original_images",
        "/media/original_images/",
        "/media/images/sub.png",
        "/media/images/sub.png/",
        "/media/original_images/../documents/relatorio.pdf",
        "/media/original_images/%2e%2e%2fdocuments%2frelatorio.pdf",
        f"/media/original_images/{os.path.basename(image.file.name)}/../../documents/x.png",
        "/media/original_images/photo%00.png",
        "/media/original_images/..",
        "/media/images/missing.png",
    ):
        # A 404 without a language prefix may first be redirected to the same under /pt/.
        assert client.get(address, follow=True).status_code == 404, address
    assert client.post(f"/media/{image.file.name}").status_code == 405


def test_media_serves_pictures_with_a_fixed_type_and_a_sandbox(client, settings, media_route):
    image = SiteImageFactory()
    rendition = image.get_rendition("width-100|format-webp")
    for name, content_type in (
        (image.file.name, "image/jpeg"),
        (rendition.file.name, "image/webp"),
    ):
        response = client.get(f"/media/{name}")
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert response["Cache-Control"] == "public, max-age=86400"
        with open(os.path.join(settings.MEDIA_ROOT, name), "rb") as file:
            assert b"".join(response.streaming_content) == file.read()
        again = client.get(f"/media/{name}", headers={"if-none-match": response["ETag"]})
        assert again.status_code == 304
        again = client.get(
            f"/media/{name}", headers={"if-modified-since": response["Last-Modified"]}
        )
        assert again.status_code == 304


def test_a_planted_file_with_a_picture_name_is_still_only_a_picture(client, settings, media_route):
    """Whatever is in a file named like a picture, browsers are told it is one and are not
    to guess otherwise, and nothing in it may run."""
    os.makedirs(os.path.join(settings.MEDIA_ROOT, "original_images"))
    with open(os.path.join(settings.MEDIA_ROOT, "original_images", "evil.PNG"), "wb") as file:
        file.write(EVIL_HTML)
    response = client.get("/media/original_images/evil.PNG")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


# With a bucket


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - moto's
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_documents_are_reached_through_a_short_lived_signed_url(client, s3, settings):
    s3_client, endpoint = s3
    pdf = a_document("relatorio.pdf")
    response = client.get(pdf.url)
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}" == endpoint
    assert location.path == f"/{BUCKET}/{pdf.file.name}"
    query = parse_qs(location.query)
    assert query["X-Amz-Expires"] == ["60"]
    assert "X-Amz-Signature" in query
    assert query["response-content-type"] == ["application/pdf"]
    assert query["response-content-disposition"] == [
        "inline; filename=\"relatorio.pdf\"; filename*=UTF-8''relatorio.pdf"
    ]
    status, headers, body = fetch(response["Location"])
    assert (status, headers["Content-Type"], body) == (200, "application/pdf", real_pdf())
    assert headers["Content-Disposition"].startswith("inline;")

    settings.DOCUMENT_URL_SECONDS = 5
    evil = a_document("evil.pdf", EVIL_HTML)
    response = client.get(evil.url)
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["X-Amz-Expires"] == ["5"]
    assert query["response-content-type"] == ["application/octet-stream"]
    assert query["response-content-disposition"][0].startswith('attachment; filename="evil.pdf"')
    status, headers, body = fetch(response["Location"])
    assert headers["Content-Type"] == "application/octet-stream"
    assert headers["Content-Disposition"].startswith("attachment;")


def test_the_bucket_keeps_documents_private_and_typed_by_us(s3):
    s3_client, endpoint = s3
    document = a_document("evil.html", EVIL_HTML)
    image = SiteImageFactory()
    kept = s3_client.head_object(Bucket=BUCKET, Key=document.file.name)
    assert kept["ContentType"] == "application/octet-stream"
    assert kept["ContentDisposition"] == "attachment"
    assert kept["CacheControl"] == "private, no-store"
    picture = s3_client.head_object(Bucket=BUCKET, Key=image.file.name)
    assert picture["ContentType"] == "image/jpeg"
    assert picture["CacheControl"] == "public, max-age=31536000, immutable"
    # The type a browser declared with the upload is not what the bucket keeps.
    upload_as_html = SimpleUploadedFile("photo.png", encoded("PNG"), content_type="text/html")
    image = SiteImageFactory(file=upload_as_html)
    assert s3_client.head_object(Bucket=BUCKET, Key=image.file.name)["ContentType"] == "image/png"


def test_a_private_documents_in_the_bucket_ask_for_a_sign_in_first(client, s3, private_collection):
    s3_client, endpoint = s3
    document = a_document(collection=private_collection)
    response = client.get(document.url)
    assert response.status_code == 302
    assert not response["Location"].startswith(endpoint)
    assert "next=" in response["Location"]

    client.force_login(superuser())
    response = client.get(document.url)
    assert response["Location"].startswith(f"{endpoint}/{BUCKET}/documents/")
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["response-cache-control"] == ["private, no-store"]


def test_a_document_missing_from_the_bucket_is_a_404(client, s3):
    s3_client, endpoint = s3
    document = a_document("plano.docx", GOOD["plano.docx"])
    s3_client.delete_object(Bucket=BUCKET, Key=document.file.name)
    assert client.get(document.url).status_code == 404


def test_pictures_get_a_type_only_from_the_fixed_map():
    assert media.picture_type("original_images/photo.JPG") == "image/jpeg"
    assert media.picture_type("images/photo.width-800.format-avif.avif") == "image/avif"
    assert media.picture_type("documents/photo.png") is None
    assert media.picture_type("original_images/photo.svg") is None
    assert media.picture_type("original_images/a/photo.png") is None
