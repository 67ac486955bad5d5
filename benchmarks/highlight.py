"""Marking the query's words in a page of hits (search.highlight: each hit's title marked, its
passage chosen and marked), by this checkout and another side by side, on unseen queries.

    .venv/bin/python benchmarks/highlight.py --var-dir DIR --other CHECKOUT [--queries 400]
        [--seed 71]

The pages are those the search page shows: each unseen query's ten hits (benchmarks/queries.py),
read from their cards once, before any timing. Each page is then marked by both checkouts'
search.highlight in turn, the one first alternating from page to page: once each, as a server
marks the hits of a query it has not seen, compiling what it compiles for the query's words
(a pattern with a class of every spelling of each letter, tried in 1192fc2, made marking itself
0.91 → 0.51 ms a page, and compiling it 1.4-3 ms a query: 1.38 ms a page in all, reverted).
CHECKOUT is another copy of the portal (`git worktree add /tmp/old <commit>`); its
search/highlight.py is loaded over this checkout's search.analysis. Both must mark the same
words: the script stops if they differ. Printed: p50, p95 and mean ms a page, of thread CPU.
DIR as for benchmarks/search_queries.py.
"""

import argparse
import importlib.util
import statistics
import time
from pathlib import Path
from types import ModuleType

from _checkout import set_up
from _server import ROOT, percentile
from queries import draw
from search_queries import engine_environment


def other_highlight(checkout: Path) -> ModuleType:
    """`checkout`'s search/highlight.py as a module of this checkout's search package."""
    spec = importlib.util.spec_from_file_location(
        "search.other_highlight", checkout / "search" / "highlight.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def mark_page(highlight: ModuleType, page: list[tuple[str, str]], words: frozenset[str]) -> list:
    """What search.documents.document_hits marks of each hit: its title, its passage."""
    return [
        (highlight.mark(title, words).spans, highlight.passage(text, words).spans)
        for title, text in page
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    parser.add_argument("--other", type=Path, required=True, help="another checkout")
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--seed", type=int, default=71, help="which queries are drawn")
    parser.set_defaults(engine="embedded")
    args = parser.parse_args()
    engine_environment(parser, args)
    set_up(args.var_dir, ROOT)
    from search import documents, highlight
    from search.engines import get_engine
    from search.records import pk_of

    engine = get_engine()
    _, queries = draw(0, args.queries, args.seed)
    pages = []
    for query in queries:
        plan = query.plan()
        found = [pk_of(hit.uid) for hit in engine.search(plan).hits]
        cards = [documents._from_card(row) for row in documents._fetch(documents._cards, found)]
        page = [(card[2], f"{card[8]}\n{card[9]}") for card in cards]
        if page:
            pages.append((page, plan.highlight_words))
    hits = sum(len(page) for page, _ in pages)
    print(f"{len(pages)} pages of hits, {hits} hits")
    ways = {"this checkout": highlight, f"{args.other}": other_highlight(args.other)}
    times: dict[str, list[float]] = {name: [] for name in ways}
    for number, (page, words) in enumerate(pages):
        order = list(ways) if number % 2 else list(reversed(ways))
        marked = {}
        for name in order:
            began = time.thread_time()
            marked[name] = mark_page(ways[name], page, words)
            times[name].append((time.thread_time() - began) * 1000)
        if len({repr(spans) for spans in marked.values()}) > 1:
            raise SystemExit(f"the checkouts mark the words {sorted(words)} differently")
    for name, taken in times.items():
        print(
            f"  {name:<24} p50 {statistics.median(taken):5.2f}  "
            f"p95 {percentile(taken, 0.95):5.2f}  mean {statistics.mean(taken):5.2f} ms a page"
        )


if __name__ == "__main__":
    main()
