"""Index writes as background tasks (see library.queue for the backends). Both are idempotent:
indexing an item writes it as it is now, and `update` starts from the stored checkpoint.

With the embedded engine every writer must be on the machine that holds the index (one writer
at a time, by a file lock); with Elasticsearch a worker anywhere can write."""

from datetime import datetime

from django_tasks import task

from . import backlog, indexing

# Index writes run before the work queued at django-tasks' default priority (0): a harvest
# queues all its full-text batches first, and each batch's index write, queued as it stores its
# texts, waited behind every batch still owed, so a library's texts were searchable only once
# its whole harvest was read, and the index writes (one writer at a time) ran at the end on one
# core while the other idled: 500 PDFs spent 11 of their 37 s so (benchmarks/harvest_fulltext.py).
INDEX_PRIORITY = 10


@task(priority=INDEX_PRIORITY)
def drain_backlog() -> int:
    return backlog.drain()


@task(priority=INDEX_PRIORITY)
def update_index() -> int:
    return indexing.update()


@task(priority=INDEX_PRIORITY)
def index_written(source_id: int, since: str) -> int:
    return indexing.index_written(source_id, datetime.fromisoformat(since))
