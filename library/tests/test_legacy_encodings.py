"""repair(): TCVN3, VNI and VIQR back to Unicode, every letter of each table, and Unicode text
(the demo corpus, English prose) left exactly as it was."""

import unicodedata

import pytest

from library.demo.generator import make_record
from library.tests.legacy_encoder import (
    ENCODERS,
    TCVN3,
    VNI,
    accuracy,
    tcvn3_expected,
    to_tcvn3,
    to_viqr,
    to_vni,
)
from library.vietnamese import viqr
from library.vietnamese.legacy import Repair, read_table, repair

TITLE = "Nghiên cứu ảnh hưởng của biến đổi khí hậu đến sản xuất lúa ở Đồng bằng sông Cửu Long"
PARAGRAPH = (
    f"{TITLE}. Kết quả cho thấy năng suất giảm mạnh khi độ mặn vượt ngưỡng; người dân "
    "chuyển sang nuôi tôm, trồng dừa và khoai mỡ. Thủy lợi hoà hợp với tự nhiên giúp giữ nước "
    "ngọt. Mô hình quỹ tín dụng vi mô được đề xuất cho tỉnh Sóc Trăng, Bạc Liêu và Cà Mau."
)
# Every letter beyond ASCII: 12 vowels x 5 tones x 2 cases, ă â ê ô ơ ư and their capitals, đ Đ
TONES = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
LETTERS = sorted(
    {
        unicodedata.normalize("NFC", base + tone)
        for vowel in "aăâeêioôơuưy"
        for base in (vowel, vowel.upper())
        for tone in ("", *TONES)
    }
    - set("aeiouyAEIOUY")
    | {"đ", "Đ"}
)
ENGLISH = """\
Rice yields in the delta fell by 12% in 2016, when salt water reached 90 km inland. They're
likely to fall again: farmers don't expect the dry season to end before May, e.g. in Bến Tre.
Søren Kierkegaard's essays aren't about rice; neither is the 1ª división of Spain's league.
See https://example.org/reports?id=42&lang=en or mail info@example.org. I'm sure you'd agree
that a café in Bø, Telemark, is far from Cần Thơ.

    def yield_per_hectare(tonnes: float, area: float) -> float:
        return tonnes / area if area else 0.0  # x^2 + y^2, a(b) and f'(x)

Table 3 (n=120): mean ± sd; p < 0.05. The O'Neills' farm — "the best," they said — lies ~3 km
north. Isn't it? It is. Don't go. I'd rather stay.
"""


def syllable_for(letter: str) -> str:
    """A valid syllable holding `letter`: t + letter (+ n after ă and â, which need a coda)."""
    if letter in "đĐ":
        return letter + ("i" if letter == "đ" else "I")
    marks = unicodedata.normalize("NFD", letter.lower())
    needs_coda = marks[0] == "a" and ("\u0306" in marks or "\u0302" in marks)
    word = "t" + letter + ("n" if needs_coda else "")
    return word.upper() if letter.isupper() else word


def demo_texts(count: int) -> list[str]:
    return [make_record(5, index).fulltext for index in range(count)]


def test_there_are_134_letters_and_each_has_a_vni_row():
    assert len(LETTERS) == 134
    assert set(VNI) == set(LETTERS)


def test_tcvn3_has_every_lower_case_letter_and_seven_capitals():
    lower = {letter for letter in LETTERS if letter.islower()}
    assert set(TCVN3) == lower | set("ĂÂÊÔƠƯĐ")


@pytest.mark.parametrize("name", ["tcvn3", "vni"])
def test_no_table_code_lies_where_cp1252_and_latin1_differ(name):
    assert not [row for row in read_table(name) if any(0x80 <= ord(c) <= 0x9F for c in row.legacy)]


@pytest.mark.parametrize("encoder", [to_vni, to_viqr], ids=["vni", "viqr"])
def test_every_letter_comes_back(encoder):
    # Each word before a lower-case one: VIQR reads "ta^." before a capital as "tâ." (a full stop)
    words = " ".join(syllable_for(letter) + " và" for letter in LETTERS)
    result = repair(encoder(words))
    assert result.text == words


def test_every_tcvn3_letter_comes_back():
    words = " ".join(syllable_for(letter) for letter in TCVN3 if letter.islower())
    words += " ĂN ÂN ÊN ÔN ƠN ƯN ĐI"
    assert repair(to_tcvn3(words)).text == words


def test_tcvn3_toned_capitals_come_back_only_inside_words_of_capitals():
    assert repair(to_tcvn3("NGHIÊN CỨU ĐỒNG BẰNG")).text == "NGHIÊN CỨU ĐỒNG BẰNG"
    assert repair(to_tcvn3("Ấp Đồng Xuân")).text == "ấp Đồng Xuân"  # Ấ alone: lower case


@pytest.mark.parametrize("name", ["tcvn3", "vni", "viqr"])
def test_a_paragraph_comes_back_exactly(name):
    result = repair(ENCODERS[name](PARAGRAPH))
    want = tcvn3_expected(PARAGRAPH) if name == "tcvn3" else PARAGRAPH
    assert result.text == want
    assert result.encodings == (name,)
    assert result.words == len(PARAGRAPH.split())
    assert result.converted == sum(
        a != b for a, b in zip(ENCODERS[name](want).split(), want.split(), strict=True)
    )


@pytest.mark.parametrize("name", ["tcvn3", "vni", "viqr"])
def test_demo_documents_come_back_exactly(name):
    for text in demo_texts(12):
        want = tcvn3_expected(text) if name == "tcvn3" else text
        assert accuracy(repair(ENCODERS[name](text)).text, want) == 1.0


def test_the_demo_corpus_is_left_unchanged():
    for text in demo_texts(300):
        assert repair(text) == Repair(text, (), 0, len(text.split()))


def test_english_prose_and_code_are_left_unchanged():
    assert repair(ENGLISH) == Repair(ENGLISH, (), 0, len(ENGLISH.split()))


@pytest.mark.parametrize(
    "line",
    ["Vie^.t Nam hie^.n nay", "ca(n ba(ng sa('c", "nu+o+'c ngo.t", "ddi ddo' dde` ddi"],
    ids=["circumflex", "breve", "horn", "dd"],
)
def test_each_sign_that_only_viqr_writes_is_found_alone(line):
    # each line has one of the hint's signs and no other: the lines read, each of them
    assert viqr.HINT.search(line) is not None
    assert repair(f"{line}\n{line}\n{line}").encodings == ("viqr",)


def test_signs_like_viqr_in_other_text_are_not_viqr():
    for text in ["x^2 + (a) in C++", "add odd (b)", "f(a(1))", "u + v", "Eddie (x^y)"]:
        assert viqr.HINT.search(text) is None, text


def test_one_word_that_decodes_to_a_syllable_is_not_enough():
    text = "Vi reiste til Bø i Telemark."  # TCVN3 would read "Bứ", a syllable
    assert repair(text).text == text


def test_a_tcvn3_page_followed_by_a_unicode_page():
    text = to_tcvn3(PARAGRAPH) + "\f" + PARAGRAPH
    result = repair(text)
    assert result.text == tcvn3_expected(PARAGRAPH) + "\f" + PARAGRAPH
    assert result.encodings == ("tcvn3",)


def test_a_vni_line_inside_unicode_text():
    before = "Tôi có một cuốn sách về Đồng Tháp.\n"
    after = "\nCác tỉnh khác là Sóc Trăng và Cà Mau."
    result = repair(before + to_vni(TITLE) + after)
    assert result.text == before + TITLE + after
    assert result.encodings == ("vni",)


def test_encodings_are_listed_in_order_of_appearance():
    text = to_viqr(TITLE) + "\n\n" + to_tcvn3(PARAGRAPH.lower()) + "\n\n" + to_vni(TITLE)
    assert repair(text).encodings == ("viqr", "tcvn3", "vni")


def test_a_word_that_was_a_syllable_and_would_stop_being_one_keeps_its_spelling():
    # VNI reads "ó" as ĩ: "bóc" would become "bĩc", ngã on a stop coda, no syllable.
    assert repair(to_vni(TITLE) + " bóc").text == TITLE + " bóc"


def test_tcvn3_u_horn_read_as_a_hyphen_is_recovered():
    # A PDF without a ToUnicode map names byte 0xAD "hyphen": ư comes out as "-".
    text = to_tcvn3(PARAGRAPH.lower()).replace("\u00ad", "-")
    assert repair(text).text == PARAGRAPH.lower()


def test_viqr_escapes_and_full_stops():
    assert repair("To^i ddi\\. Me. no'i: ddi dda^u\\?").text == "Tôi đi. Mẹ nói: đi đâu?"
    assert repair("To^i ddi ho.c. Me. no'i ddi. Ba` o+? DDo^`ng Tha'p").text == (
        "Tôi đi học. Mẹ nói đi. Bà ở Đồng Tháp"
    )


def test_text_without_legacy_characters_is_returned_as_nfc():
    decomposed = unicodedata.normalize("NFD", TITLE)
    assert repair(decomposed) == Repair(TITLE, (), 0, len(TITLE.split()))
