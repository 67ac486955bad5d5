"""Editors translate pages with Wagtail's i18n, keep revisions and preview drafts."""

from html import escape

import pytest
from django.urls import reverse
from wagtail.models import Locale

from portal.home.models import HomePage
from portal.news.demo import seed_news
from portal.news.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db


def publish_translation(page, locale, **fields):
    copy = page.copy_for_translation(locale, copy_parents=True).specific
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy


def test_english_visitors_get_the_english_copy_at_the_same_address(client, search_index):
    seed_news(3, seed=4)
    english = Locale.objects.get(language_code="en")
    home = HomePage.objects.get(locale__language_code="vi")
    publish_translation(home, english, title="Mekong Delta S&T portal")
    article = NewsPage.objects.order_by("id").first()
    publish_translation(NewsIndexPage.objects.get(), english, title="News")
    translated = publish_translation(article, english, title="Rice research in Can Tho")

    vietnamese = client.get("/").content.decode()
    assert f"<h1>{escape(home.title)}</h1>" in vietnamese and article.title in vietnamese
    english_home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Mekong Delta S&amp;T portal</h1>" in english_home
    assert "Rice research in Can Tho" in english_home  # the English news list
    assert article.title not in english_home
    page = client.get(article.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Rice research in Can Tho" in page and translated.url == article.url
    feed = client.get("/tin-tuc/rss.xml").content.decode()  # the feed stays Vietnamese
    assert article.title in feed and "Rice research" not in feed


def test_editors_may_translate():
    from django.contrib.auth.models import Group

    for name in ("Editors", "Moderators"):
        codenames = Group.objects.get(name=name).permissions.values_list("codename", flat=True)
        assert "submit_translation" in codenames


def test_the_admin_offers_translation(admin_client):
    home = HomePage.objects.get()
    url = reverse("simple_translation:submit_page_translation", args=[home.pk])
    response = admin_client.get(url)
    english = Locale.objects.get(language_code="en")
    assert response.status_code == 200
    assert f'name="locales" value="{english.pk}"' in response.content.decode()  # "Tiếng Anh"


def test_revisions_are_kept_and_a_draft_is_previewed_before_it_goes_live(admin_client, client):
    seed_news(1, seed=5)
    article = NewsPage.objects.get()
    published_title = article.title
    article.title = "Bản nháp: tiêu đề mới"
    article.save_revision()  # a draft, not published
    assert client.get(article.url).content.decode().count("Bản nháp") == 0
    draft = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[article.pk]))
    assert draft.status_code == 200 and "Bản nháp: tiêu đề mới" in draft.content.decode()
    history = admin_client.get(reverse("wagtailadmin_pages:history", args=[article.pk]))
    assert history.status_code == 200
    first = article.revisions.order_by("created_at", "id").first()
    revert = admin_client.get(
        reverse("wagtailadmin_pages:revisions_revert", args=[article.pk, first.pk])
    )
    assert revert.status_code == 200 and published_title in revert.content.decode()
    assert article.revisions.count() >= 2
