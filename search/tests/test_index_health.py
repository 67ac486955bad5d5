"""The search index's health on the admin's home page: what it owes, and each item the engine
refused with why (escaped: the reason quotes the harvested value) and a link to mend it."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.html import escape

from library.tests.factories import make_document
from search import backlog
from search.index_health import IndexHealth
from search.models import IndexBacklog

pytestmark = pytest.mark.django_db
HOME = reverse("wagtailadmin_home")


def test_the_panel_lists_each_refused_item_with_why_and_a_link_to_edit_it(admin_client):
    document = make_document(title="Lúa chịu mặn")
    backlog.owe({"document": {document.pk}, "news": {7}})
    why = "failed to parse field [subject_key]: '<script>x</script>'"
    IndexBacklog.objects.filter(item=document.pk).update(refused=why)
    page = admin_client.get(HOME).content.decode()
    assert "Chỉ mục tìm kiếm" in page and "1 mục chờ ghi vào chỉ mục" in page
    assert "1 mục bị chỉ mục từ chối" in page
    edit = reverse("wagtailsnippets_library_document:edit", args=[document.pk])
    assert f'<a href="{edit}">document {document.pk}</a>' in page
    assert escape(why) in page and "<script>x" not in page


def test_an_index_that_owes_nothing_says_so_and_lists_nothing():
    html = IndexHealth().render_html({})
    assert "Chỉ mục không nợ mục nào." in html and "từ chối" not in html


def test_only_those_who_may_see_the_backlog_get_the_panel(client, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    home = client.get(HOME)
    assert home.status_code == 200 and "Chỉ mục tìm kiếm" not in home.content.decode()
    editor.user_permissions.add(Permission.objects.get(codename="view_indexbacklog"))
    assert "Chỉ mục tìm kiếm" in client.get(HOME).content.decode()
