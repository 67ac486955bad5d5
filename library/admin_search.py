"""The documents' list in the admin, searched as readers search the portal.

Searched by the ORM (`icontains` on the title and both identifiers), the list scanned every row
of the library: 340-770 ms at 229,000 documents, and a title typed without its diacritics
("Danh gia anh") found nothing. The library cannot import the search engine (it sits below
it), so the search app registers a finder under the Wagtail hook FIND_DOCUMENTS: a function
of (query, at most how many, Narrowed) giving how many active documents the portal's search
finds and the ids of the most relevant, in that order. Besides what it finds, the list holds the
documents whose identifier (local or at the source) is the query, whatever their status, and
the withdrawn and deleted ones (which the portal's search leaves out) whose title or
identifiers contain it. A document the index does not hold yet (harvested with --no-index,
before `search_index update`) is found by its identifiers alone. Without a finder, or when it
fails (its engine down: logged), every document is searched by the ORM, as before.

The list's filters that the engine knows (source, type, years) go to the finder, so that they
narrow everything it finds, not only the AT_MOST most relevant: "lúa" filtered to one library
found 1,000 documents of every library, of which that one's few. The others (collections, text
status, poor text, date added, status) are the database's: where the finder found more than the
list holds, it is asked again among the documents they allow, by id, if at most WITHIN (a
collection, the texts that failed, last week's documents), so that they too narrow every match;
"lúa" added in the last 10 days listed 6 documents at 229,000, now 1,000. Where they allow
more, they narrow the AT_MOST most relevant, and the list says when it holds fewer than were
found.
"""

import logging
from dataclasses import dataclass, replace

from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat, StrIndex
from wagtail import hooks

from .models import Document, Source

logger = logging.getLogger(__name__)

FIND_DOCUMENTS = "library_find_documents"
# How many of the finder's documents the list holds, most relevant first: twenty pages of 50.
AT_MOST = 1000
# The most documents the database's filters may allow for their ids to go to the finder. At
# 229,000 documents, reading 10,001 ids of a collection took 26 ms and searching among 10,000
# 26 ms (10 ms among all); at 20,000, 41 and 32 ms. Elasticsearch's terms query takes at most
# 65,536 (index.max_terms_count).
WITHIN = 10_000
# The list's filters the engine applies itself (narrowed()), and status "active", which is all
# it holds; the others are the database's.
ENGINE_FILTERS = frozenset({"source", "doc_type", "year", "year__gte", "year__lte"})


@dataclass(frozen=True)
class Narrowed:
    """The list's filters the finder applies to every match: sources by slug, types, the
    years (both ends included; None: open) and the ids the database's filters allow (None: any;
    see search())."""

    sources: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    years: tuple[int | None, int | None] = (None, None)
    ids: tuple[int, ...] | None = None
    database_filtered: bool = False  # a filter the engine does not know is chosen


def narrowed(chosen: dict) -> Narrowed:
    """The Narrowed of the list's filters as its form cleaned them (`source` a Source,
    `doc_type` a string, `year`, `year__gte`, `year__lte` numbers; any may be empty). A year
    bound past the four digits a document's year has (library.models.year_of) is taken at the
    nearest (the list's own filter keeps its exact meaning): the engine's integers stop at 2⁶³,
    and a year of 24 digits made the finder fail."""
    source, doc_type, year = chosen.get("source"), chosen.get("doc_type"), chosen.get("year")
    lows = [y for y in (chosen.get("year__gte"), year) if y is not None]
    highs = [y for y in (chosen.get("year__lte"), year) if y is not None]
    return Narrowed(
        sources=(source.slug,) if source else (),
        doc_types=(doc_type,) if doc_type else (),
        years=(_year(max(lows)) if lows else None, _year(min(highs)) if highs else None),
        database_filtered=any(
            _chosen(value)
            for name, value in chosen.items()
            if name not in ENGINE_FILTERS and (name, value) != ("status", Document.Status.ACTIVE)
        ),
    )


def _chosen(value) -> bool:
    """Whether a filter's cleaned value chooses anything: not None, "" or an empty choice of
    several (a choice of "no" is one)."""
    if isinstance(value, QuerySet | list | tuple):
        return len(value) > 0
    return value is not None and value != ""


def _year(bound) -> int:
    return min(max(int(bound), 0), 9999)


@dataclass(frozen=True)
class Searched:
    documents: QuerySet
    # how many active documents the finder found (among those the database's filters allow,
    # where it was asked again among them); None: no finder
    found: int | None = None


def _containing(q: str, fields: list[str]) -> Q:
    """Documents with `q` in one of `fields` (the list's search_fields), as Wagtail's own
    search of a model it does not index asks."""
    found = Q()
    for field in fields:
        found |= Q(**{f"{field}__icontains": q})
    return found


def _identified(q: str) -> list[int]:
    """Documents whose local or source identifier is `q`: the latter looked up source by
    source, by the harvester's (source, origin_identifier) index."""
    by_local = Document.objects.filter(local_id=q)
    sources = list(Source.objects.values_list("pk", flat=True))
    at_source = Document.objects.filter(source_id__in=sources, origin_identifier=q)
    return list(by_local.union(at_source).values_list("pk", flat=True))


def _allowed(documents: QuerySet, narrowing: Narrowed) -> Narrowed | None:
    """`narrowing` with the ids of `documents` (the list's, filtered), if at most WITHIN."""
    ids = list(documents.order_by().values_list("pk", flat=True)[: WITHIN + 1])
    return None if len(ids) > WITHIN else replace(narrowing, ids=tuple(ids))


def _found(q: str, narrowing: Narrowed) -> tuple[int, list[int]] | None:
    finders = hooks.get_hooks(FIND_DOCUMENTS)
    if not finders:
        return None
    if narrowing.ids == ():  # the filters allow no document
        return 0, []
    try:
        return finders[-1](q, AT_MOST, narrowing)  # the last registered: a site's own
    except Exception:  # the engine down or refusing: the ORM searches instead
        logger.exception("the admin's document search fell back to the database: %r", q)
        return None


def _place_in(ids: list[int]) -> StrIndex:
    """A document's place in `ids`, as an expression: where ",<its id>," starts in the ids
    written out (",4,17,9,"). In the order of a CASE of one WHEN an id, SQLite compared every
    listed row with each id in turn: 366 ms for the page of a list of 1,000 at 229,000."""
    written = Value("," + ",".join(map(str, ids)) + ",")
    return StrIndex(written, Concat(Value(","), Cast("pk", CharField()), Value(",")))


def search(
    documents: QuerySet,
    q: str,
    fields: list[str],
    by_relevance: bool,
    narrowing: Narrowed = Narrowed(),
) -> Searched:
    """`documents` (a list's, filtered and ordered) narrowed to those found for `q`, by the
    finder (given the list's filters it knows, `narrowing`), or with `q` in one of `fields`;
    put in the finder's order (identifiers first) when `by_relevance`."""
    found = _found(q, narrowing)
    if found is not None and found[0] > AT_MOST and narrowing.database_filtered:
        # the database's filters narrowed only the most relevant: asked again among the
        # documents they allow, if few enough (a rare word's matches are all there already)
        if (among := _allowed(documents, narrowing)) is not None:
            found = _found(q, among) or found  # failing, the first answer stands
    if found is None:
        return Searched(documents.filter(_containing(q, fields)))
    total, ranked = found
    hidden = Document.objects.filter(
        status__in=[Document.Status.WITHDRAWN, Document.Status.DELETED]
    ).filter(_containing(q, fields))
    ids = _identified(q) + ranked + list(hidden.values_list("pk", flat=True))
    narrowed = documents.filter(pk__in=ids)
    if by_relevance:
        narrowed = narrowed.order_by(_place_in(ids), *documents.query.order_by, "-pk")
    return Searched(narrowed, total)
