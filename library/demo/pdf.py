"""Real PDF files with a Vietnamese text layer, for the demo's full-text documents."""

from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

FONT = Path(__file__).parent / "fonts" / "DejaVuSans.ttf"


def render_pdf(title: str, authors: list[str], body: str) -> tuple[bytes, int]:
    """Return the PDF's bytes and its page count."""
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_author(", ".join(authors))
    # A fixed creation date: the same record always renders to the same bytes.
    pdf.set_creation_date(datetime(2025, 1, 1, tzinfo=UTC))
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_page()
    pdf.set_font("DejaVu", size=16)
    pdf.multi_cell(0, 8, title)
    pdf.ln(2)
    pdf.set_font("DejaVu", size=11)
    pdf.multi_cell(0, 6, ", ".join(authors))
    pdf.ln(4)
    pdf.set_font("DejaVu", size=10.5)
    pdf.multi_cell(0, 5.5, body)
    return bytes(pdf.output()), pdf.pages_count
