"""Library documents as index records: the text analysed once, here, for every engine."""

from collections.abc import Iterator

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from library.dublin_core import values_by_element
from library.models import Document, DocumentText, Source

from . import analysis
from .engines.base import IndexRecord, sort_key

CHUNK = 1000
COLUMNS = ("id", "title", "year", "doc_type", "language", "source_id", "status", "metadata_json")


def uid(pk: int, kind: str = "document") -> str:
    return f"{kind}:{pk}"


def pk_of(item_uid: str) -> int:
    """The primary key in a uid ("document:12" → 12)."""
    return int(item_uid.split(":", 1)[1])


def _texts(values: list[str]) -> tuple[str, str]:
    return analysis.analyse("\n".join(values))


def document_records(queryset: QuerySet[Document]) -> Iterator[IndexRecord]:
    """Index records of the active documents in `queryset`, read a chunk at a time."""
    sources = {pk: (slug, f"{name} {province} {slug}") for pk, slug, name, province in
               Source.objects.values_list("id", "slug", "name", "province")}  # fmt: skip
    queryset = queryset.filter(status=Document.Status.ACTIVE).annotate(
        metadata_json=Cast("metadata", TextField())
    )
    last = 0
    while True:
        rows = list(queryset.filter(id__gt=last).order_by("id").values_list(*COLUMNS)[:CHUNK])
        if not rows:
            return
        last = rows[-1][0]
        texts = dict(
            DocumentText.objects.filter(document_id__in=[r[0] for r in rows]).values_list(
                "document_id", "text"
            )
        )
        for row in rows:
            yield record(row, texts.get(row[0], ""), sources)


def record(row: tuple, fulltext: str, sources: dict[int, tuple[str, str]]) -> IndexRecord:
    pk, title, year, doc_type, language, source_id, _status, metadata_json = row
    values = values_by_element(metadata_json)
    slug, source_text = sources.get(source_id, ("", ""))
    subjects = values.get("subject", [])
    fields = {
        "title": [title, *values.get("title", [])],
        "author": values.get("creator", []) + values.get("contributor", []),
        "subject": subjects + values.get("coverage", []),
        "source": [source_text],
    }
    fields["body"] = [
        *fields["title"], *fields["author"], *fields["subject"], source_text,
        *values.get("description", []), fulltext,
    ]  # fmt: skip
    result: IndexRecord = {
        "uid": uid(pk),
        "kind": "document",
        "pk": pk,
        "year": year,
        "order": sort_key(year, pk),
        "source_key": slug or None,
        "type": doc_type,
        "language": language,
        "subject_key": sorted({analysis.canonical_spelling(s) for s in subjects}),
    }
    for name, parts in fields.items():
        result[f"{name}_x"], result[f"{name}_f"] = _texts(parts)
    return result


def news_records(pages) -> Iterator[IndexRecord]:
    """Index records of live news pages: searchable the same Vietnamese-aware way."""
    for page in pages.live().specific().prefetch_related("topics"):
        topics = [t.name for t in page.topics.all()]
        year = page.date.year if page.date else None
        fields = {
            "title": [page.title],
            "author": [page.author],
            "subject": topics,
            "source": [],
            "body": [page.title, page.lead, page.author, *topics, page.plain_text()],
        }
        result: IndexRecord = {
            "uid": uid(page.pk, "news"), "kind": "news", "pk": page.pk, "year": year,
            "order": sort_key(year, page.pk), "source_key": None, "type": "news",
            "language": page.locale.language_code if page.locale_id else "vi",
            "subject_key": sorted({analysis.canonical_spelling(t) for t in topics}),
        }  # fmt: skip
        for name, parts in fields.items():
            result[f"{name}_x"], result[f"{name}_f"] = _texts([p for p in parts if p])
        yield result
