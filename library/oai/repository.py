"""What the provider reads from the library: keyset pages of headers and records, and sets.

Lists are ordered by (datestamp, id) and continue after the last item sent, using the
(datestamp, id) index; never OFFSET, so the last page costs what the first does.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import translation

from library import dublin_core
from library.models import Collection, Document, DocumentFile, DocumentType, Source
from library.vocabulary import NoRecordsMatch

HEADER_COLUMNS = ("id", "local_id", "datestamp", "status", "source_id")
RECORD_COLUMNS = (
    *HEADER_COLUMNS,
    "title",
    "title_lang",
    "date",
    "doc_type",
    "language",
    "metadata_json",
    "origin_identifier",
)
# The StreamField read as plain JSON text: Wagtail's from_db_value builds a JSONField per row,
# a third of a page's time at 100 records.
RAW_METADATA = {"metadata_json": Cast("metadata", TextField())}


@dataclass(frozen=True)
class FileInfo:
    path: str
    size: int
    page_count: int | None
    mime_type: str


@dataclass
class Item:
    pk: int
    local_id: str
    datestamp: datetime
    deleted: bool
    set_specs: list[str]
    # Filled for records, not for headers:
    dc: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    doc_type: str = ""
    source_name: str = ""
    collection_names: list[str] = field(default_factory=list)
    origin_identifier: str = ""
    files: list[FileInfo] = field(default_factory=list)


@dataclass(frozen=True)
class SetInfo:
    spec: str
    name: str


class Catalogue:
    """Sources and collections, read once per request (a few dozen rows)."""

    def __init__(self) -> None:
        self.sources = {
            pk: (slug, name) for pk, slug, name in Source.objects.values_list("id", "slug", "name")
        }
        self.collections = {
            pk: (slug, name)
            for pk, slug, name in Collection.objects.values_list("id", "slug", "name")
        }

    def sets(self) -> list[SetInfo]:
        sets = [SetInfo("source", "Nguồn dữ liệu (thư viện, trung tâm thông tin)")]
        sets += [SetInfo(f"source:{slug}", name) for slug, name in self.sources.values()]
        sets.append(SetInfo("collection", "Bộ sưu tập theo lĩnh vực"))
        sets += [SetInfo(f"collection:{slug}", name) for slug, name in self.collections.values()]
        return sets

    def filter_set(self, queryset: QuerySet, spec: str) -> QuerySet:
        through = Document.collections.through
        kind, _, slug = spec.partition(":")
        if spec == "source":
            return queryset.filter(source__isnull=False)
        if spec == "collection":
            return queryset.filter(Exists(through.objects.filter(document_id=OuterRef("pk"))))
        table = {"source": self.sources, "collection": self.collections}.get(kind, {})
        pk = next((pk for pk, (s, _) in table.items() if s == slug), None)
        if pk is None:
            raise NoRecordsMatch(f"There is no set '{spec}'.")
        if kind == "source":
            return queryset.filter(source_id=pk)
        members = through.objects.filter(collection_id=pk, document_id=OuterRef("pk"))
        return queryset.filter(Exists(members))


def earliest_datestamp() -> datetime | None:
    first = Document.objects.order_by("datestamp", "id").values_list("datestamp", flat=True)[:1]
    return first[0] if first else None


def list_queryset(
    catalogue: Catalogue, set_spec: str | None, start: datetime | None, end: datetime
) -> QuerySet:
    queryset: QuerySet[Document] = Document.objects.filter(datestamp__lt=end)
    if start is not None:
        queryset = queryset.filter(datestamp__gte=start)
    if set_spec:
        queryset = catalogue.filter_set(queryset, set_spec)
    return queryset


def page(
    queryset: QuerySet,
    catalogue: Catalogue,
    after: tuple[datetime, int] | None,
    size: int,
    with_metadata: bool,
) -> tuple[list[Item], bool]:
    """Up to `size` items after the keyset position, and whether more follow."""
    if after is not None:
        moment, pk = after
        # (datestamp, id) > (moment, pk), written so SQLite and PostgreSQL range-scan the index.
        queryset = queryset.filter(Q(datestamp__gt=moment) | Q(datestamp=moment, id__gt=pk))
        queryset = queryset.filter(datestamp__gte=moment)
    if with_metadata:
        queryset = queryset.annotate(**RAW_METADATA)
    columns = RECORD_COLUMNS if with_metadata else HEADER_COLUMNS
    rows = list(queryset.order_by("datestamp", "id").values_list(*columns)[: size + 1])
    more = len(rows) > size
    items = build_items(rows[:size], catalogue, with_metadata)
    return items, more


def get_item(local_id: str, catalogue: Catalogue) -> Item | None:
    documents = Document.objects.filter(local_id=local_id).annotate(**RAW_METADATA)
    rows = list(documents.values_list(*RECORD_COLUMNS))
    return build_items(rows, catalogue, with_metadata=True)[0] if rows else None


def build_items(rows: list[tuple], catalogue: Catalogue, with_metadata: bool) -> list[Item]:
    ids = [row[0] for row in rows]
    memberships: dict[int, list[int]] = defaultdict(list)
    for document_id, collection_id in Document.collections.through.objects.filter(
        document_id__in=ids
    ).values_list("document_id", "collection_id"):
        memberships[document_id].append(collection_id)
    files: dict[int, list[FileInfo]] = defaultdict(list)
    if with_metadata:
        for document_id, *info in DocumentFile.objects.filter(document_id__in=ids).values_list(
            "document_id", "file", "size", "page_count", "mime_type"
        ):
            files[document_id].append(FileInfo(*info))
    items = []
    with translation.override("vi"):
        for row in rows:
            pk, local_id, datestamp, status, source_id = row[:5]
            source = catalogue.sources.get(source_id)
            collections = [catalogue.collections[c] for c in sorted(memberships[pk])]
            item = Item(
                pk=pk,
                local_id=local_id,
                datestamp=datestamp,
                deleted=status != Document.Status.ACTIVE,
                set_specs=([f"source:{source[0]}"] if source else [])
                + [f"collection:{slug}" for slug, _ in collections],
            )
            if with_metadata and not item.deleted:
                title, title_lang, date, doc_type, language, metadata, origin = row[5:]
                item.dc = dublin_core.record(
                    title=title,
                    title_lang=title_lang,
                    date=date,
                    type_label=str(DocumentType(doc_type).label),
                    language=language,
                    metadata=json.loads(metadata) if metadata else [],
                )
                item.doc_type = doc_type
                item.source_name = source[1] if source else ""
                item.collection_names = [name for _, name in collections]
                item.origin_identifier = origin
                item.files = files[pk]
            items.append(item)
    return items
