"""Latency of the technology exchange's pages over HTTP on loopback: /cong-nghe/ browsed
(SQL facets alone), with a facet chosen, searched (the engine's ids, then SQL facets over them:
portal/exchange/browse.py), and an offer's page (its matching requests: one more-like-this).

    .venv/bin/python benchmarks/exchange_pages.py --var-dir DIR [--offers 1500] [--requests 300]

A DIR without a database is migrated and seeded first (dev settings, the embedded index, 100
documents and the exchange); then a gunicorn (one worker, production settings) serves it. Every
search is a query the server has not seen (a pair of the demo's words, typed with or without
diacritics), every offer page an offer not yet asked: nothing comes from a cache. The browse
pages go round a few filter sets, warm after the first.
"""

import argparse
import itertools
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import urllib.parse
from pathlib import Path

from _server import ROOT, Client, percentile, serve

from search import analysis

WORDS = (
    "máy sấy", "năng lượng", "mặt trời", "lúa chịu mặn", "nuôi tôm", "thức ăn", "xử lý nước",
    "biogas", "dừa", "bảo quản", "xoài", "trấu", "cá tra", "vi sinh", "độ mặn", "cua biển",
)  # fmt: skip
FILTERS = ("", "field=nang-luong", "field=thuy-san&province=C%E1%BA%A7n+Th%C6%A1", "readiness=8")


def seed(var_dir: Path, offers: int, requests: int) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "PORTAL_TASKS": "immediate",
    }
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["seed_demo", "--documents", "100", "--pdfs", "0", "--news", "0",
         "--offers", str(offers), "--requests", str(requests)],
        ["search_index", "rebuild"],
    ):  # fmt: skip
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def unseen_queries(count: int, rng: random.Random) -> list[str]:
    pairs = list(itertools.permutations(WORDS, 2))
    rng.shuffle(pairs)
    typed = [f"{a} {b}" for a, b in pairs[:count]]
    return [analysis.fold(q) if n % 2 else q for n, q in enumerate(typed)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    parser.add_argument("--offers", type=int, default=1500)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=100, help="requests of each kind")
    args = parser.parse_args()
    os.environ["PORTAL_VAR_DIR"] = str(args.var_dir)  # the seed's and the server's index
    database = args.var_dir / "db.sqlite3"
    if not database.exists():
        args.var_dir.mkdir(parents=True, exist_ok=True)
        seed(args.var_dir, args.offers, args.requests)
    with sqlite3.connect(database) as connection:
        (offers,) = connection.execute(
            "SELECT count(*) FROM exchange_technologyofferpage"
        ).fetchone()
        slugs = [s for (s,) in connection.execute(
            "SELECT slug FROM wagtailcore_page p JOIN exchange_technologyofferpage o "
            "ON o.page_ptr_id = p.id ORDER BY p.id"
        )]  # fmt: skip
    rng = random.Random(19)
    rng.shuffle(slugs)
    paths = {
        "browse, filters": [f"/cong-nghe/?{FILTERS[n % len(FILTERS)]}" for n in range(args.rounds)],
        "search (unseen q)": [
            "/cong-nghe/?" + urllib.parse.urlencode({"q": q})
            for q in unseen_queries(args.rounds, rng)
        ],
        "offer page + matches": [f"/cong-nghe/{slug}/" for slug in slugs[: args.rounds]],
    }
    times: dict[str, list[float]] = {name: [] for name in paths}
    with serve(args.var_dir) as base:
        client = Client(base)
        for round_ in zip(*paths.values(), strict=False):  # the kinds interleaved, side by side
            for name, path in zip(paths, round_, strict=True):
                status, seconds = client.get(path)
                if status != 200:
                    raise RuntimeError(f"{path}: HTTP {status}")
                times[name].append(seconds * 1000)
        client.close()
    print(f"{offers} offers; gunicorn, 1 worker, production settings, SQLite, embedded index")
    print(f"{'page':24} {'p50 ms':>8} {'p95 ms':>8}  n")
    for name, measured in times.items():
        p50, p95 = statistics.median(measured), percentile(measured, 0.95)
        print(f"{name:24} {p50:8.1f} {p95:8.1f}  {len(measured)}")


if __name__ == "__main__":
    main()
