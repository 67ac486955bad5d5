"""Usage counts: COUNTER's robots and double-click rules, batched writes, nothing personal kept,
and the monthly CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone

from library.files import store_bytes
from library.models import DocumentFile, DocumentUsage
from library.tests.factories import make_document, make_source
from portal.usage import counter, robots

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture(autouse=True)
def fresh_counts(monkeypatch):
    """No click remembered, nothing waiting, and no flush but the test's own."""
    caches["clicks"].clear()
    counter._take()
    monkeypatch.setattr(counter, "FLUSH_SECONDS", 1e9)
    yield
    counter._take()


@pytest.fixture
def document(search_index):
    document = make_document(source=make_source(name="Thư viện Bạc Liêu", province="Bạc Liêu"))
    stored = store_bytes(b"%PDF-1.4\n" + b"x" * 64)
    DocumentFile.objects.create(
        document=document, file=stored.name, size=stored.size, sha256=stored.sha256
    )
    return document


def read(client, document, agent=BROWSER, address="203.0.113.7", what="page"):
    url = f"/tai-lieu/{document.local_id}/" + ("toan-van.pdf" if what == "pdf" else "")
    response = client.get(url, HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    assert response.status_code == 200
    return response


def usage(document) -> tuple[int, int]:
    row = DocumentUsage.objects.filter(document=document).first()
    return (row.views, row.downloads) if row else (0, 0)


def test_counts_reach_the_database_only_when_flushed_and_show_on_the_page(client, document):
    read(client, document)
    read(client, document, what="pdf")
    assert usage(document) == (0, 0)  # waiting in memory: the request wrote nothing
    assert counter.flush() == 1
    assert usage(document) == (1, 1)
    row = DocumentUsage.objects.get(document=document)
    assert row.day == timezone.now().date()
    html = read(client, document, address="198.51.100.2").content.decode()
    assert "1 lượt xem" in html and "1 lượt tải" in html


def test_a_flush_adds_to_the_days_counts(client, document):
    read(client, document)
    counter.flush()
    read(client, document, address="198.51.100.9")
    counter.flush()
    assert usage(document) == (2, 0)


def test_robots_are_not_counted(client, document):
    for agent in (GOOGLEBOT, "python-requests/2.32", "curl/8.5.0", ""):
        read(client, document, agent=agent)
        read(client, document, agent=agent, what="pdf")
    counter.flush()
    assert usage(document) == (0, 0)


def test_a_double_click_counts_once_and_another_reader_counts_again(client, document):
    read(client, document)
    read(client, document)  # the same reader within 30 seconds
    read(client, document, what="pdf")
    read(client, document, what="pdf")
    read(client, document, address="198.51.100.4")  # another reader
    counter.flush()
    assert usage(document) == (2, 1)


def test_behind_nginx_the_reader_is_the_forwarded_address(client, document):
    url = f"/tai-lieu/{document.local_id}/"
    for reader in ("203.0.113.7", "203.0.113.8", "203.0.113.7"):
        client.get(url, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP=reader)
    counter.flush()
    assert usage(document) == (2, 0)


def test_the_double_click_window_is_thirty_seconds(client, document, monkeypatch):
    added = []
    clicks_cache = caches["clicks"]
    real_add = clicks_cache.add

    def add(key, value, timeout=None):
        added.append((key, timeout))
        return real_add(key, value, timeout)

    monkeypatch.setattr(clicks_cache, "add", add)
    read(client, document)
    clicks = [(key, timeout) for key, timeout in added if key.startswith("usage:click:")]
    assert clicks and clicks[0][1] == 30
    assert "203.0.113.7" not in clicks[0][0] and BROWSER not in clicks[0][0]


def test_nothing_personal_is_stored():
    fields = {field.name for field in DocumentUsage._meta.get_fields()}
    assert fields == {"id", "document", "day", "views", "downloads"}


def test_the_robots_list_is_counters():
    assert robots.is_robot(GOOGLEBOT) and robots.is_robot("Mozilla/5.0 (compatible; bingbot/2.0)")
    assert not robots.is_robot(BROWSER)
    assert robots.is_robot("x" * 5000)  # no browser sends that


def test_monthly_csv_parses_and_defuses_formulas(client, document):
    formula = make_document(title='=HYPERLINK("http://evil")')
    first = timezone.now().date().replace(day=1)
    DocumentUsage.objects.create(document=document, day=first, views=5, downloads=2)
    DocumentUsage.objects.create(document=document, day=first.replace(day=2), views=1)
    DocumentUsage.objects.create(document=formula, day=first, views=1)
    DocumentUsage.objects.create(document=formula, day=first - timedelta(days=1), views=9)
    response = client.get(f"/thong-ke/luot-dung-{first:%Y-%m}.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Mã tài liệu" and len(rows) == 3
    assert rows[1] == [document.local_id, document.title, "Thư viện Bạc Liêu", "Bạc Liêu",
                       "6", "2"]  # fmt: skip
    assert rows[2][1].startswith("'=") and rows[2][4] == "1"  # last month's 9 left out


@pytest.mark.parametrize(
    "month", ["2026-13", "2026-00", "9999-12", "99999999999999999999-01", "2026-1x"]
)
def test_a_month_that_does_not_exist_is_404(client, month):
    assert client.get(f"/thong-ke/luot-dung-{month}.csv").status_code == 404


@pytest.mark.parametrize(
    ("agent", "real_ip"),
    [("Mozilla/5.0 \x00\x1b[31m", "not an address"), ("Mozilla/5.0 " + "é" * 3000, "9" * 5000),
     ("Mozilla/5.0 (Windows NT 10.0) ١٢٣", "")],
)  # fmt: skip
def test_hostile_agents_and_addresses_are_answered(client, document, agent, real_ip):
    url = f"/tai-lieu/{document.local_id}/"
    response = client.get(
        url, HTTP_USER_AGENT=agent, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP=real_ip
    )
    assert response.status_code == 200
    counter.flush()
