"""A full-text harvest's index write (search.indexing.index_items of 32 documents) in a library
of the benchmarked size, and its suggestions' part (search.suggestions.refresh) alone.

    .venv/bin/python benchmarks/index_batch.py --var-dir DIR [--batches 20] [--checkout DIR]

DIR holds a seeded db.sqlite3 (`seed_demo --documents 229000`). benchmarks/harvest_fulltext.py
harvests into a new, small library, where what grows with the library (a subject carried by
30,000 documents, the table walked to find a batch's rows) costs nothing: here the newest
documents are given the full texts of 15-page PDFs (the harvest benchmark's, built once into
its --cache) inside a transaction that is rolled back, and indexed 32 at a time into a new
embedded index (DIR's is left alone), as a harvest batch is; the first batch warms up. Printed:
the milliseconds a document, median, fastest and slowest batch; then refresh() alone on random
batches of 32 of the library's active documents. --checkout runs another checkout's code (a `git
worktree` of an earlier version) to set the two side by side.
"""

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from _checkout import set_up

ROOT = Path(__file__).resolve().parents[1]
BATCH = 32


def per_document(times: list[float]) -> str:
    each = [t / BATCH for t in times]
    return f"median {statistics.median(each):.1f}, min {min(each):.1f}, max {max(each):.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "bench-harvest-fulltext-pdfs"
    )
    parser.add_argument("--checkout", type=Path, default=ROOT)
    args = parser.parse_args()
    pdfs = sorted(args.cache.glob("record-*.pdf"))[: BATCH * (args.batches + 1)]
    if len(pdfs) < BATCH * (args.batches + 1):
        parser.error(f"{args.cache} lacks PDFs: run benchmarks/harvest_fulltext.py once")
    set_up(args.var_dir, args.checkout)
    from django.conf import settings
    from django.db import transaction

    from harvest.fulltext.extract import extract
    from library.models import Document, DocumentText
    from search import indexing, suggestions
    from search.engines import get_engine

    settings.SEARCH = {"ELASTICSEARCH_URL": "", "INDEX_NAME": "", "INDEX_DIR": tempfile.mkdtemp()}
    get_engine.cache_clear()
    texts = [extract(path.read_bytes()).text for path in pdfs]
    active = Document.objects.filter(status=Document.Status.ACTIVE)
    with transaction.atomic():
        newest = list(active.order_by("-pk").values_list("pk", flat=True)[: len(texts)])
        for pk, text in zip(newest, texts, strict=True):
            DocumentText.objects.filter(document_id=pk).update(text=text, status="ok")
        batches = [newest[start : start + BATCH] for start in range(0, len(newest), BATCH)]
        indexing.index_items("document", batches[0])
        written = []
        for batch in batches[1:]:
            began = time.perf_counter()
            indexing.index_items("document", batch)
            written.append((time.perf_counter() - began) * 1000)
        everyone = list(active.values_list("pk", flat=True))
        randomly = random.Random(7)
        refreshed = []
        for _ in range(args.batches + 1):
            batch = randomly.sample(everyone, BATCH)
            began = time.perf_counter()
            suggestions.refresh(batch)
            refreshed.append((time.perf_counter() - began) * 1000)
        transaction.set_rollback(True)
    print(f"{args.checkout.resolve()}: {len(everyone):,} active documents; ms a document")
    print(
        f"  index_items, {args.batches} batches of {BATCH}, 15-page texts: {per_document(written)}"
    )
    print(f"  suggestions.refresh, {args.batches} random batches: {per_document(refreshed[1:])}")


if __name__ == "__main__":
    main()
