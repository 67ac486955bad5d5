"""Keeping the index in step with the library: by id after a save, or everything changed since
the last checkpoint after a crash."""

import logging
from collections.abc import Callable, Iterable

from django.db.models import Q
from django.utils import timezone

from library.models import Document
from portal.news.models import NewsPage

from .engines import get_engine
from .models import IndexCheckpoint
from .records import document_records, news_records, uid

logger = logging.getLogger(__name__)


def engine_key() -> str:
    engine = get_engine()
    location = getattr(engine, "root", None) or getattr(engine, "alias", "")
    return f"{engine.name}:{location}"


def index_documents(pks: Iterable[int]) -> None:
    """Index these documents as they are now: active ones in, tombstones out."""
    _sync(list(pks), "document", lambda pks: document_records(Document.objects.filter(pk__in=pks)))


def index_news(pks: Iterable[int]) -> None:
    """Index these news pages as they are now: live ones in, the others out."""
    _sync(list(pks), "news", lambda pks: news_records(NewsPage.objects.filter(pk__in=pks)))


def _sync(pks: list[int], kind: str, records_of: Callable[[list[int]], Iterable]) -> None:
    """Write the records these items have now; those without one (gone) leave the index."""
    if not pks:
        return
    engine = get_engine()
    records = list(records_of(pks))
    present = {r["pk"] for r in records}
    engine.upsert(records)
    engine.delete(uid(pk, kind) for pk in pks if pk not in present)


def _everything():
    yield from document_records(Document.objects.all())
    yield from news_records(NewsPage.objects.all())


def rebuild(progress: Callable[[int], None] | None = None) -> int:
    """A new index from the whole library and the news, swapped in when complete."""
    started = timezone.now()
    get_engine().rebuild(_everything(), progress)
    IndexCheckpoint.objects.update_or_create(
        engine=engine_key(), defaults={"indexed_through": started}
    )
    return get_engine().count()


def update(progress: Callable[[int], None] | None = None) -> int:
    """Re-index what changed since the checkpoint (or everything, without one)."""
    checkpoint = IndexCheckpoint.objects.filter(engine=engine_key()).first()
    started = timezone.now()
    changed = Document.objects.all()
    if checkpoint is not None:
        since = checkpoint.indexed_through
        changed = changed.filter(Q(datestamp__gte=since) | Q(fulltext__updated_at__gte=since))
    pks = list(changed.values_list("id", flat=True))
    for start in range(0, len(pks), 1000):
        index_documents(pks[start : start + 1000])
        if progress:
            progress(len(pks[start : start + 1000]))
    index_news(NewsPage.objects.values_list("id", flat=True))  # a few hundred at most
    IndexCheckpoint.objects.update_or_create(
        engine=engine_key(), defaults={"indexed_through": started}
    )
    return len(pks)
