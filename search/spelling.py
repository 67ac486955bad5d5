"""Did you mean: a query's most likely spelling in the library's own words. Pure Python.

Each typed word has candidates: the accented forms of its folded form ("bien" → biến, biển,
biên, …), or where the library has no such word, those of the folded forms one edit away
("nuio" → nuôi, a swap). A Viterbi pass picks the sequence that scores best, counting how often
each word occurs and, far more, how often two candidates occur side by side ("biến_đổi"), so
that the library's own usage restores the diacritics. A word typed with diacritics the library
knows is kept as typed. The counts come from a `Counts` function (search.vocabulary reads them
from the database), so this module needs no Django.
"""

import math
import string
from collections.abc import Callable, Iterable
from itertools import pairwise

from . import analysis

# folded keys → {exact form: occurrences}, for words ("bien") and pairs ("bien_doi") alike
Counts = Callable[[Iterable[str]], dict[str, dict[str, int]]]

CANDIDATES = 8  # the most frequent forms of a word kept for the pass
PAIR_WEIGHT = 3.0  # a pair's occurrences weigh this many times a word's
EDIT_COST = 6.0  # log-count points a correction costs: a known word is kept unless rare
MAX_EDITED = 10  # letters: a syllable has at most 7, and a long word has too many edits to try
_LETTERS = string.ascii_lowercase  # of folded syllables


def edits(word: str) -> set[str]:
    """Folded words one deletion, swap of neighbours, replacement or insertion away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deleted = {a + b[1:] for a, b in splits if b}
    swapped = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaced = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    inserted = {a + c + b for a, b in splits for c in _LETTERS}
    return (deleted | swapped | replaced | inserted) - {word}


def _columns(words: list[str], counts: Counts) -> list[list[tuple[str, float]]]:
    """Each typed word's (form, score) candidates: kept as typed if typed with diacritics the
    library knows, else its folded form's variants, else those one edit away at a cost; an
    unknown word with nothing near stays as typed. Two lookups at most, whatever the words."""
    folded = [analysis.fold(w) for w in words]
    known = counts(set(folded))
    near_keys = {f: edits(f) for f in folded if f not in known and len(f) <= MAX_EDITED}
    near = counts(set().union(*near_keys.values())) if near_keys else {}
    columns = []
    for word, key in zip(words, folded, strict=True):
        forms, cost = known.get(key, {}), 0.0
        if word != key and word in forms:
            forms = {word: forms[word]}
        elif not forms and key in near_keys:
            forms, cost = {}, EDIT_COST
            for other in near_keys[key] & near.keys():
                forms.update(near[other])
        best = sorted(forms.items(), key=lambda item: -item[1])[:CANDIDATES]
        columns.append([(form, math.log1p(n) - cost) for form, n in best] or [(word, 0.0)])
    return columns


def suggest(words: list[str], counts: Counts) -> list[str]:
    """The most likely spelling of `words` (exact-analysed, lower case), word by word."""
    if not words:
        return []
    columns = _columns(words, counts)
    if all(len(column) == 1 for column in columns):  # one spelling of each: no choice to make
        return [column[0][0] for column in columns]
    keys = {
        join(analysis.fold(a), analysis.fold(b))
        for left, right in pairwise(columns)
        for a, _ in left
        for b, _ in right
    }
    pairs = {form: n for variants in counts(keys).values() for form, n in variants.items()}
    # best[form]: (score, path) of the best sequence so far that ends in form
    best = {form: (score, [form]) for form, score in columns[0]}
    for column in columns[1:]:
        best = {
            form: max(
                (
                    total + score + PAIR_WEIGHT * math.log1p(pairs.get(join(prev, form), 0)),
                    [*path, form],
                )
                for prev, (total, path) in best.items()
            )
            for form, score in column
        }
    return max(best.values())[1]


def join(first: str, second: str) -> str:
    return analysis.JOINER.join((first, second))
