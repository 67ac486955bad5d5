import pytest
import rispy
from pybtex.database import parse_string as pybtex_parse

from library.dublin_core import dc_value
from library.files import store_bytes
from library.models import DocumentFile
from library.tests.factories import make_document, make_source

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 8


@pytest.fixture
def document(search_index):
    document = make_document(
        title="Nuôi tôm <script>alert(1)</script>",
        date="2019-05",
        source=make_source(name="Thư viện Cần Thơ"),
        doc_type="master-thesis",
    )
    stored = store_bytes(PDF)
    DocumentFile.objects.create(
        document=document, file=stored.name, size=stored.size, sha256=stored.sha256
    )
    return document


def test_document_page_shows_metadata_escaped_with_scholar_tags(client, document):
    html = client.get(f"/tai-lieu/{document.local_id}/").content.decode()
    assert "Nuôi tôm &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html
    assert '<meta name="citation_author" content="Nguyễn Văn An">' in html
    assert '<meta name="citation_publication_date" content="2019/05">' in html
    pdf_url = f"http://testserver/tai-lieu/{document.local_id}/toan-van.pdf"
    assert f'<meta name="citation_pdf_url" content="{pdf_url}">' in html
    assert "Thư viện Cần Thơ" in html


def test_pdf_is_served_inline_with_byte_ranges(client, document):
    url = f"/tai-lieu/{document.local_id}/toan-van.pdf"
    whole = client.get(url)
    assert whole.status_code == 200 and whole["Content-Type"] == "application/pdf"
    assert whole["Content-Disposition"] == f'inline; filename="{document.local_id}.pdf"'
    assert whole["Accept-Ranges"] == "bytes"
    assert b"".join(whole.streaming_content) == PDF
    part = client.get(url, HTTP_RANGE="bytes=0-8")
    assert part.status_code == 206 and part.content == PDF[:9]
    assert part["Content-Range"] == f"bytes 0-8/{len(PDF)}"
    tail = client.get(url, HTTP_RANGE="bytes=-10")
    assert tail.content == PDF[-10:]
    assert client.get(url, HTTP_RANGE=f"bytes={len(PDF)}-").status_code == 416


@pytest.mark.parametrize(
    ("header", "status", "sent"),
    [
        # Numbers past int()'s 4,300 digits: beyond the end, to the end, the last N bytes.
        ("bytes=" + "9" * 5000 + "-", 416, b""),
        ("bytes=0-" + "9" * 5000, 206, PDF),
        ("bytes=-" + "9" * 5000, 206, PDF),
        ("bytes=" + "0" * 5000 + "1-2", 206, PDF[1:3]),
        # Digits of other scripts are no range (RFC 9110's DIGIT is ASCII): the whole file.
        ("bytes=٠-٨", 200, PDF),
        ("bytes=０-８", 200, PDF),
        ("bytes=²-", 200, PDF),
    ],
)
def test_a_hostile_range_gets_a_proper_answer(client, document, header, status, sent):
    response = client.get(f"/tai-lieu/{document.local_id}/toan-van.pdf", HTTP_RANGE=header)
    assert response.status_code == status
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body == sent
    if status == 416:
        assert response["Content-Range"] == f"bytes */{len(PDF)}"


def test_behind_nginx_the_pdf_is_handed_to_an_internal_location(client, document, settings):
    settings.PDF_X_ACCEL_REDIRECT = True
    response = client.get(f"/tai-lieu/{document.local_id}/toan-van.pdf")
    sha = document.files.get().sha256
    assert response["X-Accel-Redirect"] == f"/media/pdf/{sha[:2]}/{sha}.pdf"
    assert response["Content-Type"] == "application/pdf" and response.content == b""
    assert response["Content-Disposition"] == f'inline; filename="{document.local_id}.pdf"'
    document.withdraw("Sai bản quyền")  # a withdrawn document's file is not handed out
    assert client.get(f"/tai-lieu/{document.local_id}/toan-van.pdf").status_code == 410


def test_citations_export_as_bibtex_and_ris(client, document):
    bib = client.get(f"/tai-lieu/{document.local_id}/cite.bib")
    assert bib["Content-Type"] == "application/x-bibtex"
    text = bib.content.decode()
    assert text.startswith(f"@mastersthesis{{dbscl{document.local_id},")
    assert "author = {Nguyễn Văn An}" in text and "year = {2019}" in text
    ris = client.get(f"/tai-lieu/{document.local_id}/cite.ris").content.decode()
    assert ris.startswith("TY  - THES\r\n") and "AU  - Nguyễn Văn An\r\n" in ris
    assert ris.endswith("ER  - \r\n")
    assert client.get(f"/tai-lieu/{document.local_id}/cite.xml").status_code == 404


def test_a_withdrawn_document_answers_410_with_its_citation(client, document):
    document.withdraw("Sai bản quyền")
    response = client.get(f"/tai-lieu/{document.local_id}/")
    assert response.status_code == 410
    assert "Nguyễn Văn An" in response.content.decode()
    assert client.get(f"/tai-lieu/{document.local_id}/toan-van.pdf").status_code == 410


HOSTILE_TITLE = "Độ {pH} của nước } mặn\nUR  - javascript:alert(1)\r\nER  - \nTY  - JOUR"


@pytest.fixture
def hostile(search_index):
    return make_document(
        title=HOSTILE_TITLE,
        date="2021",
        metadata=[
            dc_value("creator", "Trần {Thị} B"),
            dc_value("description", "Dòng một\nAB  - dòng hai {mở", "vi"),
        ],
    )


def test_bibtex_of_hostile_values_parses_back_to_one_entry_with_the_same_text(client, hostile):
    text = client.get(f"/tai-lieu/{hostile.local_id}/cite.bib").content.decode()
    entries = pybtex_parse(text, "bibtex").entries
    assert list(entries) == [f"dbscl{hostile.local_id}"]
    fields = entries[f"dbscl{hostile.local_id}"].fields
    # one line; the balanced {pH} keeps its case protection, the lone brace is dropped
    assert fields["title"] == ("Độ {pH} của nước mặn UR - javascript:alert(1) ER - TY - JOUR")
    assert fields["abstract"] == "Dòng một AB - dòng hai mở"
    author = entries[f"dbscl{hostile.local_id}"].persons["author"][0]
    assert " ".join(author.first_names + author.middle_names + author.last_names) == (
        "Trần {Thị} B"
    )


def test_ris_of_hostile_values_is_one_record_with_one_line_per_value(client, hostile):
    text = client.get(f"/tai-lieu/{hostile.local_id}/cite.ris").content.decode()
    records = rispy.loads(text)
    assert len(records) == 1
    record = records[0]
    assert record["title"] == "Độ {pH} của nước } mặn UR - javascript:alert(1) ER - TY - JOUR"
    assert record["urls"] == [f"http://testserver/tai-lieu/{hostile.local_id}/"]
    assert record["abstract"] == "Dòng một AB - dòng hai {mở"


def test_document_page_says_how_a_text_was_read(client, document):
    file = document.files.get()
    page = f"/tai-lieu/{document.local_id}/"
    html = client.get(page).content.decode()
    assert "nhận dạng tự động" not in html and "bảng mã cũ" not in html
    file.extractor, file.encodings = "tesseract", "tcvn3,vni"
    file.save()
    html = client.get(page).content.decode()
    assert "Văn bản được nhận dạng tự động (OCR) từ bản quét" in html
    assert "chuyển tự động từ bảng mã cũ (TCVN3,VNI) sang Unicode" in html
