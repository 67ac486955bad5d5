"""One harvest run: its lifecycle (start or resume, list pages, finish), then full-text PDFs.

Each page's records and the run's checkpoint (next token, newest datestamp, counts) commit in
one transaction (harvest.upsert), so a run killed anywhere loses at most the page in flight,
which the next start fetches again: upserts by (source, identifier at the source) make that
idempotent.
"""

import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import TypeVar

import httpx
from django.db import transaction
from django.utils import timezone

from library.signals import documents_changed
from library.vocabulary import BadResumptionToken

from . import outbound
from .mappings import AUTO, best_format, candidates, score
from .models import HarvestPosition, HarvestRun, HarvestSource
from .oai.client import OAIClient
from .oai.errors import FAILURES
from .oai.transport import RetryPolicy
from .ocr_tasks import enqueue_ocr
from .progress import Progress
from .tasks import enqueue_pending, pending_fulltext, settle
from .upsert import apply_page

logger = logging.getLogger(__name__)
# An incremental harvest re-reads a little before what it has seen: a provider's write may
# become visible after a newer one (a transaction that commits late), and its clock may be
# behind ours. A record is taken to be visible within OVERLAP of its datestamp.
OVERLAP = timedelta(minutes=5)

Item = TypeVar("Item")


def start_run(source: HarvestSource, full: bool) -> HarvestRun:
    """The run whose list was not read to its end, to resume; or a new one."""
    unfinished = (
        source.runs.filter(listed_at__isnull=True)
        .exclude(status=HarvestRun.Status.SUCCEEDED)
        .first()
    )
    if unfinished is not None and not full:
        unfinished.status = HarvestRun.Status.RUNNING
        unfinished.note(f"resumed at set {unfinished.set_index + 1}, page {unfinished.pages + 1}")
        unfinished.save(update_fields=["status", "log"])
        return unfinished
    source.runs.filter(status=HarvestRun.Status.RUNNING).update(
        status=HarvestRun.Status.FAILED, message="replaced by a new --full run"
    )
    return HarvestRun.objects.create(source=source, full=full)


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
    run.resumed_at = timezone.now()
    transport = outbound.oai_transport(http or outbound.client(), policy, source.oai_max_bytes)
    client = OAIClient(source.base_url, transport, source.delay_seconds)
    try:
        choose_format(run, client)
        specs = source.sets or [None]
        while run.set_index < len(specs):
            harvest_list(run, client, specs[run.set_index], progress)
        run.listed_at = timezone.now()
    except FAILURES as err:
        logger.error("harvest of %s failed: %s", source, err)
        finish(run, HarvestRun.Status.FAILED, str(err))
    except Exception as err:  # a bug or the database: the run ends failed, with the reason shown
        logger.exception("harvest of %s failed", source)
        run.refresh_from_db(fields=HarvestRun.CHECKPOINT)  # the page in flight was rolled back
        finish(run, HarvestRun.Status.FAILED, f"{type(err).__name__}: {err}")
    else:
        finish(run, HarvestRun.Status.SUCCEEDED)
    if index:  # bulk writes send no model signals: search indexes what this run wrote
        # Before the PDFs are queued, so that the records are found at once, and their texts,
        # which each batch indexes as it stores them, are not indexed a second time by this
        # (queued after them, it re-indexed every text of the run: 13 of 104 s of a harvest).
        documents_changed.send(
            sender=HarvestRun, run=run, source_id=source.source_id, since=run.started_at
        )
    if source.fulltext:  # what was listed, even by a failed run (immediate backend: here)
        enqueue_pending(source.source, progress.pdfs if progress else None)
        settle(run)
    if source.fulltext and source.ocr_enabled:  # scanned pages owed, over yesterday's budget
        enqueue_ocr(source.source)
    return run


def choose_format(run: HarvestRun, client: OAIClient) -> None:
    """The format this run harvests: the source's own, or for AUTO the richest its provider
    offers today (ListMetadataFormats). A resumed run keeps the one it began with."""
    if run.metadata_prefix:
        return
    source = run.source
    if source.metadata_prefix == AUTO and source.chosen_prefix and not run.full:
        run.metadata_prefix = source.chosen_prefix  # chosen before: kept until a full run
    elif source.metadata_prefix == AUTO:
        scores = {}
        for prefix in candidates(client.list_metadata_formats()):
            try:
                page, _ = next(
                    client.pages("ListRecords", prefix, source.sets[0] if source.sets else None),
                    (None, None),
                )
            except FAILURES as err:  # offered but not served (cannotDisseminateFormat, …)
                run.note(f"format {prefix} not tried: {err}")
                continue
            if page is not None:
                records = [r.metadata for r in page.records if r.metadata is not None]
                scores[prefix] = score(prefix, records)
        run.metadata_prefix = best_format(scores) if scores else "oai_dc"
        said = ", ".join(f"{p} {found}" for p, found in scores.items())
        run.note(f"format {run.metadata_prefix} (records with files, records read: {said})")
    else:
        run.metadata_prefix = source.metadata_prefix
    run.save(update_fields=["metadata_prefix", "log"])
    if source.chosen_prefix != run.metadata_prefix:
        source.chosen_prefix = run.metadata_prefix
        source.save(update_fields=["chosen_prefix"])


def finish(run: HarvestRun, status: str, message: str = "") -> None:
    """End this session of the run: a listing that failed, or one read to its end. A read
    list whose PDFs are still owed waits for them (harvest.tasks settles it)."""
    now = timezone.now()
    if run.resumed_at is not None:
        run.seconds += (now - run.resumed_at).total_seconds()
    if status == HarvestRun.Status.SUCCEEDED and pending_fulltext(run):
        status = HarvestRun.Status.AWAITING_FULLTEXT
    run.status, run.message = status, message[:2000]
    if status != HarvestRun.Status.AWAITING_FULLTEXT:
        run.finished_at = now
    run.save(
        update_fields=[
            *HarvestRun.CHECKPOINT,
            "status",
            "message",
            "finished_at",
            "seconds",
            "resumed_at",
            "listed_at",
        ]
    )
    source = run.source
    if status == HarvestRun.Status.SUCCEEDED:
        source.last_success_at = now
        source.save(update_fields=["last_success_at"])
    elif status == HarvestRun.Status.FAILED:
        source.last_error, source.last_error_at = message[:2000], now
        source.save(update_fields=["last_error", "last_error_at"])


def prefetched(pages: Iterator[Item]) -> Iterator[Item]:
    """The next page is fetched and parsed in a thread while this one is stored."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="prefetch") as pool:
        following = pool.submit(next, pages, None)
        while (item := following.result()) is not None:
            following = pool.submit(next, pages, None)
            yield item


def window_from(position: HarvestPosition | None) -> datetime | None:
    """Where an incremental run of a list starts: OVERLAP before the newest datestamp seen, but
    not before what was settled when the list was last read to its end (every record dated
    OVERLAP before that reading had become visible, and was read). Once a list has been read
    OVERLAP after its newest record, a run asks from that record's datestamp alone: a bulk
    import of thousands of records in the same minutes is not read again by every run."""
    if position is None:
        return None
    start = position.datestamp - OVERLAP
    if position.listed_at is not None:
        start = max(start, min(position.datestamp, position.listed_at - OVERLAP))
    return start


def harvest_list(
    run: HarvestRun, client: OAIClient, spec: str | None, progress: Progress | None
) -> None:
    """Read one set's list (or the whole repository's) to its end, page by page, and move that
    list's position. A token the provider no longer knows restarts the list from this run's
    own `from`: the protocol does not promise datestamp order (django-oai-pmh lists by
    identifier, MOAI newest first), so the newest datestamp seen says nothing of what is left."""
    source = run.source
    position = HarvestPosition.objects.filter(
        source=source, set_spec=spec or "", metadata_prefix=run.metadata_prefix
    ).first()
    if run.token == "" and run.set_pages == 0:  # this list starts now
        run.window_from = window_from(position) if not run.full else None
        run.last_datestamp = None
    if progress:
        progress.start_list(spec)
    restarts = 0
    while True:
        pages = client.pages(
            "ListRecords",
            run.metadata_prefix,
            spec,
            run.window_from,
            source.granularity,
            token=run.token or None,
        )
        try:
            for page, _ in prefetched(pages):
                apply_page(run, page, spec)
                if progress:
                    progress.listed(len(page.records), page.complete_size)
            break
        except BadResumptionToken as err:
            restarts += 1
            if restarts > 3:
                raise
            start = run.window_from.isoformat() if run.window_from else "the beginning"
            run.note(
                f"{spec or 'list'}: badResumptionToken ({err.message or 'no message'}); "
                f"restarted from the start of this run's list (from {start})"
            )
            logger.warning("%s: %s", client.base_url, run.log.splitlines()[-1])
            run.token = ""
            run.save(update_fields=["token", "log"])
    end_list(run, spec, position)


@transaction.atomic
def end_list(run: HarvestRun, spec: str | None, position: HarvestPosition | None) -> None:
    """The list was read to its end: the next run of it starts from the newest datestamp seen,
    and what was visible when this run began is settled (window_from)."""
    newest = run.last_datestamp
    if position is not None and (newest is None or newest <= position.datestamp):
        newest = position.datestamp
    if newest is not None:
        HarvestPosition.objects.update_or_create(
            source=run.source,
            set_spec=spec or "",
            metadata_prefix=run.metadata_prefix,
            defaults={"datestamp": newest, "listed_at": run.started_at},
        )
    run.set_index += 1
    run.set_pages, run.token, run.last_datestamp = 0, "", None
    run.save(update_fields=["set_index", "set_pages", "token", "last_datestamp"])
