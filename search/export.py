"""A result list as RIS, BibTeX or CSV: the search page's first MAX_HITS documents, in its
order, written with the single-document exports' own functions (library.citation), so a
harvested value is made safe the same way in both.

The list is streamed: the engine gives ids, and documents are read CHUNK at a time with only
the columns a citation needs (never a full text)."""

import csv
from collections.abc import Callable, Iterable, Iterator

from django.db.models import Exists, OuterRef
from django.urls import reverse

from library import citation
from library.models import Document, DocumentFile

MAX_HITS = 1000
CHUNK = 100
CITED_COLUMNS = ("local_id", "title", "title_lang", "date", "year", "doc_type", "language")


def citations(pks: list[int], absolute: Callable[[str], str]) -> Iterator[citation.Citation]:
    """Citations of the active documents among `pks`, in that order; `absolute` makes a path
    a full URL."""
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start : start + CHUNK]
        documents = (
            Document.objects.filter(pk__in=chunk)
            .active_by_id()
            .only(*CITED_COLUMNS, "metadata")
            .annotate(has_pdf=Exists(DocumentFile.objects.filter(document=OuterRef("pk"))))
        )
        by_pk = {d.pk: d for d in documents}
        for pk in chunk:
            if (document := by_pk.get(pk)) is None:
                continue  # withdrawn since it was indexed
            local_id = document.local_id
            pdf = reverse("documents:pdf", args=[local_id]) if document.has_pdf else ""
            yield citation.Citation.of(
                document,
                absolute(reverse("documents:page", args=[local_id])),
                absolute(pdf) if pdf else "",
            )


class _Line:
    """A file csv.writer writes one row to, which gives the row back."""

    def write(self, row: str) -> str:
        return row


def csv_lines(cited: Iterable[citation.Citation]) -> Iterator[str]:
    """A UTF-8 CSV table, its first line the header; the byte-order mark lets Excel read the
    Vietnamese letters as UTF-8."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(citation.CSV_COLUMNS)
    for c in cited:
        yield writer.writerow(citation.csv_row(c))


# format → (what writes it, content type)
FORMATS: dict[str, tuple[Callable[[Iterable[citation.Citation]], Iterator[str]], str]] = {
    "ris": (lambda cited: map(citation.ris, cited), "application/x-research-info-systems"),
    "bib": (lambda cited: map(citation.bibtex, cited), "application/x-bibtex"),
    "csv": (csv_lines, "text/csv; charset=utf-8"),
}
