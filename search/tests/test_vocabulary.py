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
    tally.add({"body_x": "biến đổi khí hậu"})
    tally.add({"body_x": "biến đổi khí hậu lúa"})
    assert tally.replace() == 8
    stored = dict(VocabularyEntry.objects.values_list("exact", "count"))
    words = {"biến": 2, "đổi": 2, "khí": 2, "hậu": 2, "lúa": 1}
    assert stored == {**words, "biến_đổi": 2, "đổi_khí": 2, "khí_hậu": 2}  # hậu_lúa seen once
    assert VocabularyEntry.objects.get(exact="biến_đổi").folded == "bien_doi"


def test_merge_adds_every_entry_to_the_stored_counts_across_batches(monkeypatch):
    monkeypatch.setattr(vocabulary, "LOOKUP_BATCH", 2)
    VocabularyEntry.objects.create(exact="lúa", folded="lua", count=5)
    tally = vocabulary.Tally()
    tally.add({"body_x": "biến đổi lúa lúa"})
    tally.merge()
    stored = dict(VocabularyEntry.objects.values_list("exact", "count"))
    pairs = {"biến_đổi": 1, "đổi_lúa": 1, "lúa_lúa": 1}  # an update keeps pairs seen once
    assert stored == {"biến": 1, "đổi": 1, "lúa": 7, **pairs}


def test_only_the_first_words_of_a_record_are_counted(monkeypatch):
    monkeypatch.setattr(vocabulary, "WORDS", 3)
    tally = vocabulary.Tally()
    tally.add({"body_x": "tôm sú thâm canh Cà Mau"})
    tally.add({"body_x": "tôm sú thâm canh Bạc Liêu"})
    tally.replace()
    stored = dict(VocabularyEntry.objects.values_list("exact", "count"))
    assert stored == {"tôm": 2, "sú": 2, "thâm": 2, "tôm_sú": 2, "sú_thâm": 2}
