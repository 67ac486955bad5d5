"""Enquiries about offers and responses to requests: the form, its spam checks and rate limit,
the mails, the editors' admin, and how long they are kept."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from portal.exchange import enquiries
from portal.exchange.models import Enquiry

from .exchange_factories import offer, organisation, request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits(search_index):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor():
    user = User.objects.create_user("bien-tap", "bientap@example.vn", "x")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def post(client, listing, aged: float = 10, **fields):
    data = {
        "name": "Nguyễn Văn An",
        "organisation": "HTX Phong Điền",
        "contact": "an@example.vn",
        "message": "Xin báo giá và điều kiện chuyển giao.",
        "website": "",
        "token": enquiries.token(listing.pk, time.time() - aged),
        **fields,
    }
    return client.post(f"/cong-nghe/lien-he/{listing.pk}/", data)


def test_an_enquiry_is_stored_new_and_mailed_to_the_editors_and_the_listings_contact(
    client, editor
):
    dryer = offer("Máy sấy lúa")
    response = post(client, dryer)
    assert response.status_code == 302
    thanks = client.get(response["Location"]).content.decode()
    assert "Cảm ơn bạn đã gửi yêu cầu" in thanks and "730 ngày" in thanks
    enquiry = Enquiry.objects.get()
    assert (enquiry.status, enquiry.kind, enquiry.listing_id) == ("new", "enquiry", dryer.pk)
    assert sorted(m.to[0] for m in mail.outbox) == ["ben-ban@example.vn", "bientap@example.vn"]
    to_editors = next(m for m in mail.outbox if m.to == ["bientap@example.vn"])
    assert "Máy sấy lúa" in to_editors.subject and to_editors.reply_to == ["an@example.vn"]
    assert f"/admin/snippets/exchange/enquiry/edit/{enquiry.pk}/" in to_editors.body
    to_seller = next(m for m in mail.outbox if m.to == ["ben-ban@example.vn"])
    assert "/admin/" not in to_seller.body and "Xin báo giá" in to_seller.body


def test_an_offer_without_its_own_address_is_mailed_to_its_organisations(client):
    dryer = offer(
        "Máy sấy lúa", contact_email="", organisation=organisation(email="vien@example.vn")
    )
    assert post(client, dryer).status_code == 302
    assert [m.to for m in mail.outbox] == [["vien@example.vn"]]  # no editor has an address


def test_a_response_to_a_request_takes_a_phone_number(client):
    need = request("Cần máy sấy trái cây", contact_email="")
    assert post(client, need, contact="0292 3 812 345").status_code == 302
    assert Enquiry.objects.get().kind == "response"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"contact": "không liên lạc"}, "contact"),
        ({"contact": "an@"}, "contact"),
        ({"name": "x" * 101}, "name"),
        ({"message": "x" * 4001}, "message"),
        ({"name": "\x00\x01\t "}, "name"),
        ({"message": ""}, "message"),
    ],
)
def test_an_invalid_form_is_shown_again_with_its_errors(client, fields, field):
    response = post(client, offer("Máy sấy lúa"), **fields)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Enquiry.objects.exists() and not mail.outbox


def test_what_was_typed_is_escaped_and_stripped_of_control_characters(client):
    dryer = offer("Máy sấy lúa")
    shown = post(client, dryer, contact="sai", name="<script>alert(1)</script>")
    assert "<script>alert(1)" not in shown.content.decode()
    post(client, dryer, name="An\x1b[31m", message="Dòng 1\r\nDòng 2\x07")
    enquiry = Enquiry.objects.get()
    assert (enquiry.name, enquiry.message) == ("An [31m", "Dòng 1\nDòng 2")


def test_a_filled_honeypot_is_thanked_and_forgotten(client):
    response = post(client, offer("Máy sấy lúa"), website="http://spam.example")
    assert response.status_code == 302
    assert not Enquiry.objects.exists() and not mail.outbox


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        enquiries.token(1, 0),  # stale: a page served long ago
    ],
)
def test_a_forged_or_stale_token_is_refused(client, token):
    response = post(client, offer("Máy sấy lúa"), token=token)
    assert response.status_code == 400 and not Enquiry.objects.exists()


def test_a_post_within_seconds_of_the_page_is_refused(client):
    response = post(client, offer("Máy sấy lúa"), aged=1)
    assert response.status_code == 400
    assert "Gửi quá nhanh" in response.content.decode()
    assert not Enquiry.objects.exists()


def test_a_token_for_another_listing_is_refused(client):
    dryer, other = offer("Máy sấy lúa"), offer("Lò đốt trấu")
    response = post(client, dryer, token=enquiries.token(other.pk, time.time() - 10))
    assert response.status_code == 400 and not Enquiry.objects.exists()


def test_a_client_may_send_five_enquiries_an_hour(client):
    dryer = offer("Máy sấy lúa")
    assert [post(client, dryer).status_code for _ in range(5)] == [302] * 5
    refused = post(client, dryer)
    assert refused.status_code == 429 and "tối đa 5 yêu cầu một giờ" in refused.content.decode()
    assert Enquiry.objects.count() == 5


def test_another_client_is_not_limited_by_the_first(client):
    dryer = offer("Máy sấy lúa")
    for _ in range(5):
        post(client, dryer)
    data = {
        "name": "Trần Thị Bình",
        "contact": "binh@example.vn",
        "message": "Xin thông tin.",
        "token": enquiries.token(dryer.pk, time.time() - 10),
    }
    answer = client.post(f"/cong-nghe/lien-he/{dryer.pk}/", data, REMOTE_ADDR="203.0.113.9")
    assert answer.status_code == 302


def test_the_form_answers_only_posts_about_a_live_listing(client):
    dryer = offer("Máy sấy lúa")
    assert client.get(f"/cong-nghe/lien-he/{dryer.pk}/").status_code == 405
    assert post(client, dryer.get_parent()).status_code == 404
    assert client.post(f"/cong-nghe/lien-he/{10**30}/").status_code == 404
    dryer.unpublish()
    assert post(client, dryer).status_code == 404


def test_enquiries_are_never_public(client):
    dryer = offer("Máy sấy lúa")
    post(client, dryer, contact="bi-mat@example.vn", message="Nội dung riêng tư")
    for url in (dryer.url, "/cong-nghe/", "/search/?q=rieng+tu", "/sitemap/trang.xml"):
        html = client.get(url).content.decode()
        assert "bi-mat@example.vn" not in html and "riêng tư" not in html


def test_editors_list_filter_mark_and_delete_enquiries_in_the_admin(client, editor):
    dryer = offer("Máy sấy lúa")
    post(client, dryer)
    enquiry = Enquiry.objects.get()
    client.force_login(editor)
    listing = client.get("/admin/snippets/exchange/enquiry/", {"status": "new"})
    assert listing.status_code == 200 and "Nguyễn Văn An" in listing.content.decode()
    edit = f"/admin/snippets/exchange/enquiry/edit/{enquiry.pk}/"
    assert "Xin báo giá" in client.get(edit).content.decode()
    client.post(edit, {"status": "forwarded"})
    enquiry.refresh_from_db()
    assert enquiry.status == "forwarded" and enquiry.name == "Nguyễn Văn An"
    assert enquiry.forwarded_at is not None  # the connection's month, on the statistics page
    client.post(f"/admin/snippets/exchange/enquiry/delete/{enquiry.pk}/")
    assert not Enquiry.objects.exists()
    assert client.get("/admin/snippets/exchange/enquiry/add/").status_code in (302, 403)


def test_purge_enquiries_deletes_those_older_than_the_retention(client, settings):
    settings.ENQUIRY_RETENTION_DAYS = 30
    dryer = offer("Máy sấy lúa")
    for days in (31, 29):
        Enquiry.objects.create(
            listing=dryer,
            kind="enquiry",
            name=f"{days}",
            contact="a@example.vn",
            message="x",
            created_at=timezone.now() - timedelta(days=days),
        )
    call_command("purge_enquiries", verbosity=0)
    assert list(Enquiry.objects.values_list("name", flat=True)) == ["29"]
