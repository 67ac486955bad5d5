"""Text of a scanned page: pypdfium2 renders it, Tesseract reads it.

Tesseract is Debian's `tesseract-ocr` with the Vietnamese model `tesseract-ocr-vie`, run as a
program: the page goes in on stdin as an 8-bit grayscale PGM (PNM, which Tesseract reads without
any encoding step), the text comes out on stdout. Why the program and not a binding:
pytesseract does the same through temporary files and adds a dependency for nothing;
tesserocr links libtesseract into the worker, so a crash or a runaway allocation in Tesseract
would be the worker's, and a time limit could only be the worker's kill. As a child process it
has a timeout of its own (`subprocess.run(timeout=…)` kills it), which gives a page the clear
failure "took longer than N s" instead of a hang.

`OMP_THREAD_LIMIT=1`: Tesseract's OpenMP build otherwise starts a thread per core for each
page, and two workers on two cores would run four busy threads against each other.
"""

import os
import subprocess
import time
import unicodedata
from dataclasses import dataclass

from .extract import Extraction

EXTRACTOR = "tesseract"  # what a recognised text's `extractor` says (the document page shows it)
LANGUAGE = "vie"
DPI = 300
# A page that claims to be huge is rendered at a lower resolution rather than at any size: an
# A3 page at 300 dpi is 17 million pixels; this allows a little over A2.
MAX_PIXELS = 40_000_000


class OcrError(Exception):
    """The page could not be read; the message says why, for the admin."""


class OcrTimeout(OcrError):
    """Tesseract ran out of time and was killed."""


def render(data: bytes, index: int, dpi: int = DPI) -> bytes:
    """Page `index` (0-based) of the PDF in `data` as an 8-bit grayscale PGM image."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as err:
        raise OcrError(f"pypdfium2 cannot open the file: {err}") from err
    try:
        if not 0 <= index < len(pdf):
            raise OcrError(f"no page {index + 1} (the file has {len(pdf)})")
        page = pdf[index]
        width, height = page.get_size()  # points, 1/72 inch
        scale = dpi / 72
        if width * height * scale * scale > MAX_PIXELS:
            scale = 0.998 * (MAX_PIXELS / (width * height)) ** 0.5  # pdfium rounds sizes up
        bitmap = page.render(scale=scale, grayscale=True)
        rows, stride, columns = bitmap.height, bitmap.stride, bitmap.width
        buffer = bytes(bitmap.buffer)
        header = b"P5\n%d %d\n255\n" % (columns, rows)
        if stride == columns:
            return header + buffer
        return header + b"".join(buffer[r * stride : r * stride + columns] for r in range(rows))
    except pypdfium2.PdfiumError as err:
        raise OcrError(f"pypdfium2 cannot render page {index + 1}: {err}") from err
    finally:
        pdf.close()


def recognise(
    image: bytes, seconds: float, program: str = "tesseract", language: str = LANGUAGE
) -> str:
    """Tesseract's text for a PNM or PNG `image`, NFC; OcrError when it fails or runs over
    `seconds` (then it is killed)."""
    command = [program, "stdin", "stdout", "-l", language, "--dpi", str(DPI)]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        # a fixed command ("tesseract" on PATH, or a test's), no shell; the page is stdin
        done = subprocess.run(  # noqa: S603
            command, input=image, capture_output=True, timeout=seconds, env=env, check=False
        )
    except subprocess.TimeoutExpired as err:
        raise OcrTimeout(f"tesseract took longer than {seconds:g} s and was stopped") from err
    except OSError as err:  # not installed, not executable
        raise OcrError(f"tesseract cannot run: {err}") from err
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrError(f"tesseract failed (exit {done.returncode}): {' '.join(said[-2:])}"[:300])
    text = done.stdout.decode("utf-8", "replace").replace("\x00", "").replace("\x0c", "")
    return unicodedata.normalize("NFC", text).strip()


@dataclass(frozen=True)
class Page:
    """One page to recognise, as a worker receives it (harvest.fulltext.workers)."""

    data: bytes  # the whole PDF
    index: int  # 0-based
    seconds: float  # the page's time cap: rendering and recognition together
    program: str = "tesseract"


def recognise_page(page: Page) -> Extraction:
    """A worker's job: the page's text ("ok", possibly empty) or why not ("failed"); never
    raises for a bad page."""
    started = time.monotonic()
    try:
        image = render(page.data, page.index)
        left = page.seconds - (time.monotonic() - started)
        if left <= 0:
            raise OcrError(f"rendering took longer than {page.seconds:g} s")
        text = recognise(image, left, page.program)
    except OcrTimeout:  # in the page's terms: its cap, not what rendering left of it
        late = f"tesseract took longer than {page.seconds:g} s and was stopped"
        return Extraction("failed", pages=1, extractor=EXTRACTOR, reason=late)
    except OcrError as err:
        return Extraction("failed", pages=1, extractor=EXTRACTOR, reason=str(err))
    return Extraction("ok", text, pages=1, extractor=EXTRACTOR)
