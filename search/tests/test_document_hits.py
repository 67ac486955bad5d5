"""Hits dressed from plain rows (search.documents.document_hits), by a query compiled once for
each number of ids and run again with other ids: each call gets its own documents, in the order
asked, without the withdrawn, on every database; from the documents' cards (search.HitCard),
written with their index records, or from the documents themselves where none is written yet."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from library.models import DocumentFile, DocumentText
from library.tests.factories import make_document
from search import indexing
from search.documents import document_hits
from search.models import HitCard

pytestmark = pytest.mark.django_db


def test_each_call_gets_its_own_documents_in_the_order_asked():
    docs = [make_document(title=f"Tài liệu {n}") for n in range(6)]
    DocumentText.objects.create(document=docs[1], text="Nuôi tôm sú ở Cà Mau.", status="ok")
    DocumentFile.objects.create(document=docs[2], file="pdf/a.pdf", size=1, sha256="a" * 64)
    docs[3].withdraw("trùng")
    words = frozenset({"tom"})

    def asked(*numbers: int) -> list[tuple[str, bool]]:
        hits = document_hits([docs[n].pk for n in numbers], words)
        return [(hit.title.text, bool(hit.pdf_url)) for hit in hits]

    assert asked(2, 0, 1) == [("Tài liệu 2", True), ("Tài liệu 0", False), ("Tài liệu 1", False)]
    assert asked(5, 4, 2) == [("Tài liệu 5", False), ("Tài liệu 4", False), ("Tài liệu 2", True)]
    assert asked(3, 4) == [("Tài liệu 4", False)]  # withdrawn: left out
    assert asked(1, 1) == [("Tài liệu 1", False), ("Tài liệu 1", False)]
    assert "Nuôi <mark>tôm</mark> sú" in document_hits([docs[1].pk], words)[0].snippet.html
    assert document_hits([], words) == []


def test_hits_are_read_from_cards_written_with_the_index_and_as_fresh(search_index):
    docs = [make_document(title=f"Lúa mùa {n}") for n in range(3)]
    DocumentText.objects.create(document=docs[0], text="Giống lúa chịu mặn.", status="ok")
    indexing.index_items("document", [d.pk for d in docs])
    words = frozenset({"man"})
    pks = [d.pk for d in docs]
    with CaptureQueriesContext(connection) as read:
        hits = document_hits(pks, words)
    tables = " ".join(q["sql"] for q in read)
    assert "search_hitcard" in tables and "library_document" not in tables  # one row a hit
    assert "chịu <mark>mặn</mark>" in hits[0].snippet.html
    docs[1].title = "Lúa thơm"
    docs[1].save()
    DocumentFile.objects.create(document=docs[1], file="pdf/b.pdf", size=1, sha256="b" * 64)
    docs[2].withdraw("trùng")
    assert [h.title.text for h in document_hits(pks, words)][1] == "Lúa mùa 1"  # as indexed
    indexing.index_items("document", pks)  # the saves' index write
    assert [(h.title.text, bool(h.pdf_url)) for h in document_hits(pks, words)] == [
        ("Lúa mùa 0", False),
        ("Lúa thơm", True),
    ]
    assert sorted(HitCard.objects.values_list("pk", flat=True)) == sorted(pks[:2])


def test_a_document_indexed_before_cards_existed_is_dressed_and_the_update_command_writes_it(
    search_index,
):
    document = make_document(title="Nuôi tôm sú")
    DocumentText.objects.create(document=document, text="Tôm sú ở Cà Mau.", status="ok")
    indexing.rebuild()
    assert HitCard.objects.filter(pk=document.pk).exists()  # a rebuild writes every card
    HitCard.objects.all().delete()  # an index an earlier release wrote
    [hit] = document_hits([document.pk], frozenset({"ca"}))
    assert hit.title.text == "Nuôi tôm sú" and "<mark>Cà</mark> Mau" in hit.snippet.html
    said = StringIO()
    call_command("search_index", "update", stdout=said)
    assert "1 thẻ kết quả mới" in said.getvalue()
    assert list(HitCard.objects.values_list("pk", "title")) == [(document.pk, "Nuôi tôm sú")]
