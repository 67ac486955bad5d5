"""What reads documents by their ids (an index write, a search's feed and export, a sitemap
section) looks them up by id, not through the status index: SQLite, planning without
statistics, walked that index through every active document to find the active ones among a
few dozen ids or in an id range (at 229,000 documents: 30 ms for the 32 of a harvest batch, for
its records, cards and suggestions, twice each; a feed 65 ms, an export's chunk 41, each 5,000
rows of a sitemap section 95 and its existence check seconds), where looking them up takes a
millisecond."""

import pytest
from django.db import connection

from library.models import Document
from library.tests.factories import make_document
from library.tests.plans import query_plans
from portal import sitemap
from search import export, feeds, indexing

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans"),
]


@pytest.fixture
def ids() -> list[int]:
    """Five documents' ids, and a batch's worth gone (with few ids, SQLite chose well)."""
    pks = [make_document(title=f"Tài liệu {n}").pk for n in range(5)]
    return [*pks, *range(max(pks) + 1, max(pks) + 41)]


def document_reads(run) -> list[list[str]]:
    """The plans of run()'s reads of documents, but for the sitemap's figures (grouped over the
    whole library by design, and stored by the run that changes it: none ran here)."""
    plans = query_plans(run)
    return [
        steps
        for sql, steps in plans.items()
        if 'FROM "library_document"' in sql and "GROUP BY" not in sql
    ]


def by_id(reads: list[list[str]]) -> bool:
    return bool(reads) and all("USING INTEGER PRIMARY KEY" in steps[0] for steps in reads)


def test_a_search_s_feed_and_export_read_their_documents_by_id(ids):
    assert by_id(document_reads(lambda: feeds.arrivals(ids, str)))
    assert by_id(document_reads(lambda: list(export.citations(ids, str))))


def test_a_sitemap_section_reads_its_range_of_ids(client, ids):
    assert by_id(document_reads(lambda: list(sitemap.documents_in(1))))
    assert Document.objects.active_by_id().filter(pk__in=ids).count() == 5
    assert by_id(document_reads(lambda: b"".join(client.get("/sitemap/tai-lieu-1.xml"))))


def test_an_index_write_reads_its_documents_by_id(search_index, ids):
    reads = document_reads(lambda: indexing.index_items("document", ids))
    assert len(reads) >= 4 and by_id(reads), reads  # records, cards, suggestions
