"""A small library with fixed datestamps, for the OAI-PMH tests."""

from datetime import UTC, datetime, timedelta

from django.conf import settings

from library.dublin_core import dc_value
from library.files import store_bytes
from library.models import Document, DocumentFile
from library.tests.factories import make_collection, make_document, make_source

FIRST = datetime(2024, 3, 1, 8, 0, 0, tzinfo=UTC)
STEP = timedelta(hours=7, seconds=13)  # crosses day boundaries in UTC and in Vietnam


def identifier(document: Document) -> str:
    return f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:{document.local_id}"


def build_library(count: int = 23) -> list[Document]:
    """`count` documents, datestamp FIRST + i*STEP; every 4th in collection A, every 3rd in B,
    sources alternate Cần Thơ / An Giang / none; numbers 5 and 11 are tombstones."""
    can_tho = make_source(name="Thư viện Cần Thơ", slug="cantho")
    an_giang = make_source(name="Thư viện An Giang", slug="angiang")
    fisheries = make_collection(name="Thủy sản", slug="thuy-san")
    farming = make_collection(name="Nông nghiệp", slug="nong-nghiep")
    documents = []
    for i in range(count):
        collections = [c for c, every in ((fisheries, 4), (farming, 3)) if i % every == 0]
        document = make_document(
            title=f"Tài liệu số {i}: nuôi tôm – lúa",
            title_lang="vi",
            source=(can_tho, an_giang, None)[i % 3],
            collections=collections,
            metadata=[
                dc_value("creator", f"Tác giả {i}"),
                dc_value("subject", "Thủy sản", "vi"),
                dc_value("description", "Tóm tắt tiếng Việt.", "vi"),
                dc_value("description", "English abstract.", "en"),
                dc_value("publisher", "Trường Đại học Cần Thơ", "vi"),
                dc_value("contributor", "Người hướng dẫn"),
                dc_value("format", "application/pdf"),
                dc_value("identifier", f"https://thuvien.example.vn/{i}"),
                dc_value("source", "Thư viện Cần Thơ", "vi"),
                dc_value("relation", "https://example.vn/lien-quan"),
                dc_value("coverage", "Cần Thơ", "vi"),
                dc_value("rights", "CC BY 4.0"),
            ],
        )
        if i in (5, 11):
            document.withdraw("kiểm thử")
        documents.append(document)
    stored = store_bytes(b"%PDF-1.4 kiem thu")
    DocumentFile.objects.create(
        document=documents[0],
        file=stored.name,
        size=stored.size,
        sha256=stored.sha256,
        page_count=3,
    )
    for i, document in enumerate(documents):
        Document.objects.filter(pk=document.pk).update(datestamp=FIRST + i * STEP)
        document.datestamp = FIRST + i * STEP
    return documents
