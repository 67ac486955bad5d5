"""The documents' list in the admin, searched by the portal's own search on each engine (the
finder search.wagtail_hooks registers for library.admin_search)."""

from datetime import UTC, datetime
from functools import partial

import pytest
from django.urls import reverse

from library import admin_search
from library.models import Document, DocumentText
from library.tests.factories import make_collection
from search import indexing
from search.tests import corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs(engine):
    return corpus.build()


def listed(client, q: str, **filters) -> list[int]:
    response = client.get(reverse("wagtailsnippets_library_document:list"), {"q": q, **filters})
    assert response.status_code == 200
    return [document.pk for document in response.context["object_list"]]


def test_a_title_typed_without_diacritics_is_found_first(admin_client, docs):
    """The database's `icontains` found nothing for words typed without their marks."""
    found = listed(admin_client, "khoa hoc")
    assert found[0] == docs["khoa_hoc"].pk
    assert docs["dong_bang"].pk not in found
    assert listed(admin_client, "dong bang") == [docs["dong_bang"].pk]


def test_the_source_type_and_years_narrow_every_match_not_only_the_most_relevant(
    admin_client, docs, monkeypatch
):
    """The list holds the finder's AT_MOST most relevant: a source's, a type's or some years'
    documents beyond them were missing from the list filtered to them."""
    monkeypatch.setattr(admin_search, "AT_MOST", 1)
    assert listed(admin_client, "khoa hoc") == [docs["khoa_hoc"].pk]  # Cần Thơ's, 2012
    scattered = [docs["scattered"].pk]  # An Giang's, 2014, a report
    assert listed(admin_client, "khoa hoc", source=docs["scattered"].source_id) == scattered
    assert listed(admin_client, "khoa hoc", doc_type="report") == scattered
    assert listed(admin_client, "khoa hoc", year__gte="2013") == scattered
    assert listed(admin_client, "khoa hoc", year="2014") == scattered
    assert listed(admin_client, "khoa hoc", year__lte="2012") == [docs["khoa_hoc"].pk]


def test_the_database_filters_narrow_every_match_where_they_allow_few(
    admin_client, docs, monkeypatch
):
    """A collection, a text status or a date added, which the engine does not know, narrowed
    only the AT_MOST most relevant: the one document of a collection beyond them was missing
    from the list filtered to it."""
    monkeypatch.setattr(admin_search, "AT_MOST", 1)
    scattered = docs["scattered"]
    collection = make_collection(name="Đào tạo")
    scattered.collections.set([collection])
    scattered.save()  # a ParentalManyToManyField is written on save
    DocumentText.objects.filter(document=scattered).update(status="failed")
    listed_by = partial(listed, admin_client, "khoa hoc")
    assert listed_by(collections=collection.pk) == [scattered.pk]
    assert listed_by(fulltext__status="failed") == [scattered.pk]
    assert listed_by(fulltext__status="failed", doc_type="article") == []
    Document.objects.filter(pk=docs["khoa_hoc"].pk).update(
        created_at=datetime(2000, 1, 1, tzinfo=UTC)
    )
    assert listed_by(created_at__gte="2001-01-01")[:1] == [scattered.pk]
    monkeypatch.setattr(admin_search, "WITHIN", 0)  # more than it allows: the most relevant
    assert listed_by(collections=collection.pk) == []


def test_a_withdrawn_document_leaves_the_engine_but_not_the_list(admin_client, docs):
    docs["dong_bang"].withdraw("trùng")
    indexing.update()
    assert listed(admin_client, "Đồng bằng") == [docs["dong_bang"].pk]
    assert listed(admin_client, "dong bang") == []  # the database's own words, no folding


@pytest.mark.parametrize("q", ["x" * 100_000, '%_\\ "title: (', "ĐỒNG " * 3000, "a\x00b"])
def test_a_hostile_search_is_answered(admin_client, search_index, q):
    """Long, LIKE's wildcards, broken syntax: answered, never 500; with a NUL (which
    PostgreSQL refuses in a string) Wagtail's form refuses the search and lists everything."""
    document = corpus.doc("Lúa chịu mặn")
    assert listed(admin_client, q) == ([document.pk] if "\x00" in q else [])


@pytest.mark.parametrize("bound", ["9" * 24, "-" + "9" * 20, "1e30"])
def test_a_hostile_year_bound_is_answered_by_the_engine(admin_client, docs, bound, caplog):
    """A year past what the engine's integers hold made the finder fail (and the list fall back
    to the database's search, an error in the log); it is taken at the nearest year a document
    can have, and the list's own filter keeps its meaning."""
    for name in ("year", "year__gte", "year__lte"):
        found = listed(admin_client, "khoa hoc", **{name: bound})
        big = not bound.startswith("-")
        matching = name == ("year__lte" if big else "year__gte")  # every year passes it
        assert found[:1] == ([docs["khoa_hoc"].pk] if matching else []), name
    assert "fell back" not in caplog.text
