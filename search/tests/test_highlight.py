"""Highlighting: which words of a text a query's folded words mark. Pure functions, no engine."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from search import analysis, highlight

PIECES = [
    "Khoa",
    "HỌC",
    "học",
    "hoc",
    "Đồng",
    "đồng",
    "dong",
    "nuôi",
    "NUÔI",
    "chăn_nuôi",
    "hòa",
    "hoà",
    "İ",
    "\u2c62",  # Ɫ, past the table: its lower case "ɫ" is in it
    "\u023a",  # Ⱥ: its lower case "ⱥ" is past the table
    "\u2c65",
    "\U00010400",  # Deseret, past the plane: its lower case is "\U00010428"
    "\U00010428",
    "ſ",
    "ı",
    "ø",
    "ǅ",
    "\u0301",
    "-",
    "_",
    " ",
    "\n",
    "2010",
    "a",
    "ă",
    "ẵ",
]


def spans_in_a_folded_copy(text: str, words: frozenset[str]) -> list[tuple[int, int]]:
    """What marking means, done the slow way: every character of the lower-cased text folded
    on its own (where it folds to one character), the words looked for in that copy."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return [m.span() for m in re.finditer(r"\w+", text) if analysis.fold(m.group()) in words]

    def folded(char: str) -> str:
        base = analysis.strip_marks(char)
        return base.lower() if ord(char) < 0x1EFA and len(base) == 1 else char

    copy = "".join(map(folded, lowered))
    found = re.finditer(rf"(?:{'|'.join(map(re.escape, words))})(?![^\W_])", copy)
    return [m.span() for m in found if not m.start() or not copy[m.start() - 1].isalnum()]


def marked(text: str, query: str) -> list[str]:
    words = frozenset(analysis.fold(w) for w in analysis.words(query))
    found = highlight.mark(text, words)
    return [found.text[a:b] for a, b in found.spans]


def test_a_folded_query_marks_every_spelling_in_any_case():
    assert marked("Khoa HỌC và đời sống ở Đồng Tháp", "khoa hoc dong") == ["Khoa", "HỌC", "Đồng"]
    assert marked("Khoa học", "khóa học") == ["Khoa", "học"]


def test_only_whole_words_are_marked():
    assert marked("họcsinh, tiếnghọc và học.", "học") == ["học"]
    assert marked("chăn_nuôi 2010nuôi nuôi2", "nuôi") == ["nuôi"]


def test_a_letter_is_marked_wherever_its_lower_case_folds_to_the_query():
    text = "\u2c62-\u023a \U00010400 ſ ı"  # Ɫ, Ⱥ, a Deseret capital, long s, dotless i
    assert marked(text, "\u026b \u2c65 \U00010428") == [text[0], text[2], text[4]]
    assert marked(text, "s i") == []  # ſ and ı fold to themselves, as the index has them


def test_a_text_whose_lower_case_is_longer_is_marked_word_by_word():
    assert marked("İstanbul học", "hoc") == ["học"]


def test_a_passage_marks_the_words_it_shows():
    text = "Mở đầu. " + "x " * 400 + "Nuôi tôm sú ở Cà Mau."
    found = highlight.passage(text, frozenset({"tom", "ca"}))
    assert found.text.startswith("…") and [found.text[a:b] for a, b in found.spans] == [
        "tôm",
        "Cà",
    ]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=4),
)
def test_the_marks_are_those_of_a_folded_copy(text, query):
    words = frozenset(w for w in (analysis.fold(q) for q in query) if w)
    if not words:
        return
    assert highlight._matches(text, words) == spans_in_a_folded_copy(text, words)
