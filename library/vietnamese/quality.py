"""How much of a text reads as words: a score for garbled text, a wrong encoding, OCR noise.

quality(text) is the share of word tokens that are valid Vietnamese syllables (is_syllable) or
English words (pyspellchecker's English frequency list, 160,000 words, contractions included).
A token is a whitespace-separated word with its surrounding punctuation stripped; a token with
no letter (numbers, signs), or with a digit or a sign of code or addresses (/ @ _ = : # &) is not
counted. A hyphenated token counts as valid when each of its parts is.

Fewer than MIN_TOKENS tokens: None, too few to judge. More than SAMPLE tokens: every k-th token
is scored, k the smallest stride that keeps SAMPLE or fewer, so a 200 KB text costs as much as
a 40 KB one and the same text always gets the same score.

LOW is the threshold below which a text is flagged. Measured on 200 demo documents (and again
by benchmarks/text_repair.py): Vietnamese demo text scores 0.988-0.999; English prose with
names, code and addresses 0.88; the same Vietnamese in TCVN3 0.22-0.28, in VNI 0.17-0.24, in
VIQR 0.14-0.21; random letter strings 0.13-0.33. LOW = 0.6 sits in the gap, nearer the garbage
so that English heavy with names and terms is not flagged.
"""

import re
from functools import cache, lru_cache

from .syllables import is_syllable

LOW = 0.6
MIN_TOKENS = 20
SAMPLE = 6000
_EDGE = "\"'()[]{}<>.,;:!?…“”‘’–—-*\\|«»"
_NOT_PROSE = re.compile(r"[\d/@_=:#&]")


@cache
def english_words() -> frozenset[str]:
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language="en", distance=1).word_frequency.keys())


def _valid(token: str) -> bool:
    if is_syllable(token):
        return True
    english = english_words()
    lower = token.lower().replace("’", "'")
    return lower in english or all(
        part in english or is_syllable(part) for part in lower.split("-") if part
    )


@lru_cache(maxsize=1 << 16)
def _token(word: str) -> str:
    """The whitespace-separated word as quality() counts it, or "" when it is not counted.
    Cached: a text repeats its words, and judging each occurrence anew took 17 ms of a 15-page
    PDF's reading (45,000 characters), three times its extraction's share per page of text."""
    word = word.strip(_EDGE)
    if not word or _NOT_PROSE.search(word) or not any(c.isalpha() for c in word):
        return ""
    return word


def tokens(text: str) -> list[str]:
    """The word tokens quality() counts."""
    return [token for token in map(_token, text.split()) if token]


def quality(text: str) -> float | None:
    """Share of word tokens that are Vietnamese syllables or English words; None under
    MIN_TOKENS tokens."""
    counted = tokens(text)
    if len(counted) < MIN_TOKENS:
        return None
    stride = -(-len(counted) // SAMPLE)
    sample = counted[::stride]
    return sum(map(_valid, sample)) / len(sample)
