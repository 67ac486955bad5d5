"""Offers and requests in the one search interface, and matched with each other by the search
engine's more-like-this: on every engine (conftest.py's `engine`)."""

import pytest

from portal.exchange.matching import matches
from search import indexing, kinds, service

from .exchange_factories import offer, organisation, request

pytestmark = pytest.mark.django_db


@pytest.fixture
def listings(engine):
    centre = organisation("Trung tâm Ứng dụng tiến bộ KH&CN Cần Thơ")
    found = {
        "dryer": offer(
            "Máy sấy nông sản bằng năng lượng mặt trời",
            "Sấy lúa và trái cây bằng nhà sấy kính dùng năng lượng mặt trời.",
            organisation=centre,
        ),
        "folded": offer(
            "May say luoi danh ca",  # "may" and "say" without their diacritics, as some type
            "Luoi danh ca cho ghe nho.",
            field="thuy-san",
        ),
        "feed": offer(
            "Thức ăn cho tôm từ phụ phẩm cá tra",
            "Thức ăn viên cho tôm, đạm 40%.",
            field="thuy-san",
        ),
        "shrimp_need": request("Tìm nguồn thức ăn tôm giá thấp", field="thuy-san"),
        "dryer_need": request(
            "Cần máy sấy năng lượng mặt trời cho trái cây",
            "Hợp tác xã cần máy sấy năng lượng mặt trời để sấy xoài.",
        ),
    }
    indexing.rebuild()
    return found


def test_a_query_without_diacritics_finds_the_offer_and_the_exact_spelling_ranks_first(
    client, listings
):
    folded = client.get("/cong-nghe/", {"q": "may say"}).context["listings"]
    assert listings["dryer"] in list(folded)
    exact = [p.pk for p in client.get("/cong-nghe/", {"q": "máy sấy"}).context["listings"]]
    assert exact[:2] == [listings["dryer"].pk, listings["folded"].pk]
    assert listings["feed"].pk not in exact


def test_a_search_with_a_facet_keeps_the_engines_order_within_it(client, listings):
    response = client.get("/cong-nghe/", {"q": "may say", "field": "thuy-san"})
    assert [p.pk for p in response.context["listings"]] == [listings["folded"].pk]
    counts = {f.name: {v.label: v.count for v in f.values} for f in response.context["facets"]}
    assert counts["field"] == {"Năng lượng": 1, "Thủy sản": 1}


def test_offers_and_requests_are_found_from_search_and_shown_apart(client, listings):
    offers = service.search_kind("nang luong mat troi", kinds.get("offer"))
    assert [h.id for h in offers] == [str(listings["dryer"].pk)]
    assert service.search("nang luong mat troi").total == 0  # documents only
    page = client.get("/search/", {"q": "nang luong mat troi"}).content.decode()
    assert 'id="offer-hits"' in page and 'id="request-hits"' in page
    assert f'href="{listings["dryer_need"].url}"' in page


def test_a_request_is_matched_with_the_solar_dryer_first_and_an_offer_with_its_requests(
    listings,
):
    offered = [h.id for h in matches(listings["dryer_need"])]
    assert offered[0] == str(listings["dryer"].pk)
    assert str(listings["feed"].pk) not in offered[:1]
    wanted = [h.id for h in matches(listings["feed"])]
    assert wanted[0] == str(listings["shrimp_need"].pk)


def test_the_detail_pages_show_their_matches(client, listings):
    html = client.get(listings["dryer_need"].url).content.decode()
    section = html.split('id="matches-heading"', 1)[1]
    assert section.index(listings["dryer"].url) < section.index("</section>")


def test_an_unpublished_offer_leaves_the_search_and_the_matches(
    listings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        listings["dryer"].unpublish()
    assert service.kind_ids("nang luong mat troi", "offer")[0] == []  # gone from the index
    assert str(listings["dryer"].pk) not in [h.id for h in matches(listings["dryer_need"])]


def test_a_private_offer_is_found_by_nobody(listings, django_capture_on_commit_callbacks):
    from wagtail.models import PageViewRestriction

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=listings["dryer"], restriction_type="password", password="mật-khẩu"
        )
    assert service.kind_ids("nang luong mat troi", "offer")[0] == []  # gone from the index


def test_an_organisations_new_name_reaches_its_offers_entries(
    listings, django_capture_on_commit_callbacks
):
    centre = listings["dryer"].organisation
    centre.title = "Trung tâm Khuyến nông Hậu Giang"
    with django_capture_on_commit_callbacks(execute=True):
        centre.save_revision().publish()
    assert service.kind_ids("khuyen nong", "offer")[0] == [listings["dryer"].pk]


def test_an_update_reads_again_only_the_listings_changed_since(listings):
    from django.utils import timezone

    offers = kinds.get("offer")
    assert sorted(offers.changed_since(None)) == sorted(
        listings[name].pk for name in ("dryer", "folded", "feed")
    )
    since = timezone.now()
    listings["feed"].save_revision().publish()
    assert list(offers.changed_since(since)) == [listings["feed"].pk]
    assert list(kinds.get("request").changed_since(since)) == []
