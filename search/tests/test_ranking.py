"""Ranking as a reader judges it, on every engine: a person's name is a name, and a Vietnamese
word of two syllables is more than its syllables (issue #16, items 1–3)."""

import pytest

from search import indexing, service
from search.tests import corpus

pytestmark = pytest.mark.django_db


def found(q: str, size: int = 50) -> list[str]:
    return [hit.id for hit in service.search(q, size=size).hits]


@pytest.fixture
def names(engine):
    docs = {
        "hong_1": corpus.doc("Sinh kế hộ nghèo ven biển Bạc Liêu", authors=("Lê Thị Hồng",)),
        "hong_2": corpus.doc("Chuỗi giá trị cá tra", authors=("Lê Thị Hồng", "Trần Văn Bé")),
        # A namesake with other diacritics, and a title word ("thị") the name shares.
        "hong_grave": corpus.doc("Quy hoạch không gian xanh ở đô thị", authors=("Lê Thị Hòng",)),
        "minh_khoa": corpus.doc("Đất phèn Long An", authors=("Trương Minh Khoa",)),
        "khoa_minh": corpus.doc("Đất mặn Sóc Trăng", authors=("Trương Khoa Minh",)),
        "hoa_old": corpus.doc("Rừng tràm U Minh", authors=("Trần Thị Hoà",)),
        "tuan": corpus.doc("Cơ giới hóa khâu thu hoạch lúa", authors=("Võ Văn Tuấn",)),
        "tuan_words": corpus.doc(
            "Văn hóa sông nước", text="Ông Võ kể chuyện tuần tra.", authors=("Phan Văn Tuấn",)
        ),
    }
    indexing.rebuild()
    return {key: document.local_id for key, document in docs.items()}


def test_a_full_name_ranks_that_person_s_works_first(names):
    hong = {names["hong_1"], names["hong_2"]}
    assert set(found("Lê Thị Hồng")[:2]) == hong
    assert set(found("LÊ THỊ HỒNG")[:2]) == hong
    assert found("Võ Văn Tuấn")[0] == names["tuan"]
    assert found("vo van tuan")[0] == names["tuan"]


def test_a_namesake_with_other_diacritics_is_not_the_same_name(names):
    ranked = found("Lê Thị Hồng")
    assert ranked.index(names["hong_grave"]) > max(
        ranked.index(names["hong_1"]), ranked.index(names["hong_2"])
    )
    assert found("Lê Thị Hòng")[0] == names["hong_grave"]


def test_without_diacritics_every_namesake_comes_before_the_words_apart(names):
    ranked = found("le thi hong")
    assert set(ranked[:3]) == {names["hong_1"], names["hong_2"], names["hong_grave"]}


def test_name_order_is_respected(names):
    assert found("Trương Minh Khoa")[0] == names["minh_khoa"]
    assert found("Trương Khoa Minh")[0] == names["khoa_minh"]
    assert found("truong khoa minh")[0] == names["khoa_minh"]


def test_any_tone_placement_of_a_name_is_the_name(names):
    assert found("Trần Thị Hòa")[0] == names["hoa_old"]
    assert found("Trần Thị Hoà")[0] == names["hoa_old"]


SCATTERED = 120  # more than the 100 hits adjacency used to re-rank


@pytest.fixture
def phrase_deep(engine):
    """Many documents with "chăn" and "nuôi" apart, in their titles, and one whose only match is
    the phrase "chăn nuôi" in its description."""
    for n in range(SCATTERED):
        corpus.doc(f"Nuôi cá lồng và chăn thả vịt, đợt {n}", subjects=("Thủy sản",))
    phrase = corpus.doc(
        "Kinh tế hộ gia đình vùng ven sông",
        description="Thu nhập từ chăn nuôi heo chiếm phần lớn.",
        subjects=("Kinh tế",),
    )
    indexing.rebuild()
    return phrase.local_id


def test_the_one_document_with_the_phrase_outranks_the_words_apart(phrase_deep):
    assert found("chăn nuôi", size=10)[0] == phrase_deep
    assert found("chan nuoi", size=10)[0] == phrase_deep
    # Every required word stays required: the words apart are all still found.
    assert service.search("chan nuoi").total == SCATTERED + 1


@pytest.fixture
def one_word(engine):
    docs = {
        "together": corpus.doc("Kỹ thuật chăn nuôi gà thả vườn"),
        "apart": corpus.doc("Nuôi cá lóc và chăn thả vịt"),
    }
    indexing.rebuild()
    return {key: document.local_id for key, document in docs.items()}


@pytest.mark.parametrize("typed", ["chan-nuoi", "chăn-nuôi", "chan_nuoi", "chan.nuoi", "chan nuoi"])
def test_a_word_typed_as_one_token_still_finds_its_syllables_apart(one_word, typed):
    # Every syllable is required, not their adjacency: that only ranks.
    assert found(typed) == [one_word["together"], one_word["apart"]]


def test_a_quoted_phrase_still_needs_its_words_together(one_word):
    assert found('"chan nuoi"') == [one_word["together"]]
