"""`search_index update` when nothing changed: what a timer pays every few minutes.

    .venv/bin/python benchmarks/index_update.py --var-dir DIR [--runs 5]

DIR holds a seeded db.sqlite3 with its embedded index built (search_queries.py --rebuild).
Runs the update once to set the checkpoint, then `--runs` times more, in process, and prints
the median time and how many queries and records each run cost.
"""

import argparse
import os
import statistics
import time
from pathlib import Path

from _server import ROOT  # noqa: F401  (puts the project on sys.path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.pop("ELASTICSEARCH_URL", None)
    os.environ.update(
        PORTAL_VAR_DIR=str(args.var_dir),
        SEARCH_INDEX_DIR=str(args.var_dir / "search"),
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
    )
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search import indexing
    from search.engines import get_engine

    engine = get_engine()
    upsert, indexed = engine.upsert, []

    def counting(records):
        records = list(records)
        indexed.extend(records)
        return upsert(records)

    engine.upsert = counting
    indexing.update()  # the checkpoint
    indexed.clear()
    times, queries = [], 0
    for _ in range(args.runs):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            indexing.update()
            times.append(time.perf_counter() - began)
        queries = len(captured.captured_queries)
    print(
        f"search_index update, nothing changed, {args.runs} runs: median "
        f"{statistics.median(times) * 1000:.0f} ms (min {min(times) * 1000:.0f}); "
        f"{queries} SQL queries a run; {len(indexed) / args.runs:.0f} records re-indexed a run"
    )


if __name__ == "__main__":
    main()
