"""Text typed in a legacy Vietnamese encoding, back to Unicode NFC.

Many documents of the delta were typed in 8-bit fonts, and their PDFs' text layers hold the
fonts' bytes read as Latin-1 or cp1252:

- TCVN3 (ABC): one byte per letter, "Nghiªn cøu ¶nh h­ëng" (tables/tcvn3.tsv);
- VNI-Windows: a base letter and a mark byte, "Nghieân cöùu aûnh höôûng" (tables/vni.tsv);
- VIQR: plain ASCII, the marks as punctuation, "Nghie^n cu+'u a?nh hu+o+?ng" (rules in viqr.py).

Which encoding, if any, is decided by counting Vietnamese syllables, not by spotting marker
characters, since every legacy byte is also an ordinary Latin-1 letter or sign ("Søren",
"1ª"). A text is cut into segments at form feeds and blank lines (pages, paragraphs), and each
segment into lines, since documents mix fonts: a TCVN3 page next to a Unicode one, a VNI
heading in Unicode text. For each line and each candidate encoding, every word the decoding
changes is judged before and after: `improved` words become valid syllables, `worsened` ones
stop being valid. The margin: a line is converted when

    improved >= MIN_IMPROVED (2) and improved >= RATIO (3) x worsened,

or, when its segment or the whole text passes that test summed over its lines, when
improved >= 1 with the same ratio (a heading with one marked word, "Kiªn Giang").
In a converted line, a word that was a valid syllable and would no longer be keeps its
spelling. Correct Unicode text therefore stays as it is: its words are syllables already, or
(English, names) do not become syllables by decoding.

Fast path: a text with no character that only a legacy encoding uses and no VIQR pattern
(most of them) is returned after one regular-expression scan.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import viqr
from .syllables import is_syllable

TABLES = Path(__file__).parent / "tables"
MIN_IMPROVED = 2
RATIO = 3
_PAGE_BREAK = re.compile(r"(\f|\n[ \t]*\n)")
_TOKENS = re.compile(r"(\s+)")
_SOFT_HYPHEN = re.compile("\u00ad\n?")
# Punctuation around a word, stripped before judging it. Not the Latin-1 signs: they are
# letters in TCVN3 (¸ á, ¶ ả, « ô).
_EDGE = "\"'()[]{}<>.,;:!?…“”‘’–—-*/\\|"


@dataclass(frozen=True)
class Repair:
    text: str  # NFC
    encodings: tuple[str, ...] = ()  # "tcvn3", "vni", "viqr", in order of first appearance
    converted: int = 0  # words changed
    words: int = 0  # whitespace-separated words in the text


@dataclass(frozen=True)
class Row:
    letter: str
    legacy: str
    alternate: bool


def read_table(name: str) -> tuple[Row, ...]:
    """The rows of tables/<name>.tsv: letter, code points in hex, shown text[, alternate…]."""
    rows = []
    for line in (TABLES / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split("\t")
        legacy = "".join(chr(int(code, 16)) for code in columns[1].split())
        rows.append(Row(columns[0], legacy, len(columns) > 3))
    return tuple(rows)


@dataclass(frozen=True)
class Encoding:
    name: str
    hint: re.Pattern[str]  # something only this encoding writes
    # (word, the next word or "", whether the segment escapes VIQR signs) → Unicode
    decode_word: Callable[[str, str, bool], str]
    alternates: dict[str, str]  # other readings of a letter, tried on words left invalid


@cache
def _vietnamese_letters() -> frozenset[str]:
    return frozenset(row.letter for row in read_table("vni")) | {"đ", "Đ"}


def _hint(chars: set[str]) -> re.Pattern[str]:
    only_legacy = sorted(c for c in chars if not c.isascii() and c not in _vietnamese_letters())
    return re.compile("[" + re.escape("".join(only_legacy)) + "]")


def _tcvn3() -> Encoding:
    """TCVN3 has no toned capitals: a capitals font (.VnTimeH) drew them from the lower-case
    codes, so "CøU" is "CỨU". A word with two capitals and no lower-case letter of its own is
    taken to be in that font; "Cã" (one capital) stays "Có", although it may have been "CÓ"."""
    rows = read_table("tcvn3")
    table = str.maketrans({r.legacy: r.letter for r in rows if not r.alternate})
    capitals = frozenset(r.legacy for r in rows if r.letter.isupper()) | frozenset(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    )
    plain_lower = frozenset("abcdefghijklmnopqrstuvwxyz")

    def decode(word: str, _next: str, _rfc: bool) -> str:
        new = word.translate(table)
        if new != word and sum(c in capitals for c in word) >= 2:
            if plain_lower.isdisjoint(word):
                return new.upper()
        return new

    return Encoding(
        "tcvn3",
        _hint({r.legacy for r in rows if not r.alternate}),
        decode,
        {r.legacy: r.letter for r in rows if r.alternate},
    )


def _vni() -> Encoding:
    rows = read_table("vni")
    table = {r.legacy: r.letter for r in rows}
    sequences = re.compile("|".join(map(re.escape, sorted(table, key=len, reverse=True))))
    return Encoding(
        "vni",
        _hint({c for r in rows for c in r.legacy}),
        lambda word, _next, _rfc: sequences.sub(lambda m: table[m.group()], word),
        {},
    )


def _viqr() -> Encoding:
    return Encoding("viqr", viqr.HINT, viqr.decode_word, {})


ENCODINGS = (_tcvn3(), _vni(), _viqr())


def _valid(word: str) -> bool:
    return is_syllable(word.strip(_EDGE))


@dataclass
class _Judged:
    tokens: list[str]  # the line's tokens (words and the spaces between), as decoded
    improved: int = 0
    worsened: int = 0

    def passes(self, least: int) -> bool:
        return self.improved >= least and self.improved >= RATIO * self.worsened


def _judge(line: str, encoding: Encoding, rfc: bool) -> _Judged:
    tokens = _TOKENS.split(line)
    judged = _Judged(list(tokens))
    for index in range(0, len(tokens), 2):
        word = tokens[index]
        following = tokens[index + 2] if index + 2 < len(tokens) else ""
        new = encoding.decode_word(word, following, rfc)
        if new == word:
            continue
        before, after = _valid(word), _valid(new)
        if not after and encoding.alternates:
            other = new
            for legacy, letter in encoding.alternates.items():
                other = other.replace(legacy, letter)
            if _valid(other):
                new, after = other, True
        judged.improved += after and not before
        judged.worsened += before and not after
        if after or not before:  # a valid word that decoding would spoil stays
            judged.tokens[index] = unicodedata.normalize("NFC", new)
    return judged


def _passes_whole(judged: list[_Judged]) -> bool:
    return _Judged([], sum(j.improved for j in judged), sum(j.worsened for j in judged)).passes(
        MIN_IMPROVED
    )


def _judge_segment(segment: str, candidates: list[Encoding], rfc: bool) -> dict[str, list[_Judged]]:
    """Each candidate encoding → its verdict on each line of the segment."""
    lines = segment.split("\n")
    return {e.name: [_judge(line, e, rfc) for line in lines] for e in candidates}


def _without_soft_hyphens(text: str) -> str:
    """A soft hyphen (U+00AD) left once the lines are converted is the invisible hyphenation
    point it is in Unicode: it goes, and so does the line break after it, joining the word."""
    return _SOFT_HYPHEN.sub("", text)


def repair(text: str) -> Repair:
    """`text` in NFC, with lines typed in TCVN3, VNI or VIQR converted to Unicode."""
    text = unicodedata.normalize("NFC", text)
    words = len(text.split())
    # Candidates: the encodings whose hint is anywhere in the text, so that an English title
    # with one VNI name ("Soùc Traêng") is judged too. Searched one by one, not as one pattern
    # of the three: repair() of Unicode text ran at 37.4-37.7 MB/s against 33.6-33.8
    # (benchmarks/text_repair.py), the three searches 1.2 ms over a 15-page PDF's text, the
    # one pattern 1.4-2.8.
    candidates = [e for e in ENCODINGS if e.hint.search(text)]
    if not candidates:
        return Repair(_without_soft_hyphens(text), (), 0, words)
    rfc = viqr.ESCAPED.search(text) is not None
    pieces = _PAGE_BREAK.split(text)
    segments = {
        index: _judge_segment(pieces[index], candidates, rfc) for index in range(0, len(pieces), 2)
    }
    # An encoding that passes over the whole text or over a segment needs less of each line.
    in_text = {
        e.name: _passes_whole([j for s in segments.values() for j in s.get(e.name, [])])
        for e in candidates
    }
    encodings: list[str] = []
    converted = 0
    for index, judged in segments.items():
        lines = pieces[index].split("\n")
        weak = {name: in_text[name] or _passes_whole(per) for name, per in judged.items()}
        for number, line in enumerate(lines):
            best: tuple[int, str] | None = None
            for name, per in judged.items():
                verdict = per[number]
                if verdict.passes(MIN_IMPROVED) or (weak[name] and verdict.passes(1)):
                    score = verdict.improved - verdict.worsened
                    if best is None or score > best[0]:
                        best = (score, name)
            if best is None:
                continue
            tokens = judged[best[1]][number].tokens
            old = _TOKENS.split(line)
            converted += sum(a != b for a, b in zip(tokens[::2], old[::2], strict=True))
            lines[number] = "".join(tokens)
            if best[1] not in encodings:
                encodings.append(best[1])
        pieces[index] = "\n".join(lines)
    repaired = _without_soft_hyphens(unicodedata.normalize("NFC", "".join(pieces)))
    return Repair(repaired, tuple(encodings), converted, words)
