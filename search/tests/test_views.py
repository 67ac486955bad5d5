"""/api/search and /search/ run the same service; nothing a visitor sends makes them fail."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search import service
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
    assert "<mark>" in body["hits"][0]["title_html"]
    assert body["hits"][0]["url"].startswith("http://testserver/tai-lieu/")
    assert {"source", "type", "language", "subject", "year", "decade"} <= set(body["facets"])
    assert all({"value", "count"} <= set(v) for v in body["facets"]["source"])


def test_api_gives_plain_text_and_marked_html_of_titles_and_snippets(client, docs):
    """Plain is the harvested text itself, for a JSON client to escape; _html is marked."""
    body = client.get("/api/search", {"q": "man", "size": 20}).json()
    hit = next(h for h in body["hits"] if h["id"] == docs["markup"].local_id)
    assert hit["title"] == "Tác động <script>alert(1)</script> & <b>mặn</b>"
    assert hit["title_html"] == (
        "Tác động &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;<mark>mặn</mark>&lt;/b&gt;"
    )
    assert hit["snippet"].startswith("…Tác động <script>alert(1)</script> & <b>mặn</b>.")
    assert "&lt;b&gt;<mark>mặn</mark>&lt;/b&gt;" in hit["snippet_html"]
    assert "<mark>" not in hit["snippet"] and "<script>" not in hit["snippet_html"]


def test_api_filters_and_sorts_like_the_page(client, docs):
    body = client.get("/api/search", {"source": "angiang", "sort": "oldest"}).json()
    assert body["total"] == 6
    assert [h["year"] for h in body["hits"]] == sorted(h["year"] for h in body["hits"])


ALL = 13  # documents in the corpus


@pytest.mark.parametrize(
    ("params", "expected", "shown"),
    [
        ({"page": "abc"}, {"page": 1, "total": ALL}, "Trang 1 / 2"),
        ({"page": "-3"}, {"page": 1, "total": ALL}, "Trang 1 / 2"),
        ({"page": "99999"}, {"page": 99999, "hits": []}, "Trang này vượt quá số kết quả."),
        ({"size": "100000"}, {"size": 100, "total": ALL}, f"{ALL} kết quả"),
        ({"size": "x"}, {"size": 10, "total": ALL}, "Trang 1 / 2"),
        ({"sort": "drop table"}, {"sort": "relevance"}, '<option value="relevance" selected>'),
        ({"year": "abc"}, {"total": ALL}, "Bỏ qua bộ lọc năm không hợp lệ: “abc”."),
        ({"decade": "19x0"}, {"total": ALL}, "Bỏ qua bộ lọc thập niên không hợp lệ: “19x0”."),
        ({"year": "²"}, {"total": ALL}, "Bỏ qua bộ lọc năm không hợp lệ: “²”."),
        ({"year": "9" * 30}, {"total": ALL}, "Bỏ qua bộ lọc năm không hợp lệ"),
        ({"year": "2012"}, {"total": 1}, "1 kết quả"),
        ({"q": "\x00" * 50}, {"total": ALL, "notices": []}, f"{ALL} kết quả"),
        ({"q": "a" * 20000}, {"total": ALL}, "Câu truy vấn quá dài; chỉ dùng 500 ký tự đầu."),
        ({"q": '"'}, {"total": ALL}, "Thiếu dấu ngoặc kép đóng"),
        ({"source": "<script>"}, {"total": 0}, "0 kết quả"),
        # Hostile values: past Elasticsearch's result window, int()'s digit limit, Lucene's
        # longest term.
        (
            {"page": "100000", "size": "100"},
            {"page": 100000, "hits": []},
            "Trang này vượt quá số kết quả.",
        ),
        ({"page": "9" * 5000}, {"page": 1, "total": ALL}, "Trang 1 / 2"),
        ({"size": "²"}, {"size": 10, "total": ALL}, "Trang 1 / 2"),
        ({"subject": "a" * 40000}, {"total": 0}, "0 kết quả"),
        ({"source": ["cantho", "đ" * 20000]}, {"total": 7}, "7 kết quả"),
    ],
)
def test_no_parameter_breaks_the_api_or_the_page(client, docs, params, expected, shown):
    body = client.get("/api/search", params).json()
    assert {name: body[name] for name in expected} == expected
    page = client.get("/search/", params)
    assert page.status_code == 200 and shown in page.content.decode()


# Numbers as people and programs write them, in any script, and of any size; and keywords
# longer than any indexed one.
NUMBERS = st.one_of(
    st.sampled_from(["100000", "1000", "²", "٣", "２", "1_0", "1e3", " 2 ", "9" * 5000, "∞"]),
    st.integers(-(10**30), 10**30).map(str),
    st.text(max_size=8),
)
PARAMETERS = {
    "q": st.one_of(st.text(max_size=80), st.sampled_from(['"', "year:9999-", "-a", "title:"])),
    "page": NUMBERS,
    "size": NUMBERS,
    "year": NUMBERS,
    "decade": NUMBERS,
    "sort": st.one_of(st.sampled_from(list(service.SORTS)), st.text(max_size=8)),
    "source": st.one_of(st.sampled_from(["cantho", "angiang", "đ" * 20000]), st.text(max_size=20)),
}
QUERIES = st.lists(
    st.sampled_from(sorted(PARAMETERS)).flatmap(
        lambda name: st.tuples(st.just(name), PARAMETERS[name])
    ),
    max_size=6,
)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=QUERIES)
def test_any_parameters_answer_200(client, docs, query):
    api = client.get("/api/search", query)
    assert api.status_code == 200
    body = api.json()
    assert 1 <= body["page"] <= 100_000 and 1 <= body["size"] <= 100
    assert client.get("/search/", query).status_code == 200


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
    assert "<i>Lê</i>" not in html and "&lt;i&gt;Lê&lt;/i&gt; &amp; Co" in html  # an author
    assert "<u>Mặn</u>" not in html and 'value="&lt;u&gt;Mặn&lt;/u&gt;"' in html  # a subject


def test_pagination_links_keep_the_filters(client, docs):
    html = client.get("/search/", {"q": "", "source": "cantho", "size": 2}).content.decode()
    assert 'rel="next" href="?' in html
    assert "source=cantho" in html.split('rel="next" href="?')[1].split('"')[0]


def test_openapi_schema_is_served(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["paths"]["/api/search"]["get"]["operationId"] == "search"
