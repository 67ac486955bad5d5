"""The library's own vocabulary, for did-you-mean (search.spelling): how often each word and
each pair of adjacent words occurs in each exact form. Counted from the records as they are
indexed, by `search_index rebuild` (which replaces it) and `update` (which adds to it), from
the first WORDS words of each record's body: title, authors, subjects, source, abstract, then
the start of the full text, the words a reader is likely to type."""

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice, repeat
from operator import lshift, or_

from django.db import connection, transaction

from . import analysis
from .engines.base import IndexRecord
from .models import VocabularyEntry

WORDS = 300
# At a rebuild, pairs seen once are left out: they are most of the pairs and mostly noise.
MIN_PAIR = 2
BATCH = 5000
LOOKUP_BATCH = 900  # bound parameters a query: within every database's limit


class Tally:
    """Counts of the words and pairs of records, to be stored when indexing is done. A pair is
    counted by its words' numbers, not as a string: 103 MB against 185 for the tally of 100,000
    synthetic records. Most pairs are seen once (and not stored by a rebuild), yet a million
    documents still stored 7.1 million entries."""

    def __init__(self) -> None:
        self.words: Counter[str] = Counter()
        # word → its number, the next one given to each word as it is first seen
        self._numbers: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        self._pairs: Counter[int] = Counter()  # first word's number << 32 | the second's

    def add(self, record: IndexRecord) -> None:
        words = str(record.get("body_x") or "").split(maxsplit=WORDS)[:WORDS]
        self.words.update(words)
        # Each pair's key made in C: 42 µs for 300 words' pairs, against 37 for their strings.
        numbered = list(map(self._numbers.__getitem__, words))
        firsts = map(lshift, numbered, repeat(32))
        self._pairs.update(map(or_, firsts, islice(numbered, 1, None)))

    def counting(self, records: Iterable[IndexRecord]) -> Iterator[IndexRecord]:
        """The records, passed on as they are counted."""
        for record in records:
            self.add(record)
            yield record

    def _entries(self, min_pair: int) -> Iterator[VocabularyEntry]:
        for exact, count in self.words.items():
            yield VocabularyEntry(exact=exact, folded=analysis.fold(exact), count=count)
        named = list(self._numbers)  # a number is its word's place
        for key, count in self._pairs.items():
            if count >= min_pair:
                first, second = named[key >> 32], named[key & 0xFFFFFFFF]
                yield VocabularyEntry(
                    exact=analysis.JOINER.join((first, second)),
                    folded=analysis.JOINER.join((analysis.fold(first), analysis.fold(second))),
                    count=count,
                )

    def replace(self) -> int:
        """Store these counts as the whole vocabulary; how many entries that is. Written BATCH
        at a time as they are made, never all made at once: 2 million entries made at once took
        1.4 GB more memory, against 0.37 GB (a million documents have 7.1 million)."""
        stored = 0
        entries = self._entries(MIN_PAIR)
        with transaction.atomic():
            VocabularyEntry.objects.all().delete()
            while batch := list(islice(entries, BATCH)):
                VocabularyEntry.objects.bulk_create(batch)
                stored += len(batch)
        return stored

    def merge(self) -> None:
        """Add these counts to the stored ones."""
        entries = self._entries(1)
        with transaction.atomic():
            while batch := list(islice(entries, LOOKUP_BATCH)):  # made as written, as replace()
                stored = dict(
                    VocabularyEntry.objects.filter(exact__in=[e.exact for e in batch]).values_list(
                        "exact", "count"
                    )
                )
                for entry in batch:
                    entry.count += stored.get(entry.exact, 0)
                VocabularyEntry.objects.bulk_create(
                    batch, update_conflicts=True, unique_fields=["exact"], update_fields=["count"]
                )


def counts(keys: Iterable[str]) -> dict[str, dict[str, int]]:
    """Folded word or pair → {exact form: occurrences}, for the keys the library has.

    In plain SQL: a search asks this once or twice, and the ORM took 0.32 ms to build and run
    a lookup of a few keys that takes 0.09 ms by itself (229k documents, SQLite)."""
    found: dict[str, dict[str, int]] = defaultdict(dict)
    keys = list(keys)
    with connection.cursor() as cursor:
        for start in range(0, len(keys), LOOKUP_BATCH):
            batch = keys[start : start + LOOKUP_BATCH]
            cursor.execute(_lookup_sql(len(batch)), batch)
            for exact, folded, count in cursor.fetchall():
                found[folded][exact] = count
    return dict(found)


def _lookup_sql(size: int) -> str:
    quote = connection.ops.quote_name
    table = quote(VocabularyEntry._meta.db_table)
    columns = ", ".join(quote(name) for name in ("exact", "folded", "count"))
    slots = ", ".join(["%s"] * size)
    return f"SELECT {columns} FROM {table} WHERE {quote('folded')} IN ({slots})"  # noqa: S608
