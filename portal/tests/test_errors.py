"""Errors under /api/ answer JSON, as the API itself does; the site's pages keep HTML."""

import json

import pytest

from search.engines import get_engine
from search.views import OPENAPI

pytestmark = pytest.mark.django_db


def test_an_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/nope")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "Không tìm thấy địa chỉ này."}
    error = json.loads(OPENAPI.read_text(encoding="utf-8"))["components"]["schemas"]["Error"]
    assert set(error["required"]) == set(response.json())


def test_a_failure_inside_the_api_is_a_json_500(client, search_index, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the engine is down")

    monkeypatch.setattr("search.service.search", broken)
    client.raise_request_exception = False
    response = client.get("/api/search", {"q": "lúa"})
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "Lỗi máy chủ; xin thử lại sau."}
    page = client.get("/search/", {"q": "lúa"})
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")


def test_a_bad_api_request_is_a_json_400(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = client.get("/api/search", {f"p{i}": "x" for i in range(11)})
    assert response.status_code == 400
    assert response.json() == {"error": "Yêu cầu không hợp lệ."}


def test_english_readers_get_english_errors(client):
    response = client.get("/api/nope", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"error": "There is nothing at this address."}


def test_a_missing_page_stays_an_html_404(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


@pytest.fixture
def engine_down(settings):
    """Elasticsearch configured on a port where no node listens: every node down."""
    settings.SEARCH = {"ELASTICSEARCH_URL": "http://127.0.0.1:9", "INDEX_NAME": "down"}
    get_engine.cache_clear()
    yield
    get_engine.cache_clear()


def test_a_search_engine_that_does_not_answer_is_a_503_with_a_message(client, engine_down, caplog):
    client.raise_request_exception = False
    api = client.get("/api/search", {"q": "lúa"})
    assert api.status_code == 503 and api["Retry-After"] == "60"
    assert api.json() == {"error": "Tìm kiếm tạm thời không hoạt động; xin thử lại sau ít phút."}
    page = client.get("/search/", {"q": "lúa"})
    assert page.status_code == 503 and page["Retry-After"] == "60"
    assert "Tìm kiếm tạm thời không hoạt động" in page.content.decode()
    assert "search engine unavailable (/search/)" in caplog.text  # for the admin's log
    english = client.get("/api/search", {"q": "rice"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["error"].startswith("Search is unavailable for the moment")
