"""A page of hits read cold: from the documents' cards (search.HitCard) beside the documents,
their texts and their files as before the cards, on the hits of unseen queries.

    .venv/bin/python benchmarks/hit_cards.py --var-dir DIR [--queries 300] [--seed 61]

DIR holds a seeded and indexed db.sqlite3 whose cards are written (`search_index update` writes
those missing). The database file is first dropped from the page cache (posix_fadvise), as this
VM's DAMON reclaim does with what it has not touched for a minute; then each query's 10 hits are
read both ways in turn, the one first alternating, each by search.documents' own compiled
query. Printed: p50, p95 and mean ms a page of hits, and the disk read during the run.
"""

import argparse
import os
import statistics
import time
from pathlib import Path

from _checkout import set_up
from _server import ROOT, percentile
from machine import during, usage
from queries import draw
from search_queries import engine_environment


def dropped_from_cache(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(descriptor)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=61, help="which queries are drawn")
    parser.set_defaults(engine="embedded")
    args = parser.parse_args()
    engine_environment(parser, args)
    set_up(args.var_dir, ROOT)
    from search import documents
    from search.engines import get_engine
    from search.models import HitCard
    from search.records import pk_of

    engine = get_engine()
    _, queries = draw(0, args.queries, args.seed)
    pages = [[pk_of(hit.uid) for hit in engine.search(q.plan()).hits] for q in queries]
    pages = [page for page in pages if page]
    found = {pk for page in pages for pk in page}
    carded = HitCard.objects.filter(pk__in=found).count()
    print(f"{len(pages)} pages of hits: {len(found)} documents, {carded} of them with a card")
    for name in ("db.sqlite3", "db.sqlite3-wal"):
        if (args.var_dir / name).exists():
            dropped_from_cache(args.var_dir / name)
    ways = {"documents": documents._documents, "cards": documents._cards}
    times: dict[str, list[float]] = {name: [] for name in ways}
    before = usage(args.var_dir)
    for number, page in enumerate(pages):
        order = list(ways) if number % 2 else list(reversed(ways))
        for name in order:
            began = time.perf_counter()
            documents._fetch(ways[name], page)
            times[name].append((time.perf_counter() - began) * 1000)
    print(
        f"both ways together, the machine {during(before, usage(args.var_dir), len(pages), 'page')}"
    )
    for name, taken in times.items():
        print(
            f"  {name:<10} p50 {statistics.median(taken):6.2f}  "
            f"p95 {percentile(taken, 0.95):6.2f}  mean {statistics.mean(taken):6.2f} ms"
        )


if __name__ == "__main__":
    main()
