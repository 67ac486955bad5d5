"""The suggestion store (search.models.Suggestion) kept in step with the library by the paths
that keep the index current (search.indexing): each active document's titles, subjects and
authors, one row per distinct value with the number of documents that carry it."""

from collections import Counter
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from library.dublin_core import values_by_element
from library.models import Document

from . import analysis
from .documents import active_rows
from .models import Suggestion, SuggestionUse

COLUMNS = ("id", "title", "metadata_json")  # what _add reads of a document
BATCH = 500  # values per query: under SQLite's limit on parameters
LENGTH = Suggestion._meta.get_field("text").max_length or 300
Entry = tuple[str, str]  # (kind, text as shown)


def shown(value: str) -> str:
    """A value as the box shows it: NFC, one tone placement, one space between words, cut at
    a word to fit the store."""
    text = analysis.canonical_spelling(value)
    if len(text) <= LENGTH:
        return text
    cut = text.rfind(" ", 0, LENGTH - 1)
    return text[: cut if cut > 0 else LENGTH - 1] + "…"


def entries(title: str, metadata_json: str | None) -> set[Entry]:
    """What one document offers the search box (values with no letter or digit left out)."""
    values = values_by_element(metadata_json)
    found = {(Suggestion.Kind.TITLE.value, title)}
    found |= {(Suggestion.Kind.SUBJECT.value, s) for s in values.get("subject", [])}
    found |= {(Suggestion.Kind.AUTHOR.value, a) for a in values.get("creator", [])}
    return {(kind, text) for kind, value in found if analysis.fold(text := shown(value))}


def _batches(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _add(rows: list[tuple[int, str, str]]) -> Counter[int]:
    """Record what these documents carry, creating the values not yet stored: how many of them
    carry each (by id)."""
    carried = {pk: entries(title, metadata) for pk, title, metadata in rows}
    wanted = sorted(set().union(*carried.values()))
    stored = [
        Suggestion(kind=k, text=t, key=analysis.fold(t)[:LENGTH], exact=analysis.exact(t)[:LENGTH])
        for k, t in wanted
    ]
    # ignore_conflicts: stored already, or by a writer alongside
    Suggestion.objects.bulk_create(stored, ignore_conflicts=True, batch_size=BATCH)
    ids: dict[Entry, int] = {}
    for kind in Suggestion.Kind.values:
        texts = [text for k, text in wanted if k == kind]
        for batch in _batches(texts):
            found = Suggestion.objects.filter(kind=kind, text__in=batch)
            ids.update(((kind, text), pk) for pk, text in found.values_list("pk", "text"))
    uses = [
        SuggestionUse(suggestion_id=ids[e], document_id=pk)
        for pk, es in carried.items()
        for e in es
    ]
    SuggestionUse.objects.bulk_create(uses, batch_size=BATCH * 4)
    return Counter(use.suggestion_id for use in uses)


def _recount(suggestions: QuerySet[Suggestion]) -> None:
    uses = SuggestionUse.objects.filter(suggestion=OuterRef("pk")).order_by()
    number = uses.values("suggestion").annotate(n=Count("pk")).values("n")
    suggestions.update(count=Coalesce(Subquery(number), 0))
    suggestions.filter(count=0).delete()


def _shift(change: dict[int, int]) -> None:
    """Each suggestion's count moved by its change (ids → ±n), at least 0; those left at 0 go."""
    by_change: dict[int, list[int]] = {}
    for pk, n in change.items():
        if n:
            by_change.setdefault(n, []).append(pk)
    for n, pks in by_change.items():
        for batch in _batches(sorted(pks)):
            shifted = Suggestion.objects.filter(pk__in=batch)
            shifted.update(count=Greatest(F("count") + n, 0))
            if n < 0:
                shifted.filter(count=0).delete()


def refresh(pks: Iterable[int]) -> None:
    """These documents' values as they are now: an edited title moves, a withdrawn document's
    values lose it (and go when no document is left). Counts move by what these documents
    took and gave: counted again from their uses, a subject on 30,000 documents cost a harvest
    batch of 32 (81 ms of its 0.9 s at 229,000 documents) for each batch that carried it. If
    another writer changed these documents' uses meanwhile (the delete took other than was
    read), the counts are taken again from the uses."""
    pks = list(pks)
    with transaction.atomic():
        uses = SuggestionUse.objects.filter(document_id__in=pks)
        taken = Counter(uses.values_list("suggestion_id", flat=True))
        deleted, _ = uses.delete()
        given: Counter[int] = Counter()
        for chunk in active_rows(Document.objects.filter(pk__in=pks), COLUMNS):
            given += _add(chunk)
        if deleted == taken.total():
            _shift({pk: given[pk] - taken[pk] for pk in taken.keys() | given.keys()})
        else:
            for batch in _batches(sorted(taken.keys() | given.keys())):
                _recount(Suggestion.objects.filter(pk__in=batch))


def rebuild() -> int:
    """The whole store anew from the library, in one transaction (readers see the old one
    until it commits); returns how many suggestions it holds."""
    with transaction.atomic():
        SuggestionUse.objects.all().delete()
        Suggestion.objects.all().delete()
        for chunk in active_rows(Document.objects.all(), COLUMNS):
            _add(chunk)
        _recount(Suggestion.objects.all())
        return Suggestion.objects.count()
