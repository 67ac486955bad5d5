"""The query parser and the Vietnamese analysis: pure functions, no engine."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search import analysis
from search.query import Clause, ParsedQuery, parse

# The query language's pieces, so generated text holds operators as well as any characters.
QUERY_PIECES = ['"', "-", ":", "title:", "author:", "year:", "year:2010-", "year:-", "２０１０",
                "khoa học", "-\"", "\x00", "ISO:9001", "đ", "\u0301", "\ufeff", "²"]  # fmt: skip


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
    ("typed", "code"),
    [
        ('"khoa học', "unclosed-quote"),
        ("x" * 10_000, "too-long"),
        ("year:abc", "bad-years"),
        ("-tôm", "only-exclusions"),
        (" ".join(["a"] * 40), "too-many"),
    ],
)
def test_odd_input_parses_with_a_notice(typed, code):
    assert code in [c for c, _ in parse(typed).notices]


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
