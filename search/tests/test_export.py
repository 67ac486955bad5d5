"""A result list exported as RIS, BibTeX and CSV: the page's documents in the page's order, each
format parsed back by a reader of its own, hostile harvested values made harmless."""

import csv
import io

import pytest
import rispy
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pybtex.database import parse_string as pybtex_parse

from library.dublin_core import dc_value
from library.tests.factories import make_document
from search import export, indexing, service

pytestmark = pytest.mark.django_db

HOSTILE = {
    "braces": "Độ {pH} của nước } mặn\nER  - \nTY  - JOUR",
    "quotes": 'Nước "mặn", \'ngọt\' và \\"thoát\\" mặn',
    "control": "Ký tự\x07 điều\x1b[31m khiển\u2028 mặn",
    "formula": '=HYPERLINK("http://evil.example/","mặn")',
    "plus": "+1 mặn",
    "minus": "-2+3 mặn",
    "at": "@SUM(1) mặn",
}


@pytest.fixture
def hostile(engine):
    documents = {
        name: make_document(
            title=title,
            date=str(2000 + n),
            metadata=[
                dc_value("creator", "=cmd|' /C calc'!A0" if name == "formula" else "Trần {Thị} B"),
                dc_value("description", "Dòng một\nAB  - dòng hai {mở", "vi"),
            ],
        )
        for n, (name, title) in enumerate(HOSTILE.items())
    }
    make_document(title="Không liên quan", date="2001")
    indexing.rebuild()
    return documents


def page_ids(**params) -> list[str]:
    return [h.id for h in service.search(params.pop("q", ""), size=100, **params).hits]


def test_ris_parses_back_to_one_record_a_hit_in_the_pages_order(client, hostile):
    response = client.get("/search/export.ris", {"q": "mặn", "sort": "newest"})
    assert response["Content-Type"] == "application/x-research-info-systems"
    assert 'filename="tim-kiem.ris"' in response["Content-Disposition"]
    records = rispy.loads(b"".join(response.streaming_content).decode())
    assert [r["id"] for r in records] == [f"dbscl{i}" for i in page_ids(q="mặn", sort="newest")]
    assert len(records) == len(HOSTILE)
    titles = {r["title"] for r in records}
    assert "Độ {pH} của nước } mặn ER - TY - JOUR" in titles
    assert "Ký tự điều [31m khiển mặn" in titles  # control characters are gone
    assert all(r["abstract"] == "Dòng một AB - dòng hai {mở" for r in records)


def test_bibtex_parses_back_to_one_entry_a_hit_with_braces_balanced(client, hostile):
    text = b"".join(client.get("/search/export.bib", {"q": "mặn"}).streaming_content).decode()
    entries = pybtex_parse(text, "bibtex").entries
    assert list(entries) == [f"dbscl{i}" for i in page_ids(q="mặn")]
    braces = entries[f"dbscl{hostile['braces'].local_id}"].fields
    assert braces["title"] == "Độ {pH} của nước mặn ER - TY - JOUR"
    assert entries[f"dbscl{hostile['quotes'].local_id}"].fields["title"] == HOSTILE["quotes"]
    assert all(e.fields["abstract"] == "Dòng một AB - dòng hai mở" for e in entries.values())


def test_csv_parses_back_with_no_cell_a_spreadsheet_would_run(client, hostile):
    response = client.get("/search/export.csv", {"q": "mặn", "sort": "newest"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text, newline="")))
    assert header == list(export.citation.CSV_COLUMNS)
    table = [dict(zip(header, row, strict=True)) for row in rows]
    assert [r["id"] for r in table] == [f"dbscl{i}" for i in page_ids(q="mặn", sort="newest")]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    titles = {r["id"]: r["title"] for r in table}
    for name in ("formula", "plus", "minus", "at"):
        assert titles[f"dbscl{hostile[name].local_id}"] == "'" + HOSTILE[name]
    assert titles[f"dbscl{hostile['quotes'].local_id}"] == HOSTILE["quotes"]
    formula = next(r for r in table if r["id"] == f"dbscl{hostile['formula'].local_id}")
    assert formula["authors"] == "'=cmd|' /C calc'!A0"
    assert formula["url"] == f"http://testserver/tai-lieu/{hostile['formula'].local_id}/"


def test_the_export_stops_at_its_cap_and_reads_no_full_text(client, hostile, monkeypatch):
    monkeypatch.setattr(export, "MAX_HITS", 3)
    monkeypatch.setattr(export, "CHUNK", 2)
    response = client.get("/search/export.ris", {"q": "mặn"})
    assert response.streaming
    with CaptureQueriesContext(connection) as queries:
        records = rispy.loads(b"".join(response.streaming_content).decode())
    assert [r["id"] for r in records] == [f"dbscl{i}" for i in page_ids(q="mặn")[:3]]
    assert len(queries) == 2  # a chunk a query
    assert not any("documenttext" in q["sql"].lower() for q in queries.captured_queries)


@pytest.mark.parametrize(
    "params",
    [{"q": "a" * 20000}, {"q": "\x00\x1b mặn"}, {"sort": "drop"}, {"year": "x", "source": "đ"}],
)
def test_hostile_parameters_still_give_a_file(client, hostile, params):
    response = client.get("/search/export.csv", params)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode("utf-8-sig").startswith("id,type,title")


def test_an_unknown_format_is_not_found(client, hostile):
    assert client.get("/search/export.xlsx", {"q": "mặn"}).status_code == 404


def test_the_search_page_links_its_exports_with_its_question(client, hostile):
    page = client.get("/search/", {"q": "mặn &", "language": "vi", "sort": "oldest", "page": "1"})
    html = page.content.decode()
    for style in ("ris", "bib", "csv"):
        href = f"/search/export.{style}?q=m%E1%BA%B7n+%26&amp;language=vi&amp;sort=oldest"
        assert f'href="{href}"' in html
