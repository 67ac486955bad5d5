"""Saving or withdrawing a document, or storing its extracted text, queues an index update once
the transaction commits (search.tasks: done at once on one machine, by a worker in production).
A failure is logged and left for `search_index update`; the save stands."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from library.models import Document, DocumentText
from portal.news.models import NewsPage
from portal.queue import enqueue

from .tasks import index_documents, index_news


def _index_later(pk: int, index=index_documents) -> None:
    transaction.on_commit(lambda: enqueue(index, [pk]))


@receiver(post_save, sender=Document)
def document_saved(sender, instance: Document, **kwargs) -> None:
    _index_later(instance.pk)


@receiver(post_save, sender=DocumentText)
def text_saved(sender, instance: DocumentText, **kwargs) -> None:
    _index_later(instance.document_id)


@receiver(page_published, sender=NewsPage)
@receiver(page_unpublished, sender=NewsPage)
@receiver(post_delete, sender=NewsPage)
def news_changed(sender, instance: NewsPage, **kwargs) -> None:
    _index_later(instance.pk, index_news)
