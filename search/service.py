"""The one search interface every view and the API use; the engine behind it is configuration.

`search()` parses what the user typed, asks the engine, and dresses the hits for display
(search.documents), with facet values labelled (search.facets), what the parser changed worded
for the reader (search.notices) and a better spelling offered (search.suggestion).
`search_others()` finds the other registered kinds (search.kinds), which the page shows apart.
`browse()` is the facets of a search with no query, as many values as asked: the library
browsed without typing.
"""

import math
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import cast

from . import kinds, notices, plan, query
from .documents import document_hits
from .engines import get_engine
from .engines.base import MAX_RESULT_WINDOW
from .facets import Facet, facets
from .hits import Hit
from .records import pk_of, uid
from .suggestion import did_you_mean

MAX_SIZE = 100
SORTS = ("relevance", "newest", "oldest", "added")
FILTER_PARAMS = ("source", "type", "language", "subject", "year", "decade")
# The most values browse() counts of a facet: Elasticsearch refuses more than its
# search.max_buckets (65,536) buckets in one answer.
BROWSE_LIMIT = 60_000
# Above this many matches the search page's facet counts may be estimates (plan.Plan): values
# shown "≈", rounded to two figures. Browsing the library counts exactly.
ESTIMATE_FACETS_ABOVE = 20_000
_OTHER_KINDS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="other-kinds")


@dataclass
class Results:
    q: str
    total: int
    hits: list[Hit]
    facets: list[Facet]
    page: int
    size: int
    sort: str
    selected: dict[str, list[str]]
    notices: list[str] = field(default_factory=list)
    suggestion: str = ""  # the query in the library's own spelling, if that differs
    facets_estimated: bool = False  # the facet counts are estimates, rounded

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))


def clamp_int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        return min(high, max(low, int(value or default)))
    except ValueError:
        return default


def _filters(
    selected: dict[str, list[str]] | None,
) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    asked = {k: v for k, v in (selected or {}).items() if k in FILTER_PARAMS and v}
    return plan.valid_filters(asked)


def _sort(sort: str) -> plan.Sort:
    return cast(plan.Sort, sort if sort in SORTS else "relevance")


def _page_plan(
    parsed: query.ParsedQuery,
    selected: dict[str, list[str]],
    sort: plan.Sort,
    offset: int,
    size: int,
    others: list[str],
) -> plan.Plan:
    built = plan.build(parsed, selected, sort, offset, size, exclude_kinds=others)
    return replace(built, estimate_facets_above=ESTIMATE_FACETS_ABOVE)


def page_plan(q: str, selected: dict[str, list[str]] | None = None) -> plan.Plan:
    """The engine's plan of the search page's first page of documents for `q` and the filters
    in `selected`, as search() asks it (benchmarks time the engine alone on it)."""
    selected, _ = _filters(selected)
    others = [k.name for k in kinds.others()]
    return _page_plan(query.parse(q or ""), selected, "relevance", 0, 10, others)


def search(
    q: str,
    selected: dict[str, list[str]] | None = None,
    sort: str = "relevance",
    page: int = 1,
    size: int = 10,
) -> Results:
    """The library's documents matching `q` and the facet filters in `selected`."""
    parsed = query.parse(q or "")
    selected, dropped = _filters(selected)
    sort = _sort(sort)
    size = min(MAX_SIZE, max(1, size))
    page = max(1, page)
    offset = (page - 1) * size
    deep = offset + size > MAX_RESULT_WINDOW  # past any engine's window: count, show nothing
    others = [k.name for k in kinds.others()]
    built = _page_plan(parsed, selected, sort, 0 if deep else offset, size, others)
    answer = get_engine().search(built)
    shown = [] if deep else answer.hits
    hits = document_hits([pk_of(h.uid) for h in shown], built.highlight_words)
    said = [notices.notice(code, detail) for code, detail in parsed.notices]
    said += [notices.bad_filter(name, value) for name, value in dropped]
    if page > 1 and not hits and answer.total:
        said.append(notices.page_beyond_results())
    suggestion = did_you_mean(parsed, answer.total, selected, others) if page == 1 else ""
    return Results(
        q=q,
        total=answer.total,
        hits=hits,
        facets=facets(answer.facets, selected, answer.facets_estimated),
        page=page,
        size=size,
        sort=sort,
        selected=selected,
        notices=said,
        suggestion=suggestion,
        facets_estimated=answer.facets_estimated,
    )


def document_ids(
    q: str,
    selected: dict[str, list[str]] | None = None,
    sort: str = "relevance",
    limit: int = 10,
    pks: tuple[int | None, int | None] | None = None,
    years: tuple[int | None, int | None] | None = None,
    ids: Sequence[int] | None = None,
) -> tuple[int, list[int]]:
    """How many documents the search page would find, and the ids of its first `limit`, in the
    page's order (among ids in the range `pks`, of years in the range `years`, and among `ids`,
    if given): for the feeds, the alerts, the exports and the admin's list, which read only the
    columns they show."""
    selected, _ = _filters(selected)
    others = [k.name for k in kinds.others()]
    limit = min(limit, MAX_RESULT_WINDOW)
    parsed = query.parse(q or "")
    uids = None if ids is None else tuple(uid(pk) for pk in ids)
    built = plan.build(
        parsed,
        selected,
        _sort(sort),
        0,
        limit,
        exclude_kinds=others,
        pks=pks,
        years=years,
        uids=uids,
    )
    answer = get_engine().search(replace(built, facets=False))
    return answer.total, [pk_of(h.uid) for h in answer.hits]


def browse(sizes: dict[str, int]) -> dict[str, Facet]:
    """The values of the facets in `sizes` (name → how many, most frequent first, at most
    BROWSE_LIMIT) over every document, each with its count. "year" brings "decade" too."""
    others = [k.name for k in kinds.others()]
    # one hit: tantivy refuses a search for none
    built = plan.build(query.parse(""), {}, "relevance", 0, 1, exclude_kinds=others)
    asked = tuple((name, min(size, BROWSE_LIMIT)) for name, size in sizes.items())
    answer = get_engine().search(replace(built, facet_sizes=asked))
    wanted = set(sizes) | ({"decade"} if "year" in sizes else set())
    return {f.name: f for f in facets(answer.facets, {}) if f.name in wanted}


def kind_ids(q: str, kind: str, size: int = 5) -> tuple[list[int], frozenset[str]]:
    """The ids of the items of one registered kind matching the query, most relevant first,
    and the query's words to mark in them."""
    parsed = query.parse(q or "")
    if parsed.is_empty:
        return [], frozenset()
    built = plan.build(parsed, {}, "relevance", 0, min(size, MAX_RESULT_WINDOW), kind)
    answer = get_engine().search(replace(built, facets=False))
    return [pk_of(h.uid) for h in answer.hits], built.highlight_words


def search_kind(q: str, kind: kinds.Kind, size: int = 5) -> list[Hit]:
    """Items of one registered kind matching the query, most relevant first."""
    return _dressed(kind, *kind_ids(q, kind.name, size))


def _dressed(kind: kinds.Kind, pks: list[int], words: frozenset[str]) -> list[Hit]:
    if not pks:  # most searches: no need to ask the kind (news asks for a page tree)
        return []
    return kind.dress(pks, words)


def others_later(q: str, size: int = 5) -> Callable[[], list[tuple[kinds.Kind, list[Hit]]]]:
    """Start asking the engine for each other registered kind's items matching the query, on
    other threads (tantivy and the Elasticsearch client wait without the GIL), so that the
    search page's own search runs meanwhile: three kinds took 1.8 ms one after the other. The
    function returned waits for them, and dresses the hits in the caller's thread (the
    database connection is the request's): each kind with its hits, where it has any."""
    asked = [(kind, _OTHER_KINDS.submit(kind_ids, q, kind.name, size)) for kind in kinds.others()]

    def found() -> list[tuple[kinds.Kind, list[Hit]]]:
        dressed = [(kind, _dressed(kind, *lookup.result())) for kind, lookup in asked]
        return [(kind, hits) for kind, hits in dressed if hits]

    return found


def search_others(q: str, size: int = 5) -> list[tuple[kinds.Kind, list[Hit]]]:
    """Each other registered kind with its hits, where it has any."""
    return others_later(q, size)()
