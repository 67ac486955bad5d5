"""quality(): Vietnamese and English well above LOW, legacy-encoded text and garbage well below."""

import random
import string

import pytest

from library.demo.generator import make_record
from library.tests.legacy_encoder import ENCODERS
from library.tests.test_legacy_encodings import ENGLISH, PARAGRAPH
from library.vietnamese.legacy import repair
from library.vietnamese.quality import LOW, MIN_TOKENS, SAMPLE, quality, tokens

MARGIN = 0.15  # "well above", "well below"


def score(text: str) -> float:
    value = quality(text)
    assert value is not None
    return value


def demo_texts(count: int) -> list[str]:
    return [make_record(9, index).fulltext for index in range(count)]


def garbage(seed: int) -> str:
    rng = random.Random(seed)
    letters = string.ascii_lowercase + "ªø¶®"
    return " ".join(
        "".join(rng.choice(letters) for _ in range(rng.randint(1, 7))) for _ in range(200)
    )


def test_vietnamese_demo_text_is_well_above_low():
    assert min(score(text) for text in demo_texts(40)) > LOW + 2 * MARGIN


def test_english_prose_is_well_above_low():
    assert score(ENGLISH) > LOW + MARGIN


@pytest.mark.parametrize("name", ["tcvn3", "vni", "viqr"])
def test_legacy_encoded_text_is_well_below_low_and_above_once_repaired(name):
    for text in demo_texts(10):
        encoded = ENCODERS[name](text)
        assert score(encoded) < LOW - MARGIN
        assert score(repair(encoded).text) > LOW + 2 * MARGIN


def test_random_letters_are_well_below_low():
    assert max(score(garbage(seed)) for seed in range(10)) < LOW - MARGIN


def test_too_few_words_to_judge():
    assert MIN_TOKENS == 20
    assert quality(" ".join(["lúa"] * 19) + " 12 3,4 — !") is None
    assert quality(" ".join(["lúa"] * 20)) == 1.0


def test_numbers_signs_code_and_addresses_are_not_counted():
    assert tokens("lúa 2016 12% — https://x.org a@b.vn foo_bar x=1 (Cần Thơ).") == [
        "lúa",
        "Cần",
        "Thơ",
    ]


def test_hyphenated_words_and_contractions_count_as_english():
    assert score("they're well-known, don't you think? " * 10) == 1.0


def test_a_long_text_is_scored_on_a_sample_that_is_always_the_same():
    text = (PARAGRAPH + " ") * (2 * SAMPLE // len(PARAGRAPH.split()) + 1)
    assert len(tokens(text)) > SAMPLE
    assert score(text) == score(text) == 1.0
    mixed = (ENCODERS["vni"](PARAGRAPH) + " " + PARAGRAPH + " ") * 200
    assert 0.4 < score(mixed) < 0.8
