"""What the search box suggests for a prefix: titles, subjects and authors from the suggestion
store (search.suggestions), matched without diacritics, ranked with the reader's diacritics.

Typing "bien doi" finds "Biến đổi khí hậu" (the folded key). When the reader typed diacritics,
the suggestions spelled with exactly those come first ("biến" before "biên"); among equals,
the value more documents carry comes first. A prefix is looked up as a range on an indexed
column, which both SQLite and PostgreSQL answer with an index range scan."""

from dataclasses import dataclass

from . import analysis
from .models import Suggestion

LIMIT = 8  # suggestions shown
POOL = 50  # candidates read per lookup, the most common first
SHORTEST = 2  # folded characters before anything is suggested
LONGEST = 200  # characters of the typed text used: no stored key is longer


@dataclass(frozen=True)
class Found:
    text: str
    kind: str
    label: str
    count: int
    query: str  # what the search box searches when this is chosen


def _successor(prefix: str) -> str:
    """The smallest string after every string starting with `prefix`."""
    return prefix[:-1] + chr(min(ord(prefix[-1]) + 1, 0x10FFFF))


def _prefixed(column: str, prefix: str) -> list[Suggestion]:
    rows = Suggestion.objects.filter(
        **{f"{column}__gte": prefix, f"{column}__lt": _successor(prefix)}
    ).order_by("-count", column)[:POOL]
    # The check in Python keeps the answer exact under any database collation.
    return [row for row in rows if getattr(row, column).startswith(prefix)]


def accents_matched(typed: list[str], words: list[str], finished: bool) -> int:
    """How many of the words typed with diacritics the suggestion spells exactly so (the last
    one as a prefix while it is still being typed)."""
    matched = 0
    for position, word in enumerate(typed[: len(words)]):
        if word == analysis.fold(word):
            continue  # typed without diacritics: no preference
        last = position == len(typed) - 1 and not finished
        said = words[position]
        matched += said.startswith(word) if last else said == word
    return matched


def _query(row: Suggestion) -> str:
    if row.kind == Suggestion.Kind.TITLE:
        return row.text
    return f'{row.kind}:"{row.text.replace(chr(34), " ")}"'


def suggest(typed: str, limit: int = LIMIT) -> list[Found]:
    typed = typed[:LONGEST]
    exact, folded = analysis.analyse(typed)
    if len(folded) < SHORTEST:
        return []
    finished = typed[-1].isspace()  # "bien " wants the word "bien", not "bienh…"
    space = " " if finished else ""
    rows = {row.pk: row for row in _prefixed("key", folded + space)}
    if exact != folded:
        rows.update((row.pk, row) for row in _prefixed("exact", exact + space))
    words = exact.split()
    order = {kind: n for n, kind in enumerate(Suggestion.Kind.values)}
    ranked = sorted(
        rows.values(),
        key=lambda r: (
            -accents_matched(words, r.exact.split(), finished),
            -r.count,
            order[r.kind],
            len(r.text),
            r.text,
        ),
    )
    return [
        Found(r.text, r.kind, str(Suggestion.Kind(r.kind).label), r.count, _query(r))
        for r in ranked[:limit]
    ]
