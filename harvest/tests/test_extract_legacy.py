"""PDFs typed in legacy Vietnamese fonts: extract() reads the fonts' code points, repair() turns
them back into the Unicode text (samples/make_pdfs.py made the PDFs from LEGACY_TEXT)."""

from pathlib import Path

import pytest

from harvest.fulltext.extract import extract, with_pdfminer
from harvest.tests.samples.make_pdfs import LEGACY_TEXT
from library.tests.legacy_encoder import accuracy, tcvn3_expected
from library.vietnamese.legacy import repair

SAMPLES = Path(__file__).parent / "samples"
WANT = {"tcvn3": tcvn3_expected(LEGACY_TEXT), "vni": LEGACY_TEXT, "viqr": LEGACY_TEXT}


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


@pytest.mark.parametrize("name", ["tcvn3", "vni", "viqr"])
def test_a_legacy_pdf_comes_back_as_its_unicode_text(name):
    extraction = extract(sample(f"legacy_{name}.pdf"))
    assert extraction.extractor == "pypdfium2"
    assert accuracy(extraction.text, WANT[name]) < 0.8  # the text layer really is legacy
    result = repair(extraction.text)
    assert result.encodings == (name,)
    assert accuracy(result.text, WANT[name]) == 1.0


def test_pdfium_and_pdfminer_keep_tcvn3s_u_horn_a_soft_hyphen():
    assert "h\u00adëng" in extract(sample("legacy_tcvn3.pdf")).text
    text, _ = with_pdfminer(sample("legacy_tcvn3.pdf"))
    assert accuracy(repair(text).text, WANT["tcvn3"]) == 1.0


def test_a_pdf_mixing_three_legacy_pages_and_a_unicode_page():
    extraction = extract(sample("legacy_mixed.pdf"))
    result = repair(extraction.text)
    pages = result.text.split("\n\n")
    assert len(pages) == 4
    assert result.encodings == ("tcvn3", "vni", "viqr")
    for page, want in zip(
        pages, [WANT["tcvn3"], LEGACY_TEXT, LEGACY_TEXT, LEGACY_TEXT], strict=True
    ):
        assert accuracy(page, want) == 1.0
    assert pages[3] == extraction.text.split("\n\n")[3]  # the Unicode page is untouched


def test_a_tcvn3_u_horn_ending_a_line_is_kept_and_a_real_soft_hyphen_joins_its_word():
    """PDFium takes a soft hyphen ending a line for a hyphenation point and glues the lines;
    in TCVN3 it is ư ("như" at a line's end), and a Unicode line must stay Unicode."""
    from harvest.tests.samples.make_pdfs import document
    from library.tests.legacy_encoder import to_tcvn3

    pdf = document()
    pdf.add_page()
    for line in (to_tcvn3("Kết quả cho thấy như"), "Vĩnh Long, hyphen\u00ad", "ation giữa dòng."):
        pdf.cell(0, 4, line, new_x="LMARGIN", new_y="NEXT")
    result = repair(extract(bytes(pdf.output())).text)
    assert result.text == "Kết quả cho thấy như\nVĩnh Long, hyphenation giữa dòng."
    assert result.encodings == ("tcvn3",)
