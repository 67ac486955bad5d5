"""Writes the PDF samples beside this file; run once, commit the PDFs, not run by the tests.

    .venv/bin/python -m harvest.tests.samples.make_pdfs

Each file is named after what it shows the extractor:

- text_layer_vietnamese.pdf: two pages of Vietnamese with a real text layer (DejaVu, embedded).
- text_layer_decomposed_marks.pdf: the same kind of text typed decomposed (NFD), as some
  Vietnamese keyboards and converters leave it; the text layer keeps the combining marks.
- image_only_scan.pdf: one page holding a picture of lines of print and no text at all.
- encrypted_user_password.pdf: opening it needs the user password ("mat-khau").
- encrypted_owner_password_only.pdf: encrypted against editing only; anyone may open it.
- truncated.pdf: the first half of text_layer_vietnamese.pdf, as a download cut short leaves it.
- scan_vietnamese_300dpi.pdf: an A5 page of Vietnamese S&T prose (every tone mark) drawn at
  300 dpi in DejaVu Serif 11 pt, 8-bit gray, no text layer: what OCR must read (SCANNED_PAGE).
- scan_mixed.pdf: page 1 typed (a text layer), page 2 a scan like the one above.
- pdfium_fails_pdfminer_reads.pdf: text_layer_vietnamese.pdf behind 2 KB of an HTML error page.
  PDFium looks for "%PDF-" in the first 1,024 bytes only and gives up; pdfminer.six finds the
  objects by scanning and reads the text.
- legacy_tcvn3.pdf, legacy_vni.pdf, legacy_viqr.pdf: LEGACY_TEXT typed in a legacy encoding, drawn
  as the code points such a font's text layer gives (TCVN3 "Nghiªn cøu", VNI "Nghieân cöùu",
  VIQR "Nghie^n cu+'u"). Lines are drawn one by one with cell(): multi_cell() drops U+00AD,
  TCVN3's ư, as a soft hyphen.
- legacy_mixed.pdf: a page in each of the three, then a Unicode page.
"""

import io
import textwrap
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw

from harvest.testing import scans
from library.demo.pdf import FONT
from library.tests.legacy_encoder import to_tcvn3, to_viqr, to_vni

HERE = Path(__file__).parent
FIRST_PAGE = "Nuôi tôm sú trên đất phèn ở Đồng bằng sông Cửu Long"
SECOND_PAGE = "Trang hai: thủy sản, lúa, khoa học."
DECOMPOSED = "Thủy sản Đồng Tháp"
LEGACY_TEXT = (
    "Nghiên cứu ảnh hưởng của biến đổi khí hậu đến sản xuất lúa ở Đồng bằng sông Cửu Long. "
    "Kết quả cho thấy năng suất giảm mạnh khi độ mặn vượt ngưỡng; người dân chuyển sang nuôi "
    "tôm, trồng dừa và khoai mỡ. Kỹ thuật ươm giống mới giúp nông dân Bạc Liêu, Hậu Giang giữ "
    "được năng suất ổn định, vì vậy cả tỉnh đều ủng hộ. Thủy lợi hoà hợp với tự nhiên giữ nước "
    "ngọt cho vụ đông xuân; quỹ tín dụng vi mô hỗ trợ hộ nghèo ở Sóc Trăng và Cà Mau."
)
SCANNED_PAGE = (
    "Nghiên cứu ảnh hưởng của biến đổi khí hậu đến sản xuất lúa ở Đồng bằng sông Cửu Long. "
    "Kết quả cho thấy độ mặn tăng, mùa khô kéo dài và hạn hán làm giảm năng suất lúa vụ Đông "
    "Xuân ở Sóc Trăng, Bạc Liêu và Cà Mau. Nông dân đã chuyển đổi sang mô hình tôm lúa, giữ "
    "được thu nhập ổn định. Những giải pháp thủy lợi, giống chịu mặn và lịch thời vụ hợp lý "
    "được đề xuất cho vùng ven biển; mỗi hộ cần theo dõi mực nước, độ pH và lượng phù sa."
)
MIXED_TYPED = "Trang một có lớp chữ: báo cáo tổng kết đề tài khoa học cấp tỉnh."


def document() -> FPDF:
    pdf = FPDF(format=(105, 148))  # A6: small pages, small files
    pdf.set_creation_date(datetime(2025, 1, 1, tzinfo=UTC))  # the same bytes on every run
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=10)
    return pdf


def with_text(*pages: str, pdf: FPDF | None = None) -> bytes:
    pdf = pdf or document()
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 5, text)
    return bytes(pdf.output())


def with_lines(*pages: str) -> bytes:
    """Each page wrapped by hand and drawn line by line: multi_cell() would drop U+00AD."""
    pdf = document()
    pdf.set_font_size(8)
    for text in pages:
        pdf.add_page()
        for line in textwrap.wrap(text, 48):
            pdf.cell(0, 4, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def scan() -> bytes:
    picture = Image.new("L", (240, 160), 255)
    draw = ImageDraw.Draw(picture)
    for row in range(12, 150, 14):  # lines of "print"
        draw.rectangle([16, row, 224 - (row * 7) % 60, row + 6], fill=40)
    pdf = document()
    pdf.add_page()
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    pdf.image(buffer, x=10, y=10, w=85)
    return bytes(pdf.output())


def mixed() -> bytes:
    pdf = scans.document()
    scans.add_typed(pdf, MIXED_TYPED)
    scans.add_scan(pdf, SCANNED_PAGE)
    return bytes(pdf.output())


def encrypted(user_password: str) -> bytes:
    pdf = document()
    pdf.set_encryption(owner_password="chu-so-huu", user_password=user_password)
    return with_text(FIRST_PAGE, pdf=pdf)


def main() -> None:
    text = with_text(FIRST_PAGE, SECOND_PAGE)
    error_page = b"<!DOCTYPE html><html><body>" + b"<p>Loi may chu</p>" * 110 + b"</body></html>\n"
    assert len(error_page) > 1024
    samples = {
        "text_layer_vietnamese.pdf": text,
        "text_layer_decomposed_marks.pdf": with_text(unicodedata.normalize("NFD", DECOMPOSED)),
        "image_only_scan.pdf": scan(),
        "encrypted_user_password.pdf": encrypted(user_password="mat-khau"),
        "encrypted_owner_password_only.pdf": encrypted(user_password=""),
        "truncated.pdf": text[: len(text) // 2],
        "pdfium_fails_pdfminer_reads.pdf": error_page + text,
        "legacy_tcvn3.pdf": with_lines(to_tcvn3(LEGACY_TEXT)),
        "legacy_vni.pdf": with_lines(to_vni(LEGACY_TEXT)),
        "legacy_viqr.pdf": with_lines(to_viqr(LEGACY_TEXT)),
        "legacy_mixed.pdf": with_lines(
            to_tcvn3(LEGACY_TEXT), to_vni(LEGACY_TEXT), to_viqr(LEGACY_TEXT), LEGACY_TEXT
        ),
        "scan_vietnamese_300dpi.pdf": scans.scan_pdf(SCANNED_PAGE),
        "scan_mixed.pdf": mixed(),
    }
    for name, data in samples.items():
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
