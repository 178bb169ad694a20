"""PDFs with real text, made with PDFium (pypdfium2): for the demo content at scale
(``scale_demo_content``), the benchmark and the tests. Nothing here is offered to visitors."""

import ctypes
import io

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

A4 = (595, 842)
FONT_SIZE, LEADING, MARGIN = 11, 15, 56


def pdf_with_text(pages, size=A4):
    """A PDF with one page per item of ``pages``, each a list of lines of text (any
    language the standard Helvetica font writes: Portuguese and English), as bytes."""
    pdf = pdfium.PdfDocument.new()
    try:
        width, height = size
        for lines in pages:
            page = pdf.new_page(width, height)
            y = height - MARGIN
            for line in lines:
                text = pdfium_c.FPDFPageObj_NewTextObj(
                    pdf.raw, b"Helvetica", ctypes.c_float(FONT_SIZE)
                )
                wide = ctypes.create_string_buffer((line + "\x00").encode("utf-16-le"))
                pdfium_c.FPDFText_SetText(text, ctypes.cast(wide, pdfium_c.FPDF_WIDESTRING))
                pdfium_c.FPDFPageObj_Transform(text, 1, 0, 0, 1, MARGIN, y)
                pdfium_c.FPDFPage_InsertObject(page.raw, text)
                y -= LEADING
            pdfium_c.FPDFPage_GenerateContent(page.raw)
            page.close()
        buffer = io.BytesIO()
        pdf.save(buffer)
        return buffer.getvalue()
    finally:
        pdf.close()
