import unicodedata
from datetime import UTC

import pytest
from django.utils import timezone

from library.models import Document, DocumentType
from library.tests.factories import make_collection, make_document, make_source

pytestmark = pytest.mark.django_db


def test_delete_makes_a_tombstone_that_keeps_the_row():
    document = make_document()
    before = document.datestamp
    document.delete()
    stored = Document.objects.get(pk=document.pk)
    assert stored.status == Document.Status.DELETED
    assert stored.datestamp > before
    assert stored.is_tombstone


def test_queryset_delete_tombstones_instead_of_deleting():
    first, second = make_document(), make_document(title="Khác")
    count, _ = Document.objects.filter(pk__in=[first.pk, second.pk]).delete()
    assert count == 2
    assert Document.objects.filter(status=Document.Status.DELETED).count() == 2
    assert Document.objects.active().count() == 0


def test_withdraw_keeps_the_reason_and_leaves_the_active_list():
    document = make_document()
    document.withdraw("Trùng lặp với tài liệu khác")
    stored = Document.objects.get(pk=document.pk)
    assert stored.status == Document.Status.WITHDRAWN
    assert stored.status_reason == "Trùng lặp với tài liệu khác"
    assert not Document.objects.active().filter(pk=document.pk).exists()


def test_every_save_moves_the_datestamp_forward_in_utc():
    document = make_document()
    first = document.datestamp
    document.title = "Nhan đề đã sửa"
    document.save()
    document.refresh_from_db()
    assert document.datestamp > first
    assert document.datestamp.tzinfo is not None
    assert document.datestamp.utcoffset() == UTC.utcoffset(None)


def test_renaming_a_source_moves_its_documents_datestamps():
    source = make_source()
    document = make_document(source=source)
    before = Document.objects.get(pk=document.pk).datestamp
    source.name = "Thư viện mới"
    source.save()
    assert Document.objects.get(pk=document.pk).datestamp > before


def test_decomposed_text_is_stored_composed_in_every_field():
    decomposed = unicodedata.normalize("NFD", "Quản lý hoà bình thuỷ lợi")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    source = make_source(name=decomposed)
    collection = make_collection(name=decomposed)
    document = make_document(
        title=decomposed,
        source=source,
        status_reason=decomposed,
        metadata=[{"type": "creator", "value": {"value": decomposed, "lang": "vi"}}],
    )
    composed = unicodedata.normalize("NFC", decomposed)
    document = Document.objects.get(pk=document.pk)
    assert document.title == composed
    assert document.status_reason == composed
    assert document.metadata.raw_data[0]["value"]["value"] == composed
    source.refresh_from_db()
    collection.refresh_from_db()
    assert source.name == composed
    assert collection.name == composed


def test_year_is_derived_from_the_date():
    assert make_document(date="2015-03").year == 2015
    assert make_document(date="").year is None


def test_dublin_core_has_all_fifteen_elements_with_language_tags():
    document = make_document(title_lang="vi", doc_type=DocumentType.REPORT, language="vi")
    record = document.dublin_core()
    assert list(record) == [
        "title",
        "creator",
        "subject",
        "description",
        "publisher",
        "contributor",
        "date",
        "type",
        "format",
        "identifier",
        "source",
        "language",
        "relation",
        "coverage",
        "rights",
    ]
    assert record["title"] == [(document.title, "vi")]
    assert record["creator"] == [("Nguyễn Văn An", "")]
    assert record["subject"] == [("Nông nghiệp", "vi")]
    assert record["type"] == [("Báo cáo", "vi")]
    assert record["date"] == [("2020", "")]


def test_local_identifiers_are_unique_and_stable():
    document = make_document()
    identifier = document.local_id
    document.save()
    document.refresh_from_db()
    assert document.local_id == identifier
    assert make_document().local_id != identifier
    assert document.oai_identifier.endswith(f":{identifier}")


def test_created_at_and_datestamp_are_aware():
    document = make_document()
    assert timezone.is_aware(document.created_at)


def test_a_document_s_main_text_is_its_first_file_that_reads_whatever_the_order_they_came_in():
    from library.fulltext import record_extraction
    from library.models import DocumentFile, DocumentText

    document = make_document()
    appendix = DocumentFile.objects.create(
        document=document, file="pdf/b.pdf", size=1, sha256="b" * 64, position=101
    )
    main = DocumentFile.objects.create(
        document=document, file="pdf/a.pdf", size=1, sha256="a" * 64, position=100
    )
    record_extraction(appendix, "ok", "phụ lục", "", "pypdfium2", 2)  # the appendix came first
    texts = DocumentText.objects.get(document=document)
    assert (texts.text, texts.main_file) == ("phụ lục", appendix)
    record_extraction(main, "ok", "bài chính", "", "pypdfium2", 9)
    texts.refresh_from_db()
    appendix.refresh_from_db()
    main.refresh_from_db()
    assert (texts.text, texts.main_file, appendix.text, main.text) == (
        "bài chính",
        main,
        "phụ lục",
        "",
    )
    record_extraction(main, "scanned", "", "no text layer", "pypdfium2", 9)  # read again, worse
    texts.refresh_from_db()
    appendix.refresh_from_db()
    assert (texts.text, texts.main_file, appendix.text) == ("phụ lục", appendix, "")


def test_a_text_read_is_written_once_whether_it_is_the_main_text_or_an_attachment():
    """A 15-page text is about 45,000 characters: writing it to its file and then again to the
    document's text cost the harvest a write a PDF (issue #17)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from library.fulltext import record_extraction
    from library.models import DocumentFile, DocumentText

    document = make_document()
    main, appendix = (
        DocumentFile.objects.create(
            document=document, file=f"pdf/{n}.pdf", size=1, sha256=n * 64, position=100 + i
        )
        for i, n in enumerate("ab")
    )
    for file, marker in ((main, "chínhduynhất"), (appendix, "phụlụcduynhất")):
        with CaptureQueriesContext(connection) as done:
            record_extraction(file, "ok", f"{marker} " + "lúa " * 10_000, "", "pypdfium2", 15)
        assert [marker in q["sql"] for q in done.captured_queries].count(True) == 1, marker
    texts = DocumentText.objects.get(document=document)
    appendix.refresh_from_db()
    assert texts.text.startswith("chínhduynhất") and texts.main_file == main
    assert appendix.text.startswith("phụlụcduynhất")
