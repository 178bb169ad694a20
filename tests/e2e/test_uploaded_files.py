"""Uploaded files never run on the site's origin, in Chromium: an Editor's upload of an HTML,
SVG or JavaScript file is refused through the real admin; and hostile files planted as if
uploaded before the checks existed (documents, and files in the image library's folders)
are opened by a signed-in superuser at every address that could serve them, without any of
their scripts running. A real PDF still opens in the browser."""

import json
import re

import pytest

from .conftest import PASSWORD, manage, prepare_site, start_server
from .test_staff import log_in

pytestmark = pytest.mark.e2e

# Each script, if it ever ran, would mark its document and ask the site for /__ran__.
PAYLOAD = (
    "document.documentElement.dataset.ran = '{name}';"
    "fetch('/__ran__?from={name}');"
    "new Image().src = '/__ran__?from={name}-img';"
)


def html(name):
    return (
        f"<!DOCTYPE html><html><body><h1>{name}</h1>"
        f"<script>{PAYLOAD.format(name=name)}</script>"
        '<script src="evil.js"></script>'
        f'<img src="x" onerror="{PAYLOAD.format(name=name + "-onerror")}">'
        "</body></html>"
    )


def svg(name):
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" '
        f'onload="{PAYLOAD.format(name=name + "-onload")}">'
        f"<script>{PAYLOAD.format(name=name)}</script></svg>"
    )


# As if uploaded before the checks: rows and files, written without a form.
PLANT = """
import json
import pypdfium2 as pdfium
from io import BytesIO
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.users.models import UserProfile

User.objects.create_superuser("chefe", "chefe@example.org", PASSWORD)
profile = UserProfile.get_for_user(User.objects.get(username="chefe"))
profile.preferred_language = "en"
profile.save()

pdf = pdfium.PdfDocument.new()
pdf.new_page(595, 842)
buffer = BytesIO()
pdf.save(buffer)

Document = get_document_model()
root = Collection.get_first_root_node()
documents = {}
for name, content in DOCUMENTS.items():
    document = Document(title="planted " + name, collection=root)
    document.file.save(name, ContentFile(content.encode() if content else buffer.getvalue()))
    documents[name] = [document.pk, document.file.name]
pictures = [default_storage.save(name, ContentFile(content.encode()))
            for name, content in PICTURES.items()]
print(json.dumps({"documents": documents, "pictures": pictures}))
"""
EVIL_JS = PAYLOAD.format(name="evil.js")
DOCUMENTS = {
    "evil.html": html("documents/evil.html"),
    "evil.svg": svg("documents/evil.svg"),
    "evil.js": EVIL_JS,
    "evil.pdf": html("documents/evil.pdf"),  # HTML named like a PDF
    "relatorio.pdf": None,  # a real one
}
PICTURES = {
    "original_images/evil.html": html("original_images/evil.html"),
    "original_images/evil.svg": svg("original_images/evil.svg"),
    "original_images/evil.js": EVIL_JS,
    "original_images/evil.png": html("original_images/evil.png"),  # HTML named like a picture
    "images/evil.html": html("images/evil.html"),
    "images/evil.webp": svg("images/evil.webp"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp_dir = tmp_path_factory.mktemp("e2e-uploads")
    env = prepare_site(tmp_dir, suffix="uploads")
    code = f"PASSWORD = {PASSWORD!r}\nDOCUMENTS = {DOCUMENTS!r}\nPICTURES = {PICTURES!r}\n" + PLANT
    planted = manage(env, "shell", "-c", code)
    server, base = start_server(env, tmp_dir / "server.log")
    yield base, env, json.loads(planted.strip().splitlines()[-1])
    server.terminate()
    server.wait(timeout=10)


def document_count(env, title):
    code = (
        "from wagtail.documents import get_document_model; "
        f"print(get_document_model().objects.filter(title={title!r}).count())"
    )
    return int(manage(env, "shell", "-c", code).strip().splitlines()[-1])


NOT_SUPPORTED = (
    "Not a supported document format. Supported formats: "
    "PDF, DOC, DOCX, XLS, XLSX, PPT, PPTX, ODT, ODS, ODP, CSV, TXT."
)
UPLOADS = {
    "evil.html": ("text/html", html("uploaded/evil.html")),
    "evil.svg": ("image/svg+xml", svg("uploaded/evil.svg")),
    "evil.js": ("text/javascript", EVIL_JS),
}


def test_an_editors_upload_of_html_svg_or_javascript_is_refused(browser, site):
    base, env, _planted = site
    context, page, _errors = log_in(browser, base, "editor")
    try:
        for name, (mime_type, content) in UPLOADS.items():
            page.goto(base + "/admin/documents/add/")
            page.fill("#id_title", f"uploaded {name}")
            upload = {"name": name, "mimeType": mime_type, "buffer": content.encode()}
            page.set_input_files("#id_file", files=[upload])
            page.locator("form[action*='/admin/documents/add/'] [type=submit]").last.click()
            page.wait_for_load_state("load")
            assert NOT_SUPPORTED in page.locator("main").inner_text(), name
            assert document_count(env, f"uploaded {name}") == 0

        # The multiple uploader, as the admin's "Add documents" page drives it.
        page.goto(base + "/admin/documents/multiple/add/")
        page.set_input_files(
            "input[type=file]",
            files=[
                {"name": name, "mimeType": mime_type, "buffer": content.encode()}
                for name, (mime_type, content) in UPLOADS.items()
            ],
        )
        page.get_by_text(NOT_SUPPORTED).nth(len(UPLOADS) - 1).wait_for(timeout=15000)
        for name in UPLOADS:
            assert document_count(env, name) == 0
    finally:
        context.close()


def addresses(planted):
    """Every address that could serve a planted file, by what it is."""
    for name, (pk, file_name) in planted["documents"].items():
        if name != "relatorio.pdf":
            yield f"/media/{file_name}"
            yield f"/documents/{pk}/{file_name.split('/')[-1]}"
    for file_name in planted["pictures"]:
        yield f"/media/{file_name}"


def test_planted_files_never_run_for_a_signed_in_superuser(browser, site):
    base, _env, planted = site
    context, page, _errors = log_in(browser, base, "chefe")
    ran = []
    context.route(
        re.compile(r".*/__ran__.*"), lambda route: (ran.append(route.request.url), route.abort())
    )
    context.on(
        "request", lambda request: ran.append(request.url) if "__ran__" in request.url else None
    )
    answers = {}
    try:
        for address in addresses(planted):
            try:
                response = page.goto(base + address, wait_until="load")
                answers[address] = response.status if response else "no response"
            except Exception as error:  # noqa: BLE001 - a download ends the navigation
                assert "Download is starting" in str(error), (address, error)
                answers[address] = "download"
            page.wait_for_timeout(300)  # time for a script, were there one, to ask
            for each in context.pages:
                for frame in each.frames:
                    if frame.url.startswith(base):
                        marker = frame.evaluate(
                            "() => document.documentElement && document.documentElement"
                            ".dataset.ran || null"
                        )
                        assert marker is None, (address, frame.url, marker)
        assert ran == [], ran
        # Documents go out as downloads; under /media/, only what is named like a picture
        # is answered (as a picture, in a sandbox), the rest is a 404.
        for address, answer in answers.items():
            if address.startswith("/documents/"):
                expected = "download"
            elif address.startswith("/media/documents/"):
                expected = 404
            else:
                expected = 200 if address.endswith((".png", ".webp")) else 404
            assert answer == expected, address
    finally:
        context.close()


def test_a_real_pdf_still_opens_in_the_browser(browser, site):
    base, _env, planted = site
    pk, file_name = planted["documents"]["relatorio.pdf"]
    context, page, _errors = log_in(browser, base, "chefe")
    try:
        response = page.goto(f"{base}/documents/{pk}/{file_name.split('/')[-1]}")
        assert response.status == 200
        headers = response.all_headers()
        assert headers["content-type"] == "application/pdf"
        assert headers["content-disposition"] == (
            "inline; filename=\"relatorio.pdf\"; filename*=UTF-8''relatorio.pdf"
        )
        assert headers["cache-control"] == "private, no-cache"
        assert headers["content-security-policy"] == "default-src 'none'"
        # Not a download: Chromium's viewer (a frame of its own PDF extension) shows it.
        for _ in range(50):
            viewers = [frame for frame in page.frames if frame.url.startswith("chrome-extension:")]
            if viewers:
                break
            page.wait_for_timeout(200)
        assert viewers, [frame.url for frame in page.frames]
        viewers[0].wait_for_selector("pdf-viewer", state="attached", timeout=10000)
    finally:
        context.close()
