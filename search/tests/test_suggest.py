"""/api/suggest: titles, subjects and authors for what is being typed, found without
diacritics, ranked with them; kept in step with the library; nothing typed breaks it."""

import json
import re
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count, F, QuerySet

from library.models import Document
from library.tests.plans import query_plans
from search import indexing, suggestions
from search.models import Suggestion, SuggestionUse
from search.tests.corpus import doc

pytestmark = pytest.mark.django_db
SCHEMA = json.loads((Path(__file__).parents[1] / "openapi.json").read_text(encoding="utf-8"))


@pytest.fixture
def library(search_index):
    found = {
        "climate": doc("Biến đổi khí hậu ở Đồng bằng sông Cửu Long", subjects=("Thủy sản",),
                       authors=("Lê Thị Hồng",)),
        # More documents spell it "Biên đội" (a border patrol): more common, other diacritics.
        "patrol": doc("Biên đội tuần tra ven biển", subjects=("Biên đội", "Thuỷ sản")),
        "patrol_2": doc("Hoạt động biên phòng", subjects=("Biên đội",), authors=("Lê Thị Hòng",)),
        "patrol_3": doc("Lịch sử biên giới", subjects=("Biên đội",), authors=("Lê Thị Hòng",)),
    }  # fmt: skip
    indexing.rebuild()
    return found


def suggested(client, q: str) -> list[tuple[str, str, int]]:
    response = client.get("/api/suggest", {"q": q})
    assert response.status_code == 200
    return [(s["kind"], s["text"], s["count"]) for s in response.json()["suggestions"]]


def test_typed_without_diacritics_finds_the_accented_values(client, library):
    assert ("title", "Biến đổi khí hậu ở Đồng bằng sông Cửu Long", 1) in suggested(
        client, "bien doi"
    )
    assert suggested(client, "BIEN DOI K")[0][1].startswith("Biến đổi khí hậu")
    assert ("author", "Lê Thị Hồng", 1) in suggested(client, "le thi h")


def test_the_diacritics_typed_rank_first_then_the_more_common(client, library):
    assert suggested(client, "bien d")[0] == ("subject", "Biên đội", 3)  # most common first
    assert suggested(client, "biến đ")[0][1] == "Biến đổi khí hậu ở Đồng bằng sông Cửu Long"
    assert suggested(client, "biến")[0][1].startswith("Biến đổi")  # a word still being typed
    assert suggested(client, "lê thị hồ")[0] == ("author", "Lê Thị Hồng", 1)
    assert suggested(client, "le thi ho")[0] == ("author", "Lê Thị Hòng", 2)


def test_one_value_is_one_suggestion_counted_over_its_documents(client, library):
    # "Thuỷ sản" (old tone placement) and "Thủy sản" are one subject carried by two documents.
    assert [s for s in suggested(client, "thuy") if s[0] == "subject"] == [
        ("subject", "Thủy sản", 2)
    ]


def test_a_suggestion_searches_its_own_field(client, library):
    body = client.get("/api/suggest", {"q": "le thi hong"}).json()
    assert body["suggestions"][0]["query"] == 'author:"Lê Thị Hòng"'
    assert body["suggestions"][0]["label"] == "Tác giả"
    found = client.get("/api/search", {"q": body["suggestions"][0]["query"]}).json()
    shown = {h["id"] for h in found["hits"]}
    assert {library["patrol_2"].local_id, library["patrol_3"].local_id} <= shown
    assert library["patrol"].local_id not in shown  # by someone else


def test_the_answer_is_documented_and_cacheable(client, library):
    response = client.get("/api/suggest", {"q": "bien"})
    assert response["Cache-Control"] == "public, max-age=300"
    item = SCHEMA["components"]["schemas"]["Suggestion"]
    assert all(set(item["required"]) <= set(s) for s in response.json()["suggestions"])
    assert {s["kind"] for s in response.json()["suggestions"]} <= set(
        item["properties"]["kind"]["enum"]
    )


def test_edits_and_withdrawals_move_the_suggestions(
    client, library, django_capture_on_commit_callbacks
):
    climate = library["climate"]
    with django_capture_on_commit_callbacks(execute=True):
        climate.title = "Ứng phó hạn mặn"
        climate.save()
    assert suggested(client, "bien doi k") == []
    assert suggested(client, "ung pho") == [("title", "Ứng phó hạn mặn", 1)]
    with django_capture_on_commit_callbacks(execute=True):
        library["patrol"].status = Document.Status.WITHDRAWN
        library["patrol"].save()
    assert ("subject", "Biên đội", 2) in suggested(client, "bien doi")
    assert suggested(client, "bien doi tuan") == []
    assert not Suggestion.objects.filter(count=0).exists()


def counted_as_used() -> None:
    """Each suggestion's count is the number of its uses, and none is left unused."""
    uses = dict(Suggestion.objects.annotate(n=Count("uses")).values_list("pk", "n").order_by("pk"))
    assert dict(Suggestion.objects.values_list("pk", "count").order_by("pk")) == uses
    assert 0 not in uses.values()


def test_counts_move_with_what_documents_take_and_give(library):
    """refresh() moves each count by the uses a document took and gave, not by counting again."""
    patrol, patrol_2 = library["patrol"], library["patrol_2"]
    counted_as_used()
    patrol.metadata = [("subject", {"value": "Biên phòng", "lang": "vi"})]
    patrol.title = "Hoạt động biên phòng"  # patrol_2's title: that suggestion counts 2
    patrol.save()
    suggestions.refresh([patrol.pk])
    counted_as_used()
    assert Suggestion.objects.get(kind="title", text="Hoạt động biên phòng").count == 2
    assert Suggestion.objects.get(kind="subject", text="Biên đội").count == 2
    Document.objects.filter(pk=patrol_2.pk).update(status=Document.Status.WITHDRAWN)
    suggestions.refresh([patrol.pk, patrol_2.pk])
    counted_as_used()
    assert Suggestion.objects.get(kind="subject", text="Biên đội").count == 1
    Document.objects.filter(pk=patrol_2.pk).update(status=Document.Status.ACTIVE)
    suggestions.refresh([patrol_2.pk, patrol_2.pk])
    counted_as_used()


def test_a_writer_alongside_makes_the_counts_taken_again(library, monkeypatch):
    """A use of these documents written, and counted, by another writer between the read and
    the delete: the delete takes more than was read, and the counts are taken again from the
    uses (moved by what was read, the other writer's count would stay without its use)."""
    patrol = library["patrol"]
    delete = QuerySet.delete

    def alongside(queryset):
        if queryset.model is SuggestionUse:
            other = Suggestion.objects.filter(kind="subject", text="Biên đội")
            SuggestionUse.objects.create(suggestion=other.get(), document=patrol)
            other.update(count=F("count") + 1)
        return delete(queryset)

    monkeypatch.setattr(QuerySet, "delete", alongside)
    suggestions.refresh([patrol.pk])
    counted_as_used()


@pytest.mark.parametrize(
    "q",
    ["", "b", "  ", "\x00" * 50, "a" * 20000, "<script>alert(1)</script>", "' OR 1=1 --", "%", "_",
     "bi%", "\uffff", "\U0010ffff", "𝔘𝔫𝔦", "\u0301\u0301", "bien\x07doi", "ﬁ", "ß" * 300],
)  # fmt: skip
def test_nothing_typed_breaks_it(client, library, q):
    response = client.get("/api/suggest", {"q": q})
    assert response.status_code == 200
    assert isinstance(response.json()["suggestions"], list)


def test_too_little_typed_suggests_nothing(client, library):
    assert suggested(client, "b") == [] and suggested(client, "%") == []
    assert suggested(client, "bi") != []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans")
def test_a_prefix_s_range_is_sorted_by_the_counts_of_its_index(client, library):
    # 19-22 ms for "th" at 229,000 documents with an index of the text alone: every row of the
    # range (28,900) read to be sorted by its count
    plans = query_plans(lambda: suggested(client, "biến đ"))
    ranged = [
        steps for sql, steps in plans.items() if "LIMIT" in sql and "search_suggestion" in sql
    ]
    assert len(ranged) == 2  # the folded key, and the exact spelling
    used = {m[1] for steps in ranged if (m := re.search(r"USING INDEX (\w+)", steps[0]))}
    assert len(used) == 2
    with connection.cursor() as cursor:
        for index in used:
            cursor.execute(f"PRAGMA index_info({index})")
            assert [row[2] for row in cursor.fetchall()][-1] == "count", index
