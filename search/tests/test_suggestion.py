"""Did you mean, on every engine: a query typed without diacritics is offered in the library's
own spelling, a misspelling corrected (issue #16, item 5)."""

import pytest

from search import indexing, service
from search.tests import corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(engine):
    titles = [
        "Biến đổi khí hậu và sản xuất lúa",
        "Tác động của biến đổi khí hậu đến thủy sản",
        "Thích ứng biến đổi khí hậu ở Bến Tre",
        # "biển" is the commoner word: only the pairs restore "biến" in "bien doi".
        "Biển Đông và nghề cá",
        "Kinh tế biển",
        "Du lịch biển đảo",
        "Sinh thái biển ven bờ",
        "Nuôi trồng hải sản trên biển",
        "Biên giới Tây Nam",
        "Phân bón hữu cơ cho cây ăn trái",
        "Sử dụng phân bón hữu cơ vi sinh",
        "Chăn nuôi heo an toàn sinh học",
        "Chăn nuôi bò sữa nông hộ",
        "Bàn ghế học đường",
    ]
    docs = [corpus.doc(title) for title in titles]
    indexing.rebuild()
    return docs


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("bien doi khi hau", "biến đổi khí hậu"),
        ("phan bon huu co", "phân bón hữu cơ"),
        ("chan nuoi heo", "chăn nuôi heo"),
        ("chan nuio", "chăn nuôi"),  # two letters swapped
        ("phan bonn", "phân bón"),  # a letter too many
    ],
)
def test_a_query_is_offered_in_the_library_s_spelling(library, typed, meant):
    assert service.search(typed).suggestion == meant


@pytest.mark.parametrize(
    "typed",
    [
        "biến đổi khí hậu",  # already so
        "bien",  # one syllable says too little to choose its marks
        "bàn ghế",  # typed with diacritics the library knows: kept
        "xyzzy qwv",  # nothing near
        'title:"bien doi"',  # not plain words
    ],
)
def test_nothing_is_offered_where_nothing_is_better(library, typed):
    assert service.search(typed).suggestion == ""


def test_a_correction_is_offered_only_where_it_finds_more(library):
    assert service.search("chan nuio").total == 0
    # Under a filter nothing passes, the correction finds no more than the query: not offered.
    assert service.search("chan nuio", {"source": ["nowhere"]}).suggestion == ""


def test_the_page_and_the_api_offer_it(client, library):
    page = client.get("/search/", {"q": "bien doi khi hau", "sort": "newest"}).content.decode()
    link = page.split("Có phải bạn muốn tìm:")[1].split("</a>")[0]
    assert link == (
        ' <a href="?q=bi%E1%BA%BFn+%C4%91%E1%BB%95i+kh%C3%AD+h%E1%BA%ADu&amp;sort=newest">'
        "biến đổi khí hậu"
    )
    body = client.get("/api/search", {"q": "phan bon huu co"}).json()
    assert body["suggestion"] == "phân bón hữu cơ"
    assert client.get("/api/search", {"q": "biến đổi"}).json()["suggestion"] is None
