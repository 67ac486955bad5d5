"""What a rebuild does after its index: it indexes again what was saved while it read the
library, and lets go of its word counts before the steps that follow."""

import gc
from datetime import datetime

import pytest
from django.utils import timezone

from library.models import Document
from search import indexing, kinds, service, suggestions, vocabulary
from search.engines import get_engine
from search.engines.base import RebuildRunning
from search.models import IndexCheckpoint, RebuildJournal
from search.records import uid
from search.tests import corpus

pytestmark = pytest.mark.django_db


def once_read(monkeypatch, document: Document, then) -> None:
    """Have rebuilds call `then()` right after they read `document`."""
    read = indexing._everything

    def reading(processes):
        for record in read(processes):
            yield record
            if record["uid"] == uid(document.pk):
                then()

    monkeypatch.setattr(indexing, "_everything", reading)


def test_what_is_saved_while_a_rebuild_reads_the_library_is_in_the_new_index(engine, monkeypatch):
    """A save after the rebuild read its document: the new index held it as it was read, and
    the save's own index write had gone to the old index, swapped out. It is found as saved
    from the step after the swap on, not only once the vocabulary, suggestions and cards are
    written (27 minutes at a million documents)."""
    edited = corpus.build()["tom_only"]

    def saved() -> None:
        edited.title = "Rừng đước Năm Căn"
        edited.save()

    def found(stage: str) -> None:
        if stage == "vocabulary":
            found_then.extend(hit.id for hit in service.search("rừng đước năm căn").hits)

    found_then: list[str] = []
    once_read(monkeypatch, edited, saved)
    indexing.rebuild(stage=found)
    assert found_then == [edited.local_id]
    assert [hit.id for hit in service.search("rừng đước năm căn").hits] == [edited.local_id]


def test_a_save_begun_before_a_rebuild_and_committed_after_it_read_is_in_the_new_index(
    engine, monkeypatch
):
    """A save stamps its document's datestamp as it saves, and writes the index once its
    transaction commits. One that began before the rebuild and committed after the rebuild read
    the document is older than the rebuild's start, so a catch-up by datestamp passes it by, and
    its own index write went to the old index."""
    edited = corpus.build()["tom_only"]
    before = timezone.now()

    def committed() -> None:
        renamed = {"title": "Rừng đước Năm Căn", "datestamp": before}
        Document.objects.filter(pk=edited.pk).update(**renamed)
        indexing.index_items(kinds.DOCUMENT, [edited.pk])  # its write on commit

    once_read(monkeypatch, edited, committed)
    indexing.rebuild()
    assert [hit.id for hit in service.search("rừng đước năm căn").hits] == [edited.local_id]
    assert not RebuildJournal.objects.exists()  # written again: no longer owed


def test_writers_hear_that_a_rebuild_runs_from_its_first_read_to_its_end(engine, monkeypatch):
    corpus.build()
    heard: list[bool] = []
    read = indexing._everything

    def reading(processes):
        heard.append(get_engine().rebuilding())
        yield from read(processes)

    monkeypatch.setattr(indexing, "_everything", reading)
    indexing.rebuild(stage=lambda _: heard.append(get_engine().rebuilding()))
    assert len(heard) == 6 and all(heard)
    assert not get_engine().rebuilding()


def test_a_rebuild_that_fails_no_longer_says_it_runs(engine, monkeypatch):
    corpus.build()

    def broken(processes):
        raise OSError("the disk went away")
        yield

    monkeypatch.setattr(indexing, "_everything", broken)
    with pytest.raises(OSError):
        indexing.rebuild()
    assert not get_engine().rebuilding()


def test_what_is_saved_during_the_steps_after_the_swap_is_indexed_at_the_end(engine):
    edited = corpus.build()["tom_only"]

    def saved_at(stage: str) -> None:
        if stage == "cards":
            edited.title = "Rừng đước Năm Căn"
            edited.save()

    indexing.rebuild(stage=saved_at)
    assert [hit.id for hit in service.search("rừng đước năm căn").hits] == [edited.local_id]


def test_a_second_rebuild_during_the_steps_after_the_swap_is_refused(engine):
    """They write the vocabulary, suggestions and cards: two rebuilds must not do it at once."""
    corpus.build()
    refused: list[str] = []

    def again(stage: str) -> None:
        if stage == "vocabulary":
            with pytest.raises(RebuildRunning) as raised:
                indexing.rebuild()
            refused.append(str(raised.value))

    indexing.rebuild(stage=again)
    assert len(refused) == 1


def test_the_checkpoint_a_rebuild_leaves_is_no_later_than_its_last_catch_up_began(
    engine, monkeypatch
):
    corpus.build()
    began: list[datetime] = []
    index_changed = indexing._index_changed

    def noting(*args, **kwargs):
        began.append(timezone.now())
        return index_changed(*args, **kwargs)

    monkeypatch.setattr(indexing, "_index_changed", noting)
    indexing.rebuild()
    stored = IndexCheckpoint.objects.get(engine=get_engine().key).indexed_through
    assert stored <= began[-1]


def test_a_rebuild_lets_go_of_its_word_counts_once_they_are_stored(engine, monkeypatch):
    corpus.build()
    alive: list[object] = []
    rebuild_suggestions = suggestions.rebuild

    def looking():
        alive.extend(o for o in gc.get_objects() if isinstance(o, vocabulary.Tally))
        return rebuild_suggestions()

    monkeypatch.setattr(suggestions, "rebuild", looking)
    indexing.rebuild()
    assert alive == []
