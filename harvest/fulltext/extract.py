"""Text from a PDF, behind one function and one result type.

pypdfium2 runs first (measured here at about 1,400 pages/s against pdfminer.six's 46); when it
yields no text or fails, pdfminer.six tries. `Extraction.extractor` says which one produced the
text. No text layer at all is `scanned`, not a failure.

Pages are judged one by one: a page whose text layer has fewer than `USABLE_LETTERS` letters
(nothing, a page number, a stamp, "Hình 3") has no usable text and is listed in
`Extraction.blank_pages`, 0-based, for OCR (harvest.fulltext.ocr). A file whose every page is
blank is `scanned`; one where some pages read is `ok`, its blank pages listed all the same. The
whole text is the pages' texts joined by a blank line ("\n\n").
"""

import io
import logging
import unicodedata
from dataclasses import dataclass, replace
from typing import Literal

from library.vietnamese.reading import Reading, read

logger = logging.getLogger(__name__)

# PDFium reads a soft hyphen (U+00AD) that ends a line as a hyphenation point: it joins the two
# lines and leaves U+0002 where the hyphen was. In a TCVN3 (ABC) text that byte is the letter ư
# ("như" at a line's end came out "nh\x02" glued to the next line's first word), so the soft
# hyphen and the line break are put back; library.vietnamese.legacy.repair() decides what it
# was: ư in a TCVN3 line, else a hyphenation point, which it joins.
LINE_END_HYPHEN = "\x02"
SOFT_BREAK = "\u00ad\n"

Status = Literal["ok", "scanned", "encrypted", "failed"]
USABLE_LETTERS = 10


@dataclass(frozen=True)
class Extraction:
    status: Status
    text: str = ""
    pages: int | None = None
    extractor: str = ""
    reason: str = ""
    blank_pages: tuple[int, ...] = ()  # 0-based pages with no usable text layer
    page_texts: tuple[str, ...] = ()  # each page's text, when some are blank (to splice OCR in)
    reading: Reading | None = None  # the text read (read_pdf), as the library keeps it

    def text_read(self) -> Reading:
        """The text as the library keeps it: read by the worker (read_pdf), or here (a worker
        that died sent no reading; other jobs send none)."""
        return self.reading if self.reading is not None else read(self.text)


class EncryptedPDF(Exception):
    pass


# An extractor returns the text and the page count, the pages' texts separated by a form feed
# ("\f"), as pdfminer.six ends each page.


def with_pdfium(data: bytes) -> tuple[str, int]:
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as err:
        if "password" in str(err).lower():
            raise EncryptedPDF(str(err)) from err
        raise
    try:
        parts = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            parts.append(
                textpage.get_text_bounded().replace("\f", " ").replace(LINE_END_HYPHEN, SOFT_BREAK)
            )
            textpage.close()
            page.close()
        return "\f".join(parts), len(pdf)
    finally:
        pdf.close()


def with_pdfminer(data: bytes) -> tuple[str, int]:
    from pdfminer.high_level import extract_text
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage

    try:
        pages = sum(1 for _ in PDFPage.get_pages(io.BytesIO(data)))
        return extract_text(io.BytesIO(data)), pages
    except PDFPasswordIncorrect as err:
        raise EncryptedPDF(str(err)) from err


EXTRACTORS = (("pypdfium2", with_pdfium), ("pdfminer.six", with_pdfminer))


def usable(text: str) -> bool:
    """Whether `text` has USABLE_LETTERS letters: it stops counting there (a page of 3,000
    characters was counted whole, 0.23 ms, for every page of every PDF)."""
    letters = 0
    for char in text:
        if char.isalpha():
            letters += 1
            if letters >= USABLE_LETTERS:
                return True
    return False


def extract(data: bytes) -> Extraction:
    """Text of the PDF in `data`, NFC; never raises for a bad file."""
    reasons: list[str] = []
    pages: int | None = None
    scanned: Extraction | None = None
    for name, extractor in EXTRACTORS:
        try:
            text, pages = extractor(data)
        except EncryptedPDF as err:
            return Extraction("encrypted", pages=pages, extractor=name, reason=str(err)[:300])
        except Exception as err:  # a corrupt file can raise anything from a parser
            reasons.append(f"{name}: {type(err).__name__}: {err}"[:300])
            continue
        parts = text.split("\f")
        if pages is not None and len(parts) > pages:  # pdfminer's last page ends in one too
            parts = parts[:pages]
        texts = tuple(unicodedata.normalize("NFC", p.replace("\x00", "")).strip() for p in parts)
        blank = tuple(index for index, text in enumerate(texts) if not usable(text))
        if len(blank) < len(texts):
            text = "\n\n".join(texts).strip()
            return Extraction("ok", text, pages, name, "", blank, texts if blank else ())
        scanned = scanned or Extraction(
            "scanned", pages=pages, reason="no text layer (a scan?)", blank_pages=blank
        )
    if scanned is not None:
        return scanned
    return Extraction("failed", pages=pages, reason="; ".join(reasons))


def read_pdf(data: bytes) -> Extraction:
    """A worker's job: extract(), and its text read (library.vietnamese.reading) in the same
    worker, so that repairing and measuring texts runs on every core, not in the batch's one
    process. Measured on 15-page PDFs of demo text: 28 ms of CPU a PDF, half the extraction's 57.
    """
    extraction = extract(data)
    return replace(extraction, reading=read(extraction.text))
