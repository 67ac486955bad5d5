"""Time of the admin's home page with the librarian's dashboard (harvest/dashboard.py), through
Django's test client with a signed-in superuser: cold (its counts over the documents computed,
as every load paid before they were cached) and warm (from the shared cache).

    .venv/bin/python benchmarks/dashboard.py --var-dir DIR [--requests 40]

DIR holds a seeded, migrated db.sqlite3 (e.g. `seed_demo --documents 229000`); the script adds
a superuser `bench-librarian` to it.
"""

import argparse
import statistics
import time
from pathlib import Path

from _checkout import set_up
from _librarian import signed_in_client

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    set_up(args.var_dir, ROOT)
    from django.core.cache import cache

    from harvest.models import HarvestRun

    client = signed_in_client()

    def load() -> float:
        began = time.perf_counter()
        response = client.get("/admin/")
        if response.status_code != 200 or b"librarian-dashboard" not in response.content:
            raise RuntimeError(f"/admin/: HTTP {response.status_code}, or no dashboard")
        return (time.perf_counter() - began) * 1000

    load()  # templates, translations, the session: not the dashboard's cost
    cold, warm = [], []
    for n in range(args.requests):
        if n % 4 == 0:
            cache.delete(f"harvest:dashboard:{HarvestRun.last_change()}")
            cold.append(load())
        else:
            warm.append(load())
    print("admin home page (/admin/), test client, dev settings, SQLite; ms")
    for name, times in [("cold: counts computed", cold), ("warm: counts cached", warm)]:
        ordered = sorted(times)
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        print(f"{name:24} p50 {statistics.median(times):7.1f}  p95 {p95:7.1f}  n {len(times)}")


if __name__ == "__main__":
    main()
