"""Two checkouts of the portal side by side, query by query: which one answers searches faster.

    .venv/bin/python benchmarks/search_ab.py --var-dir DIR --other CHECKOUT [--seed 163]
        [--engine embedded|elasticsearch] [--path /api/search]

Whole runs of one checkout and then the other drift apart on a shared machine: at 229k, runs
of the same code differed by up to 3 ms at p50, more than most changes. Here both checkouts
serve the same database and index at once (gunicorn as production runs it, one worker each),
and one client asks each the same unseen query in turn (benchmarks/queries.py), the one asked
first alternating from query to query. Printed: p50, p95 and p99 of each, and the median of
the per-query differences (this checkout less the other). Measured figures only: the warm-up
queries are asked of both and never counted.

CHECKOUT is another copy of the portal (`git worktree add /tmp/old <commit>`), run on this
interpreter: its requirements must be these. DIR as for benchmarks/search_queries.py.
"""

import argparse
import contextlib
import os
import statistics
import urllib.parse
from pathlib import Path

from _server import ROOT, Client, percentile, serve
from queries import draw
from search_queries import engine_environment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    parser.add_argument("--other", type=Path, required=True, help="the checkout to compare with")
    parser.add_argument("--engine", choices=["embedded", "elasticsearch"], default="embedded")
    parser.add_argument("--path", default="/api/search", help="/api/search or /search/")
    parser.add_argument("--warm-up", type=int, default=100)
    parser.add_argument("--measured", type=int, default=400)
    parser.add_argument("--seed", type=int, default=163, help="which queries are drawn")
    args = parser.parse_args()
    if not (args.other / "deploy/gunicorn.conf.py").exists():
        parser.error(f"{args.other} is no checkout of the portal")
    engine_environment(parser, args)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    import django

    django.setup()
    warm_up, measured = draw(args.warm_up, args.measured, args.seed)
    sides = {"this": ROOT, "other": args.other.resolve()}
    times: dict[str, list[float]] = {side: [] for side in sides}
    with contextlib.ExitStack() as stack:
        clients = {
            side: Client(stack.enter_context(serve(args.var_dir, checkout=checkout)))
            for side, checkout in sides.items()
        }
        for number, query in enumerate(warm_up + measured):
            path = f"{args.path}?{urllib.parse.urlencode(query.params)}"
            order = ("this", "other") if number % 2 else ("other", "this")
            for side in order:
                status, seconds = clients[side].get(path)
                if status != 200:
                    raise RuntimeError(f"{side}: {query}: HTTP {status}")
                if number >= len(warm_up):
                    times[side].append(seconds * 1000)
    print(
        f"{args.engine}, {args.path}: {len(measured)} unseen queries (seed {args.seed}) asked "
        f"of both, after {len(warm_up)} others; this checkout {ROOT}, the other {sides['other']}"
    )
    for side, ms in times.items():
        print(
            f"  {side:<6} p50 {statistics.median(ms):6.1f}  p95 {percentile(ms, 0.95):6.1f}  "
            f"p99 {percentile(ms, 0.99):6.1f} ms"
        )
    differences = [a - b for a, b in zip(times["this"], times["other"], strict=True)]
    print(f"  per query, this less the other: median {statistics.median(differences):+.2f} ms")


if __name__ == "__main__":
    main()
