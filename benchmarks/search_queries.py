"""Search latency over HTTP on loopback: 200 fixed requests, top 10 with snippets and facets.

    .venv/bin/python benchmarks/search_queries.py --var-dir DIR [--rebuild] [--engine embedded]
    ELASTICSEARCH_URL=http://127.0.0.1:9250 .venv/bin/python benchmarks/search_queries.py \
        --var-dir DIR --engine elasticsearch [--rebuild]

DIR holds a seeded db.sqlite3 (benchmarks/seed_demo.py --keep DIR). --rebuild first times
`search_index rebuild`. The server is gunicorn (one worker, production settings); the client one
warm keep-alive connection that sends the mix once to warm up, then once measured.
"""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from _server import ROOT, serve
from query_mix import query_mix


def rebuild(var_dir: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "search_index", "rebuild"],
        env={
            **env,
            "PORTAL_VAR_DIR": str(var_dir),
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        },
        check=True,
    )
    return time.perf_counter() - started


def replay(base: str, mix: list[dict[str, str]]) -> list[float]:
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(base).netloc, timeout=60)
    times = []
    for params in mix:
        began = time.perf_counter()
        connection.request("GET", "/api/search?" + urllib.parse.urlencode(params))
        response = connection.getresponse()
        response.read()
        times.append(time.perf_counter() - began)
        if response.status != 200:
            raise RuntimeError(f"{params}: HTTP {response.status}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    parser.add_argument("--engine", choices=["embedded", "elasticsearch"], default="embedded")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    env = dict(os.environ)
    if args.engine == "embedded":
        env.pop("ELASTICSEARCH_URL", None)
        env["SEARCH_INDEX_DIR"] = str(args.var_dir / "search")
    elif not env.get("ELASTICSEARCH_URL"):
        parser.error("--engine elasticsearch needs ELASTICSEARCH_URL")
    os.environ.clear()
    os.environ.update(env)
    if args.rebuild:
        print(f"search_index rebuild ({args.engine}): {rebuild(args.var_dir, env):.1f} s")
    mix = query_mix()
    with serve(args.var_dir) as base:
        replay(base, mix)  # warm-up pass
        times = sorted(t * 1000 for t in replay(base, mix))
    print(f"{args.engine}: {len(times)} queries over HTTP, one warm client")
    print(
        f"  p50 {statistics.median(times):.1f} ms, p95 {times[int(len(times) * 0.95)]:.1f} ms, "
        f"max {times[-1]:.1f} ms, mean {statistics.fmean(times):.1f} ms"
    )


if __name__ == "__main__":
    main()
