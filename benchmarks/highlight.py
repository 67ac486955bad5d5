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

import importlib.util
import time
from pathlib import Path
from types import ModuleType

from hit_cards import arguments, pages_of_hits, side_by_side


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
    parser = arguments(__doc__.splitlines()[0], 400, 71)
    parser.add_argument("--other", type=Path, required=True, help="another checkout")
    args, planned = pages_of_hits(parser)
    from search import documents, highlight

    pages = []
    for plan, found in planned:
        cards = [documents._from_card(row) for row in documents._fetch(documents._cards, found)]
        pages.append(([(card[2], f"{card[8]}\n{card[9]}") for card in cards], plan.highlight_words))
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
    side_by_side(times, "ms a page")


if __name__ == "__main__":
    main()
