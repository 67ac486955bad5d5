"""The embedded engine at a library size the database has not got: seed_demo's documents
generated and analysed as `search_index rebuild` analyses them, indexed into a new index, then
the portal's own searches on unseen queries timed there beside the seeded library's index.

    .venv/bin/python benchmarks/engine_scale.py --var-dir DIR --index-dir NEW \
        [--documents 1000000] [--processes 2] [--seed 101] [--reuse]

DIR is a seeded library (benchmarks/seed_demo.py --keep DIR) with its index built: its sources
name the generated documents' sources, and its documents give the queries (benchmarks/queries
.py). Document n of the new index is seed_demo's document n (same generator, same seed), so the
first ones are DIR's own; seeding a million into SQLite and reading them back for a rebuild
would take hours more than this. What is timed is the engine's part of a search, as
search.service.search asks it (top hits, count, facets estimated over 20,000 matches; no
database, so no dressing of the hits, did-you-mean or HTTP: benchmarks/search_queries.py times
those at the seeded size), beside bare tantivy (benchmarks/search_queries.py's) on each index,
each query asked of all four in turn, and how much of each index the searches mapped into
memory. --reuse skips the build when NEW already holds an index.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from _server import percentile, scratch_site
from queries import Query, draw
from search_queries import bare_tantivy

BATCH = 500  # documents generated and analysed per task of a process
SEED = 2026  # seed_demo's default


def records(batch: tuple[int, int, dict[str, tuple[int, str]]]) -> list[dict]:
    """The index records of seed_demo's documents start..end-1 (in a spawned process)."""
    import django
    from django.apps import apps

    if not apps.ready:  # once in each process, not for each of its batches
        django.setup()
    import json

    from library.demo.generator import make_record
    from search.records import document_record

    start, end, sources = batch
    by_id = {pk: (slug, text) for slug, (pk, text) in sources.items()}
    made = []
    for n in range(start, end):
        demo = make_record(SEED, n)
        row = (n + 1, demo.title, demo.year, demo.doc_type, demo.language)
        row += (sources[demo.source_slug][0], "active", json.dumps(demo.metadata))
        made.append(document_record(row, demo.fulltext, by_id))
    return made


def build(index_dir: Path, documents: int, processes: int) -> None:
    from tqdm import tqdm

    from library.models import Source
    from search.engines.embedded import EmbeddedEngine
    from search.processes import mapped

    sources = {
        slug: (pk, f"{name} {province} {slug}")
        for pk, slug, name, province in Source.objects.values_list("id", "slug", "name", "province")
    }
    batches = ((s, min(s + BATCH, documents), sources) for s in range(0, documents, BATCH))
    began, cpu = time.perf_counter(), time.process_time()
    with tqdm(total=documents, unit=" documents", desc="index") as bar:
        EmbeddedEngine(index_dir).rebuild(mapped(records, batches, processes), bar.update)
    size = sum(f.stat().st_size for f in index_dir.rglob("*") if f.is_file())
    print(
        f"built {documents:,} documents in {(time.perf_counter() - began) / 60:.1f} min "
        f"({processes} analysing processes; this process's CPU "
        f"{(time.process_time() - cpu) / 60:.1f} min); index {size / 1e9:.2f} GB",
        flush=True,
    )


def portal_engine(index_dir: Path) -> Callable[[Query], object]:
    """The engine's part of search.service.search on the index in `index_dir`."""
    from search.engines.embedded import EmbeddedEngine

    engine = EmbeddedEngine(index_dir)
    return lambda asked: engine.search(asked.plan())


def mapped_mb(directory: Path) -> float:
    """MB of this process's RSS that are pages of the files under `directory` (an index)."""
    inside, kilobytes = False, 0
    prefix = str(directory.resolve())
    for line in Path("/proc/self/smaps").read_text().splitlines():
        head = line.split()
        if head and not head[0].endswith(":"):  # a mapping's first line: address … [path]
            inside = len(head) > 5 and head[5].startswith(prefix)
        elif inside and head[0] == "Rss:":
            kilobytes += int(head[1])
    return kilobytes / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--seed", type=int, default=101, help="which queries are drawn")
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    scratch_site(args.var_dir)
    import django

    django.setup()
    if not (args.reuse and (args.index_dir / "CURRENT").exists()):
        build(args.index_dir, args.documents, args.processes)
    from search.engines.embedded import EmbeddedEngine

    runs: dict[str, Callable[[Query], object]] = {}
    for directory in (args.var_dir / "search", args.index_dir):  # the seeded index, the new one
        count = EmbeddedEngine(directory).count()
        runs[f"portal's search, {count:,}"] = portal_engine(directory)
        runs[f"bare tantivy, {count:,}"] = bare_tantivy(directory)
    warm_up, measured = draw(100, 400, args.seed)
    times: dict[str, list[float]] = {name: [] for name in runs}
    for n, asked in enumerate(warm_up + measured):
        order = list(runs.items())
        for name, run in order[n % 2 :] + order[: n % 2]:  # who goes first alternates
            began = time.perf_counter()
            run(asked)
            if n >= len(warm_up):
                times[name].append((time.perf_counter() - began) * 1000)
    print(f"{len(measured)} unseen queries (seed {args.seed}) after {len(warm_up)} others:")
    for name, taken in times.items():
        print(
            f"  {name:<28} p50 {statistics.median(taken):6.1f}  p95 "
            f"{percentile(taken, 0.95):6.1f}  p99 {percentile(taken, 0.99):6.1f} ms"
        )
    for directory in (args.var_dir / "search", args.index_dir):
        print(f"  {directory}: {mapped_mb(directory):,.0f} MB of it mapped into this process")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    main()
