"""An engine-neutral query plan: the search page's question, compiled once by each engine.

`build()` turns a parsed query, facet filters and a sort into a small tree of nodes. The
embedded and Elasticsearch engines each compile that tree to their own query objects, so the
two can only differ in how they score, never in what they match.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from . import analysis
from .query import Clause, ParsedQuery

# Text fields, each indexed twice: <name>_x exact (diacritics kept), <name>_f folded, with the
# boost a match there earns. `body` holds everything (title, authors, subjects, source, abstract,
# full text), so a query without a field prefix needs one posting list a word to match.
TEXT_FIELDS = {"title": 3.0, "author": 2.0, "subject": 2.0, "source": 1.0, "body": 1.0}
EXACT_BOOST = 1.5  # an exact-diacritics match outranks a folded-only one
# Fields also indexed as pairs of adjacent words (<name>_x2, <name>_f2, see analysis.pairs): two
# query words side by side in one of them earn PAIR_BOOST times the field's boost, in the first
# pass, so that the words side by side outrank the same words apart (a Vietnamese word is mostly
# two syllables: "chăn nuôi"). In authors, the pairs of a query word sequence match a name.
# The folded pairs (<name>_f2) have positions: a quoted phrase is a phrase of its pairs there.
PAIR_FIELDS = ("title", "author", "body")
PAIR_BOOST = 2.0
# The only fields whose positions a query reads (_match): a phrase is one of folded pairs in a
# field with pairs, of folded words in a field without. The engines index positions here alone:
# those of the other word fields were never read, and at 229k the embedded index went from 3.1
# to 1.9 GB without them (Elasticsearch's from 4.8 to 3.9 GB).
POSITIONS = frozenset(
    {f"{name}_f2" for name in PAIR_FIELDS}
    | {f"{name}_f" for name in TEXT_FIELDS if name not in PAIR_FIELDS}
)
# Every text field the engines index, in the order they declare it, and whether it holds pairs
# (split on whitespace alone, so that each pair stays one token) rather than words.
INDEX_FIELDS = tuple(
    [(f"{name}_{suffix}", False) for name in TEXT_FIELDS for suffix in "xf"]
    + [(f"{name}_{suffix}2", True) for name in PAIR_FIELDS for suffix in "xf"]
)

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
    # (facet, number of values) to count instead of engines.base.FACET_FIELDS' facets, for
    # pages that list every value of one facet (browsing the library's subjects)
    facet_sizes: tuple[tuple[str, int], ...] = ()
    # Facet counts over more matches than this may be estimated from a sample of them, 1 in 16,
    # and scaled to the exact total (engines.base.estimates); None: counted exactly.
    estimate_facets_above: int | None = None


def _match(clause: Clause) -> tuple[tuple[Node, ...], tuple[Node, ...]]:
    """(conditions, extras) of a clause: its words in its field (or anywhere: `body` holds
    every text field), folded, as the conditions (side by side only in a phrase or an
    exclusion); exact spellings and title matches as extras, which add to the score without
    being needed. Both are given flat, for the plan's one boolean query: a boolean per clause
    scores the same sum and costs the engine a level of scorers."""
    exact_words = analysis.words(clause.text)
    if not exact_words:
        return (), ()
    folded_words = [analysis.fold(w) for w in exact_words]
    name = QUERY_FIELD[clause.field] if clause.field else "body"
    boost = TEXT_FIELDS[name]
    together = len(folded_words) > 1 and (clause.phrase or clause.negated)
    if together and name in PAIR_FIELDS:
        # Words side by side in one value of the field are its pairs side by side: a phrase of
        # pairs, whose positions are read only where every pair is, and are far fewer than a
        # common word's. At 229k, quoted phrases' p95 over HTTP went from 111-132 ms (by the
        # words' positions, in the documents with every pair) to 53-61 ms. Two words are one
        # pair: a term, no positions at all.
        pairs = tuple(analysis.pairs(folded_words))
        field = f"{name}_f2"
        conditions: tuple[Node, ...] = (
            (Term(field, pairs[0], boost),) if len(pairs) == 1 else (Phrase(field, pairs, boost),)
        )
    elif together:  # "-nuôi-tôm" leaves out that word, not each of its syllables
        conditions = (Phrase(f"{name}_f", tuple(folded_words), boost),)
    else:  # words joined by punctuation ("chan-nuoi"): each needed; side by side ranks higher
        conditions = tuple(Term(f"{name}_f", w, boost) for w in folded_words)
    # Exact words as terms: cheap even where a phrase over common words is not.
    extras: list[Node] = [Term(f"{name}_x", w, boost * EXACT_BOOST) for w in exact_words]
    if name == "body":
        title = TEXT_FIELDS["title"]
        extras += [Term("title_x", w, title * EXACT_BOOST) for w in exact_words]
        extras += [Term("title_f", w, title) for w in folded_words]
    return conditions, tuple(extras)


def without_pair_positions(phrase: Phrase) -> Node:
    """A phrase for an index built before its field's folded pairs had positions, matched as
    that release matched it: a phrase of pairs (`<name>_f2`) as the phrase of its words, in the
    documents that have each of its pairs, so that it never runs from one value into the next.
    Any other phrase as it is."""
    if not phrase.field.endswith("_f2"):
        return phrase
    words = [pair.split(analysis.JOINER)[0] for pair in phrase.words]
    words.append(phrase.words[-1].split(analysis.JOINER)[1])
    by_words = Phrase(phrase.field.removesuffix("2"), tuple(words), phrase.boost)
    return Bool(must=(by_words,), filter=tuple(Term(phrase.field, pair) for pair in phrase.words))


def unscored(node: Node) -> Node:
    """What `node` matches, without what only scores it: a Bool's should-clauses, where it has
    must-clauses (every plan's root has), add to the score of its matches and match nothing
    more. A pass that only counts needs none of them: at 229k, the embedded facet pass took
    1.83 ms (p50) and 3.82 (p95) without them, against 2.15 and 5.35 with them."""
    if isinstance(node, Bool) and node.must and node.should:
        return replace(node, should=())
    return node


# An exact word (or pair) found in this share of the documents its folded form is in, or more,
# is taken as the library's only spelling of it (merge_sole_spellings).
SOLE_SHARE = 0.99
# Each field of exact words or pairs → its folded twin (body_x → body_f, title_x2 → title_f2)
FOLDED_FIELD = {f"{name}_x{pair}": f"{name}_f{pair}" for name in TEXT_FIELDS for pair in ("", "2")}


def merge_sole_spellings(node: Node, doc_freq: Callable[[str, str], int]) -> Node:
    """`node` with each exact word or pair that the index spells (nearly) only one way scored
    with the same folded in the same field, where the query has that too: a term whose exact
    form is in SOLE_SHARE of the documents its folded form is in ("nuôi" for "nuoi"; not "bàn"
    beside "ban" and "bán") scores what its folded form scores, in nearly every match, so the
    two clauses weigh as one, at the cost of one posting list instead of two as long.
    `doc_freq(field, term)` is how many documents hold the term. At 229k, on two sets of 400
    unseen queries, the top-hits pass took 5.1 and 5.5 ms at p50 against 6.2 and 6.3 with
    every exact form apart, p95 18.9 and 21.4 against 23.8 and 24.6; the same ten hits in the
    same order for 360 and 373 of the queries, the same ten for 381 and 387
    (benchmarks/search_costs.py, seeds 2918 and 2919). Where the order differs, the hits that
    changed places scored the same apart (median) or within 6%. Only where an engine asks:
    the plan, the same for every engine, scores every exact form apart."""
    if not isinstance(node, Bool) or not node.should:
        return node
    groups = {"must": list(node.must), "should": list(node.should)}
    where = {
        (n.field, n.value): (group, at, n)
        for group, nodes in groups.items()
        for at, n in enumerate(nodes)
        if isinstance(n, Term)
    }
    merged: set[int] = set()
    for at, extra in enumerate(node.should):
        if not isinstance(extra, Term) or extra.field not in FOLDED_FIELD:
            continue
        folded = (FOLDED_FIELD[extra.field], _fold_term(extra.value))
        documents = doc_freq(*folded) if folded in where else 0
        if documents and doc_freq(extra.field, extra.value) >= SOLE_SHARE * documents:
            group, place, into = where[folded]
            boosted = replace(into, boost=into.boost + extra.boost)
            groups[group][place] = boosted
            where[folded] = (group, place, boosted)  # a word typed twice adds twice
            merged.add(at)
    should = tuple(n for at, n in enumerate(groups["should"]) if at not in merged)
    return replace(node, must=tuple(groups["must"]), should=should)


def _fold_term(term: str) -> str:
    """An analysed word or pair ("chăn_nuôi"), folded ("chan_nuoi")."""
    return analysis.JOINER.join(analysis.fold(word) for word in term.split(analysis.JOINER))


def has_positions(field: str, pair_positions: bool = True) -> bool:
    """Whether an index keeps the positions of this text field: where a phrase reads them; in an
    index an earlier release built (`pair_positions` False), of every field's words (<name>_x,
    <name>_f) and none of its pairs."""
    if not pair_positions:
        return not field.endswith("2")
    return field in POSITIONS


def _name(exact_words: list[str]) -> list[Node]:
    """Pairs of words that make a name in the author field, in the order typed: with the
    diacritics typed where a pair has any, so that a namesake spelled otherwise (Lê Thị Hòng
    for Lê Thị Hồng) is another name; folded where the pair was typed without. A name weighs
    what the same pair would in a title: less, and a title word the name shares ("… ở đô
    thị" for Lê Thị Hồng) outranked the person's own works."""
    boost = TEXT_FIELDS["title"] * PAIR_BOOST * EXACT_BOOST
    folded = analysis.pairs([analysis.fold(w) for w in exact_words])
    return [
        Term("author_x2", x, boost) if x != f else Term("author_f2", f, boost)
        for x, f in zip(analysis.pairs(exact_words), folded, strict=True)
    ]


def _side_by_side(exact_words: list[str], names: tuple[str, ...]) -> list[Node]:
    """Should-clauses for each pair of adjacent words found as a pair in the fields `names`."""
    folded = analysis.pairs([analysis.fold(w) for w in exact_words])
    nodes: list[Node] = []
    for name in names:
        boost = TEXT_FIELDS[name] * PAIR_BOOST
        nodes += [Term(f"{name}_f2", f, boost) for f in folded]
        nodes += [Term(f"{name}_x2", x, boost * EXACT_BOOST) for x in analysis.pairs(exact_words)]
    return nodes


def _adjacency(query: ParsedQuery) -> tuple[Node, ...]:
    """What earns words typed side by side a higher rank: the loose words of the query as a
    sequence in the text, the title and as a name; a quoted name in authors as that name."""
    loose = [c for c in query.positive if not c.phrase and c.field is None]
    words = [w for c in loose for w in analysis.words(c.text)]
    nodes = _side_by_side(words, ("body", "title")) + _name(words)
    for clause in query.positive:
        if clause.field == "author":
            nodes += _name(analysis.words(clause.text))
        elif clause.field == "title":
            nodes += _side_by_side(analysis.words(clause.text), ("title",))
    return tuple(nodes)


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
    years: tuple[int | None, int | None] | None = None,
    uids: tuple[str, ...] | None = None,
) -> Plan:
    """The plan of a parsed query over items of `kind` (any kind, without it) that are not of
    `exclude_kinds`, with ids in the range `pks` and years in the range `years` (both ends
    included; None: open), and among the items `uids`, if given. The library's documents are
    nearly everything: leaving the few other items out is cheaper than intersecting every query
    with a posting list of the whole library."""
    matched = [_match(c) for c in query.positive]
    must = tuple(node for conditions, _ in matched for node in conditions)
    must_not = tuple(
        Bool(must=conditions) if len(conditions) > 1 else conditions[0]
        for c in query.clauses
        if c.negated
        if (conditions := _match(c)[0])
    )
    limits = list(filters(selected or {}))
    if exclude_kinds:
        must_not += (TermSet("kind", tuple(exclude_kinds)),)
    if kind:
        limits.append(TermSet("kind", (kind,)))
    if query.years is not None:
        limits.append(Range("year", *query.years))
    if pks is not None:
        limits.append(Range("pk", *pks))
    if years is not None:
        limits.append(Range("year", *years))
    if uids is not None:
        limits.append(TermSet("uid", uids))
    # scores only order a search by relevance: a sorted one need not compute them
    extras = tuple(node for _, more in matched for node in more)
    should = extras + _adjacency(query) if sort == "relevance" else ()
    root = Bool(must=must or (MatchAll(),), should=should, must_not=must_not, filter=tuple(limits))
    words = frozenset(analysis.fold(w) for c in query.positive for w in analysis.words(c.text))
    return Plan(root, sort, offset, limit, True, words)
