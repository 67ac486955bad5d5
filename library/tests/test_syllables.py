"""is_syllable: the structure of a Vietnamese syllable, on real words and on garbage."""

import unicodedata

import pytest

from library.vietnamese.syllables import is_syllable

TITLE = "Nghiên cứu ảnh hưởng của biến đổi khí hậu đến sản xuất lúa ở Đồng bằng sông Cửu Long"
WORDS = (
    "người nước được những trường phương hướng chuyển khuyến quyết quốc quý quỳnh khuya"
    " nghiêng nghệ kiến kìa kỹ ghi ghế gì gìn giếng giữa ngoài ngoặt khoẻ khỏe hoà hòa thuỷ thủy"
    " oà uyên yêu yên ỉa ạ ơi ừ xoong boong thuở huơ luật loạt hoạch huých uống ướt oẳn"
    " tỉnh Tháp Cần Thơ Việt Nam pin ếch ích ách óc"
)


@pytest.mark.parametrize("word", TITLE.split() + WORDS.split())
def test_real_words_are_syllables(word):
    assert is_syllable(word)


@pytest.mark.parametrize("word", ["ĐỒNG", "BẰNG", "NGHIÊN", "Cửu", "Quốc"])
def test_upper_and_title_case_are_syllables(word):
    assert is_syllable(word)


@pytest.mark.parametrize(
    "word",
    [
        "ci",  # k before i
        "ka",  # c before a
        "gha",  # g before a
        "nghu",  # ng before u
        "ge",  # gh before e
        "quo",  # qu takes no o
        "iên",  # iê needs an onset; without one it is yê
        "tyên",  # and yê none
        "hàt",  # huyền on a stop coda
        "tỏc",  # hỏi on a stop coda
        "lãch",  # ngã on a stop coda
        "hoàà",  # two tone marks
        "tóàn",
        "ḿ",  # a tone mark on a consonant
        "nGhiên",  # mixed case
        "cuu",
        "nghien",
        "strength",
        "xyz",
        "Nghieân",  # VNI read as Latin-1
        "cöùu",
        "h\u00adëng",  # TCVN3 read as Latin-1
        "®Õn",
        "",
    ],
)
def test_garbage_is_not_a_syllable(word):
    assert not is_syllable(word)


def test_stop_codas_take_sac_and_nang():
    assert is_syllable("hát") and is_syllable("hạt") and is_syllable("hat")
    assert not any(is_syllable(w) for w in ("hàt", "hảt", "hãt"))
    assert is_syllable("hàn") and is_syllable("hản") and is_syllable("hãn")


def test_both_tone_placements_are_valid():
    for old, new in (("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe")):
        assert is_syllable(old) and is_syllable(new)


def test_decomposed_input_is_judged_as_composed():
    assert is_syllable(unicodedata.normalize("NFD", "Nguyễn"))
