"""OCR of scanned pages (harvest.fulltext.ocr): Debian's Tesseract with the Vietnamese model
reads a 300-dpi scan nearly letter for letter, a page never runs past its time cap, and the
text layer tells which pages need it. No Django involved."""

import time
from pathlib import Path

import pytest

from harvest.fulltext import ocr, workers
from harvest.fulltext.extract import extract
from harvest.testing.scans import accuracy
from harvest.tests.samples.make_pdfs import MIXED_TYPED, SCANNED_PAGE

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def test_a_300_dpi_vietnamese_scan_is_read_at_98_percent_of_characters(tesseract):
    result = ocr.recognise_page(ocr.Page(sample("scan_vietnamese_300dpi.pdf"), 0, 120, tesseract))
    assert (result.status, result.extractor) == ("ok", "tesseract")
    assert accuracy(result.text, SCANNED_PAGE) >= 0.98, result.text
    assert "Đồng bằng sông Cửu Long" in result.text  # tones and đ, composed (NFC)


def test_the_page_is_rendered_at_300_dpi_in_gray():
    image = ocr.render(sample("scan_vietnamese_300dpi.pdf"), 0)
    magic, size, depth, pixels = image.split(b"\n", 3)
    width, height = map(int, size.split())
    assert (magic, depth) == (b"P5", b"255")  # 8-bit grayscale PGM
    assert (width, height) == (1749, 2481)  # A5 (148 × 210 mm) at 300 dpi, rounded up
    assert len(pixels) == width * height


def test_a_page_that_claims_to_be_huge_is_rendered_under_the_pixel_cap():
    from fpdf import FPDF

    pdf = FPDF(format=(5000, 5000))  # five metres square
    pdf.add_page()
    width, height = map(int, ocr.render(bytes(pdf.output()), 0).split(b"\n")[1].split())
    assert width * height <= ocr.MAX_PIXELS


@pytest.fixture
def stuck(tmp_path) -> str:
    """A `tesseract` that never answers."""
    program = tmp_path / "tesseract"
    program.write_text("#!/bin/sh\nexec sleep 60\n")
    program.chmod(0o755)
    return str(program)


def test_a_stuck_tesseract_is_stopped_at_the_page_cap_with_a_clear_reason(stuck):
    started = time.monotonic()
    result = ocr.recognise_page(ocr.Page(sample("scan_vietnamese_300dpi.pdf"), 0, 1.0, stuck))
    assert time.monotonic() - started < 5
    assert result.status == "failed"
    assert result.reason == "tesseract took longer than 1 s and was stopped"  # not a hang


def test_a_failing_or_missing_tesseract_is_a_failed_page_not_an_exception(tmp_path):
    data = sample("scan_vietnamese_300dpi.pdf")
    result = ocr.recognise_page(ocr.Page(data, 0, 10, str(tmp_path / "absent")))
    assert result.status == "failed" and result.reason.startswith("tesseract cannot run")
    broken = tmp_path / "broken"
    broken.write_text("#!/bin/sh\necho 'Failed loading language vie' >&2\nexit 1\n")
    broken.chmod(0o755)
    result = ocr.recognise_page(ocr.Page(data, 0, 10, str(broken)))
    assert result.reason == "tesseract failed (exit 1): Failed loading language vie"


def test_a_page_that_is_not_there_or_a_file_that_is_not_a_pdf_fails_plainly():
    missing_page = ocr.recognise_page(ocr.Page(sample("scan_mixed.pdf"), 5, 10))
    assert missing_page.reason == "no page 6 (the file has 2)"
    garbage = ocr.recognise_page(ocr.Page(b"%PDF-1.4 garbage", 0, 10))
    assert garbage.status == "failed" and "pypdfium2 cannot open" in garbage.reason


def test_pages_are_recognised_in_the_worker_pool_each_under_its_cap(tesseract, stuck):
    data = sample("scan_mixed.pdf")
    pages = [(1, ocr.Page(data, 1, 120, tesseract)), (0, ocr.Page(data, 1, 1.0, stuck))]
    results = dict(workers.extract_many(pages, workers=2, job=ocr.recognise_page))
    assert accuracy(results[1].text, SCANNED_PAGE) >= 0.98
    assert results[0].status == "failed" and "longer than 1 s" in results[0].reason


def test_the_text_layer_says_which_pages_have_no_usable_text():
    mixed = extract(sample("scan_mixed.pdf"))
    assert (mixed.status, mixed.pages, mixed.blank_pages) == ("ok", 2, (1,))
    typed_page, scanned_page = mixed.page_texts  # to splice the recognised page into
    assert (" ".join(typed_page.split()), scanned_page) == (MIXED_TYPED, "")
    scan = extract(sample("scan_vietnamese_300dpi.pdf"))
    assert (scan.status, scan.text, scan.blank_pages) == ("scanned", "", (0,))
    typed = extract(sample("text_layer_vietnamese.pdf"))
    assert (typed.status, typed.blank_pages, typed.page_texts) == ("ok", (), ())
