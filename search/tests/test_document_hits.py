"""Hits dressed from plain rows (search.documents.document_hits), by a query compiled once for
each number of ids and run again with other ids: each call gets its own documents, in the order
asked, without the withdrawn, on every database."""

import pytest

from library.models import DocumentFile, DocumentText
from library.tests.factories import make_document
from search.documents import document_hits

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
