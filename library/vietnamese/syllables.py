"""Is a word a structurally valid Vietnamese syllable?

A syllable is onset + rime + at most one tone mark. The rime (optional medial glide, nucleus,
optional coda) comes from the list below, which is the rime inventory of the standard
orthography; `_spelling_allows` adds the spelling rules that tie an onset to what follows it
(k, gh, ngh before i, e, ê; c, g, ng elsewhere; qu takes the rimes of the u glide without the u).

Tones: six, five of them marked (`TONE_MARKS`). A rime ending in a stop (p, t, c, ch) takes
only sắc or nặng. The mark may sit on any vowel of the syllable: the old placement ("hoà",
"thuỷ") and the new ("hòa", "thủy") are both Vietnamese as printed, so both are valid; a mark
on a consonant ("ḿ") or two marks are not.

A word is judged in lower case, UPPER CASE or Title case; other mixtures ("nGhiên") are not
syllables. Loan syllables outside the inventory ("xoong", "pin") are there when common.
"""

import unicodedata
from functools import lru_cache

TONE_MARKS = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền, sắc, hỏi, ngã, nặng
_SAC_NANG = {"\u0301", "\u0323"}
VOWELS = frozenset("aăâeêioôơuưy")
_BASE_VOWELS = frozenset("aeiouy")  # what a tone mark may follow once NFD splits the letter

ONSETS = "b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x".split()
STOP_CODAS = ("p", "t", "c", "ch")

# Rimes without a medial glide, by nucleus.
PLAIN_RIMES = """
a ai ao au ay am an ang anh ap at ac ach
ăm ăn ăng ăp ăt ăc
âm ân âng âp ât âc âu ây
e eo em en eng ep et ec
ê êu êm ên ênh êp êt êch
i ia iu im in inh ip it ich
iêu iêm iên iêng iêp iêt iêc
y yêu yêm yên yêng yêt
o oi om on ong op ot oc oong ooc
ô ôi ôm ôn ông ôp ôt ôc
ơ ơi ơm ơn ơp ơt
u ua ui um un ung up ut uc
uôi uôm uôn uông uôt uôc
ư ưa ưi ưu ưm ưn ưng ưt ưc
ươi ươu ươm ươn ương ươp ươt ươc
""".split()
# Rimes with the medial glide o (before a, ă, e) or u (before â, ê, y, yê, ơ).
O_GLIDE_RIMES = """
oa oai oao oay oam oan oang oanh oap oat oac oach
oăm oăn oăng oăt oăc
oe oeo oen oet
""".split()
U_GLIDE_RIMES = """
uân uâng uât uây
uê uênh uêch
uy uya uyu uyn uynh uyt uych
uyên uyêt
uơ
""".split()


def _spelling_allows(onset: str, rime: str) -> bool:
    front = rime[0] in "ieêy"
    if onset in ("k", "gh", "ngh"):
        return front and not (onset != "k" and rime[0] == "y")
    if onset in ("c", "ng"):
        return not front
    if onset == "g":  # "gì", "gìn": gi + i written once; never g before e, ê
        return rime[0] not in "eêy"
    if onset == "gi":
        return rime[0] not in "iy"
    if rime[0] == "y" and rime != "y":  # yê…, written y only without an onset
        return onset == ""
    return not (rime.startswith("iê") and onset == "")


def _syllables() -> dict[str, bool]:
    """Every toneless syllable → whether its rime ends in a stop."""
    table: dict[str, bool] = {}
    for rime in PLAIN_RIMES + O_GLIDE_RIMES + U_GLIDE_RIMES:
        stop = rime.endswith(STOP_CODAS)
        for onset in ["", *ONSETS]:
            if onset == "qu" or not _spelling_allows(onset, rime):
                continue
            table[onset + rime] = stop
    # qu: the u is the glide, so qu takes the glide rimes without their u, and the plain rimes
    # on a, ă, â, e, ê, ô, ơ, i ("qui", the older spelling of "quy").
    for rime in U_GLIDE_RIMES:
        table["qu" + rime[1:]] = rime.endswith(STOP_CODAS)
    for rime in PLAIN_RIMES:
        if rime[0] in "aăâeêôơi" and not rime.startswith("iê"):
            table["qu" + rime] = rime.endswith(STOP_CODAS)
    return table


SYLLABLES = _syllables()


@lru_cache(maxsize=200_000)
def is_syllable(word: str) -> bool:
    """Whether `word` (lower, UPPER or Title case) is one valid Vietnamese syllable."""
    word = unicodedata.normalize("NFC", word)
    if not word or not (word.islower() or word.isupper() or word.istitle()):
        return False
    letters, tones = [], []
    previous = ""
    for char in unicodedata.normalize("NFD", word.lower()):
        if char in TONE_MARKS:
            if previous not in _BASE_VOWELS:
                return False
            tones.append(char)
        else:
            letters.append(char)
            if not unicodedata.combining(char):
                previous = char
    if len(tones) > 1:
        return False
    stop = SYLLABLES.get(unicodedata.normalize("NFC", "".join(letters)))
    if stop is None:
        return False
    return not (stop and tones and tones[0] not in _SAC_NANG)
