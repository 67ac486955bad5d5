"""The member libraries: who is in the network, what each holds, how current it is."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from harvest.models import HarvestRun, HarvestSource
from library.models import DocumentText
from library.tests.factories import make_collection, make_document, make_source
from portal.tests.pages import library_reads, part

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_cached_figures():
    cache.clear()


def harvested(source, **fields) -> HarvestSource:
    return HarvestSource.objects.create(
        source=source, base_url=f"https://{source.slug}.example.vn/oai", **fields
    )


@pytest.fixture
def network():
    now = timezone.now()
    healthy = make_source(name="Thư viện <b>Cần Thơ</b>", province="Cần Thơ", slug="cantho")
    late = make_source(name="Thư viện Sóc Trăng", province="Sóc Trăng", slug="soctrang")
    failing = make_source(name="Thư viện Cà Mau", province="Cà Mau", slug="camau")
    make_source(name="Trung tâm Hậu Giang", province="Hậu Giang", slug="haugiang")
    runs = harvested(healthy, last_success_at=now - timedelta(hours=3))
    HarvestRun.objects.create(source=runs, status=HarvestRun.Status.SUCCEEDED)
    harvested(late, last_success_at=now - timedelta(days=5))
    harvested(failing, last_success_at=now - timedelta(days=1), last_error_at=now)
    fish = make_collection(name="Thủy sản")
    for n in range(4):
        document = make_document(source=healthy, title=f"Tài liệu {n}", collections=[fish])
        status = DocumentText.Status.OK if n < 3 else DocumentText.Status.SCANNED
        DocumentText.objects.create(document=document, status=status)
    make_document(source=healthy, title="Tài liệu đã rút").withdraw("trùng")
    make_document(source=late)
    return healthy


def row_of(html: str, slug: str) -> str:
    return part(rf'<tr>\s*<th scope="row"><a href="/mang-luoi/{slug}/">.*?</tr>', html)


def test_every_library_with_holdings_full_text_share_and_health(client, network):
    html = client.get("/mang-luoi/").content.decode()
    cantho = row_of(html, "cantho")
    assert "Thư viện &lt;b&gt;Cần Thơ&lt;/b&gt;" in cantho  # its name is text, not markup
    assert '<a href="/search/?source=cantho">4</a>' in cantho  # the withdrawn one left out
    assert "75%" in cantho  # 3 of 4 read
    assert "Thành công" in cantho and "badge-ok" in cantho
    assert "badge-late" in row_of(html, "soctrang")
    assert "badge-failing" in row_of(html, "camau")
    assert "badge-none" in row_of(html, "haugiang") and "0%" in row_of(html, "haugiang")
    assert "4 thư viện và trung tâm thông tin ở 4 tỉnh, thành chia sẻ 5 tài liệu" in html


def test_the_list_takes_a_bounded_number_of_queries(client, network, django_assert_max_num_queries):
    for n in range(20):
        harvested(make_source(slug=f"them-{n}"))
    cache.clear()
    # the cache's key, the aggregate, the shared cache's reads and writes (7), the sources
    with django_assert_max_num_queries(10):
        assert client.get("/mang-luoi/").status_code == 200
    with django_assert_max_num_queries(3) as warm:  # the key, the stored counts, the sources
        client.get("/mang-luoi/")
    assert library_reads(warm.captured_queries) == []


def test_a_run_shows_at_once_while_the_holdings_stay_cached(client, network):
    client.get("/mang-luoi/")
    HarvestRun.objects.create(source=network.harvest, status=HarvestRun.Status.FAILED)
    with CaptureQueriesContext(connection) as again:
        row = row_of(client.get("/mang-luoi/").content.decode(), "cantho")
    assert "Thất bại" in row and library_reads(again.captured_queries) == []


def test_a_library_page_has_collections_growth_and_recent_additions(client, network):
    old = timezone.now() - timedelta(days=731)
    make_document(source=network, title="Tài liệu cũ", created_at=old)
    response = client.get("/mang-luoi/cantho/")
    html = response.content.decode()
    assert 'Thủy sản <span class="count">(4)</span>' in html
    assert '<svg role="img" aria-labelledby="growth-title growth-desc"' in html
    year = timezone.now().year
    assert f'<tr><th scope="row">{year}</th><td>4</td></tr>' in html
    assert "Tài liệu 3" in html and "Tài liệu đã rút" not in html


def test_an_unknown_library_is_404(client, network):
    assert client.get("/mang-luoi/khong-co/").status_code == 404
    assert client.get("/mang-luoi/" + "x" * 5000 + "/").status_code == 404


def test_the_network_is_in_the_main_menu(client, network):
    html = client.get("/mang-luoi/").content.decode()
    nav = part(r"<nav aria-label=\"Điều hướng chính\">.*?</nav>", html)
    assert 'href="/mang-luoi/"' in nav and 'href="/thong-ke/"' in nav


@pytest.mark.parametrize(
    "path",
    ["/mang-luoi/c%C3%A2n-th%C6%A1/", "/mang-luoi/%00/", "/thong-ke/%3Cscript%3E.csv",
     "/thong-ke/luot-dung-2026-%D9%A1.csv", "/thong-ke/" + "a" * 3000 + ".csv"],
)  # fmt: skip
def test_hostile_addresses_are_404(client, network, path):
    assert client.get(path).status_code == 404
