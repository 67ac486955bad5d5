"""Saving or withdrawing a document, or storing its extracted text, updates the index once the
transaction commits. A failure is logged and left for `search_index update`; the save stands."""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from library.models import Document, DocumentText

from .indexing import index_documents

logger = logging.getLogger(__name__)


def _index_later(pk: int) -> None:
    def run() -> None:
        try:
            index_documents([pk])
        except Exception:
            logger.exception("could not index document %s; `search_index update` will", pk)

    transaction.on_commit(run)


@receiver(post_save, sender=Document)
def document_saved(sender, instance: Document, **kwargs) -> None:
    _index_later(instance.pk)


@receiver(post_save, sender=DocumentText)
def text_saved(sender, instance: DocumentText, **kwargs) -> None:
    _index_later(instance.document_id)
