"""Search latency on unseen queries: the portal over HTTP beside bare tantivy on the same index.

    .venv/bin/python benchmarks/search_queries.py --var-dir DIR [--rebuild] [--engine embedded]
    ELASTICSEARCH_URL=http://127.0.0.1:9250 .venv/bin/python benchmarks/search_queries.py \
        --var-dir DIR --engine elasticsearch [--rebuild]

DIR holds a seeded db.sqlite3 (benchmarks/seed_demo.py --keep DIR). --rebuild first times
`search_index rebuild` (wall, CPU, peak memory, index size). The queries come from the library
itself (benchmarks/queries.py): a warm-up set, then a disjoint measured set, so nothing is
measured on a query already answered.
The server is gunicorn as production runs it (deploy/gunicorn.conf.py: threaded workers,
keep-alive), one worker; the client one keep-alive connection, and the script prints how many
connections it opened. Side by side, query by query: /api/search and /search/ (HTML) over HTTP,
in this process the portal's own search (search.service.search) and the same with every facet
counted exactly (no estimate from the sample over 20,000 matches), and, on the embedded engine,
bare tantivy (the words as terms of the folded body field, a quoted phrase as a phrase query,
the filter as a term; top 10 + count). An index built since the words of the body lost their
positions has only its pairs': there, the bare phrase is one of pairs, as the portal's.

Whichever asks a query first reads from disk what the query needs and the others find it in the
page cache (this VM gives back pages unused for a minute, so a first run is cold): the order
turns from query to query, so that each goes first as often, and each line says its p50 when
it went first and when it came after another. Before the run, the script prints how much of the
database and of the embedded index the page cache held (util-linux's fincore).
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from _checkout import set_up
from _server import ROOT, Client, serve
from machine import during, resident, usage
from queries import Query, draw


def rebuild(engine: str, var_dir: Path, env: dict[str, str]) -> str:
    """Time `search_index rebuild` (on every core, its default); what it cost and built."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "search_index", "rebuild"],
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"},
        check=True,
    )
    wall = time.perf_counter() - started
    used = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and its processes
    return (
        f"search_index rebuild ({engine}): {wall:.1f} s wall, "
        f"{used.ru_utime + used.ru_stime:.1f} s CPU in the command's processes, "
        f"peak RSS of the largest {used.ru_maxrss / 1024:.0f} MB; "
        f"index {index_size(engine, var_dir, env) / 2**30:.2f} GiB"
    )


def live_index(index_dir: Path) -> Path:
    """The live embedded index's directory in `index_dir` (its CURRENT names it)."""
    return index_dir / (index_dir / "CURRENT").read_text().strip()


def index_size(engine: str, var_dir: Path, env: dict[str, str]) -> int:
    """Bytes of the live index: its directory, or Elasticsearch's store (primaries)."""
    if engine == "embedded":
        live = live_index(var_dir / "search")
        return sum(f.stat().st_size for f in live.iterdir())
    alias = env.get("ELASTICSEARCH_INDEX", "portal-documents")
    url = f"{env['ELASTICSEARCH_URL'].rstrip('/')}/_cat/indices/{alias}?bytes=b&h=pri.store.size"
    with urllib.request.urlopen(url) as answer:
        return sum(int(line) for line in answer.read().split())


def engine_environment(parser: argparse.ArgumentParser, args: argparse.Namespace) -> dict:
    """This process's environment made the one of --engine over --var-dir, and returned."""
    env = dict(os.environ, PORTAL_VAR_DIR=str(args.var_dir))
    if args.engine == "embedded":
        env.pop("ELASTICSEARCH_URL", None)
        env["SEARCH_INDEX_DIR"] = str(args.var_dir / "search")
    elif not env.get("ELASTICSEARCH_URL"):
        parser.error("--engine elasticsearch needs ELASTICSEARCH_URL")
    os.environ.clear()
    os.environ.update(env)
    return env


def timed(run: Callable[[Query], object], queries: list[Query]) -> list[float]:
    times = []
    for query in queries:
        began = time.perf_counter()
        run(query)
        times.append((time.perf_counter() - began) * 1000)
    return times


def bare_tantivy(index_dir: Path) -> Callable[[Query], object]:
    """One query on the live embedded index with nothing of the portal around it."""
    import tantivy

    from search.analysis import fold, pairs
    from search.engines.embedded import SCHEMA, open_index, positions_indexed

    index = open_index(live_index(index_dir))
    searcher = index.searcher()
    fields = {"source": "source_key", "type": "type"}
    # A phrase as the index allows: by the positions of its words where it has them (built by an
    # earlier release), else by those of its pairs, the only body positions kept since.
    by_words = positions_indexed(index, "body_f")

    def phrase(words: list[str]) -> tantivy.Query:
        if by_words:
            return tantivy.Query.phrase_query(SCHEMA, "body_f", words)
        if len(words) == 2:
            return tantivy.Query.term_query(SCHEMA, "body_f2", pairs(words)[0])
        return tantivy.Query.phrase_query(SCHEMA, "body_f2", pairs(words))

    def run(query: Query) -> object:
        words = fold(query.q.replace('"', " ")).split()
        if query.q.startswith('"') and len(words) > 1:
            clauses = [phrase(words)]
        else:
            clauses = [tantivy.Query.term_query(SCHEMA, "body_f", w) for w in words]
        for name, value in query.filters:
            term = int(value) if name == "year" else value
            clauses.append(tantivy.Query.term_query(SCHEMA, fields.get(name, name), term))
        built = tantivy.Query.boolean_query([(tantivy.Occur.Must, c) for c in clauses])
        return searcher.search(built, 10, count=True)

    return run


def portal_in_process(query: Query) -> object:
    from search import service

    return service.search(query.q, {name: [value] for name, value in query.filters})


def portal_exact_facets(query: Query) -> object:
    """The same, but every facet counted on every match (as before the estimate over 20,000)."""
    from search import service

    estimate, service.ESTIMATE_FACETS_ABOVE = service.ESTIMATE_FACETS_ABOVE, None
    try:
        return portal_in_process(query)
    finally:
        service.ESTIMATE_FACETS_ABOVE = estimate


def over_http(client: Client, path: str) -> Callable[[Query], object]:
    def run(query: Query) -> object:
        status, _ = client.get(f"{path}?{urllib.parse.urlencode(query.params)}")
        if status != 200:
            raise RuntimeError(f"{query}: HTTP {status}")
        return status

    return run


def summary(name: str, times: list[float]) -> str:
    ranked = sorted(times)
    p95, p99 = (ranked[int(len(ranked) * q)] for q in (0.95, 0.99))
    return (
        f"  {name:<34} p50 {statistics.median(ranked):6.1f}  p95 {p95:6.1f}  "
        f"p99 {p99:6.1f}  max {ranked[-1]:6.1f} ms"
    )


def cache_state(engine: str, var_dir: Path) -> str:
    said = f"page cache held the database's {resident([var_dir / 'db.sqlite3'])}"
    if engine == "embedded":
        live = live_index(var_dir / "search")
        said += f" and the index's {resident(sorted(live.iterdir()))}"
    return said


def side_by_side(
    runners: dict[str, Callable[[Query], object]], queries: list[Query]
) -> dict[str, list[tuple[float, bool]]]:
    """Each runner's time on each query (ms) and whether it asked the query first: the order
    turns by one from one query to the next."""
    names = list(runners)
    runs: dict[str, list[tuple[float, bool]]] = {name: [] for name in names}
    for number, query in enumerate(queries):
        turn = number % len(names)
        for position, name in enumerate(names[turn:] + names[:turn]):
            began = time.perf_counter()
            runners[name](query)
            runs[name].append(((time.perf_counter() - began) * 1000, position == 0))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    parser.add_argument("--engine", choices=["embedded", "elasticsearch"], default="embedded")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--warm-up", type=int, default=100)
    parser.add_argument("--measured", type=int, default=400)
    parser.add_argument("--seed", type=int, default=17, help="which queries are drawn")
    args = parser.parse_args()
    env = engine_environment(parser, args)
    if args.rebuild:
        print(rebuild(args.engine, args.var_dir, env), flush=True)
    set_up(args.var_dir, ROOT)  # the portal in this process as production runs it
    warm_up, measured = draw(args.warm_up, args.measured, args.seed)
    with serve(args.var_dir) as base:
        client = Client(base)
        runners = {
            "/api/search over HTTP": over_http(client, "/api/search"),
            "/search/ over HTTP": over_http(client, "/search/"),
            "search.service.search(), in process": portal_in_process,
            "the same, facets counted exactly": portal_exact_facets,
        }
        if args.engine == "embedded":
            runners["bare tantivy, in process"] = bare_tantivy(args.var_dir / "search")
        for run in runners.values():
            timed(run, warm_up)
        state = cache_state(args.engine, args.var_dir)
        before = usage(args.var_dir)
        runs = side_by_side(runners, measured)
        did = during(before, usage(args.var_dir), len(measured), "query")
        client.close()
    requests = 2 * (len(warm_up) + len(measured))
    print(
        f"{args.engine}: {len(measured)} unseen queries measured after {len(warm_up)} others "
        f"(seed {args.seed}), each asked of all {len(runners)} side by side; the client opened "
        f"{client.connections} connection(s) for {requests} requests; before the run the {state}."
        f" During it (the runners' requests together), the machine {did}."
    )
    for name, timings in runs.items():
        print(summary(name, [ms for ms, _ in timings]))
        first = [ms for ms, went_first in timings if went_first]
        after = [ms for ms, went_first in timings if not went_first]
        print(
            f"    p50 when it asked first {statistics.median(first):6.1f} ({len(first)} queries),"
            f" after another {statistics.median(after):6.1f} ms"
        )
    by_kind: dict[str, list[float]] = defaultdict(list)
    for query, (ms, _) in zip(measured, runs["/api/search over HTTP"], strict=True):
        by_kind[query.kind].append(ms)
    for kind, times in sorted(by_kind.items()):
        print(summary(f"/api/search: {kind} ({len(times)})", times))


if __name__ == "__main__":
    main()
