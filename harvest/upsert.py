"""A page of harvested records → Documents, and the run's checkpoint, in one transaction.

Records are compared with what is stored, as plain values: unchanged ones are counted and left
alone (their datestamp does not move), new ones are inserted in bulk (library.bulk), changed
and deleted ones updated in bulk; PDF links are queued as FulltextTasks.

One bad record never costs the page: a record that cannot be stored (an identifier longer than
its column, a second copy on the page, metadata its reader refuses or trips on) is noted on the
run with its identifier and skipped, and values the reader cut short or left out to fit
(harvest.mappings.dublin_core.LIMITS) are counted and noted; the rest of the page is stored.
"""

import json
import logging
from datetime import datetime

from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone

from library.bulk import insert_documents
from library.fulltext import no_fulltext
from library.models import Document, year_of

from .mappings import READERS
from .models import FulltextTask, HarvestRun
from .oai import parse

logger = logging.getLogger(__name__)
IDENTIFIER_MAX = Document._meta.get_field("origin_identifier").max_length or 500
COLUMNS = (
    "id",
    "origin_identifier",
    "status",
    "title",
    "title_lang",
    "date",
    "doc_type",
    "language",
    "metadata_json",
)


def snapshot(values: tuple) -> tuple:
    """The stored record as comparable values."""
    metadata = json.loads(values[-1]) if values[-1] else []
    items = [(m["type"], m["value"]["value"], m["value"].get("lang") or "") for m in metadata]
    return (*values[3:8], items)


def in_set(record: parse.Record, spec: str | None) -> bool:
    """Whether the record belongs to the set asked for (or to one of its subsets). A header
    with no setSpec cannot say (many providers leave them out of deleted records): it is in."""
    if not spec or not record.set_specs:
        return True
    return any(s == spec or s.startswith(f"{spec}:") for s in record.set_specs)


@transaction.atomic
def apply_page(run: HarvestRun, page: parse.Page, spec: str | None = None) -> None:
    """Upsert a page's records and move the checkpoint, in one transaction. Records of other
    sets than `spec` (a provider that ignores the set argument) are counted and skipped."""
    source = run.source.source
    identifiers = [r.identifier for r in page.records if r.identifier]
    existing = {
        row[1]: row
        for row in Document.objects.filter(source=source, origin_identifier__in=identifiers)
        .annotate(metadata_json=Cast("metadata", TextField()))
        .values_list(*COLUMNS)
    }
    now = timezone.now()
    creates: list[dict] = []
    updates: list[Document] = []
    links: dict[str, tuple[str, list[str]]] = {}  # identifier -> (kind, urls)
    newest = run.last_datestamp
    seen: set[str] = set()
    for record in page.records:
        problem = record.problem or unstorable(record.identifier, seen)
        if problem:
            logger.warning("%s: record %.200s: %s", run.source, record.identifier, problem)
            run.note_error(record.identifier, problem)
            continue
        seen.add(record.identifier)
        if not in_set(record, spec):
            run.outside_set += 1
            continue
        stamp = parse.parse_datestamp(record.datestamp)
        newest = max(newest, stamp) if newest else stamp
        row = existing.get(record.identifier)
        if record.deleted:
            if row is not None and row[2] != Document.Status.DELETED:
                updates.append(tombstone(row[0], now))
                run.deleted += 1
            else:
                run.unchanged += 1
            continue
        if record.metadata is None:  # parse.list_page gives every live ListRecords record one
            raise TypeError(f"record {record.identifier} came without its metadata")
        try:
            mapped = READERS[run.metadata_prefix][1](record.metadata)
        except ValueError as err:
            run.note_error(record.identifier, str(err))
            continue
        except Exception as err:  # a reader's bug must cost one record, not the harvest
            logger.exception("%s: record %s: reader failed", run.source, record.identifier)
            run.note_error(record.identifier, f"{type(err).__name__}: {err}")
            continue
        if mapped.notes:
            run.note_changes(record.identifier, mapped.notes)
        fields = {
            "title": mapped.title,
            "title_lang": mapped.title_lang,
            "date": mapped.date,
            "doc_type": mapped.doc_type,
            "language": mapped.language,
            "metadata": mapped.metadata,  # NFC already (harvest.mappings)
        }
        if row is None:
            creates.append(new_document(source, record, stamp, fields, now))
            run.new += 1
        elif row[2] == Document.Status.ACTIVE and snapshot(row) == expected(fields):
            run.unchanged += 1
        else:
            updates.append(updated_document(row[0], record, stamp, fields, now))
            run.updated += 1
        if mapped.files:
            links[record.identifier] = (FulltextTask.Kind.FILE, [f.url for f in mapped.files])
        else:
            links[record.identifier] = (FulltextTask.Kind.PAGE, mapped.pages)
    insert_documents(creates)
    if updates:
        Document.objects.bulk_update(updates, UPDATE_FIELDS)
    queue_pdfs(run, source, links)
    run.token = page.token or ""
    run.last_datestamp = newest
    run.pages += 1
    run.set_pages += 1
    run.save(update_fields=HarvestRun.CHECKPOINT)


def unstorable(identifier: str, seen: set[str]) -> str:
    """Why a record with this identifier cannot be stored from this page, or ""."""
    if len(identifier) > IDENTIFIER_MAX:
        # Cut, it could name another record: the record is skipped, never stored under it.
        return f"an identifier of {len(identifier):,} characters, over the {IDENTIFIER_MAX} allowed"
    if identifier in seen:
        return "the identifier is repeated on the page; its first record was kept"
    return ""


UPDATE_FIELDS = [
    "status",
    "status_reason",
    "title",
    "title_lang",
    "date",
    "year",
    "doc_type",
    "language",
    "metadata",
    "origin_datestamp",
    "datestamp",
]


def expected(fields: dict) -> tuple:
    items = [(m["type"], m["value"]["value"], m["value"]["lang"]) for m in fields["metadata"]]
    return (
        fields["title"],
        fields["title_lang"],
        fields["date"],
        fields["doc_type"],
        fields["language"],
        items,
    )


def new_document(source, record, stamp: datetime, fields: dict, now: datetime) -> dict:
    return {
        "source_id": source.pk,
        "origin_identifier": record.identifier,
        "origin_datestamp": stamp,
        "datestamp": now,
        "created_at": now,
        "year": year_of(fields["date"]),
        **fields,
    }


def updated_document(pk: int, record, stamp: datetime, fields: dict, now: datetime) -> Document:
    return Document(
        pk=pk,
        status=Document.Status.ACTIVE,
        status_reason="",
        origin_datestamp=stamp,
        datestamp=now,
        year=year_of(fields["date"]),
        **fields,
    )


def tombstone(pk: int, now: datetime) -> Document:
    document = Document.objects.get(pk=pk)
    document.status = Document.Status.DELETED
    document.status_reason = "Đã xoá tại thư viện nguồn"
    document.datestamp = now
    return document


def queue_pdfs(run: HarvestRun, source, links: dict[str, tuple[str, list[str]]]) -> None:
    """A task for every full-text link of these records, in the record's order; a record with
    none has no full text (a state, with its reason). A full run tries restricted files again."""
    if not links or not run.source.fulltext:
        return
    documents = dict(
        Document.objects.filter(source=source, origin_identifier__in=list(links)).values_list(
            "origin_identifier", "id"
        )
    )
    tasks = FulltextTask.objects.filter(document_id__in=documents.values())
    if run.full:
        tasks.filter(
            status=FulltextTask.Status.FAILED, reason__startswith=FulltextTask.RESTRICTED
        ).update(status=FulltextTask.Status.PENDING, queued_at=None, run=run)
    have = set(tasks.values_list("document_id", "url"))
    FulltextTask.objects.bulk_create(
        FulltextTask(
            document_id=documents[identifier], url=url, run=run, kind=kind, position=number * 100
        )
        for identifier, (kind, urls) in links.items()
        for number, url in enumerate(urls)
        if identifier in documents and (documents[identifier], url) not in have
    )
    no_fulltext(
        [documents[i] for i, (_, urls) in links.items() if not urls and i in documents],
        "no link to a full text in the record",
    )
