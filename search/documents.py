"""The library's documents as the index's main kind: their records, and their hits dressed
for display from plain rows."""

from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import lru_cache, partial

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet, TextField
from django.db.models.functions import Cast, Substr
from django.urls import reverse
from django.utils.translation import get_language

from library.dublin_core import values_by_element
from library.fulltext import attachment_texts
from library.models import Document, DocumentFile, DocumentText, DocumentType, Source
from library.source_names import source_names

from . import highlight, kinds, records
from .engines.base import IndexRecord
from .hits import Hit
from .processes import mapped

CHUNK = 1000  # documents read from the database at a time
BATCH = 100  # documents analysed at a time (by one process, in a rebuild)
SNIPPET_SCAN = 4000  # characters of full text searched for the passage to show
PLACEHOLDER = "LOCALID"
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


def _rows(pks: list[int]) -> list[tuple]:
    """The COLUMNS of the active documents among `pks` (distinct), by a query compiled once
    for that many ids: Django compiles a queryset anew every time, 1.1 ms of the 1.9 ms this
    one took at 229k documents."""
    if not pks:
        return []
    sql, compiled, slots = _compiled(len(pks), connection.alias)
    params = list(compiled)
    for slot, pk in zip(slots, pks, strict=True):
        params[slot] = pk
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@lru_cache(maxsize=128)
def _compiled(count: int, alias: str) -> tuple[str, tuple, tuple[int, ...]]:
    """The rows' SQL for `count` ids, its parameters, and where the ids go among them."""
    stand_ins = list(range(-count, 0))  # no document has these ids: they mark the slots
    rows = (
        Document.objects.using(alias)
        .filter(pk__in=stand_ins, status=Document.Status.ACTIVE)
        .annotate(
            metadata_json=Cast("metadata", TextField()),
            start=Substr("fulltext__text", 1, SNIPPET_SCAN),
            has_pdf=Exists(DocumentFile.objects.filter(document=OuterRef("pk"))),
        )
        .values_list(*COLUMNS)
    )
    sql, params = rows.query.sql_with_params()
    return sql, tuple(params), tuple(params.index(stand_in) for stand_in in stand_ins)


def document_hits(pks: list[int], words: frozenset[str]) -> list[Hit]:
    """Hits for display, in the order of `pks`, read as plain rows: building Document instances
    (a ClusterableModel) costs about a millisecond each. Withdrawn documents are left out."""
    rows = {row[0]: row for row in _rows(list(dict.fromkeys(pks)))}
    sources = source_names(row[5] for row in rows.values())
    types = type_labels()
    page_url = reverse("documents:page", args=[PLACEHOLDER])
    pdf_url = reverse("documents:pdf", args=[PLACEHOLDER])
    hits = []
    for pk in pks:
        if pk not in rows:
            continue  # withdrawn since it was indexed
        _, local_id, title, year, doc_type, source_id, metadata_json, start, has_pdf = rows[pk]
        values = values_by_element(metadata_json)
        abstract = " ".join(values.get("description", []))
        hits.append(
            Hit(
                id=local_id,
                kind=kinds.DOCUMENT,
                title=highlight.mark(title, words),
                url=page_url.replace(PLACEHOLDER, local_id),
                snippet=highlight.passage(f"{abstract}\n{start or ''}", words),
                authors=values.get("creator", []),
                year=year,
                source=sources.get(source_id, ("", ""))[1],
                doc_type=types.get(doc_type, doc_type),
                pdf_url=pdf_url.replace(PLACEHOLDER, local_id) if has_pdf else "",
            )
        )
    return hits


def document_records(queryset: QuerySet[Document], processes: int = 1) -> Iterator[IndexRecord]:
    """Index records of the active documents in `queryset`, read a chunk at a time and
    analysed on `processes` processes (search.processes), in the order of their ids."""
    sources = {
        pk: (slug, f"{name} {province} {slug}")
        for pk, slug, name, province in Source.objects.values_list("id", "slug", "name", "province")
    }
    work = partial(records.analysed_documents, sources=sources)
    return mapped(work, _rows_with_text(queryset), processes)


def _rows_with_text(queryset: QuerySet[Document]) -> Iterator[list[tuple[tuple, str]]]:
    """(row of records.COLUMNS, full text) of the active documents, BATCH at a time."""
    queryset = queryset.filter(status=Document.Status.ACTIVE).annotate(
        metadata_json=Cast("metadata", TextField())
    )
    last = 0
    while rows := list(
        queryset.filter(id__gt=last).order_by("id").values_list(*records.COLUMNS)[:CHUNK]
    ):
        last = rows[-1][0]
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
