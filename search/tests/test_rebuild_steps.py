"""What a rebuild does after its index: it indexes again what was saved while it read the
library, and lets go of its word counts before the steps that follow."""

import gc

import pytest

from search import indexing, service, suggestions, vocabulary
from search.records import uid
from search.tests import corpus

pytestmark = pytest.mark.django_db


def test_what_is_saved_while_a_rebuild_reads_the_library_is_in_the_new_index(engine, monkeypatch):
    """A save after the rebuild read its document: the new index held it as it was read, and
    the save's own index write had gone to the old index, swapped out. It is found as saved
    from the step after the swap on, not only once the vocabulary, suggestions and cards are
    written (27 minutes at a million documents)."""
    edited = corpus.build()["tom_only"]
    read = indexing._everything

    def saved_midway(processes):
        for record in read(processes):
            yield record
            if record["uid"] == uid(edited.pk):
                edited.title = "Rừng đước Năm Căn"
                edited.save()

    def found(stage: str) -> None:
        if stage == "vocabulary":
            found_then.extend(hit.id for hit in service.search("rừng đước năm căn").hits)

    found_then: list[str] = []
    monkeypatch.setattr(indexing, "_everything", saved_midway)
    indexing.rebuild(stage=found)
    assert found_then == [edited.local_id]
    assert [hit.id for hit in service.search("rừng đước năm căn").hits] == [edited.local_id]


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
