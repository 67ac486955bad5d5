"""Text from PDFs: each branch of extract() on a saved sample (samples/make_pdfs.py made them)."""

import unicodedata
from pathlib import Path

import pytest

from harvest.fulltext import extract as extract_module
from harvest.fulltext.extract import EncryptedPDF, Extraction, extract, with_pdfminer

SAMPLES = Path(__file__).parent / "samples"
FIRST_PAGE = "Nuôi tôm sú trên đất phèn ở Đồng bằng sông Cửu Long"
BOTH_PAGES = f"{FIRST_PAGE} Trang hai: thủy sản, lúa, khoa học."


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def words(text: str) -> str:
    """The text with its line and page breaks as single spaces: extractors differ in those."""
    return " ".join(text.split())


def test_a_text_layer_is_read_by_pdfium_page_by_page():
    result = extract(sample("text_layer_vietnamese.pdf"))
    assert (result.status, result.extractor, result.pages, result.reason) == (
        "ok",
        "pypdfium2",
        2,
        "",
    )
    assert words(result.text) == BOTH_PAGES
    assert "\n\nTrang hai" in result.text  # a blank line between pages


def test_decomposed_marks_come_out_composed():
    data = sample("text_layer_decomposed_marks.pdf")
    layer, _ = extract_module.with_pdfium(data)
    assert layer != unicodedata.normalize("NFC", layer)  # the sample really is decomposed
    assert extract(data).text == "Thủy sản Đồng Tháp"  # NFC, as typed on a Vietnamese keyboard


def test_a_pdf_pdfium_cannot_open_is_read_by_pdfminer():
    result = extract(sample("pdfium_fails_pdfminer_reads.pdf"))
    assert (result.status, result.extractor, result.pages) == ("ok", "pdfminer.six", 2)
    assert words(result.text) == BOTH_PAGES


def test_pdfminer_reads_what_pdfium_finds_no_text_in(monkeypatch):
    blank = ("pypdfium2", lambda data: ("  \n\x00 ", 2))  # only spaces and NULs
    monkeypatch.setattr(extract_module, "EXTRACTORS", (blank, ("pdfminer.six", with_pdfminer)))
    result = extract(sample("text_layer_vietnamese.pdf"))
    assert (result.status, result.extractor) == ("ok", "pdfminer.six")
    assert words(result.text) == BOTH_PAGES


def test_a_page_with_only_a_picture_is_a_scan_not_a_failure():
    assert extract(sample("image_only_scan.pdf")) == Extraction(
        "scanned", pages=1, reason="no text layer (a scan?)", blank_pages=(0,)
    )


def test_a_pdf_that_needs_a_password_is_encrypted():
    result = extract(sample("encrypted_user_password.pdf"))
    assert (result.status, result.text, result.extractor) == ("encrypted", "", "pypdfium2")
    assert "Incorrect password" in result.reason


def test_pdfminer_also_reports_a_password_as_encrypted():
    with pytest.raises(EncryptedPDF):
        with_pdfminer(sample("encrypted_user_password.pdf"))


def test_a_pdf_locked_only_against_editing_is_read():
    result = extract(sample("encrypted_owner_password_only.pdf"))
    assert (result.status, result.extractor) == ("ok", "pypdfium2")
    assert words(result.text) == FIRST_PAGE


def test_a_truncated_download_fails_with_both_extractors_reasons():
    result = extract(sample("truncated.pdf"))
    assert (result.status, result.text, result.pages, result.extractor) == ("failed", "", None, "")
    pdfium, pdfminer = result.reason.split("; ")
    assert pdfium == "pypdfium2: PdfiumError: Failed to load document (PDFium: Data format error)."
    assert pdfminer.startswith("pdfminer.six: PSEOF:")


@pytest.mark.parametrize("data", [b"", b"<!DOCTYPE html><p>404</p>", b"%PDF-1.7\n\x00\xff"])
def test_anything_that_is_not_a_pdf_fails_and_never_raises(data):
    result = extract(data)
    assert result.status == "failed"
    assert result.reason.startswith("pypdfium2: ") and "; pdfminer.six: " in result.reason


def test_a_parser_that_raises_anything_gives_a_reason_of_at_most_300_characters(monkeypatch):
    def explodes(data: bytes) -> tuple[str, int]:
        raise RecursionError("sâu " * 200)

    monkeypatch.setattr(extract_module, "EXTRACTORS", (("a", explodes), ("b", explodes)))
    reason = extract(b"%PDF-").reason
    first, second = reason.split("; ")
    assert first.startswith("a: RecursionError: sâu sâu") and len(first) == 300
    assert second.startswith("b: RecursionError: sâu sâu") and len(second) == 300


@pytest.mark.parametrize(
    ("page", "is_usable"),
    [
        ("", False),
        ("Hình 3", False),  # 4 letters
        ("Tr. 12 — Hình 3.1 — Bản", False),  # 9 letters among digits and dashes
        ("Tr. 12 — Hình 3.1 — Bản 4 ở", True),  # the 10th letter
        ("ư" * 10, True),
        ("123 456 ... ——" * 500 + "abc", False),  # long, but letters are what count
    ],
)
def test_a_page_is_usable_from_its_tenth_letter(page, is_usable):
    assert extract_module.usable(page) is is_usable
