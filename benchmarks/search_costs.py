"""Where an engine's time goes, by kind of query: each of its searches timed alone, and the top
hits without the clauses that only rank (should), on unseen queries.

    .venv/bin/python benchmarks/search_costs.py --var-dir DIR [--seed 107]
    ELASTICSEARCH_URL=http://127.0.0.1:9250 .venv/bin/python benchmarks/search_costs.py \\
        --var-dir DIR --engine elasticsearch

In process, one search after another (an engine runs them at once: this shows what each costs,
not the latency). Embedded: the top-hits pass as the engine runs it (top 10 + count, the sole
spellings merged: search.plan.merge_sole_spellings), the same with every exact word scored
apart (the plan as built), the same without its should clauses, and the facet pass, in that
order for one query and the other way round for the next. For the top hits merged and apart,
how often both find the same ten in the same order. Elasticsearch: the three searches of
ElasticsearchEngine.requests (the top hits; the count with sampled facets; the exact facets up to
20,000 matches), and the top hits without should clauses, its request cache off. The embedded
facet pass is run without should clauses (search.plan.unscored); Lucene leaves them out itself
where no score is asked, as in Elasticsearch's count and facets. Prints p50 / p95 in ms per
query kind. DIR as for benchmarks/search_queries.py.
"""

import argparse
import os
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from _server import percentile
from queries import draw
from search_queries import engine_environment

Timed = dict[str, Callable[[], object]]
MERGED, APART = "top 10 + count", "sole spellings apart"


def hits(result) -> list[tuple[int, int]]:
    """A tantivy result's hits, as (segment, document) in their order."""
    return [(address.segment_ord, address.doc) for _, address in result.hits]


def embedded_searches(engine, built) -> Timed:
    from search.engines.base import facet_sizes
    from search.engines.embedded import Compiler
    from search.plan import merge_sole_spellings, unscored

    index = engine._open()
    searcher = index.searcher()
    compile_ = Compiler(engine._schema, engine._pair_positions)
    query = compile_(merge_sole_spellings(built.query, searcher.doc_freq))
    apart = compile_(built.query)
    matching = compile_(unscored(built.query))  # what the facet pass counts by
    sizes, above = facet_sizes(built), built.estimate_facets_above
    return {
        MERGED: lambda: searcher.search(query, 10, count=True),
        APART: lambda: searcher.search(apart, 10, count=True),
        "the same, no should": lambda: searcher.search(matching, 10, count=True),
        "facet pass": lambda: engine._facets(searcher, matching, sizes, above),
    }


def elastic_searches(engine, built) -> Timed:
    from search.plan import unscored

    asked = engine.requests(built)
    ranked_only = engine.requests(replace(built, query=unscored(built.query)))

    def send(body: dict) -> Callable[[], object]:
        return lambda: engine.client.search(index=engine.alias, request_cache=False, **body)

    searches = {
        "top 10": send(asked.top),
        "the same, no should": send(ranked_only.top),
        "count + facets": send(asked.counting),
    }
    if asked.exact is not None:
        searches["exact facets"] = send(asked.exact)
    return searches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    parser.add_argument("--engine", choices=["embedded", "elasticsearch"], default="embedded")
    parser.add_argument("--warm-up", type=int, default=100)
    parser.add_argument("--measured", type=int, default=400)
    parser.add_argument("--seed", type=int, default=107, help="which queries are drawn")
    args = parser.parse_args()
    engine_environment(parser, args)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    import django

    django.setup()
    from search.engines import get_engine

    engine = get_engine()
    searches = embedded_searches if args.engine == "embedded" else elastic_searches
    warm_up, measured = draw(args.warm_up, args.measured, args.seed)
    times: dict[tuple[str, str], list[float]] = defaultdict(list)
    ranked = {"same order": 0, "same ten": 0}
    for counted, queries in ((False, warm_up), (True, measured)):
        for number, asked in enumerate(queries):
            answers = {}
            turn = list(searches(engine, asked.plan()).items())
            for name, run in turn[::-1] if number % 2 else turn:  # none always goes first
                began = time.perf_counter()
                answers[name] = run()
                if counted:
                    ms = (time.perf_counter() - began) * 1000
                    times[(asked.kind, name)].append(ms)
                    times[("all", name)].append(ms)
            if counted and MERGED in answers:
                merged, apart = (hits(answers[name]) for name in (MERGED, APART))
                ranked["same order"] += merged == apart
                ranked["same ten"] += set(merged) == set(apart)
    names = list(dict.fromkeys(name for _, name in times))
    print(
        f"{args.engine}: {len(measured)} unseen queries (seed {args.seed}) after "
        f"{len(warm_up)} others; each search alone, p50 / p95 ms"
    )
    print(f"  {'kind':<20}" + "".join(f"{name:>22}" for name in names))
    for kind in sorted({kind for kind, _ in times}):
        cells = [times.get((kind, name), []) for name in names]
        row = "".join(
            f"{statistics.median(ms):>12.1f} / {percentile(ms, 0.95):6.1f}" if ms else f"{'':>22}"
            for ms in cells
        )
        print(f"  {kind[:20]:<20}{row}")
    if ranked["same ten"]:
        print(
            f"  the top 10 with the sole spellings merged and apart: the same in the same order "
            f"for {ranked['same order']} of {len(measured)} queries, the same ten for "
            f"{ranked['same ten']}"
        )


if __name__ == "__main__":
    main()
