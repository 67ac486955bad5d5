"""Unicode → TCVN3, VNI, VIQR: makes legacy-encoded text for the tests, the sample PDFs and the
benchmark, from the same tables that library.vietnamese.legacy reads.

TCVN3 has no toned capitals: they are written with the lower-case code, as the capitals font
(.VnTimeH) had them; they come back as capitals only inside a word with two capitals or more.
"""

import re
import unicodedata

from library.vietnamese import viqr
from library.vietnamese.legacy import read_table


def _table(name: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for row in read_table(name):
        if not row.alternate:
            table.setdefault(row.letter, row.legacy)
    return table


TCVN3 = _table("tcvn3")
VNI = _table("vni")


def to_tcvn3(text: str) -> str:
    return "".join(TCVN3.get(c) or TCVN3.get(c.lower()) or c for c in text)


def to_vni(text: str) -> str:
    return "".join(VNI.get(c, c) for c in text)


_MODIFIER_SIGNS = {mark: sign for sign, mark in viqr.MODIFIERS.items()}
_TONE_SIGNS = {mark: sign for sign, mark in viqr.TONES.items()}
_SIGNS = "^(+'`?~.\\"


def to_viqr(text: str) -> str:
    """RFC 1456 VIQR, with a backslash before a sign that would otherwise be read as a mark."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char in "đĐ":
            out.append("dd" if char == "đ" else "DD")
            continue
        if char in _SIGNS and out and out[-1][-1:] in "aeiouyAEIOUY^(+":
            out.append("\\" + char)
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        if not base.isascii() or not all(m in _MODIFIER_SIGNS or m in _TONE_SIGNS for m in marks):
            out.append(char)
            continue
        modifier = "".join(_MODIFIER_SIGNS[m] for m in marks if m in _MODIFIER_SIGNS)
        tone = "".join(_TONE_SIGNS[m] for m in marks if m in _TONE_SIGNS)
        out.append(base + modifier + tone)
    return "".join(out)


ENCODERS = {"tcvn3": to_tcvn3, "vni": to_vni, "viqr": to_viqr}


def distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def accuracy(got: str, want: str) -> float:
    """1 - Levenshtein distance / length, after whitespace normalisation. Word by word when both
    have as many words (the conversions keep the spaces), which keeps long texts cheap."""
    got_words, want_words = got.split(), want.split()
    length = len(" ".join(want_words))
    if len(got_words) == len(want_words):
        errors = sum(distance(g, w) for g, w in zip(got_words, want_words, strict=True) if g != w)
    else:
        errors = distance(" ".join(got_words), " ".join(want_words))
    return 1 - errors / max(length, 1)


def tcvn3_expected(text: str) -> str:
    """What TCVN3 can give back of `text`: toned capitals in lower case, except in a word with
    two capitals or more that TCVN3 writes as capitals and no lower-case letter."""
    words = re.split(r"(\s+)", text)
    for index, word in enumerate(words):
        kept = sum(c.isupper() and (c.isascii() or c in TCVN3) for c in word) >= 2
        if not (kept and not any(c.islower() for c in word)):
            words[index] = "".join(
                c.lower() if c.lower() in TCVN3 and c not in TCVN3 else c for c in word
            )
    return "".join(words)
