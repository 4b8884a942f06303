"""Page numbers stamped onto a rendered PDF.

Debian's wkhtmltopdf (unpatched Qt) ignores ``--footer-html``, so the forms
get their 第 X 页 / 共 Y 页 from here, drawn with reportlab (which Odoo ships)
and merged onto each page with Odoo's PDF library. The font is a CJK TrueType
font of the system when there is one (embedded: every viewer and pdftotext
read it), else reportlab's built-in Adobe CID font.
"""

import io
import os
from functools import lru_cache

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from odoo.tools.pdf import PdfFileReader, PdfFileWriter

# TrueType (not CFF) CJK fonts reportlab can embed: (path, index in a collection)
CJK_FONT_FILES = (
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
)
LATIN_FONT = "Helvetica"


@lru_cache(maxsize=1)
def cjk_font_name():
    """Register and name the font for Chinese labels."""
    for path, index in CJK_FONT_FILES:
        if os.path.exists(path):
            try:
                pdfmetrics.registerFont(TTFont("PlaybookCJK", path, subfontIndex=index))
            except Exception:  # noqa: BLE001 - an unreadable font: try the next one
                continue
            return "PlaybookCJK"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def stamp_page_numbers(pdf_content, label):
    """Return ``pdf_content`` with ``label`` (``{page}`` and ``{pages}``
    filled) centred at the bottom of every page."""
    reader = PdfFileReader(io.BytesIO(pdf_content), strict=False)
    pages = reader.getNumPages()
    if not pages:
        return pdf_content
    font = LATIN_FONT if label.isascii() else cjk_font_name()
    packet = io.BytesIO()
    overlay = canvas.Canvas(packet)
    for number in range(pages):
        box = reader.getPage(number).mediaBox
        width, height = float(abs(box.getWidth())), float(abs(box.getHeight()))
        overlay.setPageSize((width, height))
        overlay.setFont(font, 9)
        overlay.setFillGray(0.25)
        overlay.drawCentredString(width / 2, 8 * mm, label.format(page=number + 1, pages=pages))
        overlay.showPage()
    overlay.save()
    stamps = PdfFileReader(packet, strict=False)
    writer = PdfFileWriter()
    for number in range(pages):
        page = reader.getPage(number)
        page.mergePage(stamps.getPage(number))
        writer.addPage(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
