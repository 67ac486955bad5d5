"""/api/search and /search/ run the same service; nothing a visitor sends makes them fail."""

import json
from pathlib import Path

import pytest

from search.tests import corpus

pytestmark = pytest.mark.django_db
SCHEMA = json.loads((Path(__file__).parents[1] / "openapi.json").read_text(encoding="utf-8"))


@pytest.fixture
def docs(engine):
    return corpus.build()


def test_api_answers_the_documented_shape(client, docs):
    response = client.get("/api/search", {"q": "khoa hoc", "size": 5})
    assert response.status_code == 200
    body = response.json()
    required = SCHEMA["components"]["schemas"]["SearchResponse"]["required"]
    assert set(required) <= set(body)
    hit_required = SCHEMA["components"]["schemas"]["Hit"]["required"]
    assert body["hits"] and all(set(hit_required) <= set(hit) for hit in body["hits"])
    assert body["hits"][0]["id"] == docs["khoa_hoc"].local_id
    assert "<mark>" in body["hits"][0]["title"]
    assert body["hits"][0]["url"].startswith("http://testserver/tai-lieu/")
    assert {"source", "type", "language", "subject", "year", "decade"} <= set(body["facets"])
    assert all({"value", "count"} <= set(v) for v in body["facets"]["source"])


def test_api_filters_and_sorts_like_the_page(client, docs):
    body = client.get("/api/search", {"source": "angiang", "sort": "oldest"}).json()
    assert body["total"] == 6
    assert [h["year"] for h in body["hits"]] == sorted(h["year"] for h in body["hits"])


@pytest.mark.parametrize(
    "params",
    [{"page": "abc"}, {"page": "-3"}, {"page": "99999"}, {"size": "100000"}, {"size": "x"},
     {"sort": "drop table"}, {"year": "abc"}, {"decade": "19x0"}, {"q": "\x00" * 50},
     {"q": "a" * 20000}, {"q": '"'}, {"source": "<script>"}],
)  # fmt: skip
def test_no_parameter_breaks_the_api_or_the_page(client, docs, params):
    assert client.get("/api/search", params).status_code == 200
    assert client.get("/search/", params).status_code == 200


def test_a_query_too_long_is_clipped_and_the_page_and_the_api_say_so(client, docs):
    notice = "Câu truy vấn quá dài; chỉ dùng 500 ký tự đầu."
    typed = "tôm" + " " * 600 + "lúa"  # "lúa" lies past the 500th character
    body = client.get("/api/search", {"q": typed}).json()
    assert body["notices"] == [notice]
    assert body["total"] == 2  # both shrimp documents: "lúa" was not used
    html = client.get("/search/", {"q": typed}).content.decode()
    assert f'<p class="notice">{notice}</p>' in html
    assert client.get("/api/search", {"q": "tôm lúa"}).json()["notices"] == []


def test_the_page_keeps_its_state_in_the_url_and_escapes_harvested_text(client, docs):
    response = client.get("/search/", {"q": "mặn", "source": "angiang", "sort": "newest"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="mặn"' in html
    assert 'name="source" value="angiang" checked' in html
    assert '<option value="newest" selected>' in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_pagination_links_keep_the_filters(client, docs):
    html = client.get("/search/", {"q": "", "source": "cantho", "size": 2}).content.decode()
    assert 'rel="next" href="?' in html
    assert "source=cantho" in html.split('rel="next" href="?')[1].split('"')[0]


def test_openapi_schema_is_served(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["paths"]["/api/search"]["get"]["operationId"] == "search"
