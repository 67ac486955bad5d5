"""The query parser and the Vietnamese analysis: pure functions, no engine."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search import analysis
from search.query import Clause, ParsedQuery, parse

# The query language's pieces, so generated text holds operators as well as any characters.
QUERY_PIECES = [
    '"',
    "-",
    ":",
    "title:",
    "author:",
    "year:",
    "year:2010-",
    "year:-",
    "２０１０",
    "khoa học",
    '-"',
    "\x00",
    "ISO:9001",
    "đ",
    "\u0301",
    "\ufeff",
    "²",
]


def test_words_phrases_exclusions_fields_and_years():
    parsed = parse('khoa học "nuôi tôm" -lúa title:biển author:"Lê Văn" year:2010-2015')
    assert parsed.clauses == (
        Clause("khoa"),
        Clause("học"),
        Clause("nuôi tôm", phrase=True),
        Clause("lúa", negated=True),
        Clause("biển", field="title"),
        Clause("Lê Văn", phrase=True, field="author"),
    )
    assert parsed.years == (2010, 2015) and parsed.notices == ()


@pytest.mark.parametrize(
    ("typed", "years"),
    [
        ("year:2010", (2010, 2010)),
        ("year:-2000", (None, 2000)),
        ("year:2015-", (2015, None)),
        ("year:2015-2010", (2010, 2015)),
    ],
)
def test_year_ranges(typed, years):
    assert parse(typed).years == years


@pytest.mark.parametrize(
    ("typed", "notices"),
    [
        ('"khoa học', (("unclosed-quote", ""),)),
        ('"a" "b" "c', (("unclosed-quote", ""),)),
        ("x" * 10_000, (("too-long", "500"),)),
        ("year:abc", (("bad-years", "abc"),)),
        ('year:"20-30" tôm', (("bad-years", "20-30"),)),
        ("-tôm", (("only-exclusions", ""),)),
        ('-tôm -"nuôi cá"', (("only-exclusions", ""),)),
        (" ".join(["a"] * 40), (("too-many", "24"),)),
        ('"tôm ' + "a " * 300, (("too-long", "500"), ("unclosed-quote", ""))),
        ("year:x -tôm", (("bad-years", "x"), ("only-exclusions", ""))),
        (" ".join(["-a"] * 30), (("too-many", "24"), ("only-exclusions", ""))),
    ],
)
def test_odd_input_parses_with_exactly_its_notices(typed, notices):
    assert parse(typed).notices == notices


@pytest.mark.parametrize(
    "typed",
    ["x" * 500, " ".join(["a"] * 24), '"khoa học"', "year:2010", "-tôm year:2010", "-tôm lúa", ""],
)
def test_input_at_the_limits_or_well_formed_has_no_notice(typed):
    assert parse(typed).notices == ()


def test_a_long_query_is_cut_at_500_characters_and_many_clauses_at_24():
    assert parse("a" * 499 + "bc").clauses == (Clause("a" * 499 + "b"),)
    assert parse("tôm" + " " * 600 + "lúa").clauses == (Clause("tôm"),)
    words = [f"w{n}" for n in range(30)]
    assert parse(" ".join(words)).clauses == tuple(Clause(w) for w in words[:24])


def test_control_characters_and_lone_operators_vanish():
    assert parse("a\x00b\x1b[31m").clauses == (Clause("a"), Clause("b"), Clause("[31m"))
    assert parse('- " : -').clauses == ()
    assert parse("ISO:9001").clauses == (Clause("ISO:9001"),)  # an unknown prefix is a word


def test_analysis_unifies_spellings_and_folds():
    decomposed = unicodedata.normalize("NFD", "Thuỷ sản HOÀ BÌNH khoẻ")
    assert analysis.exact(decomposed) == "thủy sản hòa bình khỏe"
    assert analysis.fold("Đồng bằng sông Cửu Long") == "dong bang song cuu long"
    assert analysis.exact("quý Quỳnh") == "quý quỳnh"  # "qu" keeps its mark where it is
    assert analysis.exact("2.000 email@x.com a_b") == "2 000 email x com a b"
    assert analysis.canonical_spelling("Thuỷ  sản") == "Thủy sản"


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=600) | st.lists(st.sampled_from(QUERY_PIECES)).map(" ".join))
def test_any_text_parses(text):
    parsed = parse(text)
    assert isinstance(parsed, ParsedQuery)
    assert all(isinstance(c, Clause) for c in parsed.clauses)


def test_a_lone_operator_is_dropped_and_the_words_after_it_kept():
    assert parse("tôm ( - lúa").clauses == (Clause("tôm"), Clause("lúa"))
    assert parse("year:2010 - cá").clauses == (Clause("cá"),)


def test_one_quoted_word_is_a_word_not_a_phrase():
    assert parse('"tôm"').clauses == (Clause("tôm"),)
    assert parse('title:"tôm"').clauses == (Clause("tôm", field="title"),)


def test_field_prefixes_are_read_in_any_case():
    assert parse("TITLE:lúa Author:An").clauses == (
        Clause("lúa", field="title"),
        Clause("An", field="author"),
    )


def test_words_of_up_to_40_characters_are_kept_and_longer_ones_dropped():
    assert analysis.exact("a" * 40) == "a" * 40
    assert analysis.exact(f"tôm {'a' * 41} lúa") == "tôm lúa"
    assert analysis.words("Nuôi tôm, cá-tra") == ["nuôi", "tôm", "cá", "tra"]


def test_analyse_gives_the_exact_and_folded_forms_together():
    exact, folded = analysis.analyse("Thuỷ sản ĐỒNG THÁP, 2024")
    assert (exact, folded) == ("thủy sản đồng tháp 2024", "thuy san dong thap 2024")
    assert analysis.analyse("") == ("", "")


def test_every_old_style_tone_placement_moves_to_the_first_vowel():
    old = "hoà hoá hoả hoã hoạ khoè khoé khoẻ khoẽ khoẹ thuỳ thuý thuỷ thuỹ thuỵ"
    new = "hòa hóa hỏa hõa họa khòe khóe khỏe khõe khọe thùy thúy thủy thũy thụy"
    assert analysis.exact(old) == new
    assert analysis.exact("hoàng thuyết") == "hoàng thuyết"  # mid-syllable: left alone


def test_marks_are_stripped_from_capitals_too():
    assert analysis.strip_marks("Đồng Tháp đẹp") == "Dong Thap dep"  # highlight.py relies on it


def test_a_display_spelling_keeps_its_case():
    assert analysis.canonical_spelling("HOÀ BÌNH  Thuỷ sản") == "HÒA BÌNH Thủy sản"
    assert analysis.canonical_spelling("Quỳnh Lưu") == "Quỳnh Lưu"


def test_the_word_memo_computes_what_it_lacks_and_empties_when_full(monkeypatch):
    monkeypatch.setattr(analysis, "_MEMO_LIMIT", 2)
    memo = analysis._Memo(str.upper)
    assert [memo["a"], memo["b"], memo["c"]] == ["A", "B", "C"]
    assert memo == {"a": "A", "b": "B", "c": "C"}
    assert memo["d"] == "D" and memo == {"d": "D"}  # over the limit: cleared, then filled
