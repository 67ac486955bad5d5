"""Scanned pages made on purpose: Vietnamese text drawn by PIL into a 300-dpi grayscale
picture and wrapped in a PDF with no text layer (or, for mixed files, some pages typed), for the
OCR samples (harvest/tests/samples/make_pdfs.py) and benchmarks/ocr.py."""

import io
import textwrap
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from library.demo.pdf import FONT
from library.tests.legacy_encoder import distance

# DejaVu Serif where Debian's fonts-dejavu-core is installed (print is mostly serif), else the
# DejaVu Sans the repository carries.
SERIF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
A5 = (148, 210)  # millimetres
DPI = 300


def font_file() -> Path:
    return SERIF if SERIF.exists() else FONT


def picture(text: str, size_pt: float = 11, page_mm: tuple[int, int] = A5) -> Image.Image:
    """`text` set in lines on a white page of `page_mm` at 300 dpi, 8-bit gray."""
    width, height = (round(mm / 25.4 * DPI) for mm in page_mm)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_file()), round(size_pt / 72 * DPI))
    margin = round(15 / 25.4 * DPI)
    step = round(size_pt * 1.5 / 72 * DPI)
    chars = int((width - 2 * margin) / draw.textlength("n", font=font))
    y = margin
    for paragraph in text.split("\n\n"):
        for line in textwrap.wrap(paragraph, chars):
            draw.text((margin, y), line, font=font, fill=0)
            y += step
        y += step // 2
    return image


def document(page_mm: tuple[int, int] = A5) -> FPDF:
    pdf = FPDF(format=page_mm)
    pdf.set_creation_date(datetime(2025, 1, 1, tzinfo=UTC))  # the same bytes on every run
    pdf.set_auto_page_break(False)
    return pdf


def add_scan(pdf: FPDF, text: str, size_pt: float = 11) -> None:
    """A page holding only the picture of `text`: no text layer."""
    image = picture(text, size_pt, (round(pdf.w), round(pdf.h)))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    pdf.add_page()
    pdf.image(buffer, x=0, y=0, w=pdf.w, h=pdf.h)


def add_typed(pdf: FPDF, text: str) -> None:
    """A page with a real text layer."""
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    pdf.set_xy(15, 15)
    pdf.multi_cell(0, 6, text)


def scan_pdf(*pages: str, size_pt: float = 11) -> bytes:
    """A PDF of scanned pages, one per text."""
    pdf = document()
    for text in pages:
        add_scan(pdf, text, size_pt)
    return bytes(pdf.output())


def normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def accuracy(recognised: str, original: str) -> float:
    """Character accuracy, 1 − Levenshtein / length of the original, after NFC and collapsing
    whitespace (line breaks are the page's, not the text's)."""
    got, want = normalised(recognised), normalised(original)
    return 1 - distance(got, want) / len(want)
