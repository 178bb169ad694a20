"""Reads a PDF in a process of its own: its number of pages, the text of each, and a picture
of its first page. ``files.processing`` runs it (``python pdf_reader.py PDF COVER SECONDS
MEMORY``) with limits on memory and processor time, so that a hostile or broken file costs
at most this process, never the worker. It prints one line of JSON:
``{"pages": N, "texts": [...], "cover": true}``, or ``{"refused": CODE, ...}``.

Kept free of Django (it starts in a fraction of a second) and of anything beyond pypdfium2
and Pillow.
"""

import json
import resource
import sys
import time

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# Limits, written in the README (the documents' section); the memory and processor-time
# limits are set on this process by whoever starts it (``files.processing``).
MAX_PAGES = 2000
# The PDF specification's largest page (200 inches, 14,400 points, about 5 m), and a
# smallest one no reader could show (about 1 mm).
MAX_PAGE_SIDE = 14_400
MIN_PAGE_SIDE = 3
MAX_TEXT_PER_PAGE = 100_000  # characters kept of one page's text
COVER_WIDTH, COVER_MAX_HEIGHT = 600, 1200  # pixels: a bounded picture whatever the page


def refusal(code, **params):
    return {"refused": code, **params}


def read(path, cover_path, deadline):
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        if error.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            return refusal("encrypted")
        return refusal("damaged")
    try:
        if pdfium_c.FPDF_GetSecurityHandlerRevision(pdf.raw) != -1:
            return refusal("encrypted")
        count = len(pdf)
        if count == 0:
            return refusal("damaged")
        if count > MAX_PAGES:
            return refusal("too_many_pages", pages=count, limit=MAX_PAGES)
        for index in range(count):
            width, height = pdf.get_page_size(index)
            if not (min(width, height) >= MIN_PAGE_SIDE and max(width, height) <= MAX_PAGE_SIDE):
                return refusal("page_size", page=index + 1)
        texts = []
        for index in range(count):
            if time.monotonic() > deadline:
                return refusal("too_slow")
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                try:
                    texts.append(textpage.get_text_bounded()[:MAX_TEXT_PER_PAGE])
                finally:
                    textpage.close()
                if index == 0:
                    render_cover(page, cover_path)
            finally:
                page.close()
        return {"pages": count, "texts": texts, "cover": True}
    except pdfium.PdfiumError:
        return refusal("damaged")
    finally:
        pdf.close()


def render_cover(page, cover_path):
    width, height = page.get_size()
    scale = min(COVER_WIDTH / width, COVER_MAX_HEIGHT / height)
    bitmap = page.render(scale=scale)
    try:
        bitmap.to_pil().convert("RGB").save(cover_path, "PNG", optimize=True)
    finally:
        bitmap.close()


def main(path, cover_path, seconds, memory_bytes):
    limit(memory_bytes, seconds)
    deadline = time.monotonic() + seconds
    try:
        result = read(path, cover_path, deadline)
    except MemoryError:
        result = refusal("too_big")
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


def limit(memory_bytes, seconds):
    """Memory and processor time, set before anything is read: past them the system stops
    this process, and only this process."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    cpu = int(seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]))
