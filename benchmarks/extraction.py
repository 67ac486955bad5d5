"""PDF text extraction speed: each extractor alone, then the worker pool with 1 and 2 workers.

    .venv/bin/python benchmarks/extraction.py [--files 24] [--pages 20]

The PDFs are made here (library.demo.pdf: real PDFs with a Vietnamese text layer), the same
every run. Prints pages/s for pypdfium2 and pdfminer.six in this process, and for the pool
(extract: pypdfium2 first) with one and two worker processes, and the ratio of the two.
"""

import argparse
import os
import sys
import time
from pathlib import Path

# Nothing more at import: the pool's workers (multiprocessing's forkserver) import this script
# again, each of them on Python 3.11 (CPython gh-137996), so Django is set up in main().
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def corpus(files: int, pages: int) -> list[tuple[bytes, int]]:
    from library.demo.generator import make_record
    from library.demo.pdf import render_pdf

    made = []
    for index in range(files):
        record = make_record(11, index)
        body = "\n\n".join([record.fulltext] * max(1, pages // 3))
        made.append(render_pdf(record.title, record.creators, body))
    return made


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=24)
    parser.add_argument("--pages", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from harvest.fulltext.extract import with_pdfium, with_pdfminer
    from harvest.fulltext.workers import extract_many

    pdfs = corpus(args.files, args.pages)
    total = sum(pages for _, pages in pdfs)
    print(f"{len(pdfs)} PDFs, {total} pages")
    for name, extractor in (("pypdfium2", with_pdfium), ("pdfminer.six", with_pdfminer)):
        seconds = timed(lambda e=extractor: [e(data) for data, _ in pdfs])
        print(f"  {name:13} in-process: {total / seconds:8.1f} pages/s")
    rates = {}
    for workers in (1, 2):
        items = [(i, data) for i, (data, _) in enumerate(pdfs)] * 4
        seconds = timed(lambda w=workers, it=items: list(extract_many(it, workers=w)))
        rates[workers] = 4 * total / seconds
        print(f"  pool, {workers} worker(s): {rates[workers]:8.1f} pages/s")
    print(f"  2 workers / 1 worker: {rates[2] / rates[1]:.2f}x")


if __name__ == "__main__":
    main()
