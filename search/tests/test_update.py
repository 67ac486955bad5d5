"""`search_index update` with nothing changed reads only what changed: no table scan, no record
re-indexed (issue #17: it read all 229,000 rows and re-indexed every news page each time)."""

import pytest
from django.db import connection
from django.utils import timezone

from library.models import Document
from library.tests.plans import query_plans
from search import indexing
from search.records import uid
from search.tests import corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def upserted(engine, monkeypatch) -> list[str]:
    """The uids of every record the engine is asked to index from now on."""
    seen: list[str] = []
    upsert = engine.upsert

    def counting(records):
        records = list(records)
        seen.extend(r["uid"] for r in records)
        return upsert(records)

    monkeypatch.setattr(engine, "upsert", counting)
    return seen


def test_an_update_with_nothing_changed_indexes_nothing(engine, upserted):
    corpus.build()
    indexing.rebuild()
    assert indexing.update() == 0
    assert upserted == []
    lost = corpus.doc("Dừa sáp Trà Vinh")  # saved while the indexer was down
    assert indexing.update() == 1
    assert upserted == [uid(lost.pk)]


def test_what_a_harvest_run_wrote_is_indexed_and_nothing_else(engine, upserted):
    # A harvest run's bulk writes are indexed by source and datestamp (index_written), not by
    # a catch-up on everything changed since the checkpoint.
    docs = corpus.build()
    indexing.rebuild()
    since = timezone.now()
    cantho, angiang = docs["khoa_hoc"].source, docs["scattered"].source
    ours = corpus.doc("Dừa sáp Trà Vinh", source=cantho)
    corpus.doc("Xoài cát Hòa Lộc", source=angiang)  # another source's, written meanwhile
    Document.objects.filter(pk=docs["ban_grave"].pk).update(
        datestamp=since
    )  # withdrawn, say: re-dated
    assert indexing.index_written(cantho.pk, since) == 2
    assert sorted(upserted) == sorted([uid(ours.pk), uid(docs["ban_grave"].pk)])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans")
def test_an_update_reads_the_changes_by_index_not_by_scanning_the_tables(engine):
    corpus.build()
    indexing.rebuild()
    plans = [step for steps in query_plans(indexing.update).values() for step in steps]
    scans = [p for p in plans if p.startswith("SCAN") and "library_document" in p]
    assert plans and scans == []
