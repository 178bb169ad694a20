"""The document library: what it accepts, and the one view that serves its files.

Accepted: PDF, the Office formats, OpenDocument, CSV and plain text, each checked by its
content, which must agree with the file's extension. Every way in (add one, add several,
the chooser's upload in the page editor, replacing a document's file) builds its form on
``SiteDocumentForm`` (``WAGTAILDOCS_DOCUMENT_FORM_BASE``).

Served: only by ``serve_document``, at Wagtail's own address (``wagtaildocs_serve``), after
Wagtail's ``before_serve_document`` hooks (collection privacy). A file that really is a
PDF opens in the browser's viewer; everything else is a download that cannot run on the
site's origin. With a bucket, the view redirects to a short-lived signed URL instead.
Files uploaded before these checks are served by the same rules.
"""

import codecs
import os
import re
import struct
import threading
import unicodedata
import zipfile
from pathlib import Path
from urllib.parse import quote

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from botocore.exceptions import ClientError
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from storages.backends.s3 import S3Storage
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.documents.fields import WagtailDocumentField
from wagtail.documents.forms import BaseDocumentForm
from wagtail.documents.models import document_served

from action_portugal.base.patches import FieldErrorsFirstMixin, bucket_key
from action_portugal.files.media import SANDBOX, set_headers
from action_portugal.files.uploads import use_file_field

# Extension: the Content-Type it is served with (never guessed). WAGTAILDOCS_EXTENSIONS
# lists the same extensions.
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "csv": "text/csv",
    "txt": "text/plain",
}
PDF_SIGNATURE = b"%PDF-"
ZIP_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97-2003 compound file
OOXML_MAIN_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
# What each detected kind of content may be named.
AGREES_WITH = {
    **{kind: {kind} for kind in ("pdf", *OOXML_MAIN_PARTS, *ODF_MIMETYPES)},
    "ole2": {"doc", "xls", "ppt"},
    "text": {"csv", "txt"},
}
FORMAT_NAMES = {
    **{kind: kind.upper() for kind in ("pdf", *OOXML_MAIN_PARTS, *ODF_MIMETYPES)},
    "ole2": "DOC/XLS/PPT (Office 97-2003)",
    "text": _("plain text"),
}
# The list of a zip's parts: room for some 20,000 (far more than any real document has);
# Python's zipfile would take hundreds of megabytes of memory to read millions.
MAX_ZIP_DIRECTORY = 2 * 1024 * 1024
# The WHATWG MIME-sniffing standard's patterns for HTML and XML (and an SVG's root), which
# a browser may take a text file for. Each counts when a tag-terminating byte follows; any
# whitespace and "/" count here too, which only makes the check stricter.
MARKUP_TAGS = tuple(
    tag.encode()
    for tag in (
        "<!DOCTYPE HTML",
        "<HTML",
        "<HEAD",
        "<SCRIPT",
        "<IFRAME",
        "<H1",
        "<DIV",
        "<FONT",
        "<TABLE",
        "<A",
        "<STYLE",
        "<TITLE",
        "<B",
        "<BODY",
        "<BR",
        "<P",
        "<SVG",
    )
)
MARKUP_PREFIXES = (b"<!--", b"<?XML")  # whatever follows
TAG_TERMINATORS = b" >\t\n\x0c\r/"
WHITESPACE = b"\t\n\x0c\r "
# PDFium keeps global state and is not thread-safe.
PDFIUM_LOCK = threading.Lock()

SUPPORTED = ", ".join(extension.upper() for extension in DOCUMENT_TYPES)
MESSAGES = {
    "unsupported": _("Not a supported document format. Supported formats: %(formats)s."),
    "mismatch": _(
        "The file is not a .%(extension)s document: its content is in the %(format)s format."
    ),
    "unrecognised": _(
        "The content of this file is not a .%(extension)s document, or the file is damaged."
    ),
    "markup": _(
        "This file contains web page markup (HTML, XML or SVG), which a browser could run: "
        "it is not accepted as a document."
    ),
    "not_text": _(
        "A .%(extension)s file must be plain text (UTF-8 or Windows-1252), without binary content."
    ),
    "macros": _(
        "This file contains macros, which are not accepted: save it without macros "
        "(as .docx, .xlsx or .pptx) and upload it again."
    ),
    "encrypted_pdf": _(
        "This PDF is protected by a password or encrypted: upload a copy without protection."
    ),
    "damaged_pdf": _("This PDF is damaged or incomplete: it cannot be opened."),
}


def refused(code, **params):
    return ValidationError(MESSAGES[code], code=code, params=params or None)


class SiteDocumentForm(FieldErrorsFirstMixin, BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_file_field(self, SiteDocumentField)


class SiteDocumentField(WagtailDocumentField):
    """Wagtail's field (an empty file and one over WAGTAILDOCS_MAX_UPLOAD_SIZE are refused
    there), then the extension and the content."""

    def to_python(self, data):
        file = super().to_python(data)
        if file is not None:
            extension = os.path.splitext(file.name)[1][1:].lower()
            if extension not in settings.WAGTAILDOCS_EXTENSIONS:
                raise refused("unsupported", formats=SUPPORTED)
            try:
                check_content(file, extension)
            finally:
                file.seek(0)
        return file


def check_content(file, extension):
    """Raises a ValidationError unless ``file`` (seekable, opened in binary) holds a document
    of the kind ``extension`` names."""
    file.seek(0)
    head = file.read(len(OLE2_SIGNATURE))
    if head.startswith(PDF_SIGNATURE):
        kind = "pdf"
    elif head.startswith(ZIP_SIGNATURE):
        kind = zip_kind(file)
    elif head.startswith(OLE2_SIGNATURE):
        kind = "ole2"
    else:
        kind = text_kind(file)
    if kind == "markup":
        raise refused("markup")
    if kind is None:
        raise refused(
            "not_text" if extension in AGREES_WITH["text"] else "unrecognised", extension=extension
        )
    if extension not in AGREES_WITH[kind]:
        raise refused("mismatch", extension=extension, format=FORMAT_NAMES[kind])
    if kind == "pdf":
        check_pdf(file)


def zip_kind(file):
    """docx, xlsx, pptx, odt, ods or odp, from the archive's list of parts; None for any
    other or a damaged archive. Nothing is decompressed (an ODF's ``mimetype`` is stored
    uncompressed, and is read only when it is that small)."""
    if zip_directory_size(file) > MAX_ZIP_DIRECTORY:
        return None
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            first = min(entries, key=lambda entry: entry.header_offset, default=None)
            if (
                first is not None
                and first.filename == "mimetype"
                and first.header_offset == 0
                and first.compress_type == zipfile.ZIP_STORED
                and first.file_size <= 100
                and first.compress_size <= 100
            ):
                mimetype = archive.read(first)
                return next((k for k, m in ODF_MIMETYPES.items() if m == mimetype), None)
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" not in names:
                return None
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise refused("macros")
            return next((k for k, part in OOXML_MAIN_PARTS.items() if part in names), None)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        return None


def zip_directory_size(file):
    """The size of the zip's central directory, as its end record says (and its Zip64 end
    record, which Python's zipfile reads whenever there is one); 0 when there is none."""
    size = file.seek(0, os.SEEK_END)
    tail_size = min(size, 22 + 0xFFFF)  # the end record and the longest comment
    file.seek(size - tail_size)
    tail = file.read(tail_size)
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or end + 22 > len(tail):
        return 0
    (directory_size,) = struct.unpack_from("<I", tail, end + 12)
    locator = end - 20
    if locator >= 56 and tail[locator : locator + 4] == b"PK\x06\x07":
        record = tail[locator - 56 : locator]
        if record[:4] != b"PK\x06\x06":
            return MAX_ZIP_DIRECTORY + 1
        (directory_size,) = struct.unpack_from("<Q", record, 40)
    return directory_size


def text_kind(file):
    """What ``file`` is as text: "text" when it decodes as UTF-8 (with or without a BOM) or
    as Windows-1252 and holds no NUL byte, "markup" when a browser could moreover sniff it as
    HTML or XML, None otherwise."""
    utf8 = codecs.getincrementaldecoder("utf-8")()
    decodes = {"utf-8": True, "cp1252": True}
    start = b""  # the first bytes after the BOM and any leading whitespace
    leading = True
    for chunk in file.chunks():
        if b"\x00" in chunk:
            return None
        if decodes["utf-8"]:
            try:
                utf8.decode(chunk)
            except UnicodeDecodeError:
                decodes["utf-8"] = False
        if decodes["cp1252"]:
            try:
                chunk.decode("cp1252")
            except UnicodeDecodeError:
                decodes["cp1252"] = False
        if not any(decodes.values()):
            return None
        if len(start) < 32:
            start += chunk if leading else chunk[:64]
            if leading:
                start = start.removeprefix(codecs.BOM_UTF8).lstrip(WHITESPACE)
                leading = not start
            start = start[:64]
    if decodes["utf-8"]:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            if not decodes["cp1252"]:
                return None
    return "markup" if sniffs_as_markup(start) else "text"


def sniffs_as_markup(start):
    upper = start.upper()
    if upper.startswith(MARKUP_PREFIXES):
        return True
    return any(
        upper.startswith(tag) and upper[len(tag) : len(tag) + 1] in TAG_TERMINATORS
        for tag in MARKUP_TAGS
        if len(upper) > len(tag)
    )


def check_pdf(file):
    """The PDF opens with PDFium, and is neither password-protected nor encrypted."""
    if hasattr(file, "temporary_file_path"):
        source = Path(file.temporary_file_path())
    else:
        file.seek(0)
        source = file.read()
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(source)
        except pdfium.PdfiumError as error:
            if error.err_code == pdfium_c.FPDF_ERR_PASSWORD:
                raise refused("encrypted_pdf") from None
            raise refused("damaged_pdf") from None
        try:
            if pdfium_c.FPDF_GetSecurityHandlerRevision(pdf.raw) != -1:
                raise refused("encrypted_pdf")
        finally:
            pdf.close()


# Serving


def content_disposition(disposition, filename):
    """RFC 6266: an ASCII ``filename`` for old clients, the exact one in ``filename*``."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name).strip("_") or "document"
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def delivery(document, start):
    """The headers ``document`` goes out with, given the first bytes of its file: a PDF opens
    in the browser's viewer only when its content is PDF (a CSP sandbox would stop that
    viewer; the viewer runs a PDF's scripts in its own sandbox, not on the site's origin).
    Everything else is a download, sandboxed."""
    extension = document.file_extension.lower()
    if extension == "pdf" and start.startswith(PDF_SIGNATURE):
        return {
            "Content-Type": DOCUMENT_TYPES["pdf"],
            "Content-Disposition": content_disposition("inline", document.filename),
            "Content-Security-Policy": "default-src 'none'",
        }
    content_type = "application/octet-stream" if extension == "pdf" else None
    return {
        "Content-Type": content_type or DOCUMENT_TYPES.get(extension, "application/octet-stream"),
        "Content-Disposition": content_disposition("attachment", document.filename),
        "Content-Security-Policy": SANDBOX,
    }


def cache_control(restricted):
    # Never in a shared cache: a collection made private later must not leave copies there.
    return "private, no-store" if restricted else "private, no-cache"


@require_safe
def serve_document(request, document_id, document_filename):
    """Wagtail's document view (wagtail/documents/views/serve.py), with our headers, and a
    signed short-lived URL instead of the bucket's public one."""
    Document = get_document_model()
    if not document_id.isascii():
        raise Http404
    document = get_object_or_404(Document, id=int(document_id))
    if document.filename != document_filename:
        raise Http404
    for hook in hooks.get_hooks("before_serve_document"):
        result = hook(document, request)
        if isinstance(result, HttpResponse):
            return result
    document_served.send(sender=Document, instance=document, request=request)

    restricted = document.collection.get_view_restrictions().exists()
    storage = document.file.storage
    if isinstance(storage, S3Storage):
        return redirect_to_bucket(document, storage, restricted)

    headers = {"Cache-Control": cache_control(restricted)}
    if document.file_hash and not restricted:
        headers["ETag"] = quote_etag(document.file_hash)
        not_modified = get_conditional_response(request, etag=headers["ETag"])
        if not_modified is not None:
            set_headers(not_modified, headers)
            return not_modified
    try:
        handle = storage.open(document.file.name, "rb")
    except (OSError, ValueError):
        raise Http404 from None
    start = handle.read(len(PDF_SIGNATURE))
    handle.seek(0)
    headers.update(delivery(document, start))
    response = FileResponse(handle, content_type=headers.pop("Content-Type"))
    set_headers(response, headers)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def redirect_to_bucket(document, storage, restricted):
    client = storage.connection.meta.client
    key = bucket_key(storage, document.file.name)
    try:
        start = client.get_object(
            Bucket=storage.bucket_name, Key=key, Range=f"bytes=0-{len(PDF_SIGNATURE) - 1}"
        )["Body"].read()
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code")
        if code in ("NoSuchKey", "404"):
            raise Http404 from None
        if code != "InvalidRange":  # an empty file
            raise
        start = b""
    headers = delivery(document, start)
    url = client.generate_presigned_url(
        "get_object",
        Params={
            "Bucket": storage.bucket_name,
            "Key": key,
            "ResponseContentType": headers["Content-Type"],
            "ResponseContentDisposition": headers["Content-Disposition"],
            "ResponseCacheControl": cache_control(restricted),
        },
        ExpiresIn=settings.DOCUMENT_URL_SECONDS,
    )
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"
    return response
