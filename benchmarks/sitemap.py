"""Time the sitemap index and one full section of 50,000 document addresses, and their memory.

    .venv/bin/python benchmarks/sitemap.py --var-dir /tmp/bench50k [--runs 5]

The library is the seeded one in --var-dir (its db.sqlite3: `benchmarks/seed_demo.py --documents
50000 --keep DIR` makes one), or DATABASE_URL's. The views are called in this process through
Django's test client, the section's streamed body read to the end as a crawler would. Prints the
median and slowest of --runs for /sitemap.xml and /sitemap/tai-lieu-1.xml, the section's size and
address count, the section asked again with If-Modified-Since its Last-Modified (a crawler that
has it), then, in a separate pass (tracemalloc slows Python down), the peak of Python
allocations while the section is written, and this process's peak RSS (ru_maxrss) at the end.
"""

import argparse
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fetch(client, url: str) -> tuple[int, int]:
    """(bytes, addresses) of the answer, read a piece at a time and let go, as a server would."""
    response = client.get(url, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200, (url, response.status_code)
    pieces = response.streaming_content if response.streaming else [response.content]
    size = addresses = 0
    for piece in pieces:
        size, addresses = size + len(piece), addresses + piece.count(b"<loc>")
    return size, addresses


def timed(client, url: str, runs: int) -> tuple[list[float], tuple[int, int]]:
    times, answer = [], (0, 0)
    for _ in range(runs):
        started = time.perf_counter()
        answer = fetch(client, url)
        times.append(time.perf_counter() - started)
    return times, answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, help="PORTAL_VAR_DIR of a seeded library")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.var_dir:
        os.environ["PORTAL_VAR_DIR"] = str(args.var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    from library.models import Document

    client = Client()
    documents = Document.objects.active().count()
    print(f"{documents:,} active documents (max id {Document.objects.order_by('-id')[0].id:,})")
    for url in ("/sitemap.xml", "/sitemap/tai-lieu-1.xml"):
        times, (size, addresses) = timed(client, url, args.runs)
        print(
            f"{url}: median {statistics.median(times) * 1000:,.0f} ms, slowest"
            f" {max(times) * 1000:,.0f} ms over {args.runs} runs;"
            f" {size / 2**20:.1f} MiB, {addresses:,} addresses"
        )
    stamp = client.get("/sitemap/tai-lieu-1.xml", HTTP_HOST="127.0.0.1")["Last-Modified"]
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        again = client.get(
            "/sitemap/tai-lieu-1.xml", HTTP_HOST="127.0.0.1", HTTP_IF_MODIFIED_SINCE=stamp
        )
        times.append(time.perf_counter() - started)
    print(
        f"/sitemap/tai-lieu-1.xml again with If-Modified-Since {stamp}: HTTP {again.status_code},"
        f" median {statistics.median(times) * 1000:,.1f} ms"
    )
    tracemalloc.start()
    fetch(client, "/sitemap/tai-lieu-1.xml")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"Python allocations' peak while /sitemap/tai-lieu-1.xml is written: {peak / 2**20:.1f} MiB"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
