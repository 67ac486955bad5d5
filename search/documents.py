"""The library's documents as the index's main kind: their records, their hit cards (what a
result shows, one row a document, written with the records) and their hits dressed for display
from the cards, read as plain rows."""

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from functools import lru_cache, partial

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet, TextField
from django.db.models.functions import Cast, Substr
from django.urls import reverse
from django.utils.translation import get_language

from library.dublin_core import values_by_element
from library.fulltext import attachment_texts
from library.models import (
    Document,
    DocumentFile,
    DocumentQuerySet,
    DocumentText,
    DocumentType,
    Source,
)
from library.source_names import source_names

from . import highlight, kinds, records
from .engines.base import IndexRecord
from .hits import Hit
from .models import HitCard
from .processes import mapped

CHUNK = 1000  # documents read from the database at a time
BATCH = 100  # documents analysed at a time (by one process, in a rebuild)
# Characters of full text searched for the passage to show, kept in each hit's card: at 4,000 a
# card took two pages of the database, three to read (2.5 ms p50 for a page of hits from a cold
# disk) and 1.9 GB at 229k; at 1,500 one page (1.3-1.8 ms) and 0.9 GB, and 98.7% of the
# snippets of 300 unseen queries' hits were the same (the rest match deeper in the text, and
# show its start).
SNIPPET_SCAN = 1500
PLACEHOLDER = "LOCALID"
# What a hit shows: HitCard's fields in its column order, and the columns read for them
CARD_FIELDS = (
    "document_id",
    "local_id",
    "title",
    "year",
    "doc_type",
    "source_id",
    "has_pdf",
    "authors",
    "abstract",
    "head",
)
CARD_COLUMNS = (*CARD_FIELDS[:7], "authors_json", "abstract", "head")
COLUMNS = (
    "id",
    "local_id",
    "title",
    "year",
    "doc_type",
    "source_id",
    "metadata_json",
    "start",
    "has_pdf",
)


def type_labels() -> dict[str, str]:
    """Document type code → its name in the reader's language."""
    return _type_labels(get_language())


@lru_cache(maxsize=8)
def _type_labels(language: str) -> dict[str, str]:  # what gettext gives under `language`
    return {t.value: str(t.label) for t in DocumentType}


def _fetch(build: Callable[[list[int], str], QuerySet], pks: list[int]) -> list[tuple]:
    """The rows of `build`'s query for `pks` (distinct), by a query compiled once for that many
    ids: Django compiles a queryset anew every time, 1.1 ms of the 1.9 ms the hits' rows took at
    229k documents."""
    if not pks:
        return []
    sql, compiled, slots = _compiled(build, len(pks), connection.alias)
    params = list(compiled)
    for slot, pk in zip(slots, pks, strict=True):
        params[slot] = pk
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@lru_cache(maxsize=128)
def _compiled(
    build: Callable[[list[int], str], QuerySet], count: int, alias: str
) -> tuple[str, tuple, tuple[int, ...]]:
    """The SQL of `build`'s query for `count` ids, its parameters, and where the ids go."""
    stand_ins = list(range(-count, 0))  # no document has these ids: they mark the slots
    sql, params = build(stand_ins, alias).query.sql_with_params()
    return sql, tuple(params), tuple(params.index(stand_in) for stand_in in stand_ins)


def _documents(pks: list[int], alias: str) -> QuerySet:
    """What a hit shows, read from the active documents, their texts and their files."""
    return (
        Document.objects.using(alias)
        .filter(pk__in=pks)
        .active_by_id()
        .annotate(
            metadata_json=Cast("metadata", TextField()),
            start=Substr("fulltext__text", 1, SNIPPET_SCAN),
            has_pdf=Exists(DocumentFile.objects.filter(document=OuterRef("pk"))),
        )
        .values_list(*COLUMNS)
    )


def _cards(pks: list[int], alias: str) -> QuerySet:
    """The same, from the documents' cards."""
    return (
        HitCard.objects.using(alias)
        .filter(pk__in=pks)
        .annotate(authors_json=Cast("authors", TextField()))
        .values_list(*CARD_COLUMNS)
    )


def _from_document(row: tuple) -> tuple:
    """A row of _documents as one of CARD_COLUMNS."""
    pk, local_id, title, year, doc_type, source_id, metadata_json, start, has_pdf = row
    values = values_by_element(metadata_json)
    abstract = " ".join(values.get("description", []))
    authors = values.get("creator", [])
    return (
        pk,
        local_id,
        title,
        year,
        doc_type,
        source_id,
        bool(has_pdf),
        authors,
        abstract,
        start or "",
    )


def _from_card(row: tuple) -> tuple:
    """A row of _cards as one of CARD_COLUMNS, its authors read from JSON."""
    *shown, has_pdf, authors_json, abstract, head = row
    return (*shown, bool(has_pdf), json.loads(authors_json), abstract, head)


def refresh_cards(pks: Iterable[int]) -> None:
    """Write the cards of these documents as they are now; a withdrawn or deleted document's
    goes. Called with their index records (search.indexing), so a hit found has its card."""
    pks = list(dict.fromkeys(pks))
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start : start + CHUNK]
        rows = [_from_document(row) for row in _fetch(_documents, chunk)]
        cards = [HitCard(**dict(zip(CARD_FIELDS, row, strict=True))) for row in rows]
        HitCard.objects.bulk_create(
            cards,
            update_conflicts=True,
            unique_fields=["document"],
            update_fields=CARD_FIELDS[1:],
        )
        HitCard.objects.filter(pk__in=chunk).exclude(pk__in=[row[0] for row in rows]).delete()


def refresh_all_cards(missing_only: bool = False) -> int:
    """Write the card of every active document (`missing_only`: of those without one, as after
    an upgrade); how many that was."""
    active = Document.objects.filter(status=Document.Status.ACTIVE)
    if missing_only:
        active = active.exclude(pk__in=HitCard.objects.values("pk"))
    pks = list(active.order_by("id").values_list("id", flat=True))
    refresh_cards(pks)
    return len(pks)


def document_hits(pks: list[int], words: frozenset[str]) -> list[Hit]:
    """Hits for display, in the order of `pks`, from the documents' cards, read as plain rows:
    building Document instances (a ClusterableModel) costs about a millisecond each. A document
    without a card (none written yet) is read from its rows; withdrawn ones are left out."""
    wanted = list(dict.fromkeys(pks))
    rows = {row[0]: _from_card(row) for row in _fetch(_cards, wanted)}
    if missing := [pk for pk in wanted if pk not in rows]:
        rows.update((row[0], _from_document(row)) for row in _fetch(_documents, missing))
    sources = source_names(row[5] for row in rows.values())
    types = type_labels()
    page_url = reverse("documents:page", args=[PLACEHOLDER])
    pdf_url = reverse("documents:pdf", args=[PLACEHOLDER])
    hits = []
    for pk in pks:
        if pk not in rows:
            continue  # withdrawn since it was indexed
        _, local_id, title, year, doc_type, source_id, has_pdf, authors, abstract, head = rows[pk]
        hits.append(
            Hit(
                id=local_id,
                kind=kinds.DOCUMENT,
                title=highlight.mark(title, words),
                url=page_url.replace(PLACEHOLDER, local_id),
                snippet=highlight.passage(f"{abstract}\n{head}", words),
                authors=authors,
                year=year,
                source=sources.get(source_id, ("", ""))[1],
                doc_type=types.get(doc_type, doc_type),
                pdf_url=pdf_url.replace(PLACEHOLDER, local_id) if has_pdf else "",
            )
        )
    return hits


def document_records(queryset: DocumentQuerySet, processes: int = 1) -> Iterator[IndexRecord]:
    """Index records of the active documents in `queryset`, read a chunk at a time and
    analysed on `processes` processes (search.processes), in the order of their ids."""
    sources = {
        pk: (slug, f"{name} {province} {slug}")
        for pk, slug, name, province in Source.objects.values_list("id", "slug", "name", "province")
    }
    work = partial(records.analysed_documents, sources=sources)
    return mapped(work, _rows_with_text(queryset), processes)


def active_rows(queryset: DocumentQuerySet, columns: tuple[str, ...]) -> Iterator[list[tuple]]:
    """The active documents of `queryset` as rows of `columns` ("metadata_json": the metadata
    as JSON text), CHUNK at a time by id."""
    rows = queryset.active_by_id().annotate(metadata_json=Cast("metadata", TextField()))
    last = 0
    while chunk := list(rows.filter(id__gt=last).order_by("id").values_list(*columns)[:CHUNK]):
        last = chunk[-1][0]
        yield chunk


def _rows_with_text(queryset: DocumentQuerySet) -> Iterator[list[tuple[tuple, str]]]:
    """(row of records.COLUMNS, full text) of the active documents, BATCH at a time."""
    for rows in active_rows(queryset, records.COLUMNS):
        ids = [r[0] for r in rows]
        fulltexts = dict(
            DocumentText.objects.filter(document_id__in=ids).values_list("document_id", "text")
        )
        attachments = attachment_texts(ids)  # a record's other PDFs are searched too
        texts = [
            "\n\n".join(t for t in (fulltexts.get(pk), attachments.get(pk)) if t) for pk in ids
        ]
        for start in range(0, len(rows), BATCH):
            yield list(zip(rows[start : start + BATCH], texts[start : start + BATCH], strict=True))


def changed_since(since: datetime | None) -> Iterable[int]:
    """Documents saved, withdrawn or given a text at or after `since` (all, without it).

    Two range reads on two indexed columns, not one OR across the join: that OR made the
    database read all 229,000 rows (1.4-1.6 s) to find none changed (issue #17)."""
    if since is None:
        return Document.objects.values_list("id", flat=True)
    saved = Document.objects.filter(datestamp__gte=since).values_list("id", flat=True)
    texts = DocumentText.objects.filter(updated_at__gte=since).values_list("document_id", flat=True)
    return sorted({*saved, *texts})


KIND = kinds.Kind(
    name=kinds.DOCUMENT,
    label="",
    records=lambda pks: document_records(Document.objects.filter(pk__in=pks)),
    everything=lambda processes: document_records(Document.objects.all(), processes),
    changed_since=changed_since,
    dress=document_hits,
)
