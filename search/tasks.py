"""Index writes as background tasks (see harvest.tasks for the backends). Both are idempotent:
indexing a document writes it as it is now, and `update` starts from the stored checkpoint.

With the embedded engine every writer must be on the machine that holds the index (one writer
at a time, by a file lock); with Elasticsearch a worker anywhere can write."""

from django_tasks import task

from . import indexing


@task()
def index_documents(pks: list[int]) -> None:
    indexing.index_documents(pks)


@task()
def index_news(pks: list[int]) -> None:
    indexing.index_news(pks)


@task()
def update_index() -> int:
    return indexing.update()
