import pytest

from library.tests.factories import make_document, make_source

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
