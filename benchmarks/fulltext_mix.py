"""Full text of a mixed sample of PDFs, read as the previous release read it and as this one does.

    .venv/bin/python benchmarks/fulltext_mix.py [--unicode 40] [--legacy 10] [--legacy-mixed 5]
        [--scans 6] [--scan-mixed 3] [--english 3] [--workers 2]

The PDFs are made here, the same every run (Django is set up only because the demo generator
imports the models): demo-corpus prose (library.demo.generator) typed with a text layer, two A6
pages each (harvest/tests/samples/make_pdfs.py `with_lines`), in Unicode and in TCVN3, VNI and
VIQR (library/tests/legacy_encoder.py); a legacy page then a Unicode page; one-page A5 scans at
300 dpi with no text layer and a typed page then a scanned one (harvest.testing.scans); and
English prose with names, code and addresses. Each text layer is read once by extract(); from it
BEFORE is that text as it was, and AFTER is this release's reading: the `blank_pages` recognised
by Tesseract (recognise_page in the extract_many worker pool, with the queue's page cap and
memory limit), spliced in page order as harvest/ocr_tasks.py does (replicated here: its owe_pages()
and finish() work on OcrTask rows), then repair(). Prints, per kind and overall: the share of
documents flagged (no text, or quality() below LOW; a typed page read well hides a missing scanned
one, which accuracy shows), and the character accuracy against the text the PDF was made from
(harvest.testing.scans' 1 - Levenshtein / length, median and worst); the accuracy of repair() per
legacy encoding against what that encoding can hold (TCVN3 has no toned capitals); OCR seconds per
page inside the worker (median, slowest); the load average at the start and the wall time. Needs
Debian's tesseract-ocr and tesseract-ocr-vie.
"""

import argparse
import itertools
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

# Only what a worker needs at import: the pool's workers import this script again
# (benchmarks/ocr.py says why), so Django is set up in main(). timed_page is their job.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.ocr import CHARS, timed_page
from harvest.fulltext.extract import Extraction, extract, usable

PAGE_CHARS = 700  # a typed A6 page at 8 pt holds about 1,200
SEED = 27


@dataclass(frozen=True)
class Sample:
    kind: str
    data: bytes
    source: str  # the text the PDF was made from, its pages joined by a blank line
    held: str  # what a perfect reading can give back (TCVN3 pages: toned capitals lowered)
    encoding: str = ""  # of its legacy page, if any


def pages(index: int, *sizes: int) -> list[str]:
    """Consecutive pieces of a demo record's body (not its title or abstract), whole words,
    about `sizes` characters each."""
    from library.demo.generator import make_record

    body = make_record(SEED, index).fulltext.split("\n\n", 2)[-1]
    text = " ".join(body[: sum(sizes)].split()[:-1])
    pieces, start = [], 0
    for size in sizes[:-1]:
        cut = text.rfind(" ", start, start + size)
        pieces.append(text[start:cut])
        start = cut + 1
    return [*pieces, text[start:]]


def english(index: int) -> str:
    from library.demo import vocabulary as v
    from library.tests.test_legacy_encodings import ENGLISH

    title = v.ENGLISH_TITLE_TEMPLATES[index % 2].format(
        factor_en=v.ENGLISH_FACTORS[index % 4],
        method_en=v.ENGLISH_METHODS[index % 3],
        province_en=v.PROVINCES[index][1],
    )
    return f"{title}\n\n{ENGLISH}"


def make_samples(args: argparse.Namespace) -> list[Sample]:
    from harvest.testing import scans
    from harvest.tests.samples.make_pdfs import with_lines
    from library.tests.legacy_encoder import ENCODERS, tcvn3_expected

    index = itertools.count()  # each document its own demo record

    def typed(kind: str, encodings: tuple[str, str]) -> Sample:
        texts = pages(next(index), PAGE_CHARS, PAGE_CHARS)
        encoded = [ENCODERS[n](t) if n else t for n, t in zip(encodings, texts, strict=True)]
        held = [
            tcvn3_expected(t) if n == "tcvn3" else t for n, t in zip(encodings, texts, strict=True)
        ]
        pdf = with_lines(*encoded)
        return Sample(kind, pdf, "\n\n".join(texts), "\n\n".join(held), encodings[0])

    def scanned(kind: str) -> Sample:
        pdf = scans.document()
        if kind == "scan":
            texts = pages(next(index), CHARS)
        else:
            texts = pages(next(index), PAGE_CHARS, CHARS)
            scans.add_typed(pdf, texts[0])
        scans.add_scan(pdf, texts[-1])
        return Sample(kind, bytes(pdf.output()), "\n\n".join(texts), "\n\n".join(texts))

    samples = [typed("unicode", ("", "")) for _ in range(args.unicode)]
    for name in ENCODERS:
        samples += [typed(name, (name, name)) for _ in range(args.legacy)]
    names = list(ENCODERS)
    samples += [typed("legacy+unicode", (names[n % 3], "")) for n in range(args.legacy_mixed)]
    samples += [scanned("scan") for _ in range(args.scans)]
    samples += [scanned("scan+typed") for _ in range(args.scan_mixed)]
    for n in range(args.english):
        text = english(n)
        samples.append(Sample("english", with_lines(text), text, text))
    return samples


def splice(extraction: Extraction, recognised: dict[int, Extraction]) -> str:
    """The file's text once OCR is done, as harvest.ocr_tasks' owe_pages() and finish() make it
    from an OcrTask row: every page's text in page order, the text layer's pages as they were
    and the recognised ones in between (a failed page empty), joined by a blank line. With no
    usable text the OcrTask fails and the file keeps its text-layer reading."""
    if not extraction.blank_pages:
        return extraction.text
    blank = set(extraction.blank_pages)
    texts = {n: text for n, text in enumerate(extraction.page_texts) if n not in blank}
    texts |= {n: r.text for n, r in recognised.items() if r.status == "ok"}
    count = extraction.pages or len(extraction.page_texts)
    text = "\n\n".join(texts.get(n, "") for n in range(count)).strip()
    return text if usable(text) else extraction.text


def same(a: str, b: str) -> int:
    """How many characters `a` and `b` begin with in common."""
    return next(
        (n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def score(got: str, want: str) -> float:
    """harvest.testing.scans.accuracy(got, want), the same figure, computed on what differs:
    cutting off a common prefix and suffix leaves a Levenshtein distance as it is, and its
    distance() is quadratic pure Python (1.1 s for two 1,600-character texts here)."""
    from harvest.testing.scans import distance, normalised

    a, b = normalised(got), normalised(want)
    start = same(a, b)
    end = same(a[start:][::-1], b[start:][::-1])
    return 1 - distance(a[start : len(a) - end], b[start : len(b) - end]) / len(b)


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):8.2%} / {min(values):8.2%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unicode", type=int, default=40, help="Unicode text-layer PDFs")
    parser.add_argument("--legacy", type=int, default=10, help="PDFs per legacy encoding")
    parser.add_argument("--legacy-mixed", type=int, default=5, help="a legacy, a Unicode page")
    parser.add_argument("--scans", type=int, default=6, help="one-page 300-dpi scans")
    parser.add_argument("--scan-mixed", type=int, default=3, help="a typed, a scanned page")
    parser.add_argument("--english", type=int, default=3, help="English-text PDFs")
    parser.add_argument("--workers", type=int, default=2, help="OCR worker processes")
    args = parser.parse_args()
    started = time.perf_counter()
    load = os.getloadavg()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from django.conf import settings

    from harvest.fulltext.ocr import Page
    from harvest.fulltext.workers import Limits, extract_many
    from harvest.ocr_tasks import GRACE
    from library.vietnamese.legacy import repair
    from library.vietnamese.quality import LOW, quality

    print(f"load average at start: {' '.join(f'{x:.2f}' for x in load)} ({os.cpu_count()} cores)")
    samples = make_samples(args)
    kinds = list(dict.fromkeys(s.kind for s in samples))
    made = time.perf_counter()
    counts = ", ".join(f"{sum(s.kind == k for s in samples)} {k}" for k in kinds)
    print(f"{len(samples)} PDFs ({counts}), made in {made - started:.1f} s")

    read = [extract(sample.data) for sample in samples]
    layers = time.perf_counter() - made
    cap = settings.HARVEST_OCR_PAGE_SECONDS
    limits = Limits(seconds=cap + GRACE, memory_bytes=settings.HARVEST_EXTRACT_MEMORY)
    owed = [
        ((n, p), Page(s.data, p, cap)) for n, s in enumerate(samples) for p in read[n].blank_pages
    ]
    ocr_started = time.perf_counter()
    recognised = dict(extract_many(owed, workers=args.workers, limits=limits, job=timed_page))
    ocr_wall = time.perf_counter() - ocr_started
    seconds = [float(r.reason.split()[0]) for r in recognised.values() if r.status == "ok"]
    failed = [r.reason for r in recognised.values() if r.status != "ok"]
    pages = sum(e.pages or 0 for e in read)
    print(f"text layers: {pages} pages, extract() in this process, {layers:.1f} s")
    if owed:
        print(
            f"OCR: {len(owed)} blank pages, {args.workers} workers, {ocr_wall:.1f} s: "
            f"{statistics.median(seconds):.2f} s/page median inside the worker "
            f"(slowest {max(seconds):.2f})"
            + (f"; {len(failed)} failed: {failed[0]}" if failed else "")
        )

    readings = {"before": [e.text for e in read], "after": []}
    for n, extraction in enumerate(read):
        mine = {p: r for (d, p), r in recognised.items() if d == n}
        readings["after"].append(repair(splice(extraction, mine)).text)

    def flagged(text: str) -> bool:
        if not text.strip():
            return True
        value = quality(text)
        return value is not None and value < LOW

    flags = {when: [flagged(t) for t in texts] for when, texts in readings.items()}
    accuracy = {
        when: [score(t, s.source) for t, s in zip(texts, samples, strict=True)]
        for when, texts in readings.items()
    }

    def share(when: str, members: list[int]) -> str:
        return f"{sum(flags[when][n] for n in members) / len(members):6.1%}"

    print(f"flagged (no text, or quality() < LOW = {LOW}) and character accuracy against the")
    print("source text (median / worst), before (extract() only) and after (OCR, repair()):")
    print(f"  {'kind':15}{'docs':>5}  flagged before  after   accuracy before        after")
    for kind in [*kinds, "all"]:
        members = [n for n, s in enumerate(samples) if kind in (s.kind, "all")]
        print(
            f"  {kind:15}{len(members):5}  {share('before', members):>14} "
            f"{share('after', members)}   "
            f"{spread([accuracy['before'][n] for n in members])}  "
            f"{spread([accuracy['after'][n] for n in members])}"
        )

    print("repair() per legacy encoding, its documents (pure and with a Unicode page), against")
    print("what the encoding can hold (TCVN3: toned capitals lower case), median / worst:")
    for name in ("tcvn3", "vni", "viqr"):
        members = [n for n, s in enumerate(samples) if s.encoding == name]
        if members:
            before = [score(readings["before"][n], samples[n].held) for n in members]
            after = [score(readings["after"][n], samples[n].held) for n in members]
            print(
                f"  {name:6}{len(members):3} docs  before {spread(before)}  after {spread(after)}"
            )
    print(f"wall time {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
