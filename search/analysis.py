"""Vietnamese text analysis, done once in Python so that every engine indexes the same words.

`exact()` keeps the diacritics: NFC, lower case, one tone placement (hoà → hòa, thuỷ → thủy).
`fold()` drops them, đ → d included, so "khoa hoc" finds "khoa học". The engines then split the
result into words with the analysis both have (tantivy's default tokenizer, Elasticsearch's
standard one): runs of letters and digits, punctuation dropped.

Work is done per whitespace-separated word through a memo: a language has a few thousand
syllables, so 229,000 documents of 8 KB are analysed in seconds rather than minutes.
"""

import re
import unicodedata

_MARKS = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền, sắc, hỏi, ngã, nặng


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
_MEMO_LIMIT = 500_000


class _Memo(dict):
    """A word → analysed word memo that computes what it lacks and stays bounded."""

    def __init__(self, compute) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, word: str) -> str:
        if len(self) > _MEMO_LIMIT:
            self.clear()
        value = self[word] = self.compute(word)
        return value


def canonical_word(word: str) -> str:
    word = word.lower()
    return _TONE_RE.sub(lambda m: TONE_PLACEMENT[m.group(1)], word)


def strip_marks(word: str) -> str:
    """Remove diacritics: decompose, drop combining marks, đ → d."""
    decomposed = unicodedata.normalize("NFD", word)
    return _COMBINING.sub("", decomposed).replace("đ", "d").replace("Đ", "D")


_EXACT = _Memo(canonical_word)
_FOLD = _Memo(strip_marks)


def exact(text: str) -> str:
    """Canonical words (NFC, lower case, one tone placement), joined by single spaces."""
    return " ".join(map(_EXACT.__getitem__, unicodedata.normalize("NFC", text).split()))


def fold(text: str) -> str:
    """exact() without diacritics."""
    return " ".join(map(_FOLD.__getitem__, exact(text).split()))


def analyse(text: str) -> tuple[str, str]:
    """(exact, folded) of one text, sharing the work."""
    words = list(map(_EXACT.__getitem__, unicodedata.normalize("NFC", text).split()))
    return " ".join(words), " ".join(map(_FOLD.__getitem__, words))


_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words an engine's tokenizer finds in exact(text): runs of letters and digits."""
    return _WORD.findall(exact(text).replace("_", " "))
