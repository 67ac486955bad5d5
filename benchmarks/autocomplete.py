"""Autocomplete latency over HTTP on loopback: /api/suggest for prefixes never asked before.

    .venv/bin/python benchmarks/autocomplete.py --var-dir DIR [--rebuild] [--requests 400]

DIR holds a seeded db.sqlite3 (benchmarks/seed_demo.py --keep DIR). --rebuild first times the
suggestion store's rebuild (search.suggestions.rebuild, which `search_index rebuild` runs after
the index). Prefixes are cut from stored titles, subjects and authors picked at random (fixed
seed): 1 to 3 words, the last one often half typed, half of them without diacritics, each asked
once. The server is gunicorn (one worker, production settings); the client one warm keep-alive
connection, warmed on other prefixes.
"""

import argparse
import http.client
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from _server import ROOT, serve

from search import analysis


def rebuild(var_dir: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [*[sys.executable, str(ROOT / "manage.py")], "shell", "-c",
         "from search import suggestions; print(suggestions.rebuild(), 'suggestions')"],
        env={**os.environ, "PORTAL_VAR_DIR": str(var_dir),
             "DJANGO_SETTINGS_MODULE": "portal.settings.dev"},
        check=True,
    )  # fmt: skip
    return time.perf_counter() - started


def prefixes(database: Path, count: int, seed: int = 16) -> list[str]:
    """Distinct prefixes as a reader types them: 1-3 words of a stored value."""
    rng = random.Random(seed)
    with sqlite3.connect(database) as connection:
        (highest,) = connection.execute("SELECT max(id) FROM search_suggestion").fetchone()
        ids = rng.sample(range(1, highest + 1), min(highest, count * 40))
        marks = ",".join("?" * len(ids))
        texts = [t for (t,) in connection.execute(
            f"SELECT text FROM search_suggestion WHERE id IN ({marks}) ORDER BY id", ids
        )]  # fmt: skip
    chosen: dict[str, None] = {}
    for text in texts:
        words = text.split()[: rng.randint(1, 3)]
        last = words[-1]
        words[-1] = last[: rng.randint(min(2, len(last)), len(last))]  # half typed, or whole
        typed = " ".join(words)
        typed = analysis.strip_marks(typed) if rng.random() < 0.5 else typed
        if len(analysis.fold(typed)) >= 2:
            chosen.setdefault(typed.lower() if rng.random() < 0.7 else typed)
    return list(chosen)[:count]


def ask(connection: http.client.HTTPConnection, typed: str) -> tuple[float, int]:
    began = time.perf_counter()
    connection.request("GET", "/api/suggest?" + urllib.parse.urlencode({"q": typed}))
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"{typed!r}: HTTP {response.status}")
    return time.perf_counter() - began, body.count(b'"kind"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    if args.rebuild:
        print(f"suggestion store rebuilt in {rebuild(args.var_dir):.1f} s")
    mix = prefixes(args.var_dir / "db.sqlite3", args.requests + 50)
    warm, measured = mix[:50], mix[50:]
    accented = sum(t != analysis.strip_marks(t) for t in measured)
    with serve(args.var_dir) as base:
        connection = http.client.HTTPConnection(urllib.parse.urlsplit(base).netloc, timeout=60)
        for typed in warm:
            ask(connection, typed)
        answers = [ask(connection, typed) for typed in measured]
    times = sorted(t * 1000 for t, _ in answers)
    empty = sum(1 for _, n in answers if n == 0)
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"/api/suggest, {len(times)} unseen prefixes ({accented} with diacritics), 1 worker:")
    print(f"  p50 {statistics.median(times):.1f} ms  p95 {p95:.1f} ms  max {times[-1]:.1f} ms")
    print(f"  {empty} answered with no suggestion")


if __name__ == "__main__":
    main()
