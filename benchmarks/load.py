"""Load on the production stack: gunicorn behind nginx, PostgreSQL, and each search engine in
turn, at 16 concurrent clients (wrk, from Debian's packages), loopback only and bounded.

    DATABASE_URL=postgres://…/portal_load ELASTICSEARCH_URL=http://127.0.0.1:9250 \\
        .venv/bin/python benchmarks/load.py --var-dir DIR [--duration 20] [--connections 16]

The database must hold the seeded library (e.g. `seed_demo --documents 229000` with that
DATABASE_URL). DIR gets the static files, the embedded index and the servers' files; an empty
index is built first (timed). For each engine the same three runs: /search/ and /api/search
replaying the 200-request mix of benchmarks/query_mix.py, and /oai/ ListRecords pages (the
first 50 pages' resumption tokens). The rate limits are lifted for the run: this measures the
portal, not nginx turning clients away. Prints requests/s, p50, p95 and p99 per run.
"""

import argparse
import functools
import os
import re
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

import httpx
from query_mix import query_mix

from deploy.stack import ROOT, manage, production_env, web_stack

LUA = """
paths = {%s}
local counter = 0
setup = function(thread) thread:set("offset", math.random(#paths)) end
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[((counter + offset) %% #paths) + 1])
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
                 + summary.errors.timeout
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.status, errors))
end
"""


COUNT = "from library.models import Document; print(Document.objects.active().count())"


def ensure_index(env: dict, name: str, documents: int) -> None:
    """Build the engine's index unless it already holds the library (news come on top)."""
    status = manage(env, "search_index", "status")  # "<engine>: N tài liệu trong chỉ mục."
    indexed = int(re.search(r": (\d+) ", status).group(1))
    if indexed < documents:
        started = time.perf_counter()
        manage(env, "search_index", "rebuild")
        print(f"{name}: index built in {time.perf_counter() - started:.1f} s", flush=True)


def settle(es_url: str, seconds: float = 900) -> None:
    """Wait for Elasticsearch's merges after a bulk load: measuring while they run measures them."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        stats = httpx.get(f"{es_url}/_nodes/stats/indices/merge", timeout=30).json()
        if not any(n["indices"]["merges"]["current"] for n in stats["nodes"].values()):
            return
        time.sleep(5)
    print("elasticsearch: merges still running; measuring anyway", flush=True)


def oai_pages(base: str, count: int = 50) -> list[str]:
    paths, query = [], "verb=ListRecords&metadataPrefix=oai_dc"
    with httpx.Client(timeout=60) as client:
        for _ in range(count):
            paths.append(f"/oai/?{query}")
            text = client.get(f"{base}/oai/?{query}").text
            if "<resumptionToken" not in text or "</resumptionToken>" not in text:
                break
            token = text.split("</resumptionToken>")[0].rsplit(">", 1)[1]
            query = "verb=ListRecords&" + urllib.parse.urlencode({"resumptionToken": token})
    return paths


@functools.cache
def wrk_program() -> str:
    """wrk's path, installed from Debian's packages where it is missing and this user may."""
    found = subprocess.run(  # apt's progress, if it installs, shown as it comes
        [str(ROOT / "scripts/debian-package.sh"), "wrk"], stdout=subprocess.PIPE, text=True
    )
    if found.returncode:
        raise SystemExit("wrk is needed and missing (above: why)")
    return found.stdout.strip()


def wrk(base: str, paths: list[str], seconds: int, connections: int, work: Path) -> dict:
    script = work / "paths.lua"
    quoted = ",".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    script.write_text(LUA % quoted)
    options = ["-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script)]
    out = subprocess.run(
        [wrk_program(), *options, base], capture_output=True, text=True, check=True
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT"))
    requests, micros, p50, p95, p99, bad_status, errors = map(int, line.split()[1:])
    return {
        "rps": requests / (micros / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "requests": requests,
        "bad": bad_status + errors,
    }


def report(engine: str, label: str, r: dict) -> None:
    print(
        f"{engine:14} {label:18} {r['rps']:8.1f} req/s  p50 {r['p50']:7.1f} ms  "
        f"p95 {r['p95']:7.1f} ms  p99 {r['p99']:7.1f} ms  ({r['requests']} requests, "
        f"{r['bad']} errors)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    parser.add_argument("--duration", type=int, default=20, help="seconds per run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers (2×cores+1)")
    args = parser.parse_args()
    database_url, es_url = os.environ.get("DATABASE_URL", ""), os.environ.get("ELASTICSEARCH_URL")
    if not database_url.startswith("postgres") or not es_url:
        raise SystemExit("Set DATABASE_URL (PostgreSQL, seeded) and ELASTICSEARCH_URL.")
    var = args.var_dir.resolve()
    var.mkdir(parents=True, exist_ok=True)
    var.chmod(0o755)
    base_env = production_env(var, ALLOWED_HOSTS="127.0.0.1", GUNICORN_LOGLEVEL="warning")
    manage(base_env, "collectstatic", "--noinput", "-v0")
    engines = {
        "embedded": {
            **{k: v for k, v in base_env.items() if k != "ELASTICSEARCH_URL"},
            "SEARCH_INDEX_DIR": str(var / "search"),
        },
        "elasticsearch": {**base_env, "ELASTICSEARCH_INDEX": "portal-load"},
    }
    mix = [urllib.parse.urlencode(q) for q in query_mix()]
    documents = int(manage(base_env, "shell", "-c", COUNT).split()[-1])
    print(
        f"{documents} documents; {args.connections} connections, {args.duration} s per "
        f"run, gunicorn {args.workers} workers × 2 threads, on {os.cpu_count()} cores"
    )
    rows = []
    for name, env in engines.items():
        ensure_index(env, name, documents)
        if name == "elasticsearch":
            settle(es_url)
        with (
            tempfile.TemporaryDirectory() as scratch,
            web_stack(var, env, workers=args.workers, rate_limits=False) as base,
        ):
            runs = {
                "/search/": [f"/search/?{q}" for q in mix],
                "/api/search": [f"/api/search?{q}" for q in mix],
                "/oai/ ListRecords": oai_pages(base),
            }
            for label, paths in runs.items():
                wrk(base, paths[:20], 3, args.connections, Path(scratch))  # warm up
                result = wrk(base, paths, args.duration, args.connections, Path(scratch))
                rows.append((name, label, result))
                report(name, label, result)
    if any(r["bad"] for _, _, r in rows):
        raise SystemExit("some requests failed (non-2xx or socket errors): see above")


if __name__ == "__main__":
    main()
