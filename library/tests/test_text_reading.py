"""Every text read is repaired (legacy encodings to Unicode) and measured (quality) where it is
stored, whatever read it, and the document's text carries its main file's reading."""

import pytest
from django.db import connection
from django.urls import reverse

from library.fulltext import READING_VERSION, record_extraction
from library.models import DocumentFile, DocumentText
from library.tests.factories import make_document, make_source
from library.tests.plans import query_plans
from library.vietnamese.quality import LOW

pytestmark = pytest.mark.django_db

UNICODE = (
    "Nghiên cứu ảnh hưởng của mặn đến năng suất lúa ở các tỉnh ven biển. "
    "Kết quả cho thấy giống lúa chịu mặn cho năng suất cao hơn trong mùa khô. "
) * 3
TCVN3 = "Nghiªn cøu ¶nh h\u00adëng"  # "Nghiên cứu ảnh hưởng" as a TCVN3 (ABC) font's bytes
GARBLED = "xq7 zzkw þðñ qqrt vbnm kkjh wqx pzzt trwq bbnm " * 6


def document_file(document, position=0, name="a") -> DocumentFile:
    return DocumentFile.objects.create(
        document=document, file=f"pdf/{name}.pdf", size=1, sha256=name * 64, position=position
    )


def test_a_legacy_text_is_stored_converted_with_what_was_found():
    file = document_file(make_document())
    record_extraction(file, "ok", f"{TCVN3}.\n{UNICODE}", "", "pypdfium2", 3)
    texts = DocumentText.objects.get(document=file.document)
    assert texts.text.startswith("Nghiên cứu ảnh hưởng.")
    assert (texts.encodings, texts.converted) == ("tcvn3", 4)
    assert texts.quality is not None and texts.quality >= LOW
    file.refresh_from_db()
    assert (file.encodings, file.converted, file.read_version) == ("tcvn3", 4, READING_VERSION)


def test_unicode_text_is_stored_as_read_and_garbage_is_flagged():
    good = document_file(make_document())
    record_extraction(good, "ok", UNICODE, "", "pypdfium2", 1)
    texts = DocumentText.objects.get(document=good.document)
    assert (texts.text, texts.encodings, texts.converted) == (UNICODE, "", 0)
    assert texts.quality is not None and texts.quality >= LOW
    bad = document_file(make_document(), name="b")
    record_extraction(bad, "ok", GARBLED, "", "tesseract", 1)
    flagged = DocumentText.objects.get(document=bad.document)
    assert flagged.quality is not None and flagged.quality < LOW
    assert flagged.extractor == "tesseract"


def test_the_document_s_reading_follows_its_main_file():
    document = make_document()
    appendix = document_file(document, position=2, name="b")
    main = document_file(document, position=1, name="a")
    record_extraction(appendix, "ok", GARBLED, "", "pdfminer.six", 1)
    texts = DocumentText.objects.get(document=document)
    assert texts.quality is not None and texts.quality < LOW
    record_extraction(main, "ok", TCVN3 + "\n" + UNICODE, "", "pypdfium2", 1)
    texts.refresh_from_db()
    assert (texts.encodings, texts.extractor) == ("tcvn3", "pypdfium2")
    assert texts.quality is not None and texts.quality >= LOW


@pytest.fixture
def flagged_source():
    source = make_source(name="Thư viện Bạc Liêu")
    for n, text in enumerate([GARBLED, GARBLED, UNICODE]):
        record_extraction(
            document_file(make_document(source=source, title=f"Tài liệu {n}"), name=str(n)),
            "ok",
            text,
            "",
            "pypdfium2",
            1,
        )
    make_document(source=source, title="Chưa có toàn văn")
    return source


def test_librarians_filter_documents_to_the_flagged_texts(admin_client, flagged_source):
    url = reverse("wagtailsnippets_library_document:list")
    response = admin_client.get(url, {"source": flagged_source.pk, "poor_text": "true"})
    titles = {d.title for d in response.context["object_list"]}
    assert titles == {"Tài liệu 0", "Tài liệu 1"}
    response = admin_client.get(url, {"source": flagged_source.pk, "poor_text": "false"})
    assert {d.title for d in response.context["object_list"]} == {"Tài liệu 2", "Chưa có toàn văn"}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans")
def test_the_source_list_counts_flagged_texts_by_their_index_not_from_every_document(
    admin_client, flagged_source
):
    plans = query_plans(lambda: admin_client.get(reverse("wagtailsnippets_library_source:list")))
    texts = [steps for sql, steps in plans.items() if '"library_documenttext"' in sql]
    assert texts and all(any("doctext_quality" in step for step in steps) for steps in texts)
    assert [s for steps in plans.values() for s in steps if s.startswith("SCAN library_doc")] == []


def test_the_source_list_counts_flagged_texts_per_source_in_one_query(
    admin_client, flagged_source, django_assert_max_num_queries
):
    make_source(name="Thư viện Sóc Trăng")
    html = admin_client.get(reverse("wagtailsnippets_library_source:list")).content.decode()
    assert f'?source={flagged_source.pk}&amp;poor_text=true">2</a>' in html
    with django_assert_max_num_queries(40) as few:
        admin_client.get(reverse("wagtailsnippets_library_source:list"))
    for n in range(10):
        make_source(name=f"Thư viện {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(reverse("wagtailsnippets_library_source:list"))
