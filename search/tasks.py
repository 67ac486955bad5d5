"""Index writes as background tasks (see library.queue for the backends). Both are idempotent:
indexing an item writes it as it is now, and `update` starts from the stored checkpoint.

With the embedded engine every writer must be on the machine that holds the index (one writer
at a time, by a file lock); with Elasticsearch a worker anywhere can write."""

from datetime import datetime

from django_tasks import task

from . import indexing


@task()
def index_items(kind: str, pks: list[int]) -> None:
    indexing.index_items(kind, pks)


@task()
def update_index() -> int:
    return indexing.update()


@task()
def index_written(source_id: int, since: str) -> int:
    return indexing.index_written(source_id, datetime.fromisoformat(since))
