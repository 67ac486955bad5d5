"""Baseline: SQLite FTS5, the engine under Wagtail's database search backend on SQLite, on the
same corpus and the same 200 requests as benchmarks/search_queries.py.

    .venv/bin/python benchmarks/fts5_baseline.py --var-dir DIR

Builds DIR/fts5.sqlite3 once (title and full text, FTS5's default unicode61 tokenizer, as
Wagtail creates it), then times each request in-process: total count plus the top 10 by bm25,
with the source filter. It does less than the portal does per request (no facets, no
snippets, no HTTP), so the ratio it gives understates the difference.
"""

import argparse
import sqlite3
import statistics
import time
from pathlib import Path

from query_mix import query_mix


def build(var_dir: Path) -> sqlite3.Connection:
    path = var_dir / "fts5.sqlite3"
    fresh = not path.exists()
    db = sqlite3.connect(path)
    if fresh:
        started = time.perf_counter()
        db.execute(f"ATTACH DATABASE '{var_dir / 'db.sqlite3'}' AS lib")
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, source UNINDEXED)")
        db.execute(
            "INSERT INTO docs(rowid, title, body, source) SELECT d.id, d.title, t.text, s.slug "
            "FROM lib.library_document d JOIN lib.library_documenttext t ON t.document_id = d.id "
            "JOIN lib.library_source s ON s.id = d.source_id WHERE d.status = 'active'"
        )
        db.commit()
        print(f"FTS5 index built in {time.perf_counter() - started:.1f} s")
    return db


def fts_query(q: str) -> str:
    if q.startswith('"'):
        return q
    return " AND ".join(f'"{w}"' for w in q.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    args = parser.parse_args()
    db = build(args.var_dir)
    times, empty = [], 0
    for params in query_mix() * 2:
        match = fts_query(params["q"])
        where, values = "docs MATCH ?", [match]
        if "source" in params:
            where += " AND source = ?"
            values.append(params["source"])
        began = time.perf_counter()
        total = db.execute(f"SELECT count(*) FROM docs WHERE {where}", values).fetchone()[0]
        db.execute(
            f"SELECT rowid FROM docs WHERE {where} ORDER BY bm25(docs) LIMIT 10",
            values,
        ).fetchall()
        times.append(time.perf_counter() - began)
        empty += total == 0
    times = sorted(t * 1000 for t in times[len(times) // 2 :])
    print(f"FTS5: {len(times)} queries in-process; {empty // 2} found nothing")
    print(f"  p50 {statistics.median(times):.1f} ms, p95 {times[int(len(times) * 0.95)]:.1f} ms")


if __name__ == "__main__":
    main()
