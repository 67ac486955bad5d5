"""E-mail alerts: double opt-in, digests of new matches only, one-click unsubscribe, robust
sending, hostile input refused with a message."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from library.tests.factories import make_document
from search import alerts, indexing
from search.alert_views import AlertForm, alert_form_html
from search.models import SearchAlert

pytestmark = pytest.mark.django_db
ADDRESS = "ban.doc@example.vn"


@pytest.fixture
def library(engine):
    old = make_document(title="Lúa chịu mặn cũ", date="2015")
    indexing.rebuild()
    return old


def subscribe(client, search="q=m%E1%BA%B7n", email=ADDRESS, frequency="daily"):
    return client.post(
        "/search/alerts/", {"email": email, "frequency": frequency, "search": search}
    )


def last_link(kind: str) -> str:
    return re.findall(rf"http://\S+/search/alerts/{kind}/\S+/", str(mail.outbox[-1].body))[-1]


def confirmed_alert(client) -> SearchAlert:
    subscribe(client)
    client.post(last_link("confirm").removeprefix("http://127.0.0.1:8000"))
    mail.outbox.clear()
    return SearchAlert.objects.get()


def add_and_index(title: str):
    document = make_document(title=title, date="2024")
    indexing.rebuild()
    return document


def test_nothing_is_sent_but_the_confirmation_until_the_link_is_followed(client, library):
    response = subscribe(client)
    assert response.status_code == 200 and ADDRESS in response.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [ADDRESS]
    add_and_index("Lúa mặn mới")
    call_command("send_alerts")
    assert len(mail.outbox) == 1  # unconfirmed: no digest
    confirm = last_link("confirm").removeprefix("http://127.0.0.1:8000")
    assert client.get(confirm).status_code == 200  # opening the link confirms nothing
    assert SearchAlert.objects.get().confirmed_at is None
    client.post(confirm)
    assert SearchAlert.objects.get().confirmed_at is not None


def test_a_digest_lists_only_matches_added_since_the_last_one(client, library):
    alert = confirmed_alert(client)
    new = add_and_index("Lúa mặn mới về")
    add_and_index("Cá tra nước ngọt")  # no match
    alerts.send_all(timezone.now() + timedelta(days=1))
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Lúa mặn mới về" in body and f"/tai-lieu/{new.local_id}/" in body
    assert "Lúa chịu mặn cũ" not in body and "Cá tra" not in body
    assert "1 tài liệu mới: mặn" in mail.outbox[0].subject
    assert "/search/?q=m%E1%BA%B7n&sort=added" in body
    alert.refresh_from_db()
    assert alert.last_sent_at is not None
    alerts.send_all(alert.last_sent_at + timedelta(days=1))  # nothing new since
    assert len(mail.outbox) == 1


def test_each_digest_has_a_one_click_unsubscribe(client, library):
    confirmed_alert(client)
    add_and_index("Lúa mặn mới về")
    alerts.send_all(timezone.now() + timedelta(days=1))
    message = mail.outbox[0]
    link = last_link("unsubscribe")
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = link.removeprefix("http://127.0.0.1:8000")
    assert client.get(path).status_code == 200 and SearchAlert.objects.exists()
    # the mail client's one-click POST carries no CSRF token
    csrf_client = client.__class__(enforce_csrf_checks=True)
    assert csrf_client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not SearchAlert.objects.exists()


def test_a_weekly_alert_waits_a_week(client, library):
    subscribe(client, frequency="weekly")
    client.post(last_link("confirm").removeprefix("http://127.0.0.1:8000"))
    mail.outbox.clear()
    add_and_index("Lúa mặn mới về")
    alerts.send_all(timezone.now() + timedelta(days=3))
    assert mail.outbox == []
    alerts.send_all(timezone.now() + timedelta(days=7))
    assert len(mail.outbox) == 1


def test_one_failing_address_does_not_stop_the_others_nor_is_sent_twice(
    client, library, monkeypatch
):
    confirmed_alert(client)
    subscribe(client, email="hai@example.vn")
    client.post(last_link("confirm").removeprefix("http://127.0.0.1:8000"))
    mail.outbox.clear()
    add_and_index("Lúa mặn mới về")
    real_send = alerts.EmailMessage.send

    def refuse_the_first(message, *args, **kwargs):
        if message.to == [ADDRESS]:
            raise OSError("550 mailbox unavailable")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(alerts.EmailMessage, "send", refuse_the_first)
    later = timezone.now() + timedelta(days=1)
    summary = alerts.send_all(later)
    assert (summary.sent, summary.failed) == (1, 1)
    assert [m.to for m in mail.outbox] == [["hai@example.vn"]]
    monkeypatch.setattr(alerts.EmailMessage, "send", real_send)
    alerts.send_all(later + timedelta(hours=1))  # the failed one is sent; the other not again
    assert [m.to for m in mail.outbox] == [["hai@example.vn"], [ADDRESS]]


def test_unconfirmed_alerts_expire_and_their_links_die(client, library):
    subscribe(client)
    confirm = last_link("confirm").removeprefix("http://127.0.0.1:8000")
    summary = alerts.send_all(timezone.now() + alerts.PENDING + timedelta(minutes=1))
    assert summary.expired == 1 and not SearchAlert.objects.exists()
    assert client.post(confirm).status_code == 400


def test_an_address_has_at_most_its_cap_and_asking_twice_sends_once(client, library, monkeypatch):
    monkeypatch.setattr(alerts, "MAX_PER_ADDRESS", 2)
    subscribe(client, search="q=a")
    subscribe(client, search="q=a")
    subscribe(client, search="q=b")
    assert len(mail.outbox) == 2
    refused = subscribe(client, search="q=c")
    assert refused.status_code == 429 and "số tối đa" in refused.content.decode()
    assert SearchAlert.objects.count() == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "không phải địa chỉ"}, "Địa chỉ e-mail không hợp lệ."),
        ({"email": "a" * 300 + "@example.vn"}, "Địa chỉ e-mail dài quá 254 ký tự."),
        ({"email": "x@example.vn\r\nBcc: y@example.vn"}, "Địa chỉ e-mail không hợp lệ."),
        ({"search": "q=" + "a" * 600}, "Câu tìm kiếm dài quá 500 ký tự"),
        ({"frequency": "hourly"}, "hourly"),
    ],
)
def test_hostile_input_is_refused_with_a_message(client, library, fields, message):
    response = client.post(
        "/search/alerts/", {"email": ADDRESS, "frequency": "daily", "search": "q=x", **fields}
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not SearchAlert.objects.exists() and mail.outbox == []


def test_the_search_page_has_the_form_with_its_search(client, library):
    html = client.get("/search/", {"q": "mặn", "sort": "oldest"}).content.decode()
    assert 'action="/search/alerts/"' in html
    assert 'name="search" value="q=m%E1%BA%B7n"' in html


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_page_s_form_is_the_form_rendered_for_its_search(language):
    # rendered once per language, its hidden field filled in: the same HTML as Django's
    hostile = 'q="><script>alert(1)</script>&x=ALERT&sort=<b>'
    with translation.override(language):
        assert alert_form_html(hostile) == AlertForm(initial={"search": hostile}).as_div()
        assert "<script>" not in alert_form_html(hostile)


def test_editors_see_alerts_with_counts_never_addresses_and_cannot_edit(admin_client, library):
    for search in ["q=m%E1%BA%B7n", "q=l%C3%BAa"]:
        SearchAlert.objects.create(email=ADDRESS, query=search, frequency="daily")
    alert = SearchAlert.objects.create(
        email="khac@example.vn", query="q=t%C3%B4m", frequency="weekly"
    )
    names = "wagtailsnippets_search_searchalert"
    listing = admin_client.get(reverse(f"{names}:list")).content.decode()
    assert "mặn" in listing and "tôm" in listing
    assert ADDRESS not in listing and "khac@example.vn" not in listing
    assert reverse(f"{names}:add") not in listing
    for url in (reverse(f"{names}:edit", args=[alert.pk]), reverse(f"{names}:add")):
        assert admin_client.get(url).status_code in (302, 403)
