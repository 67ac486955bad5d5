"""Google Scholar's inclusion guidelines for repositories, point by point, on real pages: each
document on its own page with HighWire Press citation_* tags (title, each author, publication
date, the PDF on the same host), the PDF linked from the page, ending in .pdf, served without a
login; robots.txt keeping crawlers off none of it; browse pages through which a crawler reaches
every document, and a sitemap that lists them."""

import re
from html import unescape
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import pytest

from library.dublin_core import dc_value
from library.files import store_bytes
from library.models import DocumentFile
from library.tests.factories import make_document, make_source
from search import indexing

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n" + b"0" * 2000
HOST = "thuvien.example.vn"


def with_pdf(document):
    stored = store_bytes(PDF + document.local_id.encode())
    DocumentFile.objects.create(
        document=document, file=stored.name, size=stored.size, sha256=stored.sha256
    )
    return document


@pytest.fixture
def library(search_index):
    can_tho = make_source(name="Trường Đại học Cần Thơ", slug="ctu")
    authors = [dc_value("creator", "Lê Thị Hồng"), dc_value("creator", "Võ Văn Tuấn")]
    thesis = with_pdf(
        make_document(
            title="Nuôi tôm sú <i>thâm canh</i>",
            date="2019-05",
            doc_type="master-thesis",
            source=can_tho,
            metadata=[*authors, dc_value("publisher", "Trường Đại học Cần Thơ")],
        )
    )
    others = [
        with_pdf(make_document(title=f"Bài báo số {n}", date=str(1995 + n), source=can_tho))
        for n in range(14)  # more than the search page's 10 a page and the home page's 10
    ]
    make_document(title="Tài liệu đã rút", source=can_tho).withdraw()
    indexing.rebuild()
    return [thesis, *others]


def get(client, path: str):
    return client.get(path, HTTP_HOST=HOST)


def meta(html: str) -> list[tuple[str, str]]:
    found = re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', html)
    return [(name, unescape(content)) for name, content in found]


def hrefs(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'<a [^>]*href="([^"]+)"', html)]


def test_each_document_page_has_the_highwire_tags_scholar_reads(client, library):
    thesis = library[0]
    page = f"http://{HOST}/tai-lieu/{thesis.local_id}/"
    response = get(client, urlsplit(page).path)
    assert response.status_code == 200  # no login, no redirect
    tags = meta(response.content.decode())
    values = dict(tags)
    assert values["citation_title"] == "Nuôi tôm sú <i>thâm canh</i>"
    assert [v for n, v in tags if n == "citation_author"] == ["Lê Thị Hồng", "Võ Văn Tuấn"]
    assert values["citation_publication_date"] == "2019/05"
    assert values["citation_dissertation_institution"] == "Trường Đại học Cần Thơ"
    assert values["citation_abstract_html_url"] == page  # one document, one address
    pdf = urlsplit(values["citation_pdf_url"])
    assert (pdf.scheme, pdf.netloc) == ("http", HOST)  # on the same host as the page
    assert pdf.path.startswith(urlsplit(page).path) and pdf.path.endswith(".pdf")


def test_the_pdf_is_linked_from_the_page_and_served_to_anyone(client, library):
    for document in library[:3]:
        html = get(client, f"/tai-lieu/{document.local_id}/").content.decode()
        pdf = urlsplit(dict(meta(html))["citation_pdf_url"]).path
        assert pdf in hrefs(html)
        response = get(client, pdf)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    old = get(client, f"/tai-lieu/{library[0].local_id}/pdf/")
    assert (
        old.status_code == 301
        and old["Location"] == f"/tai-lieu/{library[0].local_id}/toan-van.pdf"
    )


def test_robots_txt_keeps_crawlers_off_nothing_they_need(client, library):
    robots = RobotFileParser()
    robots.parse(get(client, "/robots.txt").content.decode().splitlines())
    document = library[0].local_id
    needed = [
        f"/tai-lieu/{document}/",
        f"/tai-lieu/{document}/toan-van.pdf",
        "/duyet/",
        "/duyet/chu-de/n/",
        "/search/?subject=Th%E1%BB%A7y+s%E1%BA%A3n",
        "/sitemap.xml",
        "/sitemap/tai-lieu-1.xml",
    ]
    for agent in ("Googlebot", "*"):
        assert [p for p in needed if not robots.can_fetch(agent, f"http://{HOST}{p}")] == []
    assert robots.site_maps() == [f"http://{HOST}/sitemap.xml"]


def browse_path(path: str) -> bool:
    """A link a crawler follows through the browse pages: a browse page, the search filtered
    by one of them (not the unfiltered search, which lists everything anyway), a document."""
    parts = urlsplit(path)
    if parts.netloc or not parts.path.startswith("/"):
        return False
    filtered = re.search(r"(^|&)(source|type|subject|year|decade)=", parts.query)
    return (
        parts.path.startswith("/duyet/")
        or (parts.path == "/search/" and bool(filtered))
        or re.fullmatch(r"/tai-lieu/[^/]+/", parts.path) is not None
    )


def test_a_crawler_reaches_every_document_through_the_browse_pages(client, library):
    home = get(client, "/").content.decode()
    queue = [h for h in hrefs(home) if h.startswith("/duyet/")]
    seen: set[str] = set()
    while queue and len(seen) < 500:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = get(client, path)
        assert response.status_code == 200, path
        if not path.startswith("/tai-lieu/"):
            base = urlsplit(path).path
            found = [base + h if h.startswith("?") else h for h in hrefs(response.content.decode())]
            queue += [h for h in found if browse_path(h) and h not in seen]
    reached = {p.split("/")[2] for p in seen if p.startswith("/tai-lieu/")}
    assert reached == {d.local_id for d in library}  # every document, and no withdrawn one


def test_the_sitemap_lists_every_document_page(client, library):
    index = get(client, "/sitemap.xml").content.decode()
    sections = re.findall(
        r"<loc>http://thuvien\.example\.vn(/sitemap/tai-lieu-\d+\.xml)</loc>", index
    )
    listed = "".join(b"".join(get(client, s).streaming_content).decode() for s in sections)
    for document in library:
        assert f"<loc>http://{HOST}/tai-lieu/{document.local_id}/</loc>" in listed
