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


def arguments(description: str, queries: int, seed: int) -> argparse.ArgumentParser:
    """The options of a benchmark on pages of hits: --var-dir, --queries, --seed."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--var-dir", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=queries)
    parser.add_argument("--seed", type=int, default=seed, help="which queries are drawn")
    parser.set_defaults(engine="embedded")
    return parser


def pages_of_hits(parser: argparse.ArgumentParser) -> tuple[argparse.Namespace, list]:
    """The options given, and the first page of hits of each of --queries unseen queries (those
    with any) in the library of --var-dir, as (its plan, its documents' ids)."""
    args = parser.parse_args()
    engine_environment(parser, args)
    set_up(args.var_dir, ROOT)
    from search.engines import get_engine
    from search.records import pk_of

    engine = get_engine()
    _, queries = draw(0, args.queries, args.seed)
    plans = [q.plan() for q in queries]
    pages = [(plan, [pk_of(hit.uid) for hit in engine.search(plan).hits]) for plan in plans]
    return args, [(plan, page) for plan, page in pages if page]


def main() -> None:
    args, planned = pages_of_hits(arguments(__doc__.splitlines()[0], 300, 61))
    from search import documents
    from search.models import HitCard

    pages = [page for _, page in planned]
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
    side_by_side(times)


def side_by_side(times: dict[str, list[float]], unit: str = "ms") -> None:
    """p50, p95 and mean of each way's times, a line each."""
    width = max(map(len, times))
    for name, taken in times.items():
        print(
            f"  {name:<{width}} p50 {statistics.median(taken):6.2f}  "
            f"p95 {percentile(taken, 0.95):6.2f}  mean {statistics.mean(taken):6.2f} {unit}"
        )


if __name__ == "__main__":
    main()
