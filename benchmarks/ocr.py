"""OCR of scanned Vietnamese pages: character accuracy and seconds per page, 1 and 2 workers.

    .venv/bin/python benchmarks/ocr.py [--pages 8]

The scans are made here, the same every run: A5 pages of the demo library's Vietnamese S&T
prose (library.demo.generator), drawn at 300 dpi in 8-bit gray with DejaVu Serif 11 pt
(harvest.testing.scans) into PDFs with no text layer. Each page goes through what the harvest
runs (harvest.fulltext.ocr.recognise_page in the extraction worker pool: pypdfium2 renders,
Tesseract `-l vie` reads, OMP_THREAD_LIMIT=1). Prints, for 1 and 2 workers: the median and
slowest seconds a page took inside its worker, the pages per minute of the whole batch, and
the character accuracy (1 − Levenshtein / length, whitespace collapsed, NFC): median and worst.
Needs Debian's tesseract-ocr and tesseract-ocr-vie.
"""

import argparse
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

# Nothing more at import: the pool's workers (multiprocessing's forkserver) import this script
# again, each of them on Python 3.11 (CPython gh-137996), so Django is set up in main().
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CHARS = 1200  # about what an A5 page at 11 pt holds


def pages(count: int) -> list[tuple[str, bytes]]:
    from harvest.testing.scans import scan_pdf
    from library.demo.generator import make_record

    made = []
    for index in range(count):
        text = make_record(15, index).fulltext.split("\n\n", 2)[-1]  # body, not title/abstract
        text = " ".join(text[:CHARS].split()[:-1])  # whole words
        made.append((text, scan_pdf(text)))
    return made


def timed_page(page):  # type: ignore[no-untyped-def]
    """The harvest's job, timed inside the worker (the seconds ride in `reason`)."""
    from harvest.fulltext.ocr import recognise_page

    started = time.perf_counter()
    result = recognise_page(page)
    return replace(result, reason=f"{time.perf_counter() - started:.3f} {result.reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=8)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from harvest.fulltext.ocr import Page
    from harvest.fulltext.workers import Limits, extract_many
    from harvest.testing.scans import accuracy

    made = pages(args.pages)
    print(f"{len(made)} A5 pages at 300 dpi, {os.cpu_count()} cores")
    for workers in (1, 2):
        items = [(n, Page(data, 0, 120.0)) for n, (_, data) in enumerate(made)]
        started = time.perf_counter()
        results = dict(
            extract_many(items, workers=workers, limits=Limits(seconds=130), job=timed_page)
        )
        wall = time.perf_counter() - started
        failed = [r.reason for r in results.values() if r.status != "ok"]
        seconds = [float(r.reason.split()[0]) for r in results.values()]
        scores = [accuracy(results[n].text, text) for n, (text, _) in enumerate(made)]
        print(
            f"  {workers} worker(s): {statistics.median(seconds):.2f} s/page median "
            f"(slowest {max(seconds):.2f}), {60 * len(made) / wall:.1f} pages/min; "
            f"accuracy median {statistics.median(scores):.2%}, worst {min(scores):.2%}"
            + (f"; {len(failed)} failed: {failed[0]}" if failed else "")
        )


if __name__ == "__main__":
    main()
