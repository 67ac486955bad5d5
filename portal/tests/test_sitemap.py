import io
import re
from datetime import UTC
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from harvest.models import HarvestRun
from library.dublin_core import dc_value
from library.models import Document, Source
from library.signals import documents_changed
from library.tests.factories import make_document, make_source
from portal import sitemap
from portal.browse import views
from portal.news.demo import seed_news
from portal.tests.pages import library_reads
from portal.tests.runs import finished_run
from search import indexing

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
HOST = "thuvien.example.vn"


def read(client, url: str, host: str = HOST) -> list[tuple[str | None, str | None]]:
    """(loc, lastmod) of each entry of a sitemap or sitemap index."""
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    root = ElementTree.fromstring(body)
    return [
        (e.findtext("s:loc", namespaces=NS), e.findtext("s:lastmod", namespaces=NS))
        for e in root.findall("s:*", NS)
    ]


def path_of(address: str | None) -> str:
    assert address and address.startswith(f"http://{HOST}/"), address  # not "localhost"
    return address.removeprefix(f"http://{HOST}")


@pytest.fixture
def library(search_index, monkeypatch):
    monkeypatch.setattr(sitemap, "SECTION_SIZE", 3)
    documents = [make_document(title=f"Tài liệu {n}", date=str(2000 + n)) for n in range(8)]
    documents[1].withdraw()
    Document.objects.filter(pk=documents[4].pk).delete()  # a tombstone
    indexing.rebuild()
    return documents


def test_the_index_lists_sections_of_documents_news_and_browse_pages_on_the_request_s_host(
    client, library
):
    seed_news(3, seed=1)
    sections = read(client, "/sitemap.xml")
    paths = [path_of(loc) for loc, _lastmod in sections]
    numbers = sorted({(d.pk - 1) // 3 + 1 for d in Document.objects.active()})
    assert paths == [
        *(f"/sitemap/tai-lieu-{n}.xml" for n in numbers),
        "/sitemap/trang.xml",
        "/sitemap/duyet.xml",
    ]
    newest = max(  # the withdrawn and the deleted left it: a change
        d.datestamp for d in Document.objects.all() if (d.pk - 1) // 3 + 1 == numbers[0]
    )
    assert sections[0][1] == newest.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    news = [path_of(loc) for loc, _lastmod in read(client, "/sitemap/trang.xml")]
    assert "/" in news and any(p.startswith("/tin-tuc/") for p in news)


def test_the_index_s_sections_are_kept_until_a_harvest_run_changes_the_library(client, library):
    before = read(client, "/sitemap.xml")
    with CaptureQueriesContext(connection) as warm:
        assert read(client, "/sitemap.xml") == before
    assert library_reads(warm.captured_queries) == []  # not a pass over every document
    source = make_source()
    added = [make_document(title=f"Tài liệu mới {n}", source=source) for n in range(3)]
    assert read(client, "/sitemap.xml") == before  # entered by hand: listed after the night's
    documents_changed.send(sender=HarvestRun, run=finished_run(source, new=3))
    with CaptureQueriesContext(connection) as after_run:
        paths = [path_of(loc) for loc, _lastmod in read(client, "/sitemap.xml")]
    assert f"/sitemap/tai-lieu-{(added[-1].pk - 1) // 3 + 1}.xml" in paths
    assert library_reads(after_run.captured_queries) == []  # stored by the run's refresh


def test_every_active_document_is_listed_once_with_its_datestamp_and_no_tombstone(client, library):
    listed = []
    for path in (path_of(loc) for loc, _ in read(client, "/sitemap.xml")):
        if path.startswith("/sitemap/tai-lieu-"):
            listed += read(client, path)
    expected = [
        (
            f"http://{HOST}/tai-lieu/{d.local_id}/",
            d.datestamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        for d in Document.objects.active().order_by("id")
    ]
    assert listed == expected and len(expected) == 6
    assert all(client.get(path_of(loc)).status_code == 200 for loc, _ in listed)


def test_a_section_is_read_a_chunk_at_a_time_by_key_never_by_offset(
    client, search_index, monkeypatch
):
    monkeypatch.setattr(sitemap, "CHUNK", 2)
    documents = [make_document(title=f"Tài liệu {n}") for n in range(5)]
    section = (documents[0].pk - 1) // sitemap.SECTION_SIZE + 1
    assert all((d.pk - 1) // sitemap.SECTION_SIZE + 1 == section for d in documents)
    with CaptureQueriesContext(connection) as queries:
        listed = read(client, f"/sitemap/tai-lieu-{section}.xml")
    assert len(listed) == 5
    reads = [q["sql"] for q in queries if '"local_id"' in q["sql"]]
    assert len(reads) == 4  # 2 + 2 + 1 rows, then an empty read
    for sql in reads:
        assert "LIMIT 2" in sql and "OFFSET" not in sql
        assert '"id" >' in sql  # keyset: the next chunk starts after the last id read
        assert "metadata" not in sql and "title" not in sql  # only the columns a URL needs
    pieces = list(client.get(f"/sitemap/tai-lieu-{section}.xml", HTTP_HOST=HOST))
    assert [piece.count(b"<url>") for piece in pieces] == [0, 2, 2, 1, 0]  # a chunk a piece


def test_a_document_withdrawn_from_a_section_changes_its_etag(client, library):
    by_section: dict[int, list[Document]] = {}
    for document in Document.objects.active().order_by("pk"):
        by_section.setdefault((document.pk - 1) // 3 + 1, []).append(document)
    number, (leaving, *staying) = next((n, ds) for n, ds in by_section.items() if len(ds) > 1)
    url = f"/sitemap/tai-lieu-{number}.xml"
    before = client.get(url, HTTP_HOST=HOST)["ETag"]
    assert client.get(url, HTTP_HOST=HOST, HTTP_IF_NONE_MATCH=before).status_code == 304
    leaving.withdraw("trùng")
    call_command("refresh_figures", stdout=io.StringIO())  # as the night's refresh does
    again = client.get(url, HTTP_HOST=HOST, HTTP_IF_NONE_MATCH=before)
    assert again.status_code == 200 and again["ETag"] != before
    listed = b"".join(again.streaming_content).decode()
    assert leaving.local_id not in listed and staying[0].local_id in listed


def test_a_crawler_that_has_a_section_is_answered_304_without_it_being_written(client, library):
    number, newest = sitemap.document_sections()[0]
    url = f"/sitemap/tai-lieu-{number}.xml"
    response = client.get(url, HTTP_HOST=HOST)
    assert response["Last-Modified"] == http_date(newest.timestamp())
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, HTTP_HOST=HOST, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304 and library_reads(queries.captured_queries) == []
    stored = [q for q in queries.captured_queries if '"portal_cache"' in q["sql"]]
    assert len(stored) == 1  # read once for the ETag and the Last-Modified
    older = http_date(newest.timestamp() - 1)
    assert client.get(url, HTTP_HOST=HOST, HTTP_IF_MODIFIED_SINCE=older).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap/tai-lieu-0.xml",
        "/sitemap/tai-lieu-9999.xml",  # no documents there
        "/sitemap/tai-lieu-" + "9" * 40 + ".xml",
        "/sitemap/tai-lieu-abc.xml",
        "/sitemap/tai-lieu--1.xml",
    ],
)
def test_nonsense_sections_are_404(client, library, url):
    assert client.get(url).status_code == 404


def test_a_host_not_allowed_is_refused_not_written_into_the_sitemap(client, library, settings):
    settings.ALLOWED_HOSTS = [HOST]
    assert client.get("/sitemap.xml", HTTP_HOST="evil.example.com").status_code == 400
    robots = client.get("/robots.txt", HTTP_HOST=HOST).content.decode()
    assert f"Sitemap: http://{HOST}/sitemap.xml" in robots.splitlines()


def test_the_browse_pages_are_in_the_sitemap(client, library, monkeypatch):
    monkeypatch.setattr(views, "SUBJECTS_PER_PAGE", 1)
    make_document(title="Đất", metadata=[], date="1995")
    make_document(
        title="Nước", metadata=[dc_value("subject", "Nước mặn"), dc_value("subject", "Nước ngọt")]
    )
    indexing.rebuild()
    paths = [path_of(loc) for loc, _ in read(client, "/sitemap/duyet.xml")]
    assert {"/duyet/", "/duyet/nguon/", "/duyet/loai/", "/duyet/nam/", "/duyet/chu-de/"} <= set(
        paths
    )
    assert {
        "/duyet/nam/2000/",
        "/duyet/nam/1990/",
        "/duyet/chu-de/n/",
        "/duyet/chu-de/n/?page=3",
    } <= set(paths)
    assert not [p for p in paths if re.search(r"page=4", p)]  # three subjects under n: three pages
    assert all(client.get(p).status_code == 200 for p in paths)


def test_the_member_libraries_and_the_statistics_are_in_the_sitemap(client, library):
    make_source(name="Thư viện Cần Thơ", slug="cantho")
    paths = [path_of(loc) for loc, _ in read(client, "/sitemap/duyet.xml")]
    pages = ["/mang-luoi/", "/mang-luoi/cantho/", "/thong-ke/"]
    assert set(pages) <= set(paths)
    libraries = [p for p in paths if p.startswith("/mang-luoi/") and p != "/mang-luoi/"]
    assert len(libraries) == Source.objects.count()  # each library, the fixture's too
    assert all(client.get(p).status_code == 200 for p in pages + libraries)
