"""Saving or withdrawing a document, or storing its extracted text, queues an index update once
the transaction commits (search.tasks: done at once on one machine, by a worker in production).
What one transaction saved is recorded as owed (search.backlog) and written by a drain, one
index write per kind for all that is owed: at once when the index is idle, coalesced with what
else is saved while it is busy (a full-text harvest's batches), not one commit per batch.
Bulk writes (a harvest run) send library.signals.documents_changed instead, and the index
catches up on the documents they wrote (on everything changed, when the sender does not say).
A failure is logged and left for `search_index update`; the save stands. Other kinds
(search.kinds) call `index_later` from their own receivers."""

import logging
import threading
from datetime import datetime

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import default_task_backend

from library.models import Document, DocumentText
from library.queue import enqueue
from library.signals import documents_changed, writes_ended

from . import backlog, kinds
from .tasks import drain_backlog, index_written, update_index

logger = logging.getLogger(__name__)
SCHEDULED = "search:backlog-drain-at"  # when the drain queued to wait is due
_owed = threading.local()  # kind → the pks saved and not yet queued, per thread (connection)


def index_later(kind: str, pk: int) -> None:
    """Index this item as it will be once the current transaction commits. Every call asks
    for a flush at commit; the first flush queues all that is owed, the others find nothing.
    A rolled-back save's pk waits for the next commit's flush, which indexes it as it is:
    unchanged, so no harm."""
    owed: dict[str, set[int]] = _owed.__dict__.setdefault("pks", {})
    owed.setdefault(kind, set()).add(pk)
    transaction.on_commit(_index_owed)


def _index_owed() -> None:
    owed = forget_owed()
    if not owed:
        return
    try:
        backlog.owe(owed)
        # without a queue to wait in, the drain runs here and now
        at = backlog.due(timezone.now()) if default_task_backend.supports_defer else None
    except DatabaseError:
        logger.exception("could not record what the index owes: %r", owed)
        return
    if at is None:
        enqueue(drain_backlog)
    elif cache.get(SCHEDULED) != at and enqueue(drain_backlog.using(run_after=at)):
        # one drain for all that waits until then
        cache.set(SCHEDULED, at, timeout=int(backlog.THROTTLE.total_seconds()) * 2)


def forget_owed() -> dict[str, set[int]]:
    """What is owed and not yet queued, forgotten here. Besides the flush, a test's end calls
    it (conftest.py): a test's transaction is rolled back, and its documents' pks would
    otherwise be indexed at the next test's first commit, as that test's documents."""
    owed: dict[str, set[int]] = _owed.__dict__.pop("pks", {})
    return owed


@receiver(post_save, sender=Document)
def document_saved(sender, instance: Document, **kwargs) -> None:
    index_later(kinds.DOCUMENT, instance.pk)


@receiver(post_save, sender=DocumentText)
def text_saved(sender, instance: DocumentText, **kwargs) -> None:
    index_later(kinds.DOCUMENT, instance.document_id)


@receiver(documents_changed)
def catch_up(sender, source_id: int | None = None, since: datetime | None = None, **kwargs) -> None:
    if source_id is not None and since is not None:
        enqueue(index_written, source_id, since.isoformat())
    else:
        enqueue(update_index)


@receiver(writes_ended)
def write_what_is_owed(sender, **kwargs) -> None:
    """A run of writes ended: no reason to wait for more before writing what the index owes."""
    transaction.on_commit(lambda: enqueue(drain_backlog))
