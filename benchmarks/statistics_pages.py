"""Latency of the member libraries and statistics pages over HTTP on loopback: cold (nothing
stored: the first request computes and caches the figures), first after a refresh (the figures
stored as a harvest run that changed the library stores them, `refresh_figures`; a fresh
server) and warm (from the cache).

    .venv/bin/python benchmarks/statistics_pages.py --var-dir DIR [--starts 3] [--requests 200]
        [--usage 50000] [--runs 500000]

DIR holds a seeded db.sqlite3 (e.g. `seed_demo --documents 229000`, migrated). Each start is a
fresh gunicorn (one worker, production settings) on an emptied cache: every page is asked once
cold, then the warm requests go round the pages on one keep-alive connection; then the figures
are refreshed (timed: what the harvest run pays), a fresh gunicorn started and every page asked
once more. --usage first
gives that many documents views and downloads on a few of the last 30 days (once: not when the
database already counts usage in those days), so "most viewed this month" reads real rows.
--runs gives each library a harvest source and that many runs between them, a minute apart
per source as the scheduler starts them, one in 30 having changed the library (once: not when
the database holds runs): the pages and the dashboard read the table of runs.
"""

import argparse
import http.client
import random
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _server import ROOT, percentile, serve

from deploy.stack import manage, production_env


def pages(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        slugs = [s for (s,) in connection.execute("SELECT slug FROM library_source ORDER BY id")]
    return ["/thong-ke/", "/mang-luoi/", f"/mang-luoi/{slugs[0]}/", "/thong-ke/nam.csv"]


def fill_usage(database: Path, documents: int) -> None:
    today = datetime.now(UTC).date()
    days = [today - timedelta(days=n) for n in range(30)]
    with sqlite3.connect(database) as connection:
        if connection.execute(
            "SELECT 1 FROM library_documentusage WHERE day >= ? LIMIT 1", [str(days[-1])]
        ).fetchone():
            return
        ids = [
            i
            for (i,) in connection.execute(
                "SELECT id FROM library_document WHERE status = 'active' ORDER BY random() LIMIT ?",
                [documents],
            )
        ]
        chance = random.Random(18)
        connection.executemany(
            "INSERT INTO library_documentusage (document_id, day, views, downloads)"
            " VALUES (?, ?, ?, ?)",
            (
                (i, str(day), chance.randint(1, 40), chance.randint(0, 5))
                for i in ids
                for day in chance.sample(days, chance.randint(1, 8))
            ),
        )


def fill_runs(database: Path, runs: int) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)  # as Django stores datetimes in SQLite
    with sqlite3.connect(database) as connection:
        if connection.execute("SELECT 1 FROM harvest_harvestrun LIMIT 1").fetchone():
            return
        sources = [s for (s,) in connection.execute("SELECT id FROM library_source ORDER BY id")]
        connection.executemany(
            "INSERT INTO harvest_harvestsource (base_url, metadata_prefix, sets, enabled,"
            " fulltext, pdf_max_bytes, delay_seconds, granularity, last_success_at, last_error,"
            " source_id, repository_identifier, chosen_prefix, ocr_enabled, ocr_pages_per_day,"
            " ocr_pages_today, interval_minutes, last_started_at, locked_by)"
            " VALUES (?, 'oai_dc', '[]', 1, 0, 0, 0, 'YYYY-MM-DDThh:mm:ssZ', ?, '', ?, '', '',"
            " 0, 0, 0, 1, ?, '')",
            [(f"https://thuvien{s}.example.vn/oai", str(now), s, str(now)) for s in sources],
        )
        harvests = [h for (h,) in connection.execute("SELECT id FROM harvest_harvestsource")]
        each = runs // len(harvests)
        connection.executemany(
            "INSERT INTO harvest_harvestrun (status, full, started_at, finished_at, set_index,"
            " token, pages, new, updated, deleted, unchanged, failed, pdfs_fetched,"
            " pdfs_extracted, pdfs_failed, errors, message, source_id, dropped, truncated, log,"
            " outside_set, seconds, set_pages, repaired, metadata_prefix)"
            " VALUES ('succeeded', 0, ?, ?, 1, '', 1, ?, 0, 0, 1, 0, 0, 0, 0, '[]', '', ?, 0, 0,"
            " '', 0, 0.5, 0, 0, 'oai_dc')",
            (
                (str(began), str(began + timedelta(seconds=1)), int(n % 30 == 0), harvest)
                for harvest in harvests
                for n in range(each)
                for began in [now - timedelta(minutes=each - n)]
            ),
        )


def clear_cache(database: Path) -> None:
    with sqlite3.connect(database) as connection:
        connection.execute("DELETE FROM portal_cache")


def get(connection: http.client.HTTPConnection, path: str) -> float:
    began = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}")
    return (time.perf_counter() - began) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--usage", type=int, default=0, help="documents given usage first")
    parser.add_argument("--runs", type=int, default=0, help="harvest runs added first")
    args = parser.parse_args()
    if args.usage:
        fill_usage(args.var_dir / "db.sqlite3", args.usage)
    if args.runs:
        fill_runs(args.var_dir / "db.sqlite3", args.runs)
    env = production_env(args.var_dir, DATABASE_URL=f"sqlite:///{args.var_dir / 'db.sqlite3'}")
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        env=env, check=True, cwd=ROOT,
    )  # fmt: skip
    database = args.var_dir / "db.sqlite3"
    paths = pages(database)
    cold: dict[str, list[float]] = {path: [] for path in paths}
    refreshed: dict[str, list[float]] = {path: [] for path in paths}
    warm: dict[str, list[float]] = {path: [] for path in paths}
    refreshes = []
    for _start in range(args.starts):
        clear_cache(database)
        with serve(args.var_dir) as base:
            connection = http.client.HTTPConnection(urllib.parse.urlsplit(base).netloc, timeout=120)
            for path in paths:
                cold[path].append(get(connection, path))
            for n in range(args.requests):
                path = paths[n % len(paths)]
                warm[path].append(get(connection, path))
            connection.close()
        clear_cache(database)
        began = time.perf_counter()
        manage(env, "refresh_figures", "-v0")
        refreshes.append(time.perf_counter() - began)
        with serve(args.var_dir) as base:
            connection = http.client.HTTPConnection(urllib.parse.urlsplit(base).netloc, timeout=120)
            for path in paths:
                refreshed[path].append(get(connection, path))
            connection.close()
    (documents,) = (
        sqlite3.connect(database)
        .execute("SELECT count(*) FROM library_document WHERE status = 'active'")
        .fetchone()
    )
    print(f"{documents} active documents; gunicorn, 1 worker, production settings, SQLite")
    print("refresh_figures (a process of its own, start-up included), s: "
          + " ".join(f"{t:.1f}" for t in refreshes))  # fmt: skip
    print(f"{'page':24} {'cold, ms':16} {'after refresh':18} {'warm p50':>9} {'warm p95':>9}  n")
    for path in paths:
        colds = " ".join(f"{t:.0f}" for t in cold[path])
        afters = " ".join(f"{t:.0f}" for t in refreshed[path])
        p50, p95 = statistics.median(warm[path]), percentile(warm[path], 0.95)
        print(f"{path:24} {colds:16} {afters:18} {p50:9.1f} {p95:9.1f}  {len(warm[path])}")


if __name__ == "__main__":
    main()
