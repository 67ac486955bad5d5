"""The librarian's dashboard on the admin's home page: the right counts, each linked to the
admin list that fixes it, in a fixed number of queries, for those who may see the sources."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from harvest.dashboard import Dashboard, added_this_week, listing
from harvest.models import FulltextTask, HarvestRun, HarvestSource, OcrTask
from library.models import DocumentFile, DocumentText
from library.tests.factories import make_document, make_source
from library.tests.plans import query_plans

pytestmark = pytest.mark.django_db
HOME = reverse("wagtailadmin_home")


@pytest.fixture(autouse=True)
def no_cached_counts():
    cache.clear()


def harvested(name: str, number: int, **fields) -> HarvestSource:
    source = make_source(name=name)
    defaults = {"base_url": f"http://thuvien{number}.example.vn/oai", "interval_minutes": 60}
    return HarvestSource.objects.create(source=source, **{**defaults, **fields})


@pytest.fixture
def library():
    now = timezone.now()
    failing = harvested(
        "Thư viện <Cà Mau>",
        1,
        last_success_at=now - timedelta(minutes=70),
        last_error_at=now - timedelta(minutes=5),
        last_error="HTTP 503 after 6 attempts",
    )
    late = harvested("Thư viện Bạc Liêu", 2, last_success_at=now - timedelta(minutes=121))
    harvested("Thư viện Sóc Trăng", 3, last_success_at=now - timedelta(minutes=119))
    harvested("Thư viện tắt", 4, enabled=False, last_error_at=now, last_error="tắt")
    for status, hours in [("succeeded", 1), ("succeeded", 23), ("failed", 2), ("failed", 25)]:
        HarvestRun.objects.create(
            source=late, status=status, started_at=now - timedelta(hours=hours)
        )
    documents = [make_document(source=failing.source, title=f"Tài liệu {n}") for n in range(6)]
    make_document(source=late.source, created_at=now - timedelta(days=8))
    for document, status in zip(
        documents, ["scanned", "encrypted", "failed", "failed", "none", "ok"], strict=True
    ):
        DocumentText.objects.create(document=document, status=status, quality=0.1)
    for n, status in enumerate(["pending", "pending", "done"]):
        FulltextTask.objects.create(
            document=documents[n], url=f"http://x.vn/{n}.pdf", status=status
        )
    for n, (status, owed) in enumerate([("pending", 5), ("pending", 3), ("done", 0)]):
        file = DocumentFile.objects.create(document=documents[n], size=1, sha256=f"{n:064}")
        OcrTask.objects.create(file=file, source=failing, status=status, pages_owed=owed)
    return failing, late


def test_the_panel_shows_what_needs_a_librarian_with_links_to_fix_it(admin_client, library):
    failing, late = library
    page = admin_client.get(HOME).content.decode()
    assert "Bảng theo dõi của thủ thư" in page

    def line(url: str, label: str, count: int) -> str:
        return f'<a href="{escape(url)}">{escape(label)}</a>: {count}'

    runs = listing("harvest_harvestrun", source=failing.pk)
    assert f'<a href="{escape(runs)}">Thư viện &lt;Cà Mau&gt;</a>' in page  # escaped
    assert "HTTP 503 after 6 attempts" in page and "✖" in page
    assert escape(listing("harvest_harvestrun", source=late.pk)) in page and "⌛" in page
    assert "Sóc Trăng" not in page and "Thư viện tắt" not in page  # on time; disabled
    assert page.index("Cà Mau") < page.index("Bạc Liêu")  # failing first
    assert line(listing("harvest_harvestrun", status="succeeded"), "Thành công", 2) in page
    assert line(listing("harvest_harvestrun", status="failed"), "Thất bại", 1) in page
    sources = listing("harvest_harvestsource")
    assert line(sources, "PDF chờ tải và trích xuất", 2) in page
    assert line(sources, "Trang chờ nhận dạng chữ (OCR)", 8) in page
    documents = "library_document"
    for status, label, count in [
        ("scanned", "Bản quét, không có lớp chữ", 1),
        ("encrypted", "Tệp mã hoá", 1),
        ("failed", "Lỗi", 2),
        ("none", "Không có toàn văn", 1),
    ]:
        assert line(listing(documents, fulltext__status=status), label, count) in page
    assert line(listing(documents, poor_text="true"), "Văn bản kém chất lượng", 6) in page
    week = timezone.localdate(timezone.now() - timedelta(days=7)).isoformat()
    added = listing(documents, source=failing.source_id, created_at__gte=week)
    assert line(added, "Thư viện <Cà Mau>", 6) in page
    assert "Bạc Liêu</a>: 1" not in page  # added eight days ago


def test_each_link_leads_to_the_list_it_counts(admin_client, library):
    scanned = admin_client.get(listing("library_document", fulltext__status="scanned"))
    assert scanned.status_code == 200 and "Tài liệu 0" in scanned.content.decode()
    assert "Tài liệu 1" not in scanned.content.decode()
    week = timezone.localdate(timezone.now() - timedelta(days=7)).isoformat()
    added = admin_client.get(listing("library_document", created_at__gte=week)).content.decode()
    assert "Tài liệu 5" in added and "Nghiên cứu giống lúa" not in added  # the older one


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans")
def test_the_week_s_documents_are_counted_from_the_index_of_their_arrival(library):
    # 0.4 s at 229,000 documents (5.8 s from a cold disk): every document walked, by source.
    plans = query_plans(lambda: added_this_week(timezone.now()))
    steps = [s for sql, steps in plans.items() if '"library_document"' in sql for s in steps]
    assert any("doc_created" in step for step in steps)
    assert [s for s in steps if s.startswith("SCAN library_document")] == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans")
def test_the_lists_of_failed_texts_read_the_texts_by_index(admin_client, library):
    # 0.64 s at 229,000 documents for a list of none: every text read to find its status.
    failed = listing("library_document", fulltext__status="failed")
    plans = query_plans(lambda: admin_client.get(failed))
    texts = [steps for sql, steps in plans.items() if '"library_documenttext"' in sql]
    assert texts
    assert [s for steps in texts for s in steps if s.startswith("SCAN library_documenttext")] == []


def test_the_panel_takes_a_fixed_number_of_queries(library, django_assert_max_num_queries):
    for number in range(10, 30):  # more sources, each late: no query more
        harvested(f"Thư viện {number}", number, last_success_at=timezone.now() - timedelta(days=1))
    with django_assert_max_num_queries(16):  # 7, and the shared cache's reads and writes
        html = Dashboard().render_html({})
    assert html.count("⌛") == 21
    with django_assert_max_num_queries(4) as warm:  # sources, runs, last change, cached counts
        Dashboard().render_html({})
    assert not [q for q in warm.captured_queries if '"library_document' in q["sql"]]


def test_a_run_finished_a_moment_ago_shows_at_once_with_what_it_added(library):
    _failing, late = library
    Dashboard().render_html({})
    make_document(source=late.source, title="Vừa thu thập")
    HarvestRun.objects.create(
        source=late, status="failed", started_at=timezone.now(), finished_at=timezone.now(), new=1
    )
    html = Dashboard().render_html({})
    assert f'{escape(listing("harvest_harvestrun", status="failed"))}">Thất bại</a>: 2' in html
    assert "Thư viện Bạc Liêu</a>: 1" in html  # added this week


def test_the_counts_of_texts_are_kept_a_few_minutes(library):
    Dashboard().render_html({})
    DocumentText.objects.filter(status="scanned").update(status="ok")
    assert "Bản quét, không có lớp chữ</a>: 1" in Dashboard().render_html({})
    cache.clear()  # COUNTS_SECONDS later
    assert "Bản quét, không có lớp chữ</a>: 0" in Dashboard().render_html({})


def test_only_those_who_may_see_the_sources_get_the_panel(client, django_user_model, library):
    user = django_user_model.objects.create_user("bientap", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    assert "Bảng theo dõi của thủ thư" not in client.get(HOME).content.decode()
    user.user_permissions.add(Permission.objects.get(codename="view_harvestsource"))
    assert "Bảng theo dõi của thủ thư" in client.get(HOME).content.decode()
