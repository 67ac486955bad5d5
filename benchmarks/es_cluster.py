"""The Elasticsearch scale-out path under load: a 3-node cluster, a rebuild, a crash, a new node.

    .venv/bin/python benchmarks/es_cluster.py [--documents 20000] [--var-dir DIR] [--clients 4]

Starts a 3-node cluster on loopback (scripts/elasticsearch-cluster.sh: ports 9260-, the
distribution scripts/elasticsearch.sh runs), seeds a scratch library (or reuses DIR's
db.sqlite3), `search_index rebuild`s it into the cluster (3 shards, 1 replica, so that every
node holds shards) and serves the portal as production does (gunicorn, gthread, 2 workers)
with ELASTICSEARCH_URL listing the three nodes. Then readers (`--clients` threads, each one
keep-alive connection) search /api/search without pause on unseen queries from the library
(benchmarks/queries.py; they come round again once all are used), through these phases:

  warm-up      nothing happens (the first searches of each worker)
  steady       nothing happens
  rebuild      a second `search_index rebuild` builds a new index and swaps the alias
  node killed  the elected master is killed with kill -9, as a crash would
  node added   deploy/README.md's "Adding a node" done for real (`… add`), until green with
               the new node holding shards
  after        nothing happens

Prints answers, failures and p50/p95 per phase and the time to green after the add; exits
non-zero if any search failed: an error, a reset connection, or a count of hits unlike that of
the query's first answer (the library does not change, so a lost shard would show there).
The cluster is stopped at the end, also on failure.
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from _server import ROOT, Client, serve
from queries import Query, draw

from deploy.stack import manage

CLUSTER = ROOT / "scripts/elasticsearch-cluster.sh"
INDEX = "portal-cluster-bench"


def cluster(*args: str) -> str:
    return subprocess.run(
        [str(CLUSTER), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def timed(env: dict[str, str], *args: str) -> float:
    """The seconds a management command takes in the dev settings (its output, a log line for
    each news page seed_demo makes and the client's retries, is shown only if it fails)."""
    started = time.perf_counter()
    manage({**env, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"}, *args, timeout=3 * 3600)
    return time.perf_counter() - started


@dataclass
class Readers:
    """Client threads searching without pause; each answer is filed under the current phase."""

    base: str
    queries: list[Query]
    phase: str = "warm-up"
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    totals: dict[str, int] = field(default_factory=dict)  # each query's first count of hits
    drawn: int = 0

    def next_query(self) -> Query:
        with self.lock:
            self.drawn += 1
            return self.queries[self.drawn % len(self.queries)]

    def read(self) -> None:
        client = Client(self.base)
        while not self.stopping.is_set():
            query, phase = self.next_query(), self.phase
            path = f"/api/search?{urllib.parse.urlencode(query.params)}"
            try:
                status, body, seconds = client.fetch(path)
            except OSError as err:  # the server closed or reset the connection
                client.close()
                client = Client(self.base)
                self.file(phase, path, f"{err!r}")
                continue
            if status != 200:
                self.file(phase, path, f"HTTP {status}")
                continue
            total = json.loads(body)["total"]
            with self.lock:
                self.times[phase].append(seconds * 1000)
                first = self.totals.setdefault(path, total)
            if total != first:  # the same library gives the same count on every index
                self.file(phase, path, f"{total} hits, {first} before")
        client.close()

    def file(self, phase: str, path: str, failure: str) -> None:
        with self.lock:
            self.failures[phase].append(f"{path}: {failure}")


def health(nodes: list[str], **params: str) -> dict:
    """The cluster's health from the first node that answers."""
    import httpx

    for node in nodes:
        try:
            answer = httpx.get(f"{node}/_cluster/health", params=params, timeout=120)
        except httpx.TransportError:
            continue
        if answer.status_code in (200, 408):  # 408: not yet the status waited for
            return answer.json()
    raise RuntimeError(f"no node answers {params}")


def shards_on(nodes: list[str], name: str) -> int:
    import httpx

    for node in nodes:
        try:
            rows = httpx.get(f"{node}/_cat/shards/{INDEX}*", params={"h": "node,state"}).text
        except httpx.TransportError:
            continue
        return sum(1 for row in rows.splitlines() if row.split() == [name, "STARTED"])
    return 0


def master(nodes: list[str]) -> int:
    import httpx

    name = httpx.get(f"{nodes[0]}/_cat/master", params={"h": "node"}).text.strip()
    return int(name.removeprefix("node-"))


def run(args: argparse.Namespace, var_dir: Path) -> int:
    urls = cluster("start", "3")
    nodes = urls.split(",")
    print(f"3-node cluster up: {urls}")
    env = {
        **os.environ,
        "PORTAL_VAR_DIR": str(var_dir),
        "ELASTICSEARCH_URL": urls,
        "ELASTICSEARCH_INDEX": INDEX,
        "ELASTICSEARCH_SHARDS": "3",
        "ELASTICSEARCH_REPLICAS": "1",
    }
    os.environ.update(env)
    if not (var_dir / "db.sqlite3").exists():
        timed(env, "migrate", "--noinput", "-v0")
        seconds = timed(env, "seed_demo", "--documents", str(args.documents), "--pdfs", "0")
        print(f"seed_demo --documents {args.documents}: {seconds:.0f} s")
    print(f"search_index rebuild, no load: {timed(env, 'search_index', 'rebuild'):.1f} s")
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    import django

    django.setup()
    _, queries = draw(0, args.queries, args.seed)
    with serve(var_dir, workers=2) as base:
        readers = Readers(base, queries)
        threads = [threading.Thread(target=readers.read) for _ in range(args.clients)]
        for thread in threads:
            thread.start()
        try:
            time.sleep(args.seconds)
            readers.phase = "steady"
            time.sleep(args.seconds)
            readers.phase = "rebuild"
            print(
                f"search_index rebuild, under load: {timed(env, 'search_index', 'rebuild'):.1f} s"
            )
            readers.phase = "node killed"
            victim = master(nodes)
            cluster("kill", str(victim))
            print(f"node-{victim} (the elected master) killed with kill -9")
            time.sleep(args.seconds)
            live = [url for i, url in enumerate(nodes) if i != victim]
            then = health(live)
            print(
                f"  {args.seconds:.0f} s later: {then['status']}, {then['number_of_nodes']} nodes"
            )
            readers.phase = "node added"
            started = time.perf_counter()
            added = cluster("add")  # returns once the node has joined
            joined = time.perf_counter() - started
            name = f"node-{len(nodes)}"
            live.append(added)
            waiting = {"wait_for_status": "green", "wait_for_no_relocating_shards": "true"}
            while health(live, **waiting, timeout="1s")["timed_out"] or not shards_on(live, name):
                time.sleep(0.5)
            green = time.perf_counter() - started
            print(
                f"{name} added ({added}): joined {joined:.1f} s after its start, green with "
                f"{shards_on(live, name)} shards on it {green - joined:.1f} s later"
            )
            readers.phase = "after"
            time.sleep(args.seconds)
        finally:
            readers.stopping.set()
            for thread in threads:
                thread.join()
    return report(readers, args)


def report(readers: Readers, args: argparse.Namespace) -> int:
    print(
        f"{args.clients} readers on /api/search (gunicorn, 2 workers), {len(readers.queries)} "
        f"unseen queries taken in turn, {readers.drawn} searches; machine shared (2 cores):"
    )
    failed = 0
    for phase in ("warm-up", "steady", "rebuild", "node killed", "node added", "after"):
        times, failures = sorted(readers.times[phase]), readers.failures[phase]
        failed += len(failures)
        p50 = statistics.median(times) if times else float("nan")
        p95 = times[int(len(times) * 0.95)] if times else float("nan")
        print(
            f"  {phase:<12} {len(times):6} answered  {len(failures):4} failed"
            f"  p50 {p50:7.1f}  p95 {p95:7.1f} ms"
        )
        for failure in failures[:5]:
            print(f"    {failure}")
    print(f"failed searches (an error, or a count of hits unlike the first answer's): {failed}")
    return 1 if failed else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--var-dir", type=Path, help="a seeded library to reuse (else seeded)")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20, help="length of the quiet phases")
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=17, help="which queries are drawn")
    args = parser.parse_args()
    var_dir = args.var_dir or Path(tempfile.mkdtemp(prefix="bench-es-cluster-"))
    var_dir.mkdir(parents=True, exist_ok=True)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # so that `finally` stops the cluster
    try:
        code = run(args, var_dir)
    finally:
        cluster("stop")
    sys.exit(code)


if __name__ == "__main__":
    main()
