"""The documents' list searched by the finder the search app registers (library.admin_search);
here a finder of the test's own stands in for the engine (search/tests/test_admin_documents.py
searches the real engines)."""

import logging

import pytest
from django.urls import reverse
from wagtail import hooks

from library import admin_search
from library.tests.factories import make_collection, make_document, make_source

pytestmark = pytest.mark.django_db

URL = reverse("wagtailsnippets_library_document:list")


def listed(client, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return [document.title for document in response.context["object_list"]]


@pytest.fixture
def library():
    source = make_source(name="Thư viện An Giang", slug="an-giang")
    documents = {
        title: make_document(title=title, date=date, source=source, origin_identifier=origin)
        for title, date, origin in [
            ("Lúa chịu mặn", "2012", "oai:ag:1"),
            ("Tôm sú Cà Mau", "1999", "oai:ag:2"),
            ("Lúa mùa nổi", "2012", "oai:ag:3"),
            ("Cá tra", "2012", "oai:ag:4"),
        ]
    }
    withdrawn = make_document(title="Lúa đã rút", source=source, origin_identifier="oai:ag:5")
    withdrawn.withdraw("trùng")
    documents["Lúa đã rút"] = withdrawn
    return documents


@pytest.fixture
def finder(library):
    """For "lúa", "Lúa chịu mặn" then "Lúa mùa nổi" (the engine's order; the list's own, by
    datestamp, is the other way round): 2 found, or those of them among the ids it is given."""
    asked: list[tuple[str, int, admin_search.Narrowed]] = []

    def find(q: str, limit: int, narrowing: admin_search.Narrowed) -> tuple[int, list[int]]:
        asked.append((q, limit, narrowing))
        if q != "lúa":
            return 0, []
        found = [library["Lúa chịu mặn"].pk, library["Lúa mùa nổi"].pk]
        found = [pk for pk in found if narrowing.ids is None or pk in narrowing.ids]
        return len(found), found

    with hooks.register_temporarily(admin_search.FIND_DOCUMENTS, find):
        yield asked


def test_the_list_holds_what_the_finder_found_in_its_order(admin_client, library, finder):
    """The identifier's document first, the finder's in its order, then the withdrawn ones
    (which the portal's search leaves out) whose title holds the words."""
    assert listed(admin_client, q="lúa") == ["Lúa chịu mặn", "Lúa mùa nổi", "Lúa đã rút"]
    assert finder == [("lúa", admin_search.AT_MOST, admin_search.Narrowed())]
    assert listed(admin_client, q="lúa mùa") == []  # the finder's words, not a substring
    assert listed(admin_client, q="oai:ag:2") == ["Tôm sú Cà Mau"]
    assert listed(admin_client, q=library["Cá tra"].local_id) == ["Cá tra"]
    assert listed(admin_client, q="oai:ag:5") == ["Lúa đã rút"]


def test_filters_narrow_the_found_and_an_asked_order_replaces_the_finders(
    admin_client, library, finder
):
    assert listed(admin_client, q="lúa", year="2012") == ["Lúa chịu mặn", "Lúa mùa nổi"]
    assert finder[-1] == ("lúa", admin_search.AT_MOST, admin_search.Narrowed(years=(2012, 2012)))
    assert listed(admin_client, q="lúa", ordering="-title") == [
        "Lúa đã rút",
        "Lúa mùa nổi",
        "Lúa chịu mặn",
    ]


def test_the_list_says_when_the_finder_found_more_than_it_holds(
    admin_client, library, finder, monkeypatch
):
    said = "danh sách chỉ giữ"
    assert said not in admin_client.get(URL, {"q": "lúa"}).content.decode()
    monkeypatch.setattr(admin_search, "AT_MOST", 1)
    page = admin_client.get(URL, {"q": "lúa"}).content.decode()
    assert said in page and "Cổng tìm thấy 2 tài liệu" in page
    results = admin_client.get(
        reverse("wagtailsnippets_library_document:list_results"), {"q": "lúa"}
    )
    assert said in results.content.decode()  # as the search box asks, without the page


def test_a_failing_finder_leaves_the_search_to_the_database(admin_client, library, caplog):
    def broken(q: str, limit: int, narrowing: admin_search.Narrowed) -> tuple[int, list[int]]:
        raise ConnectionError("the engine is down")

    with hooks.register_temporarily(admin_search.FIND_DOCUMENTS, broken):
        with caplog.at_level(logging.ERROR, logger="library.admin_search"):
            assert set(listed(admin_client, q="Lúa")) == {
                "Lúa chịu mặn",
                "Lúa mùa nổi",
                "Lúa đã rút",
            }
    assert "fell back to the database" in caplog.text
    assert "the engine is down" in caplog.text


def test_the_filters_the_engine_knows_go_to_the_finder(admin_client, library, finder):
    """Source, type and years narrow everything the finder finds, not only the AT_MOST it
    ranks first; the list's other filters go to it as the documents they allow."""
    source = library["Lúa chịu mặn"].source
    listed(admin_client, q="lúa", source=source.pk, doc_type="report", year__gte="2010")
    assert finder[-1][2] == admin_search.Narrowed(("an-giang",), ("report",), (2010, None))
    listed(admin_client, q="lúa", year="2012", year__gte="2000", year__lte="2020")
    assert finder[-1][2] == admin_search.Narrowed(years=(2012, 2012))
    asked = len(finder)
    listed(admin_client, q="lúa", year__lte="2015", created_at__gte="2020-01-01")
    assert finder[-1][2] == admin_search.Narrowed(years=(None, 2015), database_filtered=True)
    assert len(finder) == asked + 1  # it found 2, which the list holds: asked once


def test_the_database_filters_go_to_the_finder_as_ids_when_it_found_more_than_the_list_holds(
    admin_client, library, finder, monkeypatch
):
    """The list's other filters narrowed only the AT_MOST most relevant: where the finder found
    more, it is asked again among the documents they allow."""
    monkeypatch.setattr(admin_search, "AT_MOST", 1)  # the finder finds 2
    listed(admin_client, q="lúa", year__lte="2015", created_at__gte="2020-01-01")
    first, among = finder[-2][2], finder[-1][2]
    assert first == admin_search.Narrowed(years=(None, 2015), database_filtered=True)
    allowed = {library[t].pk for t in ("Lúa chịu mặn", "Tôm sú Cà Mau", "Lúa mùa nổi", "Cá tra")}
    assert (among.years, set(among.ids or ())) == ((None, 2015), allowed)
    asked = len(finder)
    assert listed(admin_client, q="lúa", fulltext__status="failed") == []  # none has a text
    assert len(finder) == asked + 1  # among no document: not asked again
    listed(admin_client, q="lúa", poor_text="false")  # a choice of "no" is a choice
    assert finder[-1][2].ids is not None
    monkeypatch.setattr(admin_search, "WITHIN", 4)  # as many as they allow: asked among them
    listed(admin_client, q="lúa", year__lte="2015", created_at__gte="2020-01-01")
    assert set(finder[-1][2].ids or ()) == allowed
    monkeypatch.setattr(admin_search, "WITHIN", 3)  # they allow more: the most relevant
    asked = len(finder)
    listed(admin_client, q="lúa", year__lte="2015", created_at__gte="2020-01-01")
    assert len(finder) == asked + 1 and finder[-1][2].ids is None
    listed(admin_client, q="lúa", status="active")  # all the engine holds: not the database's
    assert finder[-1][2] == admin_search.Narrowed()


def test_asked_again_the_finder_says_how_many_among_the_documents_allowed(
    admin_client, library, finder, monkeypatch
):
    """The list's notice counts what the finder found among the documents the filters allow;
    a second answer that fails leaves the first."""
    monkeypatch.setattr(admin_search, "AT_MOST", 1)
    collection = make_collection()
    make_document(title="Lúa nước", collections=[collection])
    mua_noi = library["Lúa mùa nổi"]
    mua_noi.collections.set([collection])
    mua_noi.save()
    response = admin_client.get(URL, {"q": "lúa", "collections": collection.pk})
    assert [d.title for d in response.context["object_list"]] == ["Lúa mùa nổi"]
    assert response.context.get("most_relevant") is None  # 1 found among them: all listed

    def fails_among_ids(q, limit, narrowing):
        if narrowing.ids is not None:
            raise ConnectionError("the engine is down")
        return 2, [library["Lúa chịu mặn"].pk, mua_noi.pk]

    with hooks.register_temporarily(admin_search.FIND_DOCUMENTS, fails_among_ids):
        response = admin_client.get(URL, {"q": "lúa", "collections": collection.pk})
    assert [d.title for d in response.context["object_list"]] == ["Lúa mùa nổi"]
    assert response.context["most_relevant"] == {"shown": 1, "found": 2}  # the first answer
