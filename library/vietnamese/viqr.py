"""VIQR (RFC 1456): Vietnamese in ASCII, each mark typed after its letter.

    ^ circumflex (â ê ô)   ( breve (ă)   + horn (ơ ư)   dd đ
    ' sắc   ` huyền   ? hỏi   ~ ngã   . nặng

A backslash makes the next sign literal ("ddi\\." is "đi."); a text that uses such escapes
(`rfc`) means every unescaped sign as a mark. Texts typed without them are read as people type:
a word-final "." before a capital or at the end of a line is a full stop ("ddi. To^i" is
"đi. Tôi", but "me. no'" is "mẹ nó"), and a word-final "?" is a question mark only at the end
of a line ("o+? DDo^`ng" is "ở Đồng").
"""

import re
import unicodedata

MODIFIERS = {"^": "\u0302", "(": "\u0306", "+": "\u031b"}
TAKES = {"^": "aeo", "(": "a", "+": "ou"}
TONES = {"'": "\u0301", "`": "\u0300", "?": "\u0309", "~": "\u0303", ".": "\u0323"}
# Something Vietnamese in VIQR nearly always has and other text nearly never does: a^ e^ o^,
# a( before a letter or a tone, o+ u+, or dd starting a word. Each branch starts with a character
# to look for (^ ( + or d), so that the regex engine skips to those: written with the vowel or
# the lookbehind first, the same pattern took 4-5 ms to find nothing in a 15-page PDF's text.
HINT = re.compile(
    r"[\^(+](?:(?<=[AaEeOo]\^)|(?<=[Aa]\()(?=[A-Za-z`'?~.])|(?<=[OoUu]\+))"
    r"|[Dd](?<![A-Za-z][Dd])[Dd][aeiouy^]"
)
ESCAPED = re.compile(r"\\[.?]")
_UNIT = re.compile(r"\\([\^(+'`?~.\\])|(?<![A-Za-z])([Dd])[Dd]|([AaEeIiOoUuYy])([\^(+]?)([`'?~.]?)")


def decode_word(word: str, following: str = "", rfc: bool = False) -> str:
    """One whitespace-separated word; `following` is the next word on the line ("" if none)."""
    full_stop = not rfc and (not following or not following[0].islower())
    question = not rfc and not following

    def unit(match: re.Match[str]) -> str:
        escaped, d, vowel, modifier, tone = match.groups()
        if escaped:
            return escaped
        if d:
            return "Đ" if d == "D" else "đ"
        text = vowel
        if modifier:
            if vowel.lower() not in TAKES[modifier]:
                return match.group()
            text += MODIFIERS[modifier]
        if tone:
            last = not word[match.end() :].strip("!,;:)]\"'”’»")  # "nghe^.." is "nghệ."
            if last and ((tone == "." and full_stop) or (tone == "?" and question)):
                return unicodedata.normalize("NFC", text) + tone
            text += TONES[tone]
        return unicodedata.normalize("NFC", text)

    return _UNIT.sub(unit, word)
