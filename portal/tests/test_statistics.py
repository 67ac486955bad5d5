"""The statistics page: server-drawn SVG charts, each with its data table and CSV; the most
used documents of the month; the figures cached until a harvest run finishes."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from harvest.models import HarvestRun
from library.models import DocumentText, DocumentUsage
from library.signals import documents_changed
from library.tests.factories import make_document, make_source
from portal.cached import REFRESH_GRACE, generation, is_stored
from portal.exchange.models import Enquiry
from portal.headers import PUBLIC_POLICY
from portal.statistics import charts
from portal.statistics.tasks import refresh_figures
from portal.tests.exchange_factories import offer
from portal.tests.pages import library_reads, part
from portal.tests.runs import finished_run

pytestmark = pytest.mark.django_db
CHARTS = ["tinh", "nam", "loai", "tang-truong", "toan-van", "yeu-cau-ket-noi", "ket-noi"]


@pytest.fixture(autouse=True)
def no_cached_figures():
    cache.clear()


@pytest.fixture
def library():
    cantho = make_source(name="Thư viện Cần Thơ", province="Cần Thơ", slug="cantho")
    camau = make_source(name="Thư viện <i>Cà Mau</i>", province="Cà Mau", slug="camau")
    documents = [
        make_document(source=cantho, date="2019", doc_type="article"),
        make_document(source=cantho, date="2019", doc_type="article"),
        make_document(source=cantho, date="2021", doc_type="report"),
        make_document(source=camau, date="2021", doc_type="article"),
    ]
    make_document(source=camau, date="2005").withdraw()
    DocumentText.objects.create(document=documents[3], status=DocumentText.Status.OK)
    today = timezone.now().date()
    DocumentUsage.objects.create(document=documents[0], day=today, views=7, downloads=1)
    DocumentUsage.objects.create(document=documents[2], day=today, views=3, downloads=4)
    return documents


def figure(html: str, slug: str) -> str:
    return part(rf'<figure class="chart" id="{slug}">.*?</figure>', html)


def table(html: str, slug: str) -> list[tuple[str, str]]:
    return re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', figure(html, slug))


def test_each_chart_is_an_accessible_svg_with_its_table_and_csv(client, library):
    html = client.get("/thong-ke/").content.decode()
    for slug in CHARTS:
        chart = figure(html, slug)
        assert f'<svg role="img" aria-labelledby="{slug}-title {slug}-desc"' in chart
        assert f'<title id="{slug}-title">' in chart and f'<desc id="{slug}-desc">' in chart
        assert f'href="/thong-ke/{slug}.csv"' in chart
    assert table(html, "tinh") == [("Cần Thơ", "3"), ("Cà Mau", "1")]
    assert table(html, "nam") == [("2019", "2"), ("2020", "0"), ("2021", "2")]  # 2020: none
    assert table(html, "loai") == [("Bài báo khoa học", "3"), ("Báo cáo", "1")]
    assert table(html, "toan-van") == [("Thư viện &lt;i&gt;Cà Mau&lt;/i&gt;", "100"),
                                       ("Thư viện Cần Thơ", "0")]  # fmt: skip
    growth = table(html, "tang-truong")
    assert len(growth) == 24 and growth[-1] == (f"{timezone.now():%Y-%m}", "4")
    assert figure(html, "tinh").count('<rect class="bar"') == 2


def test_the_exchanges_enquiries_and_connections_are_counted_by_month(client, library):
    dryer = offer("Máy sấy lúa")
    now = timezone.now()
    for days, status in ((0, "new"), (0, "forwarded"), (40, "forwarded"), (800, "new")):
        Enquiry.objects.create(
            listing=dryer,
            kind="enquiry",
            name="An",
            contact="an@example.vn",
            message="x",
            status=status,
            created_at=now - timedelta(days=days),
            forwarded_at=now - timedelta(days=days) if status == "forwarded" else None,
        )
    # forwarded last month, closed since: still a connection of the month it was made
    Enquiry.objects.filter(created_at__lt=now - timedelta(days=30)).update(status="closed")
    html = client.get("/thong-ke/").content.decode()
    enquiries, connections = table(html, "yeu-cau-ket-noi"), table(html, "ket-noi")
    assert len(enquiries) == 24 and enquiries[-1] == (f"{now:%Y-%m}", "2")
    assert sum(int(n) for _, n in enquiries) == 3  # the one 800 days old is out of the chart
    assert connections[-1] == (f"{now:%Y-%m}", "1") and sum(int(n) for _, n in connections) == 2
    answer = client.get("/thong-ke/ket-noi.csv")
    rows = list(csv.reader(io.StringIO(b"".join(answer.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["Tháng", "Kết nối"] and rows[-1] == [f"{now:%Y-%m}", "1"]


def test_the_charts_need_no_inline_style_or_script(client, library):
    response = client.get("/thong-ke/")
    html = response.content.decode()
    main = html[html.index("<main") :]
    assert "<style" not in main and "style=" not in main and "<script" not in main
    assert response["Content-Security-Policy"] == PUBLIC_POLICY


def test_a_charts_csv_parses_to_its_table(client, library):
    response = client.get("/thong-ke/loai.csv")
    assert response["Content-Disposition"] == 'attachment; filename="thong-ke-loai.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [
        ["Loại tài liệu", "Tài liệu"], ["Bài báo khoa học", "3"], ["Báo cáo", "1"]
    ]  # fmt: skip
    assert client.get("/thong-ke/khong-co.csv").status_code == 404


def test_the_most_viewed_and_downloaded_this_month(client, library):
    html = client.get("/thong-ke/").content.decode()
    viewed = part(r'id="viewed".*?</ol>', html)
    downloaded = part(r'id="downloaded".*?</ol>', html)
    first, second = library[0].local_id, library[2].local_id
    assert viewed.index(first) < viewed.index(second) and "(7 lượt xem)" in viewed
    assert downloaded.index(second) < downloaded.index(first) and "(4 lượt tải)" in downloaded


def test_the_figures_are_cached_until_a_harvest_run_changes_the_library(
    client, library, django_assert_max_num_queries
):
    client.get("/thong-ke/")
    # the newest run's end (the cache key), the figures, the charts, the month's most used
    with django_assert_max_num_queries(4) as warm:
        client.get("/thong-ke/")
    assert library_reads(warm.captured_queries) == []
    make_document(source=library[0].source, date="2019")
    assert ("2019", "2") in table(client.get("/thong-ke/").content.decode(), "nam")
    long_ago = timezone.now() - timedelta(seconds=REFRESH_GRACE + 60)
    finished_run(library[0].source, unchanged=4, finished_at=long_ago)
    assert ("2019", "2") in table(client.get("/thong-ke/").content.decode(), "nam")
    finished_run(library[0].source, new=1, finished_at=long_ago)  # its refresh never came
    assert ("2019", "3") in table(client.get("/thong-ke/").content.decode(), "nam")


def test_while_a_runs_refresh_is_under_way_visitors_see_the_figures_before(client, library):
    client.get("/thong-ke/")
    make_document(source=library[0].source, date="2019")
    finished_run(library[0].source, new=1)  # a moment ago: its refresh is queued
    with CaptureQueriesContext(connection) as meanwhile:
        html = client.get("/thong-ke/").content.decode()
    assert ("2019", "2") in table(html, "nam") and library_reads(meanwhile.captured_queries) == []


def test_a_run_that_changed_the_library_stores_the_figures_before_anyone_asks(client, library):
    make_document(source=library[0].source, date="2019")
    documents_changed.send(sender=HarvestRun, run=finished_run(library[0].source, new=1))
    with CaptureQueriesContext(connection) as first:
        for page in ["/thong-ke/", "/mang-luoi/", "/mang-luoi/cantho/", "/thong-ke/nam.csv"]:
            assert client.get(page).status_code == 200
    assert library_reads(first.captured_queries) == []
    assert not [q for q in first.captured_queries if "library_documentusage" in q["sql"]]
    assert ("2019", "3") in table(client.get("/thong-ke/").content.decode(), "nam")


def test_refreshes_queued_by_several_runs_compute_once(library):
    finished_run(library[0].source, new=1)
    refresh_figures.enqueue()  # the immediate backend: run here
    with CaptureQueriesContext(connection) as second:
        refresh_figures.enqueue()
    assert library_reads(second.captured_queries) == []


def test_a_new_generation_replaces_the_old_ones_entries(library):
    def entries() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM portal_cache WHERE cache_key LIKE '%portal:%'")
            return cursor.fetchone()[0]

    call_command("refresh_figures", stdout=io.StringIO())
    stored = entries()
    finished_run(library[0].source, new=1)
    call_command("refresh_figures", stdout=io.StringIO())
    assert entries() == stored and is_stored("statistics", generation())


def test_a_run_that_changed_nothing_computes_nothing(library):
    documents_changed.send(sender=HarvestRun, run=finished_run(library[0].source, unchanged=4))
    assert not is_stored("statistics", generation()) and not is_stored("holdings", generation())


def test_the_nightly_command_stores_them_for_documents_entered_by_hand(client, library):
    client.get("/thong-ke/")
    make_document(source=library[0].source, date="2019")
    call_command("refresh_figures", stdout=io.StringIO())
    with CaptureQueriesContext(connection) as first:
        html = client.get("/thong-ke/").content.decode()
    assert library_reads(first.captured_queries) == []
    assert ("2019", "3") in table(html, "nam")


def test_the_charts_are_drawn_in_the_readers_language(client, library):
    assert "Tài liệu theo tỉnh, thành" in client.get("/thong-ke/").content.decode()
    english = client.get("/thong-ke/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Documents by province" in english and "Tài liệu theo tỉnh, thành" not in english


def test_long_labels_are_cut_in_the_middle_where_names_differ():
    names = ["Trung tâm Thông tin KH&CN tỉnh Bạc Liêu", "Trung tâm Thông tin KH&CN tỉnh Cà Mau"]
    chart = charts.horizontal("x", "t", "d", ("a", "b"), [(name, 1) for name in names])
    shown = [bar.short for bar in chart.bars]
    assert shown == ["Trung tâm …N tỉnh Bạc Liêu", "Trung tâm …&CN tỉnh Cà Mau"]
    assert all(len(label) <= charts.SHORT for label in shown)
