"""One harvest run: its lifecycle (start or resume, list pages, finish), then full-text PDFs.

Each page's records and the run's checkpoint (next token, newest datestamp, counts) commit in
one transaction (harvest.upsert), so a run killed anywhere loses at most the page in flight,
which the next start fetches again: upserts by (source, identifier at the source) make that
idempotent.
"""

import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import TypeVar

import httpx
from django.utils import timezone

from library.signals import documents_changed
from library.vocabulary import BadResumptionToken

from . import outbound
from .models import HarvestRun, HarvestSource
from .oai.client import OAIClient
from .oai.errors import FAILURES
from .oai.transport import RetryPolicy
from .tasks import enqueue_pending
from .upsert import apply_page

logger = logging.getLogger(__name__)
OVERLAP = timedelta(minutes=5)  # an incremental harvest re-reads a little: clocks drift

Progress = Callable[[int], None]
Item = TypeVar("Item")


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
    transport = outbound.oai_transport(http or outbound.client(), policy, source.oai_max_bytes)
    client = OAIClient(source.base_url, transport, source.delay_seconds)
    try:
        specs = source.sets or [None]
        while run.set_index < len(specs):
            harvest_list(run, client, specs[run.set_index], progress)
            run.set_index += 1
            run.token = ""
            run.save(update_fields=["set_index", "token"])
        if source.fulltext:  # run here by the immediate backend, else by db_worker processes
            enqueue_pending(source.source, progress)
    except FAILURES as err:
        logger.error("harvest of %s failed: %s", source, err)
        finish(run, HarvestRun.Status.FAILED, str(err))
    else:
        finish(run, HarvestRun.Status.SUCCEEDED)
    if index:  # bulk writes send no model signals: search catches up on what changed
        documents_changed.send(sender=HarvestRun, run=run)
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


def prefetched(pages: Iterator[Item]) -> Iterator[Item]:
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
