"""Saving or withdrawing a document, or storing its extracted text, queues an index update once
the transaction commits (search.tasks: done at once on one machine, by a worker in production).
Bulk writes (a harvest page) send library.signals.documents_changed instead, and the index
catches up on everything changed. A failure is logged and left for `search_index update`; the
save stands. Other kinds (search.kinds) call `index_later` from their own receivers."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from library.models import Document, DocumentText
from library.queue import enqueue
from library.signals import documents_changed

from . import kinds
from .tasks import index_items, update_index


def index_later(kind: str, pk: int) -> None:
    """Index this item as it will be once the current transaction commits."""
    transaction.on_commit(lambda: enqueue(index_items, kind, [pk]))


@receiver(post_save, sender=Document)
def document_saved(sender, instance: Document, **kwargs) -> None:
    index_later(kinds.DOCUMENT, instance.pk)


@receiver(post_save, sender=DocumentText)
def text_saved(sender, instance: DocumentText, **kwargs) -> None:
    index_later(kinds.DOCUMENT, instance.document_id)


@receiver(documents_changed)
def catch_up(sender, **kwargs) -> None:
    enqueue(update_index)
