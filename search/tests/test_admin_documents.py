"""The documents' list in the admin, searched by the portal's own search on each engine (the
finder search.wagtail_hooks registers for library.admin_search)."""

import pytest
from django.urls import reverse

from search import indexing
from search.tests import corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs(engine):
    return corpus.build()


def listed(client, q: str) -> list[int]:
    response = client.get(reverse("wagtailsnippets_library_document:list"), {"q": q})
    assert response.status_code == 200
    return [document.pk for document in response.context["object_list"]]


def test_a_title_typed_without_diacritics_is_found_first(admin_client, docs):
    """The database's `icontains` found nothing for words typed without their marks."""
    found = listed(admin_client, "khoa hoc")
    assert found[0] == docs["khoa_hoc"].pk
    assert docs["dong_bang"].pk not in found
    assert listed(admin_client, "dong bang") == [docs["dong_bang"].pk]


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
