"""A Zipfian Vietnamese vocabulary for the demo's prose, built from the syllable rules.

Real Vietnamese S&T text has some 7,000 syllables in use and tens of thousands of words, most of
them two syllables long, in a long Zipfian tail; the demo's template sentences alone have about
700 words, so every query matched most of the library (issue #17). Here every structurally
valid syllable (library.vietnamese.syllables, with each tone its rime allows: about 17,000) is
ranked, then a fixed set of two-syllable words is drawn from those syllables Zipf-wise (so the
common syllables pair most often, as they do), and the words are ranked again:

    function words, the domain's own syllables (vocabulary.py), then the rest, shuffled

A word at rank r is drawn with weight 1 / (r + 2.7): Zipf-Mandelbrot, the shape of word
counts in real corpora. Everything comes from a fixed seed: the same vocabulary every run.
"""

import random
import re
import unicodedata
from functools import cache
from itertools import accumulate

from library.vietnamese.syllables import SYLLABLES, TONE_MARKS, is_syllable

from . import vocabulary as v

LEXICON_SEED = 17  # the vocabulary is fixed; --seed chooses the records drawn from it
COMPOUNDS = 22_000  # two-syllable words
ZIPF_SHIFT = 2.7
MODIFIED = "ăâêôơư"  # a vowel with its own diacritic carries the tone mark
GLIDE_RIMES = ("oa", "oă", "oe", "uy", "uê", "uơ")  # the mark goes on the second vowel

# The most frequent words of Vietnamese prose, most frequent first.
FUNCTION_WORDS = """
của và các là được trong có cho với những một này đã từ theo về khi để không người
nhiều cũng như tại do trên đến sự ra còn vào hơn nên sau đó nhưng thì làm rất bị mà lại
đều cùng bằng qua giữa nhằm tuy đồng thời hay hoặc vì vậy chưa thể cần đang sẽ năm mỗi
""".split()


def with_tone(toneless: str, mark: str) -> str:
    """`toneless` with the tone `mark` on the vowel the modern spelling puts it on."""
    vowels = [i for i, c in enumerate(toneless) if c in "aăâeêioôơuưy"]
    if toneless.startswith(("gi", "qu")) and len(vowels) > 1:
        vowels = vowels[1:]  # the i of gi and the u of qu belong to the onset
    modified = [i for i in vowels if toneless[i] in MODIFIED]
    if modified:
        at = modified[-1]  # ươ: on the ơ
    elif toneless[vowels[0] :].startswith(GLIDE_RIMES):
        at = vowels[1]  # after the glide: "hoà", "thuý", "khuỷa" (hòa, thúy: older style)
    elif vowels[-1] + 1 < len(toneless):
        at = vowels[-1]  # a coda follows: "toán"
    else:
        at = vowels[0]  # "mái", "múa"
    return unicodedata.normalize("NFC", toneless[: at + 1] + mark + toneless[at + 1 :])


def all_syllables() -> list[str]:
    """Every valid toned syllable, in a fixed order: a stop rime takes sắc and nặng only."""
    found = []
    for toneless, stop in sorted(SYLLABLES.items()):
        marks = ("\u0301", "\u0323") if stop else ("", *TONE_MARKS)
        found += [with_tone(toneless, mark) for mark in marks]
    return found


def domain_syllables() -> list[str]:
    """The syllables of vocabulary.py's subjects, methods, factors and sentences, in order."""
    phrases = [p for c in v.COLLECTIONS.values() for k in ("objects", "methods", "factors")
               for p in c[k]]  # fmt: skip
    text = " ".join([*phrases, *v.SENTENCES, *v.TITLE_TEMPLATES])
    words = (w.lower() for w in re.findall(r"\w+", re.sub(r"\{\w+\}", " ", text)))
    return list(dict.fromkeys(w for w in words if is_syllable(w)))


def zipf_weights(count: int) -> list[float]:
    return list(accumulate(1 / (rank + ZIPF_SHIFT) for rank in range(count)))


@cache
def ranked_words() -> tuple[list[str], list[float]]:
    """The vocabulary by rank and its cumulative weights, for random.choices."""
    rng = random.Random(LEXICON_SEED)
    head = list(dict.fromkeys([*FUNCTION_WORDS, *domain_syllables()]))
    rest = [s for s in all_syllables() if s not in set(head)]
    rng.shuffle(rest)
    syllables = head + rest
    weights = zipf_weights(len(syllables))
    compounds: dict[str, None] = {}
    while len(compounds) < COMPOUNDS:
        first, second = rng.choices(syllables, cum_weights=weights, k=2)
        if first != second:
            compounds[f"{first} {second}"] = None
    tail = rest + list(compounds)
    rng.shuffle(tail)
    words = head + tail
    return words, zipf_weights(len(words))


def phrase(rng: random.Random, low: int, high: int) -> list[str]:
    """Between `low` and `high` Zipf-drawn words: the long tail the templates lack."""
    words, weights = ranked_words()
    return rng.choices(words, cum_weights=weights, k=rng.randint(low, high))


def sentence(rng: random.Random) -> str:
    drawn = phrase(rng, 8, 20)
    if len(drawn) > 10:
        drawn[len(drawn) // 2] += ","
    text = " ".join(drawn)
    return text[0].upper() + text[1:] + "."
