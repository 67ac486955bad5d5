"""Index writes as background tasks (see library.queue for the backends). Both are idempotent:
indexing an item writes it as it is now, and `update` starts from the stored checkpoint.

With the embedded engine every writer must be on the machine that holds the index (one writer
at a time, by a file lock); with Elasticsearch a worker anywhere can write."""

from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone
from django_tasks import default_task_backend, task

from library.queue import enqueue

from . import backlog, indexing

# Index writes run before the work queued at django-tasks' default priority (0): a harvest
# queues all its full-text batches first, and each batch's index write, queued as it stores its
# texts, waited behind every batch still owed, so a library's texts were searchable only once
# its whole harvest was read, and the index writes (one writer at a time) ran at the end on one
# core while the other idled: 500 PDFs spent 11 of their 37 s so (benchmarks/harvest_fulltext.py).
INDEX_PRIORITY = 10


# A drain that fails leaves its items owed and queues another drain, a minute later, then 2, 4, …
# minutes, at most an hour apart, until one writes them: what was saved during an Elasticsearch
# outage is searchable soon after the outage ends, not after the nightly `search_index update`.
# One retry waits at a time: the saves' own drains that fail meanwhile queue none.
RETRY = timedelta(minutes=1)
RETRY_AT_MOST = timedelta(hours=1)
RETRYING = "search:backlog-retry-at"


@task(priority=INDEX_PRIORITY)
def drain_backlog(attempt: int = 0) -> int:
    """Write what the index owes; `attempt` counts the failed drains this one retries."""
    if attempt:
        cache.delete(RETRYING)  # this is the retry that waited
    try:
        return backlog.drain()
    except Exception:
        _retry(attempt + 1)
        raise


def _retry(attempt: int) -> None:
    if not default_task_backend.supports_defer:  # nothing waits: the next save drains again
        return
    wait = min(RETRY * 2 ** min(attempt - 1, 6), RETRY_AT_MOST)
    at = timezone.now() + wait
    if cache.add(RETRYING, at, timeout=int(wait.total_seconds())) and not enqueue(
        drain_backlog.using(run_after=at), attempt
    ):
        cache.delete(RETRYING)


@task(priority=INDEX_PRIORITY)
def update_index() -> int:
    return indexing.update()


@task(priority=INDEX_PRIORITY)
def index_written(source_id: int, since: str) -> int:
    return indexing.index_written(source_id, datetime.fromisoformat(since))
