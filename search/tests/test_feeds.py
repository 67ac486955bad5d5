"""The feeds of a search: its newest arrivals, in XML any reader parses, harvested text escaped."""

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.utils.html import escape

from library.dublin_core import dc_value
from library.tests.factories import make_document, make_source
from search import feeds, indexing

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SCRIPT = "Cá <script>alert(1)</script> & tôm\x07\x1b mặn"


@pytest.fixture
def arrivals(engine):
    can_tho = make_source(name="Thư viện Cần Thơ", slug="cantho", province="Cần Thơ")
    older = make_document(title="Lúa chịu mặn 1990", date="2024", source=can_tho)
    other = make_document(title="Lúa nước ngọt", date="2023", source=can_tho)
    elsewhere = make_document(title="Lúa mặn ở An Giang", date="2022")
    hostile = make_document(
        title=SCRIPT,
        date="1990",  # oldest by year, newest to arrive
        source=can_tho,
        metadata=[
            dc_value("creator", "Lê <b>Văn</b>\x1f Ba"),  # (no NUL: PostgreSQL's jsonb refuses it)
            dc_value("description", "Tóm <img src=x onerror=alert(1)> tắt\nmặn", "vi"),
        ],
    )
    indexing.rebuild()
    return {"older": older, "other": other, "elsewhere": elsewhere, "hostile": hostile}


def parsed(response) -> Any:  # Any: a missing element fails the test where it is used
    assert response.status_code == 200
    return ET.fromstring(response.content)


def atom(client, **params) -> Any:
    response = client.get("/search/feed.atom", params)
    assert response["Content-Type"].startswith("application/atom+xml")
    return parsed(response)


def test_atom_lists_the_searchs_matches_newest_arrival_first(client, arrivals):
    feed = atom(client, q="mặn", source="cantho")
    links = [e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")]
    expected = [arrivals[name].local_id for name in ("hostile", "older")]
    assert links == [f"http://testserver/tai-lieu/{local_id}/" for local_id in expected]
    self_link = next(x for x in feed.findall(f"{ATOM}link") if x.get("rel") == "self")
    assert self_link.get("href") == "http://testserver/search/feed.atom?q=m%E1%BA%B7n&source=cantho"
    page = next(x for x in feed.findall(f"{ATOM}link") if x.get("rel") == "alternate")
    assert page.get("href") == "http://testserver/search/?q=m%E1%BA%B7n&source=cantho"
    assert feed.find(f"{ATOM}title").text == "Tài liệu mới: mặn · KH&CN ĐBSCL"


def test_atom_entries_carry_harvested_text_as_text_and_summaries_escaped(client, arrivals):
    entry = atom(client, q="mặn").find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Cá <script>alert(1)</script> & tôm mặn"
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "Tóm &lt;img src=x onerror=alert(1)&gt; tắt mặn"
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Lê <b>Văn</b> Ba"
    assert entry.find(f"{ATOM}published").text.startswith(str(arrivals["hostile"].created_at.year))


def test_rss_titles_and_descriptions_are_escaped_html(client, arrivals):
    response = client.get("/search/feed.rss", {"q": "mặn"})
    assert response["Content-Type"].startswith("application/rss+xml")
    item = parsed(response).find("channel/item")
    assert item.find("title").text == escape("Cá <script>alert(1)</script> & tôm mặn")
    assert item.find("description").text == "Tóm &lt;img src=x onerror=alert(1)&gt; tắt mặn"
    assert item.find("link").text == f"http://testserver/tai-lieu/{arrivals['hostile'].local_id}/"


def test_a_feed_has_at_most_its_size(client, arrivals, monkeypatch):
    monkeypatch.setattr(feeds, "SIZE", 2)
    assert len(atom(client).findall(f"{ATOM}entry")) == 2


@pytest.mark.parametrize(
    "params", [{"q": "\x00\x1b\x7f mặn"}, {"q": "a" * 20000}, {"year": "x"}, {"source": "đ" * 9000}]
)
def test_hostile_parameters_still_give_a_feed(client, arrivals, params):
    assert atom(client, **params).tag == f"{ATOM}feed"


def test_the_search_page_advertises_and_links_its_feeds(client, arrivals):
    html = client.get("/search/", {"q": "mặn", "source": "cantho", "sort": "oldest"}).content
    query = "q=m%E1%BA%B7n&amp;source=cantho"
    head = html.decode().split("</head>")[0]
    title = "Tài liệu mới của tìm kiếm này (Atom)"
    assert f'"application/atom+xml" title="{title}" href="/search/feed.atom?{query}"' in head
    assert f'href="/search/feed.rss?{query}"' in head
    assert html.decode().count(f'href="/search/feed.atom?{query}"') == 2
