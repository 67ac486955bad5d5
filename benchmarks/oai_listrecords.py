"""A full ListRecords traversal over HTTP on loopback, page by page.

    .venv/bin/python benchmarks/oai_listrecords.py --var-dir DIR [--prefix oai_dc]

DIR holds a seeded db.sqlite3 (make one with `benchmarks/seed_demo.py --keep DIR`); with
DATABASE_URL set, that database is used instead. The server is gunicorn, one worker, production
settings; the client one keep-alive connection. Prints the page-time median and p95, the first
and last pages (and the medians of the first and last ten), and records/s end to end.
"""

import argparse
import http.client
import re
import statistics
import time
import urllib.parse
from pathlib import Path

from _server import serve

TOKEN = re.compile(rb"<resumptionToken[^>]*>([^<]*)</resumptionToken>")


def traverse(base: str, prefix: str) -> tuple[list[float], int, float]:
    host = urllib.parse.urlsplit(base).netloc
    connection = http.client.HTTPConnection(host, timeout=60)
    query = f"verb=ListRecords&metadataPrefix={prefix}"
    times, records = [], 0
    started = time.perf_counter()
    while query:
        begin = time.perf_counter()
        connection.request("GET", f"/oai/?{query}")
        body = connection.getresponse().read()
        times.append(time.perf_counter() - begin)
        records += body.count(b"<record>") + body.count(b"<record ")
        if b"<error" in body:
            raise RuntimeError(body[:500])
        match = TOKEN.search(body)
        token = match.group(1).decode() if match else ""
        query = (
            "verb=ListRecords&" + urllib.parse.urlencode({"resumptionToken": token})
            if token
            else ""
        )
    return times, records, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    parser.add_argument("--prefix", default="oai_dc")
    args = parser.parse_args()
    with serve(args.var_dir) as base:
        times, records, total = traverse(base, args.prefix)
    ms = sorted(t * 1000 for t in times)
    first10, last10 = statistics.median(times[:10]), statistics.median(times[-11:-1])
    print(f"ListRecords {args.prefix}: {records} records in {len(times)} pages, {total:.1f} s")
    print(f"  page median {statistics.median(ms):.1f} ms, p95 {ms[int(len(ms) * 0.95)]:.1f} ms")
    print(f"  first page {times[0] * 1000:.1f} ms, last page {times[-1] * 1000:.1f} ms")
    print(
        f"  median of first 10 {first10 * 1000:.1f} ms, of the last 10 full pages "
        f"{last10 * 1000:.1f} ms: ratio {last10 / first10:.2f}"
    )
    print(f"  {records / total:,.0f} records/s end to end")


if __name__ == "__main__":
    main()
