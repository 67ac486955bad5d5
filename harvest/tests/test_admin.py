"""Harvest sources and runs in the Wagtail admin."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from harvest.models import HarvestRun, HarvestSource
from library.models import DocumentText, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def run():
    library = Source.objects.create(name="Thư viện Sóc Trăng", province="Sóc Trăng", slug="st")
    source = HarvestSource.objects.create(source=library, base_url="https://st.example.vn/oai")
    return HarvestRun.objects.create(
        source=source, new=12, errors=[{"identifier": "oai:x:1", "reason": "no title"}]
    )


def test_runs_are_listed_and_inspected_but_never_edited_or_added(admin_client, run):
    names = "wagtailsnippets_harvest_harvestrun"
    listing = admin_client.get(reverse(f"{names}:list"))
    assert listing.status_code == 200 and "Thư viện Sóc Trăng" in listing.content.decode()
    assert reverse(f"{names}:add") not in listing.content.decode()
    assert (
        "Giá trị bị cắt ngắn" in listing.content.decode()
        and "Giá trị bị bỏ" in listing.content.decode()
        and "Giá trị sửa mã hoá" in listing.content.decode()
    )
    inspect = admin_client.get(reverse(f"{names}:inspect", args=[run.pk]))
    assert inspect.status_code == 200 and "oai:x:1" in inspect.content.decode()
    assert "Giá trị sửa mã hoá" in inspect.content.decode()
    for url in (reverse(f"{names}:edit", args=[run.pk]), reverse(f"{names}:add")):
        assert admin_client.get(url).status_code in (302, 403)
    response = admin_client.post(reverse(f"{names}:edit", args=[run.pk]), {"new": 0})
    assert response.status_code in (302, 403)
    run.refresh_from_db()
    assert run.new == 12


def test_sources_show_their_health_and_are_editable(admin_client, run):
    names = "wagtailsnippets_harvest_harvestsource"
    listing = admin_client.get(reverse(f"{names}:list")).content.decode()
    assert "st.example.vn" in listing and "Chưa chạy" in listing
    assert admin_client.get(reverse(f"{names}:edit", args=[run.source.pk])).status_code == 200


def test_a_run_page_reads_in_vietnamese_local_time_with_errors_as_a_list(admin_client, run):
    run.started_at = datetime(2026, 3, 1, 20, 30, tzinfo=UTC)  # 03:30 on 2 March in Cần Thơ
    run.note("badResumptionToken; restarted")
    run.save()
    html = admin_client.get(
        reverse("wagtailsnippets_harvest_harvestrun:inspect", args=[run.pk])
    ).content.decode()
    assert "03:30 Ngày 02 tháng 3 năm 2026" in html and "20:30" not in html
    assert "<li><code>oai:x:1</code>: no title</li>" in html and "{'identifier'" not in html
    assert "Nhật ký" in html and "restarted" in html and "Bắt đầu" in html


def test_a_source_shows_its_last_error_and_offers_the_providers_sets(admin_client, provider):
    fake, running = provider
    fake.items[0].sets = ("luan-van",)
    fake.items[1].sets = ("bai-bao",)
    library = Source.objects.create(name="Thư viện Hậu Giang", province="Hậu Giang", slug="hg")
    source = HarvestSource.objects.create(
        source=library, base_url=running.url, sets=["cu"], last_error="HTTP 503 after 6 attempts"
    )
    names = "wagtailsnippets_harvest_harvestsource"
    listing = admin_client.get(reverse(f"{names}:list")).content.decode()
    assert "HTTP 503 after 6 attempts" in listing
    edit = admin_client.get(reverse(f"{names}:edit", args=[source.pk])).content.decode()
    assert 'type="checkbox" name="sets" value="luan-van"' in edit
    assert 'value="bai-bao"' in edit and 'value="cu"' in edit and "checked" in edit
    data = {
        "source": library.pk,
        "base_url": running.url + "/",
        "metadata_prefix": "oai_dc",
        "sets": ["bai-bao"],
        "enabled": "on",
        "pdf_max_bytes": 1000,
        "delay_seconds": 0,
        "ocr_pages_per_day": 300,
        "interval_minutes": 15,
    }
    other = Source.objects.create(name="Bản sao", province="", slug="ban-sao")
    response = admin_client.post(reverse(f"{names}:add"), {**data, "source": other.pk})
    assert "đã được đăng ký là nguồn “Thư viện Hậu Giang”" in response.content.decode()
    admin_client.post(reverse(f"{names}:edit", args=[source.pk]), data)
    source.refresh_from_db()
    assert source.sets == ["bai-bao"] and source.interval_minutes == 15
    assert 'list="harvest-intervals"' in edit and '<option value="360">6 giờ</option>' in edit


def test_a_base_url_into_the_private_network_is_refused_with_a_reason(admin_client, settings):
    settings.HARVEST_ALLOW_PRIVATE_NETWORKS = False
    library = Source.objects.create(name="Thư viện Hậu Giang", province="Hậu Giang", slug="hg")
    form = {
        "source": library.pk,
        "metadata_prefix": "oai_dc",
        "enabled": "on",
        "sets": "",
        "fulltext": "on",
        "pdf_max_bytes": "104857600",
        "delay_seconds": "0",
        "ocr_pages_per_day": "300",
        "interval_minutes": "1440",
    }
    add = reverse("wagtailsnippets_harvest_harvestsource:add")
    for url, address in [
        ("http://127.0.0.1:8080/oai", "127.0.0.1"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://10.20.30.40/oai", "10.20.30.40"),
        ("http://[fd00::1]/oai", "fd00::1"),
    ]:
        response = admin_client.post(add, {**form, "base_url": url})
        assert response.status_code == 200
        assert (
            f"Địa chỉ này trỏ vào mạng nội bộ ({address}); "
            "trình thu thập không truy cập mạng nội bộ." in response.content.decode()
        )
    assert not HarvestSource.objects.exists()
    response = admin_client.post(add, {**form, "base_url": "ftp://thuvien.example.vn/oai"})
    assert "http:// hoặc https://" in response.content.decode()
    public = {**form, "base_url": "http://8.8.8.8/oai"}
    for interval in ["0", "-15", "abc", "99999999999", "15\x00"]:  # a clear error, not a 500
        response = admin_client.post(add, {**public, "interval_minutes": interval})
        assert response.status_code == 200 and not HarvestSource.objects.exists(), interval
    response = admin_client.post(add, public)
    assert response.status_code == 302 and HarvestSource.objects.count() == 1


def test_the_source_list_shows_the_format_in_use_and_what_has_no_full_text(admin_client, run):
    from library.tests.factories import make_document

    source = run.source
    HarvestSource.objects.filter(pk=source.pk).update(chosen_prefix="xoai")
    for _ in range(2):
        document = make_document(source=source.source)
        DocumentText.objects.create(
            document=document, status="none", reason="restricted (HTTP 403)"
        )
    listing = admin_client.get(reverse("wagtailsnippets_harvest_harvestsource:list")).content
    html = listing.decode()
    assert "xoai" in html and "2 restricted (HTTP 403)" in html


def test_the_source_lists_counts_of_texts_missing_are_kept_until_a_run_changes_the_library(
    admin_client, run
):
    from library.tests.factories import make_document

    def missing() -> str:
        html = admin_client.get(reverse("wagtailsnippets_harvest_harvestsource:list")).content
        return " ".join(part for part in ("1 no link", "2 no link") if part in html.decode())

    def no_link() -> None:
        DocumentText.objects.create(
            document=make_document(source=run.source.source), status="none", reason="no link"
        )

    no_link()
    assert missing() == "1 no link"
    no_link()
    assert missing() == "1 no link"  # counted at the first load, kept
    HarvestRun.objects.create(source=run.source, new=1, finished_at=datetime.now(UTC))
    assert missing() == "2 no link"


def test_the_source_list_reads_the_same_few_queries_for_more_sources(
    admin_client, run, django_assert_max_num_queries
):
    url = reverse("wagtailsnippets_harvest_harvestsource:list")
    with django_assert_max_num_queries(100) as one_source:
        admin_client.get(url)
    for n in range(5):
        source = Source.objects.create(name=f"Thư viện {n}", slug=f"tv{n}")
        HarvestSource.objects.create(source=source, base_url=f"https://tv{n}.example.vn/oai")
    with django_assert_max_num_queries(len(one_source.captured_queries)):
        html = admin_client.get(url).content.decode()
    assert all(f"https://tv{n}.example.vn/oai" in html for n in range(5))


def test_the_source_list_counts_each_source_s_flagged_texts(admin_client, run):
    from library.fulltext import record_extraction
    from library.models import DocumentFile
    from library.tests.factories import make_document

    for n, text in enumerate(["xq7 zzkw þðñ qqrt vbnm kkjh wqx pzzt " * 8, "lúa tôm cá " * 20]):
        document = make_document(source=run.source.source)
        file = DocumentFile.objects.create(
            document=document, file=f"pdf/{n}.pdf", size=1, sha256=str(n) * 64
        )
        record_extraction(file, "ok", text, "", "pypdfium2", 1)
    html = admin_client.get(reverse("wagtailsnippets_harvest_harvestsource:list")).content.decode()
    assert f'?source={run.source.source_id}&amp;poor_text=true">1</a>' in html
