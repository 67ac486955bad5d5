"""The technology exchange: its pages and their workflow, the demo, /cong-nghe/'s facets."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Workflow

from portal.exchange.demo import seed_offers, seed_requests
from portal.exchange.models import (
    OrganisationPage,
    ShowroomPage,
    TechnologyIndexPage,
    TechnologyOfferPage,
    TechnologyRequestPage,
)
from search import indexing, kinds, service

from .exchange_factories import offer, organisation, request

pytestmark = pytest.mark.django_db


def test_the_exchange_is_at_cong_nghe_under_the_moderation_workflow():
    index = TechnologyIndexPage.objects.get()  # made by a migration
    assert index.url == "/cong-nghe/"
    workflow = offer("Máy sấy lúa").get_workflow()
    assert isinstance(workflow, Workflow) and workflow.active
    assert workflow == Page.objects.get(depth=1).get_workflow()  # the news' workflow


def test_an_editors_offer_waits_for_a_moderator():
    editor = User.objects.create_user("bien-tap", "bt@example.vn", "x")
    editor.groups.add(Group.objects.get(name="Editors"))
    index = TechnologyIndexPage.objects.get()
    draft = TechnologyOfferPage(
        title="Máy sấy cà phê",
        summary="Sấy cà phê",
        field="nang-luong",
        province="Cần Thơ",
        readiness=6,
        transfer_mode="chuyen-giao",
        live=False,
    )
    assert index.permissions_for_user(editor).can_add_subpage()
    index.add_child(instance=draft)
    draft.save_revision(user=editor)
    state = draft.get_workflow().start(draft, editor)
    draft.refresh_from_db()
    assert state.status == "in_progress" and not draft.live
    assert not draft.permissions_for_user(editor).can_publish()


def test_demo_exchange_has_offers_from_thirty_organisations_requests_and_a_showroom():
    assert seed_offers(40, 5) == 40 and seed_requests(12, 5) == 12
    assert TechnologyOfferPage.objects.live().count() == 40
    assert TechnologyRequestPage.objects.live().count() == 12
    assert OrganisationPage.objects.count() == 30
    showroom = ShowroomPage.objects.get()
    codes = [item.code for item in showroom.shown()]
    assert len(codes) == 24 and len(set(codes)) == 24 and codes[0] == "TL-001"
    offers = TechnologyOfferPage.objects.order_by("pk")
    assert offers.first().images and all(o.organisation_id for o in offers)


def test_facets_filter_and_count_in_sql(client):
    institute = organisation()
    offer("Máy sấy lúa", field="nang-luong", province="Cần Thơ", organisation=institute)
    offer("Lò đốt trấu", field="nang-luong", province="An Giang")
    offer("Thức ăn cho tôm", field="thuy-san", province="Cần Thơ")
    response = client.get("/cong-nghe/", {"field": "nang-luong"})
    titles = [p.title for p in response.context["listings"]]
    assert sorted(titles) == ["Lò đốt trấu", "Máy sấy lúa"]
    facets = {
        f.name: {v.label: (v.count, v.selected) for v in f.values}
        for f in response.context["facets"]
    }
    # a chosen field leaves the other fields in view; the provinces count the chosen field's
    assert facets["field"] == {"Năng lượng": (2, True), "Thủy sản": (1, False)}
    assert facets["province"] == {"Cần Thơ": (1, False), "An Giang": (1, False)}
    assert facets["organisation"] == {institute.title: (1, False)}
    both = client.get("/cong-nghe/", {"field": "nang-luong", "province": "An Giang"})
    assert [p.title for p in both.context["listings"]] == ["Lò đốt trấu"]


def test_requests_are_browsed_apart_with_their_own_facets(client):
    offer("Máy sấy lúa")
    request("Cần máy sấy trái cây")
    response = client.get("/cong-nghe/", {"kind": "request"})
    assert [p.title for p in response.context["listings"]] == ["Cần máy sấy trái cây"]
    assert {f.name for f in response.context["facets"]} == {"field", "province"}


@pytest.mark.parametrize(
    "params",
    [
        {"field": "<script>alert(1)</script>"},
        {"kind": "x" * 5000, "page": "abc"},
        {"readiness": "99", "organisation": "not-a-number", "page": "-3"},
        {"q": "\x00\x1f" + "máy " * 2000},
        {"province": ["Cần Thơ", "Cần Thơ\x00"]},
    ],
)
def test_hostile_parameters_get_the_page_not_an_error(client, search_index, params):
    offer("Máy sấy lúa")
    response = client.get("/cong-nghe/", params)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html and "\x00" not in html


def test_organisation_page_lists_its_offers(client):
    institute = organisation()
    offer("Máy sấy lúa", organisation=institute)
    offer("Lò đốt trấu")
    html = client.get(institute.url).content.decode()
    assert "Máy sấy lúa" in html and "Lò đốt trấu" not in html


def test_offer_page_shows_its_facts_but_never_its_contact_address(client, search_index):
    page = offer("Máy sấy lúa", price=150_000_000, organisation=organisation())
    html = client.get(page.url).content.decode()
    assert "150.000.000 đ" in html and "TRL 7" in html and "Viện Lúa" in html
    assert "ben-ban@example.vn" not in html
    assert re.search(r'<form method="post" action="/cong-nghe/lien-he/\d+/"', html)
    assert 'href="/cong-nghe/"' in client.get("/").content.decode()  # in the main menu
    assert page.url in client.get("/sitemap/trang.xml").content.decode()


def test_the_exchange_speaks_english_to_an_english_reader(client, search_index):
    page = offer("Máy sấy lúa", negotiable=True)
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    index = client.get("/cong-nghe/", **english).content.decode()
    assert "Technology offers" in index and "Energy" in index
    detail = client.get(page.url, **english).content.decode()
    assert "Enquire about this technology" in detail and "Negotiable" in detail


def test_offer_and_request_hits_read_each_page_once_whatever_their_number(search_index):
    """A hit shows what SHOWN names, read with the page in one query: a field left out of it
    would be read page by page (Django loads a deferred field on first use). So are the site's
    root paths that each page's URL needs: three hits ask no more queries than one."""
    maker = organisation("Viện Cây ăn quả miền Nam")
    for n in range(3):
        offer(f"Máy sấy xoài {n}", "Sấy xoài dẻo", organisation=maker, province="Tiền Giang")
        request(f"Sấy xoài cần máy {n}", "Cần máy sấy xoài", business="Công ty Xoài Cát")
    indexing.rebuild()
    for kind, party, province in (
        ("offer", "Viện Cây ăn quả miền Nam", "Tiền Giang"),
        ("request", "Công ty Xoài Cát", "Sóc Trăng"),
    ):
        service.search_kind("xoai", kinds.get(kind), 1)  # the cache filled, as on a live site
        queries = []
        for size in (1, 3):
            with CaptureQueriesContext(connection) as asked:
                hits = service.search_kind("xoai", kinds.get(kind), size)
            assert len(hits) == size
            assert {(tuple(h.authors), h.source) for h in hits} == {((party,), province)}
            assert all("<mark>xoài</mark>" in h.snippet.html for h in hits)
            pages = [q for q in asked.captured_queries if "exchange_" in q["sql"]]
            assert len(pages) == 1, [q["sql"][:80] for q in pages]
            assert all(h.url == Page.objects.get(pk=int(h.id)).specific.url for h in hits)
            queries.append([q["sql"][:80] for q in asked.captured_queries])
        assert len(queries[0]) == len(queries[1]), queries
