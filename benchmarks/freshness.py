"""Freshness: the time from a record appearing at an OAI-PMH provider to it being findable on
/api/search, with the source's interval at 1 minute and the scheduler run every minute.

    .venv/bin/python benchmarks/freshness.py [--samples 6] [--keep DIR]

The provider is the test provider (harvest/testing/provider.py) on loopback, holding 200 records
harvested once before the measurement. The scheduler is what portal-harvest-due.timer does: at
every wall-clock minute, `manage.py harvest --due` as a process of its own (a run still going at
the next tick makes that tick wait, as a oneshot service does). The portal is gunicorn with
production settings on the embedded index; index writes happen in the harvest process
(PORTAL_TASKS=immediate): with PORTAL_TASKS=database a worker writes them, adding its polling.
Each sample adds one record with a word found nowhere else at a random moment of the minute,
then asks /api/search for that word every 0.2 s until it is found.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from _server import ROOT, scratch_site, serve

from harvest.testing.provider import Item, Provider, Running


def manage(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=os.environ,
        capture_output=True,
        text=True,
        check=True,
    )


def scheduler(stop: threading.Event, ticks: list[float]) -> None:
    """`harvest --due` at every wall-clock minute, as the systemd timer."""
    while not stop.is_set():
        if stop.wait(60 - time.time() % 60):
            return
        ticks.append(time.time())
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "harvest", "--due", "--no-fulltext"],
            cwd=ROOT,
            env=os.environ,
            capture_output=True,
            check=False,
        )


def findable(base: str, word: str, started: float, timeout: float = 300) -> float:
    with httpx.Client(base_url=base, timeout=10) as http:
        while time.time() - started < timeout:
            if http.get("/api/search", params={"q": word}).json()["total"] >= 1:
                return time.time() - started
            time.sleep(0.2)
    raise RuntimeError(f"{word} not findable after {timeout:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=6)
    parser.add_argument("--keep", type=Path, help="scratch directory to use and keep")
    args = parser.parse_args()
    var_dir = args.keep or Path(tempfile.mkdtemp(prefix="freshness-"))
    var_dir.mkdir(parents=True, exist_ok=True)
    scratch_site(var_dir)
    provider = Provider(items=[Item(n, f"Bản ghi thử số {n}") for n in range(1, 201)])
    running = Running(provider)
    random.seed(18)
    try:
        manage("migrate", "--noinput", "-v0")
        manage("search_index", "rebuild")
        manage("harvest", "--url", running.url, "--no-fulltext")
        manage(
            "shell",
            "-c",
            "from harvest.models import HarvestSource; "
            "HarvestSource.objects.update(interval_minutes=1, fulltext=False)",
        )
        with serve(var_dir) as base:
            stop, ticks = threading.Event(), []
            loop = threading.Thread(target=scheduler, args=(stop, ticks), daemon=True)
            loop.start()
            waits = []
            for sample in range(args.samples):
                time.sleep(random.uniform(0, 60))
                word = f"tuoimoi{sample}x{random.randrange(10**6)}"
                number = 1000 + sample
                provider.items.append(Item(number, f"Bản ghi mới {word}"))
                seconds = findable(base, word, time.time())
                waits.append(seconds)
                print(f"sample {sample + 1}: findable after {seconds:.1f} s", flush=True)
            stop.set()
            loop.join(timeout=300)
    finally:
        running.stop()
    waits.sort()
    p95 = waits[min(len(waits) - 1, round(0.95 * (len(waits) - 1)))]
    print(
        f"{len(waits)} records, 1-minute interval, scheduler every minute: "
        f"median {statistics.median(waits):.1f} s, p95 {p95:.1f} s, max {waits[-1]:.1f} s; "
        f"provider requests {len(provider.requests)} over {len(ticks)} scheduler ticks "
        "(shared 2-core machine)"
    )


if __name__ == "__main__":
    main()
