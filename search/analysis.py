"""Vietnamese text analysis, done once in Python so that every engine indexes the same words.

`exact()` keeps the diacritics: NFC, lower case, one tone placement (hoà → hòa, thuỷ → thủy).
`fold()` drops them, đ → d included, so "khoa hoc" finds "khoa học". Punctuation becomes
spaces and words over 40 characters are dropped. Both engines split what is written here on
white space alone and index its words as they are, and a query asks for them as terms.

Work is done per whitespace-separated word through a memo: a language has a few thousand
syllables, so 229,000 documents of 8 KB are analysed in seconds rather than minutes.

`pairs()` makes a Vietnamese word of two syllables ("chăn nuôi") one token, "chăn_nuôi":
each pair of adjacent words is indexed as a term of its own, so "side by side" is a term
query on every engine rather than a phrase query or a re-ranking pass.
"""

import re
import unicodedata
from collections.abc import Callable
from itertools import pairwise

from library.vietnamese.syllables import TONE_MARKS as _MARKS


def _old_to_new_tone_placement() -> dict[str, str]:
    """oà → òa, oé → óe, uỷ → ủy, …: old-style placement on the second vowel of oa, oe, uy
    at the end of a syllable, moved to the first vowel (the spelling schools now teach)."""
    table = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for mark in _MARKS:
            old = unicodedata.normalize("NFC", first + second + mark)
            table[old] = unicodedata.normalize("NFC", first + mark + second)
    return table


TONE_PLACEMENT = _old_to_new_tone_placement()
# "qu" is a consonant: in quý, quỳnh the mark already sits on the syllable's vowel.
_TONE_RE = re.compile("(?<!q)(" + "|".join(TONE_PLACEMENT) + r")(?!\w)")
_COMBINING = re.compile("[\u0300-\u036f]")
JOINER = "_"  # of a pair: "chăn_nuôi". Never in a word: in text, "_" separates words.
_SEPARATORS = re.compile(r"[\W_]+")
MAX_WORD = 40  # characters; longer words are dropped (a hash, a URL run together)
_MEMO_LIMIT = 500_000


class _Memo(dict[str, str]):
    """A word → analysed word memo that computes what it lacks and stays bounded."""

    def __init__(self, compute: Callable[[str], str]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, word: str) -> str:
        if len(self) > _MEMO_LIMIT:
            self.clear()
        value = self[word] = self.compute(word)
        return value


def canonical_word(word: str) -> str:
    """One whitespace-separated word → its canonical words, space-separated ("" if none)."""
    word = _TONE_RE.sub(lambda m: TONE_PLACEMENT[m.group(1)], word.lower())
    return " ".join(w for w in _SEPARATORS.split(word) if w and len(w) <= MAX_WORD)


def strip_marks(word: str) -> str:
    """Remove diacritics: decompose, drop combining marks, đ → d."""
    decomposed = unicodedata.normalize("NFD", word)
    return _COMBINING.sub("", decomposed).replace("đ", "d").replace("Đ", "D")


_EXACT = _Memo(canonical_word)
_FOLD = _Memo(strip_marks)


def exact(text: str) -> str:
    """Canonical words (NFC, lower case, one tone placement), joined by single spaces."""
    return " ".join(
        filter(None, map(_EXACT.__getitem__, unicodedata.normalize("NFC", text).split()))
    )


def fold(text: str) -> str:
    """exact() without diacritics."""
    return " ".join(map(_FOLD.__getitem__, exact(text).split()))


def analyse(text: str) -> tuple[str, str]:
    """(exact, folded) of one text, sharing the work."""
    words = [w for w in map(_EXACT.__getitem__, unicodedata.normalize("NFC", text).split()) if w]
    return " ".join(words), " ".join(map(_FOLD.__getitem__, words))


def pairs(words: list[str]) -> list[str]:
    """Each pair of adjacent analysed words (exact or folded) as one token. The engines split
    pair fields on whitespace only, so each pair stays whole, however long."""
    return list(map(JOINER.join, pairwise(words)))


def words(text: str) -> list[str]:
    """The words the engines index for `text`, with diacritics."""
    return exact(text).split()


_TONE_ANY_CASE = re.compile("(?<![qQ])(" + "|".join(TONE_PLACEMENT) + r")(?!\w)", re.IGNORECASE)


def _recase(old: str, new: str) -> str:
    return "".join(n.upper() if o.isupper() else n for o, n in zip(old, new, strict=True))


def canonical_spelling(value: str) -> str:
    """A display value (a subject, say) in NFC with one tone placement, its case kept:
    "Thuỷ sản" and "Thủy sản" become one facet value."""
    value = " ".join(unicodedata.normalize("NFC", value).split())
    return _TONE_ANY_CASE.sub(
        lambda m: _recase(m.group(1), TONE_PLACEMENT[m.group(1).lower()]), value
    )
