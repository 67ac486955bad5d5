"""Highlighted passages, made in Python from the stored text so every engine marks the same
words. A word matches when its folded form is one of the query's folded words, so a query
typed without diacritics marks "khoa học". A `Marked` text is shown two ways from the same
spans: as plain text (for a JSON client, which escapes it itself) and as HTML with everything
around a <mark> escaped."""

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from . import analysis


def _one_char_fold_table() -> list[str]:
    """Each precomposed letter → its base letter: folding NFC text keeps every offset. A list
    indexed by code point (str.translate leaves the characters past its end alone) translates
    twice as fast as a dict."""
    table = [chr(code) for code in range(0x1EFA)]  # strip_marks() takes đ to d too
    for code in range(0x00C0, 0x1EFA):
        base = analysis.strip_marks(chr(code))
        if len(base) == 1 and base != chr(code):
            table[code] = base.lower()
    return table


_FOLD_TABLE = _one_char_fold_table()


def _fold_same_length(text: str) -> str | None:
    folded = text.lower().translate(_FOLD_TABLE)
    return folded if len(folded) == len(text) else None


@lru_cache(maxsize=256)
def _pattern(words: frozenset[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    # no look-behind first: a pattern that starts with its letters lets re skip ahead to them
    return re.compile(rf"(?:{alternatives})(?![^\W_])")


def _matches(text: str, words: frozenset[str]) -> list[tuple[int, int]]:
    if not words or not text:
        return []
    folded = _fold_same_length(text)
    if folded is None:  # characters whose lower case changes length: word by word instead
        return [m.span() for m in re.finditer(r"\w+", text) if analysis.fold(m.group()) in words]
    found = _pattern(words).finditer(folded)
    return [m.span() for m in found if not m.start() or not folded[m.start() - 1].isalnum()]


@dataclass(frozen=True)
class Marked:
    text: str  # plain NFC text, unescaped
    spans: tuple[tuple[int, int], ...] = ()  # the matching words' offsets in `text`

    def __str__(self) -> str:
        return self.text

    @property
    def html(self) -> str:
        """The text, escaped, every matching word in <mark>."""
        out, position = [], 0
        for a, b in self.spans:
            out.append(html.escape(self.text[position:a]))
            out.append(f"<mark>{html.escape(self.text[a:b])}</mark>")
            position = b
        out.append(html.escape(self.text[position:]))
        return "".join(out)

    def __html__(self) -> str:  # what Django's escaping and format_html() insert
        return self.html


def mark(text: str, words: frozenset[str]) -> Marked:
    """The whole text with every matching word marked."""
    text = unicodedata.normalize("NFC", text)
    return Marked(text, tuple(_matches(text, words)))


def passage(text: str, words: frozenset[str], size: int = 260, scan: int = 1500) -> Marked:
    """A passage of about `size` characters around the most distinct matching words."""
    text = unicodedata.normalize("NFC", text)
    spans: list[tuple[int, int]] = []
    for start in range(0, len(text), scan):  # most texts match early: a piece at a time
        piece = text[start : start + scan + 40]
        spans = [(a + start, b + start) for a, b in _matches(piece, words)]
        if spans:
            break
    if not spans:
        begin, end = 0, _cut(text, size)
    else:
        anchor = _densest(text, spans[:200], size)
        begin = max(0, text.rfind(" ", 0, max(0, anchor - 40)) + 1)
        end = _cut(text, begin + size)
    piece = text[begin:end]
    start = begin + len(piece) - len(piece.lstrip())  # where the stripped piece starts
    prefix = "…" if begin > 0 else ""
    shift = len(prefix) - start
    shown = tuple((a + shift, b + shift) for a, b in spans if a >= begin and b <= end)
    suffix = "…" if end < len(text) else ""
    return Marked(prefix + piece.strip() + suffix, shown)


def _densest(text: str, spans: list[tuple[int, int]], size: int) -> int:
    """Start of the window of `size` characters holding the most distinct matched words."""
    best_start, best_score, right = spans[0][0], 0, 0
    counts: dict[str, int] = {}
    for left, (start, _) in enumerate(spans):
        while right < len(spans) and spans[right][1] - start <= size:
            word = text[spans[right][0] : spans[right][1]].lower()
            counts[word] = counts.get(word, 0) + 1
            right += 1
        if len(counts) > best_score:
            best_start, best_score = start, len(counts)
        word = text[start : spans[left][1]].lower()
        counts[word] -= 1
        if not counts[word]:
            del counts[word]
    return best_start


def _cut(text: str, at: int) -> int:
    if at >= len(text):
        return len(text)
    space = text.rfind(" ", 0, at)
    return space if space > 0 else at
