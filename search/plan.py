"""An engine-neutral query plan: the search page's question, compiled once by each engine.

`build()` turns a parsed query, facet filters and a sort into a small tree of nodes. The
embedded and Elasticsearch engines each compile that tree to their own query objects, so the
two can only differ in how they score, never in what they match.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from . import analysis
from .query import Clause, ParsedQuery

# Text fields, each indexed twice: <name>_x exact (diacritics kept), <name>_f folded, with the
# boost a match there earns. `body` holds everything (title, authors, subjects, source, abstract,
# full text), so a query without a field prefix needs one posting list a word to match.
TEXT_FIELDS = {"title": 3.0, "author": 2.0, "subject": 2.0, "source": 1.0, "body": 1.0}
EXACT_BOOST = 1.5  # an exact-diacritics match outranks a folded-only one
QUERY_FIELD = {"title": "title", "author": "author", "subject": "subject", "source": "source"}
# Keyword fields for filters and facets (request parameter → index field).
FACETS = {"source": "source_key", "type": "type", "language": "language", "subject": "subject_key"}

Sort = Literal["relevance", "newest", "oldest", "added"]  # added: newest in the library first


@dataclass(frozen=True)
class Term:
    field: str
    value: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    field: str
    words: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class TermSet:
    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Range:
    field: str
    low: int | None
    high: int | None


@dataclass(frozen=True)
class MatchAll:
    pass


@dataclass(frozen=True)
class Bool:
    must: tuple["Node", ...] = ()
    should: tuple["Node", ...] = ()
    must_not: tuple["Node", ...] = ()
    filter: tuple["Node", ...] = ()


Node = Term | Phrase | TermSet | Range | MatchAll | Bool


@dataclass(frozen=True)
class Plan:
    query: Node
    sort: Sort = "relevance"
    offset: int = 0
    limit: int = 10
    facets: bool = True
    highlight_words: frozenset[str] = field(default_factory=frozenset)  # folded
    bonus: Node | None = None  # what earns a re-ranking bonus (words side by side)
    # (facet, number of values) to count instead of engines.base.FACET_FIELDS' facets, for
    # pages that list every value of one facet (browsing the library's subjects)
    facet_sizes: tuple[tuple[str, int], ...] = ()


def _match(clause: Clause) -> Node | None:
    """The clause's words in its field (or anywhere: `body` holds every text field), folded, as
    the condition; exact spellings and title matches add to the score without being needed."""
    exact_words = analysis.words(clause.text)
    if not exact_words:
        return None
    folded_words = [analysis.fold(w) for w in exact_words]
    name = QUERY_FIELD[clause.field] if clause.field else "body"
    boost = TEXT_FIELDS[name]
    if len(exact_words) == 1:
        condition: Node = Term(f"{name}_f", folded_words[0], boost)
    else:  # a quoted phrase, or words joined by punctuation ("nông-nghiệp")
        condition = Phrase(f"{name}_f", tuple(folded_words), boost)
    # Exact words as terms: cheap even where a phrase over common words is not.
    extras: list[Node] = [Term(f"{name}_x", w, boost * EXACT_BOOST) for w in exact_words]
    if name == "body":
        title = TEXT_FIELDS["title"]
        extras += [Term("title_x", w, title * EXACT_BOOST) for w in exact_words]
        extras += [Term("title_f", w, title) for w in folded_words]
    return Bool(must=(condition,), should=tuple(extras))


def _proximity_bonus(query: ParsedQuery) -> Node | None:
    loose = [c for c in query.positive if not c.phrase and c.field is None]
    words = [w for c in loose for w in analysis.words(c.text)]
    if len(words) < 2:
        return None
    return Phrase("body_f", tuple(analysis.fold(w) for w in words))


YEAR_VALUE = re.compile(r"[0-9]{1,4}")  # ASCII digits only: int() also reads "²" and "２"


def valid_filters(
    selected: dict[str, list[str]],
) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """The filters a plan can use, and (name, value) of each one dropped: a year or decade that
    is not a year. Facet values are exact keywords: any text is a valid (if empty) filter."""
    kept: dict[str, list[str]] = {}
    dropped: list[tuple[str, str]] = []
    for name, values in selected.items():
        if name in ("year", "decade"):
            good = [v for v in values if YEAR_VALUE.fullmatch(v)]
            dropped += [(name, v) for v in values if not YEAR_VALUE.fullmatch(v)]
        else:
            good = list(values)
        if good:
            kept[name] = good
    return kept, dropped


# Lucene's longest term, in UTF-8 bytes. A longer facet value is no indexed keyword, so it
# matches nothing, and Elasticsearch refuses to look for it.
MAX_KEYWORD_BYTES = 32766


def filters(selected: dict[str, list[str]]) -> tuple[Node, ...]:
    """Filter nodes of valid filters (see valid_filters)."""
    nodes: list[Node] = []
    for name, values in selected.items():
        if name in FACETS and values:
            keywords = (v for v in values if len(v.encode()) <= MAX_KEYWORD_BYTES)
            nodes.append(TermSet(FACETS[name], tuple(keywords)))
        elif name == "year" and values:
            years = [int(v) for v in values]
            nodes.append(Bool(should=tuple(Range("year", y, y) for y in years)))
        elif name == "decade" and values:
            decades = [int(v) for v in values]
            nodes.append(Bool(should=tuple(Range("year", d, d + 9) for d in decades)))
    return tuple(nodes)


def build(
    query: ParsedQuery,
    selected: dict[str, list[str]] | None = None,
    sort: Sort = "relevance",
    offset: int = 0,
    limit: int = 10,
    kind: str | None = None,
    exclude_kinds: Sequence[str] = (),
    pks: tuple[int | None, int | None] | None = None,
) -> Plan:
    """The plan of a parsed query over items of `kind` (any kind, without it) that are not of
    `exclude_kinds`, with ids in the range `pks` (both ends included) if given. The library's
    documents are nearly everything: leaving the few other items out is cheaper than
    intersecting every query with a posting list of the whole library."""
    must = tuple(n for c in query.positive if (n := _match(c)) is not None)
    must_not = tuple(n for c in query.clauses if c.negated if (n := _match(c)) is not None)
    limits = list(filters(selected or {}))
    if exclude_kinds:
        must_not += (TermSet("kind", tuple(exclude_kinds)),)
    if kind:
        limits.append(TermSet("kind", (kind,)))
    if query.years is not None:
        limits.append(Range("year", *query.years))
    if pks is not None:
        limits.append(Range("pk", *pks))
    root = Bool(must=must or (MatchAll(),), must_not=must_not, filter=tuple(limits))
    words = frozenset(analysis.fold(w) for c in query.positive for w in analysis.words(c.text))
    return Plan(root, sort, offset, limit, True, words, _proximity_bonus(query))
