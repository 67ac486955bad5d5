"""The admin's usage report: a month's views and downloads per document, behind the admin's
login and the permission to view usage (Editors and Moderators have it), with the month's CSV."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from django.utils.html import escape

from library.models import DocumentUsage
from library.tests.factories import make_document

pytestmark = pytest.mark.django_db
REPORT = "/admin/reports/luot-dung/"


@pytest.fixture
def used():
    today = timezone.now().date()
    last_month = today.replace(day=1) - timedelta(days=1)
    often, seldom, before = (
        make_document(title="Lúa <chịu> mặn"),
        make_document(title="Tôm càng xanh"),
        make_document(title="Chỉ tháng trước"),
    )
    DocumentUsage.objects.create(document=often, day=today, views=9, downloads=2)
    DocumentUsage.objects.create(document=seldom, day=today, views=1, downloads=5)
    DocumentUsage.objects.create(document=before, day=last_month, views=40, downloads=0)
    return often, seldom, before, last_month


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("bientap", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def test_anonymous_is_sent_to_the_login(client, used):
    response = client.get(REPORT)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_admin_user_without_the_permission_is_refused(client, django_user_model, used):
    user = django_user_model.objects.create_user("khach", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(REPORT).status_code in (302, 403)
    assert REPORT not in client.get("/admin/").content.decode()  # nor in its menu


def test_an_editor_sees_this_months_documents_most_viewed_first_and_its_csv(client, editor, used):
    often, seldom, before, _last_month = used
    page = client.get(REPORT).content.decode()
    assert escape(often.title) in page and "Lúa <chịu>" not in page  # escaped
    assert page.index(escape(often.title)) < page.index(seldom.title)
    assert before.title not in page
    today = timezone.now().date()
    assert f'href="/thong-ke/luot-dung-{today.year}-{today.month}.csv"' in page
    assert REPORT in client.get("/admin/").content.decode()  # in the Reports menu


def test_a_chosen_month_and_a_hostile_one(client, editor, used):
    *_, before, last_month = used
    chosen = client.get(REPORT, {"month": f"{last_month:%Y-%m}"}).content.decode()
    assert before.title in chosen
    assert f'href="/thong-ke/luot-dung-{last_month.year}-{last_month.month}.csv"' in chosen
    for hostile in ["1900-01", "x" * 5000, "2024-13", "\x00<script>"]:
        response = client.get(REPORT, {"month": hostile})
        assert response.status_code == 200 and "<script>" not in response.content.decode()
        assert before.title not in response.content.decode()  # this month instead
