import importlib
from html import escape

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Task, Workflow

from portal.news.demo import seed_news
from portal.news.models import NewsIndexPage, NewsPage
from search import analysis, indexing, kinds, service
from search.records import uid

pytestmark = pytest.mark.django_db


@pytest.fixture
def news():
    seed_news(14, seed=3)
    return NewsIndexPage.objects.get()


def test_demo_news_are_vietnamese_articles_with_images(news):
    articles = NewsPage.objects.live().descendant_of(news)
    assert articles.count() == 14
    assert all(a.lead_image_id and a.topics.exists() for a in articles)
    assert all(a.plain_text() for a in articles)


@pytest.mark.parametrize(("page", "served"), [("abc", 1), ("9999", 2), ("-1", 2), ("2", 2)])
def test_news_pagination_never_errors(client, news, page, served):
    # 14 articles, 10 a page: nonsense is the first page, beyond the end is the last.
    response = client.get(news.url, {"page": page})
    articles = response.context["articles"]
    assert (articles.number, len(articles)) == (served, 10 if served == 1 else 4)
    assert f"Trang {served} / 2" in response.content.decode()


@pytest.mark.parametrize("path", ["/", "/tin-tuc/"])
def test_the_news_lists_show_their_images_writing_nothing_and_with_one_query(client, news, path):
    # Wagtail wrote each image's rendition back to the (database) cache at every view: ten
    # write transactions a view of the news list, each waiting for SQLite's one writer.
    client.get(path)  # the renditions made
    with CaptureQueriesContext(connection) as asked:
        html = client.get(path).content.decode()
    assert html.count("<img") >= 5  # the five or ten newest, each with its image
    written = [q["sql"][:60] for q in asked.captured_queries if not q["sql"].startswith("SELECT")]
    renditions = [q for q in asked.captured_queries if "wagtailimages_rendition" in q["sql"]]
    assert (written, len(renditions)) == ([], 1)


def test_news_can_be_filtered_by_topic(client, news):
    topic = NewsPage.objects.first().topics.first()
    response = client.get(news.url, {"topic": topic.slug})
    articles = list(response.context["articles"])
    assert articles and all(topic in a.topics.all() for a in articles)


def test_feeds_sitemap_and_robots(client, news):
    newest = NewsPage.objects.live().order_by("-first_published_at").first()
    rss = client.get("/tin-tuc/rss.xml")
    atom = client.get("/tin-tuc/atom.xml")
    assert rss.status_code == atom.status_code == 200
    assert newest.title in rss.content.decode() and newest.title in atom.content.decode()
    assert "<feed" in atom.content.decode()
    home = client.get("/").content.decode()
    assert 'type="application/rss+xml"' in home and 'type="application/atom+xml"' in home
    latest = NewsPage.objects.live().order_by("-date", "-id").first()
    assert escape(latest.title) in home  # the home page's latest news
    assert "/sitemap/trang.xml" in client.get("/sitemap.xml").content.decode()
    assert newest.url in client.get("/sitemap/trang.xml").content.decode()
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots and "Sitemap:" in robots


def test_moderation_is_on_and_editor_groups_exist():
    assert {"Editors", "Moderators"} <= set(Group.objects.values_list("name", flat=True))
    root = Page.objects.get(depth=1)
    workflow = root.get_workflow()
    assert isinstance(workflow, Workflow) and workflow.active
    # named in Vietnamese, as editors read it: "Gửi duyệt: Ban kiểm duyệt"
    assert workflow.name == "Ban kiểm duyệt"
    assert [task.name for task in workflow.tasks] == ["Ban kiểm duyệt"]


def test_a_workflow_an_editor_renamed_keeps_its_name():
    """The migration renames only Wagtail's English name, and gives it back when reversed."""
    from django.apps import apps

    migration = importlib.import_module("portal.home.migrations.0005_workflow_in_vietnamese")
    kept = Workflow.objects.create(name="Tổ biên tập duyệt tin")
    english = Workflow.objects.create(name=migration.ENGLISH)
    migration.renamed(migration.ENGLISH, migration.NAME)(apps, None)
    assert Workflow.objects.get(pk=kept.pk).name == "Tổ biên tập duyệt tin"
    assert Workflow.objects.get(pk=english.pk).name == "Ban kiểm duyệt"
    migration.renamed(migration.NAME, migration.ENGLISH)(apps, None)
    assert Workflow.objects.get(pk=english.pk).name == migration.ENGLISH
    assert not Workflow.objects.filter(name="Ban kiểm duyệt").exists()  # the task's too
    assert Task.objects.filter(name=migration.ENGLISH).count() == 1


def test_news_are_searched_the_vietnamese_way_and_shown_apart(client, news, search_index):
    indexing.rebuild()
    article = NewsPage.objects.live().first()
    words = " ".join(article.title.split()[:3])
    folded = analysis.fold(words)
    hits = service.search_kind(folded, kinds.get("news"))
    shown = [h.title_html.replace("<mark>", "").replace("</mark>", "") for h in hits]
    assert escape(article.title) in shown
    assert service.search(folded).total == 0  # documents only: no news among them
    page = client.get("/search/", {"q": folded}).content.decode()
    assert 'id="news-hits"' in page


def test_news_the_index_still_holds_but_no_longer_shows_get_no_heading(client, news, search_index):
    indexing.rebuild()
    article = NewsPage.objects.live().first()
    folded = analysis.fold(" ".join(article.title.split()[:3]))
    NewsPage.objects.filter(live=True).update(live=False)  # unpublished behind the index's back
    assert service.kind_ids(folded, "news")[0]  # still in the index
    assert service.search_others(folded) == []
    assert 'id="news-hits"' not in client.get("/search/", {"q": folded}).content.decode()


def test_a_search_no_news_matches_asks_nothing_of_the_page_tree(
    news, search_index, django_assert_num_queries
):
    indexing.rebuild()
    with django_assert_num_queries(0):  # Wagtail's public() alone reads the restrictions
        assert service.search_others("zyxwvu") == []


def test_scheduled_news_goes_live_when_publish_scheduled_runs(news):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    article = NewsPage(title="Tin hẹn giờ", lead="Sẽ đăng sau.", live=False)
    news.add_child(instance=article)
    article.go_live_at = timezone.now() + timedelta(minutes=5)  # as the editor's "Go live date"
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live  # waiting for its time
    with pytest.MonkeyPatch.context() as patch:
        later = timezone.now() + timedelta(minutes=10)
        patch.setattr(timezone, "now", lambda: later)
        call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.live


@pytest.mark.parametrize("restriction", ["password", "login"])
def test_private_news_appear_nowhere_public(
    client, news, search_index, django_capture_on_commit_callbacks, restriction
):
    indexing.rebuild()
    secret = NewsPage.objects.live().order_by("-date", "-id").first()
    secret.title = "Tin nội bộ về đê bao"
    secret.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=secret, restriction_type=restriction, password="mật-khẩu"
        )
    places = {
        "home": client.get("/").content.decode(),
        "index": client.get(news.url).content.decode(),
        "rss": client.get("/tin-tuc/rss.xml").content.decode(),
        "atom": client.get("/tin-tuc/atom.xml").content.decode(),
        "sitemap": client.get("/sitemap/trang.xml").content.decode(),
        "search": client.get("/search/", {"q": "noi bo de bao"}).content.decode(),
    }
    assert [name for name, html in places.items() if "đê bao" in html] == []
    assert not service.search_kind("noi bo de bao", kinds.get("news"))
    assert client.get(secret.url).status_code in (200, 302)  # the page asks for the password
    assert "đê bao" not in client.get(secret.url).content.decode()


def test_an_update_re_indexes_only_the_news_changed_since_its_checkpoint(
    news, search_index, monkeypatch
):
    indexed = indexing.rebuild()
    upserted: list[str] = []
    upsert = search_index.upsert

    def counting(records):
        records = list(records)
        upserted.extend(r["uid"] for r in records)
        return upsert(records)

    monkeypatch.setattr(search_index, "upsert", counting)
    indexing.update()
    assert upserted == []
    # Changed while the indexer was down (no commit in a test, so no signal's callback runs).
    gone, edited = NewsPage.objects.live().order_by("id")[:2]
    gone.unpublish()
    edited.title = "Tin sửa về cống ngăn mặn"
    edited.save_revision().publish()
    indexing.update()
    assert upserted == [uid(edited.pk, kinds.get("news").name)]
    assert [h.id for h in service.search_kind("cong ngan man", kinds.get("news"))] == [
        str(edited.pk)
    ]
    assert search_index.count() == indexed - 1  # the unpublished page left the index


def test_news_hits_read_each_page_once_whatever_their_number(news, search_index):
    """A news hit's lead, author and date are read with its page, in one query for them all:
    a field the query left out would be read page by page. So are the site's root paths that
    each page's URL needs: three hits ask no more queries than one."""
    indexing.rebuild()
    word = analysis.fold(NewsPage.objects.live().first().title.split()[0])
    service.search_kind(word, kinds.get("news"), 1)  # the cache filled, as on a live site
    queries = []
    for size in (1, 3):
        with CaptureQueriesContext(connection) as asked:
            hits = service.search_kind(word, kinds.get("news"), size)
        assert len(hits) == size
        for hit in hits:
            page = NewsPage.objects.get(pk=int(hit.id))
            assert (hit.authors, hit.year) == ([page.author] if page.author else [], page.date.year)
            assert hit.snippet.text.strip("…")[:40] in page.lead
        pages = [q for q in asked.captured_queries if "news_newspage" in q["sql"]]
        assert len(pages) == 1, [q["sql"][:80] for q in pages]
        assert all(hit.url == NewsPage.objects.get(pk=int(hit.id)).url for hit in hits)
        queries.append([q["sql"][:80] for q in asked.captured_queries])
    assert len(queries[0]) == len(queries[1]), queries
