"""Editors write the exchange's pages in the Wagtail admin: every form opens, and an offer made
there goes to the moderators."""

import pytest
from django.contrib.auth.models import Group, User

from portal.exchange.models import TechnologyIndexPage, TechnologyOfferPage

from .exchange_factories import offer, organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = User.objects.create_user("bien-tap", "bt@example.vn", "x")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "model",
    ["organisationpage", "technologyofferpage", "technologyrequestpage", "showroompage"],
)
def test_every_exchange_page_form_opens_for_an_editor(client, editor, model):
    index = TechnologyIndexPage.objects.get()
    response = client.get(f"/admin/pages/add/exchange/{model}/{index.pk}/")
    assert response.status_code == 200


def test_an_offer_edited_in_the_admin_opens_with_its_choosers(client, editor, search_index):
    page = offer("Máy sấy lúa", organisation=organisation())
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Tài liệu liên quan trong thư viện" in html and "Viện Lúa" in html


def test_an_offer_an_editor_submits_waits_for_a_moderator(client, editor):
    index = TechnologyIndexPage.objects.get()
    form = {
        "title": "Máy bóc vỏ dừa",
        "slug": "may-boc-vo-dua",
        "summary": "Bóc vỏ dừa khô, 600 trái một giờ.",
        "field": "co-khi",
        "province": "Bến Tre",
        "readiness": "8",
        "transfer_mode": "ban-thiet-bi",
        "price": "85000000",
        "images-count": "0",
        "documents-count": "0",
        "library_documents-TOTAL_FORMS": "0",
        "library_documents-INITIAL_FORMS": "0",
        "library_documents-MIN_NUM_FORMS": "0",
        "library_documents-MAX_NUM_FORMS": "1000",
        "comment_notifications": "on",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "action-submit": "Submit",
    }
    response = client.post(f"/admin/pages/add/exchange/technologyofferpage/{index.pk}/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = TechnologyOfferPage.objects.get(slug="may-boc-vo-dua")
    assert not page.live and page.workflow_in_progress
