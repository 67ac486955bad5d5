"""Search throughput and memory: /api/search under wrk beside bare tantivy on the same queries.

    .venv/bin/python benchmarks/search_throughput.py --var-dir DIR [--workers 2]
        [--connections 4 8] [--duration 20] [--rounds 1]
    ELASTICSEARCH_URL=http://127.0.0.1:9250 .venv/bin/python benchmarks/search_throughput.py \\
        --var-dir DIR --engine elasticsearch

DIR holds a seeded db.sqlite3 and its built index (benchmarks/search_queries.py --rebuild).
The server is gunicorn as production runs it (deploy/gunicorn.conf.py: threaded workers, keep-alive)
with --workers workers; wrk (Debian's package) runs on the same cores, one run per number of
connections, each on its own unseen queries (benchmarks/queries.py: never a query of the
warm-up or of another run; wrk cycles through them, so there are more than a run can ask).
Side by side, for the embedded engine: bare tantivy in as many processes as there are workers,
each on its share of the same queries (the words as terms of the folded body field, top 10 +
count), for as long. Then each worker's memory from /proc/PID/smaps_rollup: its RSS, how much
of it is anonymous (the heap: what a worker costs) and how much is mapped files (the index,
shared by every process that maps it and given back under memory pressure).

Each run also says how its load fell on the workers: each one's CPU seconds, and how many of
wrk's keep-alive connections it held halfway through. A connection stays with the worker that
accepted it, and one worker is bound by its interpreter lock below two cores (about 1.7 here):
a run whose connections all landed on one worker measured that worker, not the pair, until the
workers took a connection only while one of their threads was free (deploy/gunicorn_worker.py).

With --rounds N each number of connections is run N times over, each run on queries of its own,
and each worker's anonymous memory is printed after each: a sustained load, long enough for
gunicorn to replace its workers (max_requests in deploy/gunicorn.conf.py), whose slow tail such a
replacement shows, and for a leak to show as growth.
"""

import argparse
import multiprocessing
import os
import re
import subprocess
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path

from _server import serve
from load import report, wrk
from machine import during, process_stat, usage
from queries import Query, draw
from search_queries import bare_tantivy, engine_environment

PER_RUN = 4000  # queries drawn for each run: more than 20 s at 150 req/s asks


def paths(queries: list[Query]) -> list[str]:
    return [f"/api/search?{urllib.parse.urlencode(q.params)}" for q in queries]


def _bare_worker(index_dir: str, queries: list[Query], seconds: float, done) -> None:
    run = bare_tantivy(Path(index_dir))
    count, deadline = 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        run(queries[count % len(queries)])
        count += 1
    done.put(count)


def bare_throughput(index_dir: Path, queries: list[Query], processes: int, seconds: float):
    """Queries per second of bare tantivy in `processes` processes, each on its share."""
    context = multiprocessing.get_context("spawn")  # no Django state shared from this one
    done = context.Queue()
    shares = [queries[i::processes] for i in range(processes)]
    workers = [
        context.Process(target=_bare_worker, args=(str(index_dir), share, seconds, done))
        for share in shares
    ]
    for worker in workers:
        worker.start()
    counts = [done.get() for _ in workers]
    for worker in workers:
        worker.join()
    return sum(counts) / seconds


def memory(pid: int) -> dict[str, int]:
    """kB of RSS, anonymous memory and mapped files of one process."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0])
    return {
        "rss": fields["Rss"],
        "anonymous": fields["Anonymous"],
        "file": fields["Rss"] - fields["Anonymous"],
    }


def memories(base: str) -> str:
    """Each worker serving `base`: its RSS, of which anonymous and mapped files."""
    parts = []
    for pid in workers_of(base):
        try:
            used = memory(pid)
        except FileNotFoundError:  # replaced since it was listed
            continue
        parts.append(
            f"worker {pid}: RSS {used['rss'] / 1024:.0f} MB = anonymous "
            f"{used['anonymous'] / 1024:.0f} MB + mapped files {used['file'] / 1024:.0f} MB"
        )
    return "; ".join(parts)


def socket_pids(base: str, *state: str) -> list[int]:
    """The process holding each TCP socket on `base`'s port in `state` (ss's state filter); a
    socket several processes hold (the listening one) gives each of them."""
    port = urllib.parse.urlsplit(base).port
    listing = subprocess.run(
        ["ss", "-Htnp", *state, f"sport = :{port}"], capture_output=True, text=True, check=True
    ).stdout
    return [int(pid) for pid in re.findall(r"pid=(\d+)", listing)]


def workers_of(base: str) -> list[int]:
    """The gunicorn workers serving `base`: of the processes holding its listening socket (the
    master and the workers it forked), those whose parent is one of them."""
    pids = set(socket_pids(base, "state", "listening"))
    return sorted(pid for pid in pids if (stat := process_stat(pid)) and stat.parent in pids)


def connections_held(base: str) -> Counter[int]:
    """How many established connections to `base` each process holds."""
    return Counter(socket_pids(base, "state", "established"))


def spread(base: str, run: Callable[[], dict], seconds: float) -> tuple[dict, str]:
    """`run`'s result, and how its load fell on the workers serving `base`."""
    workers = workers_of(base)
    before = {pid: process_stat(pid) for pid in workers}
    held: Counter[int] = Counter()
    halfway = threading.Timer(seconds / 2, lambda: held.update(connections_held(base)))
    halfway.start()
    result = run()
    halfway.join()
    parts = []
    for pid in workers:
        start, end = before[pid], process_stat(pid)
        # a worker gone by the end was replaced by gunicorn (max_requests)
        used = f"{end.cpu - start.cpu:.1f} s of CPU" if start and end else "replaced during the run"
        parts.append(f"{pid}: {used}, {held[pid]} connections")
    return result, "; ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    parser.add_argument("--engine", choices=["embedded", "elasticsearch"], default="embedded")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, nargs="+", default=[4, 8])
    parser.add_argument("--duration", type=int, default=20, help="seconds per run")
    parser.add_argument("--seed", type=int, default=31, help="which queries are drawn")
    parser.add_argument("--rounds", type=int, default=1, help="runs for each number of clients")
    args = parser.parse_args()
    engine_environment(parser, args)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    import django

    django.setup()
    plan = [c for c in args.connections for _ in range(args.rounds)]
    runs = len(plan)
    warm_up, drawn = draw(200, PER_RUN * runs, args.seed)
    print(f"load average at start: {os.getloadavg()[0]:.2f}", flush=True)
    with serve(args.var_dir, workers=args.workers) as base, tempfile.TemporaryDirectory() as work:
        wrk(base, paths(warm_up), 5, max(args.connections), Path(work))
        for n, connections in enumerate(plan):
            share = drawn[n * PER_RUN : (n + 1) * PER_RUN]
            before = usage(args.var_dir)
            load = partial(wrk, base, paths(share), args.duration, connections, Path(work))
            result, workers = spread(base, load, args.duration)
            report(args.engine, f"{args.workers} workers, {connections} clients", result)
            print(f"  the machine {during(before, usage(args.var_dir), result['requests'])}")
            print(f"  the workers {workers}")
            if result["requests"] > len(share):
                print(f"  (wrk asked {result['requests']} for {len(share)} queries: some twice)")
            if args.rounds > 1:
                print(f"  {memories(base)}", flush=True)
        if args.rounds == 1:
            print(memories(base))
    if args.engine == "embedded":
        queries = drawn[:PER_RUN]
        rate = bare_throughput(args.var_dir / "search", queries, args.workers, args.duration)
        print(f"bare tantivy, {args.workers} processes on the first run's queries: {rate:.1f} q/s")


if __name__ == "__main__":
    main()
