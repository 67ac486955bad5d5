"""The demo's prose has a realistic vocabulary: tens of thousands of valid Vietnamese words in
a Zipfian tail, not the 700 words of its templates (issue #17); its people have the delta's
names in their real proportions."""

import random
import re
import unicodedata
from collections import Counter

from library.demo import lexicon, names
from library.demo.generator import make_record
from library.vietnamese.syllables import is_syllable


def test_the_vocabulary_has_30000_valid_words_most_common_first():
    words, weights = lexicon.ranked_words()
    assert len(set(words)) == len(words) >= 30_000
    assert sum(" " in w for w in words) == lexicon.COMPOUNDS
    assert all(is_syllable(s) for w in words for s in w.split())
    assert all(unicodedata.is_normalized("NFC", w) for w in words)
    assert words[:3] == ["của", "và", "các"] and {"lúa", "mặn", "tôm"} <= set(words[:200])
    first, last = weights[0], weights[-1] - weights[-2]
    assert first / last > 10_000  # Zipf: rank 1 is drawn some 39,000 times as often


def test_the_documents_share_a_few_common_words_and_a_long_tail():
    texts = [make_record(11, index).fulltext for index in range(300)]
    in_documents = Counter(w for t in texts for w in set(re.findall(r"\w+", t.lower())))
    assert len(in_documents) > 10_000
    assert in_documents["của"] == 300  # the commonest word is in every document
    spread = sorted(in_documents.values())
    assert spread[len(spread) // 2] <= 3  # the median word is in 1% of them or fewer


def test_people_have_the_delta_s_names_in_their_proportions():
    rng = random.Random(5)
    people = [names.person(rng).split() for _ in range(20_000)]
    family = Counter(p[0] for p in people)
    assert 0.34 < family["Nguyễn"] / len(people) < 0.42
    assert [n for n, _ in family.most_common(4)] == ["Nguyễn", "Trần", "Lê", "Phạm"]
    assert len(family) >= 35
    middle = Counter(p[1] for p in people)
    assert {n for n, _ in middle.most_common(2)} == {"Văn", "Thị"}
    assert all(3 <= len(p) <= 4 and all(is_syllable(s) for s in p) for p in people)
    assert len({p[-1] for p in people}) >= 70
