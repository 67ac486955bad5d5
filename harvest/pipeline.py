"""One harvest run: list pages → Documents, checkpointed page by page; then full-text PDFs.

Each page's records and the run's checkpoint (next token, newest datestamp, counts) commit in
one transaction, so a run killed anywhere loses at most the page in flight, which the next
start fetches again: upserts by (source, identifier at the source) make that idempotent.
"""

import json
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import TypeVar

import httpx
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone

from library.bulk import insert_documents
from library.models import Document, year_of
from portal.queue import enqueue
from search.tasks import update_index

from .dublin_core import from_oai_dc
from .http import http_client
from .models import FulltextTask, HarvestRun, HarvestSource
from .mods import from_mods
from .oai import parse
from .oai.client import OAIClient
from .oai.errors import BadResumptionToken, HarvestError
from .oai.transport import RetryPolicy, Transport
from .tasks import enqueue_pending

logger = logging.getLogger(__name__)
OVERLAP = timedelta(minutes=5)
# an incremental harvest re-reads a little: clocks drift
COLUMNS = ("id", "origin_identifier", "status", "title", "title_lang", "date", "doc_type",
           "language", "metadata_json")  # fmt: skip

Progress = Callable[[int], None]
MAPPINGS = {"oai_dc": from_oai_dc, "mods": from_mods}  # metadataPrefix → reader
T = TypeVar("T")


def start_run(source: HarvestSource, full: bool) -> HarvestRun:
    """The unfinished run to resume, or a new one from the last success (less an overlap)."""
    unfinished = source.runs.exclude(status=HarvestRun.Status.SUCCEEDED).first()
    if unfinished is not None and not full:
        unfinished.status = HarvestRun.Status.RUNNING
        unfinished.save(update_fields=["status"])
        return unfinished
    source.runs.filter(status=HarvestRun.Status.RUNNING).update(
        status=HarvestRun.Status.FAILED, message="replaced by a new --full run"
    )
    last = source.runs.filter(status=HarvestRun.Status.SUCCEEDED).first()
    window = None
    if not full and last is not None and last.last_datestamp is not None:
        window = last.last_datestamp - OVERLAP
    return HarvestRun.objects.create(source=source, full=full, window_from=window)


def run_harvest(
    source: HarvestSource,
    full: bool = False,
    progress: Progress | None = None,
    http: httpx.Client | None = None,
    policy: RetryPolicy | None = None,
    index: bool = True,
) -> HarvestRun:
    """Harvest one source. Changed documents are queued for the index by their datestamps;
    with `index`, the run ends by indexing them (else a worker's `search_index update` does)."""
    run = start_run(source, full)
    http = http or http_client()
    client = OAIClient(source.base_url, Transport(http, policy), source.delay_seconds)
    try:
        specs = source.sets or [None]
        while run.set_index < len(specs):
            harvest_list(run, client, specs[run.set_index], progress)
            run.set_index += 1
            run.token = ""
            run.save(update_fields=["set_index", "token"])
        if source.fulltext:  # run here by the immediate backend, else by db_worker processes
            enqueue_pending(source.source, progress)
    except HarvestError as err:
        logger.error("harvest of %s failed: %s", source, err)
        finish(run, HarvestRun.Status.FAILED, str(err))
    else:
        finish(run, HarvestRun.Status.SUCCEEDED)
    if index:
        catch_up_index()
    return run


def finish(run: HarvestRun, status: str, message: str = "") -> None:
    now = timezone.now()
    run.status, run.message, run.finished_at = status, message[:2000], now
    run.save(update_fields=[*HarvestRun.CHECKPOINT, "status", "message", "finished_at"])
    run.refresh_from_db(fields=["pdfs_fetched", "pdfs_extracted", "pdfs_failed"])
    source = run.source
    if status == HarvestRun.Status.SUCCEEDED:
        source.last_success_at = now
        source.save(update_fields=["last_success_at"])
    else:
        source.last_error, source.last_error_at = message[:2000], now
        source.save(update_fields=["last_error", "last_error_at"])


def prefetched(pages: Iterator[T]) -> Iterator[T]:
    """The next page is fetched and parsed in a thread while this one is stored."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="prefetch") as pool:
        following = pool.submit(next, pages, None)
        while (item := following.result()) is not None:
            following = pool.submit(next, pages, None)
            yield item


def harvest_list(run: HarvestRun, client: OAIClient, spec: str | None, progress) -> None:
    restarts = 0
    while True:
        start = run.window_from
        if run.token == "" and run.last_datestamp is not None and run.pages:
            start = run.last_datestamp - OVERLAP  # resuming without a token
        pages = client.pages(
            "ListRecords", run.source.metadata_prefix, spec, start,
            run.source.granularity, token=run.token or None,
        )  # fmt: skip
        try:
            for page, _ in prefetched(pages):
                apply_page(run, page)
                if progress:
                    progress(len(page.records))
            return
        except BadResumptionToken:
            # The provider lost or refused our place: ask again from the newest datestamp seen.
            restarts += 1
            if restarts > 3:
                raise
            logger.warning("%s: badResumptionToken; restarting from %s", client.base_url,
                           run.last_datestamp)  # fmt: skip
            run.token = ""
            run.save(update_fields=["token"])


def catch_up_index() -> None:
    """Index what changed (harvested records are queued by their new datestamps)."""
    enqueue(update_index)


def snapshot(values: tuple) -> tuple:
    """The stored record as comparable values."""
    metadata = json.loads(values[-1]) if values[-1] else []
    items = [(m["type"], m["value"]["value"], m["value"].get("lang") or "") for m in metadata]
    return (*values[3:8], items)


@transaction.atomic
def apply_page(run: HarvestRun, page: parse.Page) -> None:
    """Upsert a page's records and move the checkpoint, in one transaction."""
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
    links: dict[str, list[str]] = {}
    newest = run.last_datestamp
    for record in page.records:
        if record.problem:
            logger.warning("%s: record %s: %s", run.source, record.identifier, record.problem)
            run.note_error(record.identifier, record.problem)
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
        try:
            mapped = MAPPINGS[run.source.metadata_prefix](record.metadata)
        except ValueError as err:
            run.note_error(record.identifier, str(err))
            continue
        fields = {
            "title": mapped.title, "title_lang": mapped.title_lang, "date": mapped.date,
            "doc_type": mapped.doc_type, "language": mapped.language,
            "metadata": mapped.metadata,  # NFC already (harvest.dublin_core)
        }  # fmt: skip
        if row is None:
            creates.append(new_document(source, record, stamp, fields, now))
            run.new += 1
        elif row[2] == Document.Status.ACTIVE and snapshot(row) == expected(fields):
            run.unchanged += 1
        else:
            updates.append(updated_document(row[0], record, stamp, fields, now))
            run.updated += 1
        if mapped.pdf_links:
            links[record.identifier] = mapped.pdf_links
    insert_documents(creates)
    if updates:
        Document.objects.bulk_update(updates, UPDATE_FIELDS)
    queue_pdfs(run, source, links)
    run.token = page.token or ""
    run.last_datestamp = newest
    run.pages += 1
    run.save(update_fields=HarvestRun.CHECKPOINT)


UPDATE_FIELDS = ["status", "status_reason", "title", "title_lang", "date", "year", "doc_type",
                 "language", "metadata", "origin_datestamp", "datestamp"]  # fmt: skip


def expected(fields: dict) -> tuple:
    items = [(m["type"], m["value"]["value"], m["value"]["lang"]) for m in fields["metadata"]]
    return (fields["title"], fields["title_lang"], fields["date"], fields["doc_type"],
            fields["language"], items)  # fmt: skip


def new_document(source, record, stamp: datetime, fields: dict, now: datetime) -> dict:
    return {
        "source_id": source.pk, "origin_identifier": record.identifier, "origin_datestamp": stamp,
        "datestamp": now, "created_at": now, "year": year_of(fields["date"]), **fields,
    }  # fmt: skip


def updated_document(pk: int, record, stamp: datetime, fields: dict, now: datetime) -> Document:
    return Document(
        pk=pk, status=Document.Status.ACTIVE, status_reason="", origin_datestamp=stamp,
        datestamp=now, year=year_of(fields["date"]), **fields,
    )  # fmt: skip


def tombstone(pk: int, now: datetime) -> Document:
    document = Document.objects.get(pk=pk)
    document.status = Document.Status.DELETED
    document.status_reason = "Đã xoá tại thư viện nguồn"
    document.datestamp = now
    return document


def queue_pdfs(run: HarvestRun, source, links: dict[str, list[str]]) -> None:
    if not links or not run.source.fulltext:
        return
    documents = dict(
        Document.objects.filter(source=source, origin_identifier__in=list(links)).values_list(
            "origin_identifier", "id"
        )
    )
    have = set(
        FulltextTask.objects.filter(document_id__in=documents.values()).values_list(
            "document_id", "url"
        )
    )
    FulltextTask.objects.bulk_create(
        FulltextTask(document_id=documents[identifier], url=url, run=run)
        for identifier, urls in links.items()
        for url in urls[:1]
        if identifier in documents and (documents[identifier], url) not in have
    )
