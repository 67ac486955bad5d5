"""The vocabulary stored by a rebuild (search.vocabulary.Tally.replace): every entry, written a
batch at a time, replacing what was stored."""

import pytest

from search import vocabulary
from search.models import VocabularyEntry

pytestmark = pytest.mark.django_db


def test_replace_stores_every_entry_across_batches_and_drops_the_old(monkeypatch):
    monkeypatch.setattr(vocabulary, "BATCH", 3)
    VocabularyEntry.objects.create(exact="cũ", folded="cu", count=9)
    tally = vocabulary.Tally()
    tally.words.update({"biến": 4, "đổi": 4, "khí": 2, "hậu": 2, "lúa": 1})
    tally.pairs.update({"biến_đổi": 4, "khí_hậu": 2, "hậu_lúa": 1})  # seen once: left out
    assert tally.replace() == 7
    stored = dict(VocabularyEntry.objects.values_list("exact", "count"))
    words = {"biến": 4, "đổi": 4, "khí": 2, "hậu": 2, "lúa": 1}
    assert stored == {**words, "biến_đổi": 4, "khí_hậu": 2}
    assert VocabularyEntry.objects.get(exact="biến_đổi").folded == "bien_doi"


def test_merge_adds_every_entry_to_the_stored_counts_across_batches(monkeypatch):
    monkeypatch.setattr(vocabulary, "LOOKUP_BATCH", 2)
    VocabularyEntry.objects.create(exact="lúa", folded="lua", count=5)
    tally = vocabulary.Tally()
    tally.words.update({"biến": 1, "đổi": 1, "khí": 1, "lúa": 2})
    tally.pairs.update({"biến_đổi": 1})  # an update keeps pairs seen once
    tally.merge()
    stored = dict(VocabularyEntry.objects.values_list("exact", "count"))
    assert stored == {"biến": 1, "đổi": 1, "khí": 1, "lúa": 7, "biến_đổi": 1}
