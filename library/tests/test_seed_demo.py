import unicodedata

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from library.models import Document, DocumentFile, DocumentText


def snapshot() -> list[tuple]:
    rows = []
    for d in Document.objects.order_by("local_id").prefetch_related("collections", "files"):
        rows.append(
            (
                d.local_id,
                d.title,
                d.date,
                d.doc_type,
                d.language,
                d.source.slug,
                d.datestamp,
                list(d.metadata.raw_data),
                d.fulltext.text,
                sorted(c.slug for c in d.collections.all()),
                [f.sha256 for f in d.files.all()],
            )
        )
    return rows


def seeded(seed: int, documents: int = 40, pdfs: int = 2) -> list[tuple]:
    with transaction.atomic():
        call_command(
            "seed_demo",
            documents=documents,
            pdfs=pdfs,
            seed=seed,
            batch_size=15,
            news=0,
            offers=0,
            requests=0,
        )
        rows = snapshot()
        transaction.set_rollback(True)
    return rows


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_library():
    first = seeded(7)
    assert len(first) == 40
    assert seeded(7) == first
    assert seeded(8) != first


@pytest.mark.django_db
def test_demo_records_are_realistic_vietnamese():
    call_command("seed_demo", documents=300, pdfs=0, seed=1, news=0, offers=0, requests=0)
    documents = Document.objects.select_related("fulltext")
    assert documents.count() == 300
    assert documents.values("source").distinct().count() >= 6
    years = [d.year for d in documents]
    assert min(years) >= 1990 and max(years) <= 2025
    for document in documents[:50]:
        assert unicodedata.is_normalized("NFC", document.title)
        text = document.fulltext.text
        assert 7_000 <= len(text.encode()) <= 10_000
        assert document.fulltext.status == DocumentText.Status.OK
        creators = document.dublin_core()["creator"]
        assert creators and all(name for name, _ in creators)
    subjects = {v for d in documents for v, _ in d.dublin_core()["subject"]}
    assert {"Nông nghiệp", "Thủy sản", "Môi trường", "Y dược"} <= subjects


@pytest.mark.django_db
def test_demo_pdfs_are_real_pdfs_with_vietnamese_text():
    from pdfminer.high_level import extract_text

    call_command("seed_demo", documents=5, pdfs=3, seed=3, news=0, offers=0, requests=0)
    files = DocumentFile.objects.select_related("document")
    assert files.count() == 3
    for stored in files:
        with stored.file.open("rb") as handle:
            data = handle.read()
        assert data.startswith(b"%PDF-")
        assert len(data) == stored.size and (stored.page_count or 0) >= 1
        text = " ".join(extract_text(stored.file.path).split())
        assert " ".join(stored.document.title.split()[:4]) in text


@pytest.mark.django_db
def test_seed_demo_refuses_a_library_that_has_documents_unless_if_empty():
    call_command("seed_demo", documents=3, pdfs=0, offers=0, requests=0)
    with pytest.raises(CommandError, match="đã có 3 tài liệu"):
        call_command("seed_demo", documents=3, pdfs=0)
    call_command("seed_demo", documents=3, pdfs=0, if_empty=True)
    assert Document.objects.count() == 3


@pytest.mark.django_db
def test_seed_demo_keeps_no_batch_in_memory_under_debug(settings):
    """The dev settings have DEBUG on, and with it Django keeps every query's SQL: a seed of
    a million documents grew to 6 GB holding their texts."""
    settings.DEBUG = True
    call_command("seed_demo", documents=6, pdfs=0, batch_size=2, news=0, offers=0, requests=0)
    kept = [q["sql"] for q in connection.queries if 'INTO "library_documenttext"' in q["sql"]]
    assert kept == []
    assert DocumentText.objects.count() == 6
