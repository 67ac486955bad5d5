"""Keeping the index in step with the library and every registered kind (search.kinds): by id
after a save, or everything changed since the last checkpoint after a crash. The search box's
suggestions (search.suggestions) follow the library's documents on the same paths; a rebuild
and an update also count the words they index into the vocabulary did-you-mean uses."""

import logging
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import datetime

from django.utils import timezone

from library.models import Document

from . import documents, kinds, suggestions, vocabulary
from .engines import get_engine
from .engines.base import IndexRecord
from .models import IndexBacklog, IndexCheckpoint, RebuildJournal
from .records import pk_of, uid

logger = logging.getLogger(__name__)
CHUNK = 1000


def index_items(kind_name: str, pks: Iterable[int]) -> list[IndexRecord]:
    """Index these items of one kind as they are now: what has a record goes in (active
    documents, live public pages), the rest leaves the index. Returns the records indexed. An
    item the engine refuses for good is set aside in the backlog with the reason (see
    search.backlog), not retried by every drain, nor failing every write that holds it."""
    pks = list(pks)
    if not pks:
        return []
    engine = get_engine()
    if engine.rebuilding():  # before the write: a write that fails is written again too
        journal = [RebuildJournal(kind=kind_name, item=pk) for pk in pks]
        RebuildJournal.objects.bulk_create(journal, ignore_conflicts=True)
    records = list(kinds.get(kind_name).records(pks))
    present = {r["pk"] for r in records}
    if kind_name == kinds.DOCUMENT:  # before the index: every hit found has its card
        documents.refresh_cards(pks)
    refused = engine.upsert(records)
    engine.delete(uid(pk, kind_name) for pk in pks if pk not in present)
    if refused:
        _set_aside(kind_name, refused)
    if kind_name == kinds.DOCUMENT:
        suggestions.refresh(pks)
    return records


def _set_aside(kind_name: str, refused: dict[str, str]) -> None:
    IndexBacklog.record(
        [
            IndexBacklog(kind=kind_name, item=pk_of(item), refused=why or "?")
            for item, why in refused.items()
        ]
    )


def checkpoint(key: str, through) -> None:
    IndexCheckpoint.objects.update_or_create(engine=key, defaults={"indexed_through": through})


def _everything(processes: int) -> Iterator[IndexRecord]:
    for kind in kinds.registered():
        yield from kind.everything(processes)


def rebuild(
    progress: Callable[[int], None] | None = None,
    processes: int = 1,
    stage: Callable[[str], None] | None = None,
) -> int:
    """A new index from every registered kind, swapped in when complete; the text analysed
    on `processes` processes. `stage` hears each step after the documents as it begins:
    "finish" (the engine completes its index: tantivy's last commit and merges, Elasticsearch's
    force-merge, replicas and alias swap), then, still within the engine's rebuild (one at a
    time), "catch-up" (what was saved since the rebuild began, or written to the index while it
    ran, is indexed again: the new index may hold it as it was read, and the save's own index
    write went to the old index, since neither engine holds saves back during a rebuild; see
    RebuildJournal), "vocabulary" (did-you-mean's), "suggestions" (autocomplete), "cards" (the
    hits'): 27 of the rebuild's 105 minutes at a million documents, before the catch-up was
    among them. Last, what was saved during those steps is indexed again (an update: seconds)."""
    started = timezone.now()
    engine = get_engine()
    announce = stage or (lambda _: None)
    tallies = [vocabulary.Tally()]  # handed on to the steps after the swap, which let go of it
    engine.rebuild(
        _then(tallies[0].counting(_everything(processes)), announce, "finish"),
        progress,
        then=lambda: _after_swap(engine.key, started, tallies, announce),
    )
    return engine.count()


def _after_swap(
    key: str, started: datetime, tallies: list[vocabulary.Tally], announce: Callable[[str], None]
) -> None:
    """The rebuild's steps once its index is live; the catch-up first, so that what was saved
    during the rebuild is not stale in the new index for the minutes the others take."""
    announce("catch-up")
    caught_up = timezone.now()
    tally = tallies.pop()
    journaled = RebuildJournal.objects.values_list("kind", "item")
    _index_changed(started, tally, also=set(journaled))
    checkpoint(key, caught_up)
    announce("vocabulary")
    tally.replace()
    # Millions of counts at a million documents (7.1 million stored): kept, the steps after would
    # carry them and Python's collector walk them on each full pass (10 million: their CPU 2-3×).
    del tally
    announce("suggestions")
    suggestions.rebuild()
    announce("cards")
    documents.refresh_all_cards()
    # saved meanwhile: the steps above may have written their cards and suggestions as they were
    update()
    # what was written since the catch-up went to the live index (and what a rebuild killed on
    # the way journaled is written again above: cheap)
    RebuildJournal.objects.all().delete()


def _then(
    records: Iterable[IndexRecord], announce: Callable[[str], None], name: str
) -> Iterator[IndexRecord]:
    """`records`, then `name` announced once the last has been taken."""
    yield from records
    announce(name)


def index_written(source_id: int, since: datetime) -> int:
    """Index the documents of one library source written at or after `since` (what a harvest
    run wrote in bulk: new, changed, withdrawn), and count their words into the vocabulary as
    update() does; returns how many documents that was. It leaves the checkpoint alone: the
    other kinds and sources may have changes it did not index."""
    pks = list(
        Document.objects.filter(source_id=source_id, datestamp__gte=since)
        .order_by("id")
        .values_list("id", flat=True)
    )
    tally = vocabulary.Tally()
    for start in range(0, len(pks), CHUNK):
        for record in index_items(kinds.DOCUMENT, pks[start : start + CHUNK]):
            tally.add(record)
    tally.merge()
    return len(pks)


def update(progress: Callable[[int], None] | None = None) -> int:
    """Re-index what changed since the checkpoint (or everything, without one); returns how
    many documents that was."""
    engine = get_engine()
    stored = IndexCheckpoint.objects.filter(engine=engine.key).first()
    started = timezone.now()
    tally = vocabulary.Tally()
    changed = _index_changed(stored.indexed_through if stored else None, tally, progress)
    tally.merge()
    checkpoint(engine.key, started)
    return changed


def _index_changed(
    since: datetime | None,
    tally: vocabulary.Tally,
    progress: Callable[[int], None] | None = None,
    also: Collection[tuple[str, int]] = (),
) -> int:
    """Index every kind's items changed since `since`, and the (kind, pk) items in `also`, their
    words counted into `tally`; how many documents that was."""
    changed = 0
    for kind in kinds.registered():
        more = {pk for name, pk in also if name == kind.name}
        pks = sorted(set(kind.changed_since(since)) | more)
        for start in range(0, len(pks), CHUNK):
            chunk = pks[start : start + CHUNK]
            for record in index_items(kind.name, chunk):
                tally.add(record)
            if progress and kind.name == kinds.DOCUMENT:
                progress(len(chunk))
        if kind.name == kinds.DOCUMENT:
            changed = len(pks)
    return changed
