import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from library.tests.factories import make_document, make_source
from library.tests.plans import query_plans

pytestmark = pytest.mark.django_db


def test_home_page_shows_counts_and_recent_documents_in_vietnamese(client):
    source = make_source(name="Thư viện tỉnh Bến Tre")
    make_document(title="Bưởi da xanh <b>Bến Tre</b>", source=source)
    withdrawn = make_document(title="Tài liệu đã rút")
    withdrawn.withdraw()
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "1 tài liệu" in html
    assert "Bưởi da xanh &lt;b&gt;Bến Tre&lt;/b&gt;" in html
    assert "Tài liệu đã rút" not in html


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans")
def test_home_page_reads_its_recent_documents_by_index_not_by_sorting_the_library(client):
    # At 229,000 documents the newest ten were found by sorting every active row: 0.9 s of
    # SQL, the home page 1.26 s at every request.
    make_document(title="Bưởi da xanh")
    call_command("refresh_figures", stdout=io.StringIO())  # as production stores them
    plans = query_plans(lambda: client.get("/"))
    read = [steps for sql, steps in plans.items() if '"library_document"' in sql]
    assert len(read) == 1  # the newest ten; the count is the stored figures'
    assert [s for steps in read for s in steps if s.startswith("SCAN") or "TEMP B-TREE" in s] == []


def test_the_home_page_counts_the_documents_with_the_statistics_not_at_each_view(client):
    make_document(title="Bưởi da xanh")
    call_command("refresh_figures", stdout=io.StringIO())
    with CaptureQueriesContext(connection) as view:
        assert "1 tài liệu" in client.get("/").content.decode()
    counts = [q["sql"] for q in view.captured_queries if "COUNT(" in q["sql"].upper()]
    assert [sql for sql in counts if '"library_document"' in sql] == []
    make_document(title="Tài liệu mới")  # entered by hand: counted at the night's refresh
    assert "1 tài liệu" in client.get("/").content.decode()
    call_command("refresh_figures", stdout=io.StringIO())
    assert "2 tài liệu" in client.get("/").content.decode()
