"""Unseen search queries drawn from the library itself, in the proportions people search in.

Words, pairs and runs of words are read from a seeded sample of the library's documents (title,
authors, full text), so a query finds what a reader would find; how often each word occurs in
the sample tells a rare word from a common one. The mix (KINDS) leans to the short queries
readers type, with the long and quoted ones that make the slow tail; some carry a filter, some
are typed without diacritics. Each query is drawn once: the warm-up set and the measured set
never share one (asserted), so no figure is taken on a query the server has already answered.

    from queries import draw
    warm_up, measured = draw(warm_up=100, measured=400, seed=17)  # Django set up first
"""

import random
import re
from collections import Counter
from dataclasses import dataclass

from query_mix import strip

SAMPLE = 2000  # documents read for words
RARE = 0.25  # the least frequent quarter of the sample's words are its rare words
COMMON = 0.01  # and the most frequent hundredth (at least 20) its common ones
KINDS = (  # (kind, share)
    ("rare word", 15),
    ("common word", 15),
    ("two words", 25),
    ("author", 5),
    ("four to six words", 15),
    ("quoted phrase", 10),
    ("title words", 15),
)
FILTER_SHARE = 0.15
FOLDED_SHARE = 0.3  # typed without diacritics
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Query:
    kind: str
    q: str
    filters: tuple[tuple[str, str], ...] = ()

    @property
    def params(self) -> dict[str, str]:
        return {"q": self.q, **dict(self.filters)}

    def plan(self):
        """The engine's plan of this query as search.service.search builds it for the first
        page of the library's documents (Django set up first)."""
        from search import service

        return service.page_plan(self.q, {name: [value] for name, value in self.filters})


@dataclass
class Words:
    """What the sample of the library offers to draw from."""

    texts: list[list[str]]  # each document's words, in order
    titles: list[list[str]]
    authors: list[str]
    rare: list[str]
    common: list[str]
    filters: list[tuple[str, str]]


def read_library(rng: random.Random) -> Words:
    from library.models import Document

    ids = list(Document.objects.active().values_list("id", flat=True))
    chosen = sorted(rng.sample(ids, min(SAMPLE, len(ids))))
    rows = Document.objects.filter(id__in=chosen).select_related("source", "fulltext")
    texts, titles, authors, filters = [], [], [], []
    for document in rows.iterator(chunk_size=500):
        texts.append(WORD.findall(getattr(document.fulltext, "text", "") or document.title))
        titles.append(WORD.findall(document.title))
        authors += [name for name, _ in document.dublin_core()["creator"]]
        filters += [("source", document.source.slug), ("type", document.doc_type)]
        if document.year:
            filters.append(("year", str(document.year)))
    in_documents = Counter(w for words in texts for w in {w.lower() for w in words})
    ranked = sorted(in_documents, key=lambda w: (in_documents[w], w))
    rare = ranked[: int(RARE * len(ranked))]
    common = ranked[-max(20, int(COMMON * len(ranked))) :]
    return Words(texts, titles, sorted(set(authors)), rare, common, filters)


def run(rng: random.Random, words: list[str], low: int, high: int) -> list[str]:
    """`low` to `high` adjacent words from `words`."""
    size = min(len(words), rng.randint(low, high))
    start = rng.randrange(len(words) - size + 1)
    return words[start : start + size]


def one(rng: random.Random, kind: str, library: Words) -> str:
    text = rng.choice(library.texts) or ["lúa"]
    if kind == "rare word":
        return rng.choice(library.rare)
    if kind == "common word":
        return rng.choice(library.common)
    if kind == "two words":
        return " ".join(run(rng, text, 2, 2)).lower()
    if kind == "author":
        return rng.choice(library.authors)
    if kind == "four to six words":
        return " ".join(run(rng, text, 4, 6)).lower()
    if kind == "quoted phrase":
        return '"' + " ".join(run(rng, text, 2, 3)).lower() + '"'
    return " ".join(run(rng, rng.choice(library.titles), 1, 4))


def draw(warm_up: int, measured: int, seed: int = 17) -> tuple[list[Query], list[Query]]:
    """Two disjoint sets of queries from the library (Django must be set up)."""
    rng = random.Random(seed)
    library = read_library(rng)
    kinds, shares = zip(*KINDS, strict=True)
    drawn: dict[tuple[str, tuple[tuple[str, str], ...]], Query] = {}
    while len(drawn) < warm_up + measured:
        kind = rng.choices(kinds, shares)[0]
        q = one(rng, kind, library)
        if rng.random() < FOLDED_SHARE:
            q = strip(q)
        filters = (rng.choice(library.filters),) if rng.random() < FILTER_SHARE else ()
        drawn.setdefault((q, filters), Query(kind, q, filters))
    queries = list(drawn.values())
    first, then = queries[:warm_up], queries[warm_up:]
    assert not {(x.q, x.filters) for x in first} & {(x.q, x.filters) for x in then}
    return first, then
