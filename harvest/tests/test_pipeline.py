"""Harvest runs end to end against the fault-injecting provider."""

import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from harvest.models import FulltextTask, HarvestRun, HarvestSource
from harvest.testing.fixtures import harvest
from harvest.testing.provider import Item
from harvest.tests.test_queue import QUEUE, work
from library.demo.pdf import render_pdf
from library.models import Document, DocumentFile, DocumentText
from library.signals import documents_changed

pytestmark = pytest.mark.django_db


def stored() -> dict[str, tuple]:
    return {
        d.origin_identifier: (d.title, d.status, d.date, d.doc_type, d.dublin_core()["creator"])
        for d in Document.objects.all()
    }


def test_a_clean_harvest_stores_every_record(source):
    run = harvest(source)
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert (run.new, run.updated, run.failed, run.pages) == (25, 0, 0, 3)
    document = Document.objects.get(origin_identifier="oai:test:7")
    assert document.title == "Nghiên cứu số 7 về thủy sản"
    assert document.doc_type == "report" and document.year == 2020
    assert document.dublin_core()["creator"] == [("Tác giả 7", "")]
    assert document.origin_datestamp.isoformat() == "2025-01-01T00:00:07+00:00"
    source.refresh_from_db()
    assert source.health == "ok" and source.last_success_at is not None


def test_the_next_run_is_incremental(provider, source):
    fake, _ = provider
    harvest(source)
    fake.items[24].title = "Tiêu đề đã sửa"
    fake.items.append(Item(26, "Bản ghi mới"))
    fake.requests.clear()
    run = harvest(source)
    assert fake.requests[0].get("from") is not None  # asked only for what changed
    assert (run.new, run.updated) == (1, 1)
    assert run.unchanged < 25
    assert Document.objects.get(origin_identifier="oai:test:25").title == "Tiêu đề đã sửa"
    full = harvest(source, full=True)
    assert (full.new, full.updated, full.unchanged) == (0, 0, 26)


def test_records_deleted_at_the_source_become_tombstones(provider, source):
    fake, _ = provider
    harvest(source)
    fake.items[2].deleted = True
    fake.items.append(fake.items.pop(2))  # the deletion is the newest change
    fake.items[-1].number = 30
    run = harvest(source)
    assert run.deleted == 0  # number 30 is new to us: a deletion of something never held
    fake.items[-1].number = 3
    run = harvest(source, full=True)
    assert run.deleted == 1
    document = Document.objects.get(origin_identifier="oai:test:3")
    assert document.status == Document.Status.DELETED


def test_broken_records_are_counted_and_the_run_goes_on(provider, source):
    fake, _ = provider
    fake.items[4].extra = "<dc:description>" + "á" * (6 * 1024 * 1024) + "</dc:description>"
    fake.items[5].title = ""  # no dc:title
    run = harvest(source)
    assert run.status == HarvestRun.Status.SUCCEEDED
    assert (run.new, run.failed) == (23, 2)
    reasons = {e["identifier"]: e["reason"] for e in run.errors}
    assert "over the" in reasons["oai:test:5"] and "no title" in reasons["oai:test:6"]


@pytest.mark.parametrize("fault", ["html", "truncated", "latin1", "invalid-char", "loop"])
def test_a_bad_page_fails_the_run_cleanly_and_the_next_run_resumes(provider, source, fault):
    fake, _ = provider
    fake.faults = {2: fault}
    first = harvest(source)
    assert first.status == HarvestRun.Status.FAILED and first.message
    good_pages = 2 if fault == "loop" else 1  # a looping token is seen after its page is read
    assert first.pages == good_pages and first.token  # checkpoint kept after the good pages
    source.refresh_from_db()
    assert source.health == "error"
    assert len(stored()) == 10 * good_pages
    second = harvest(source)
    assert second.pk == first.pk and second.status == HarvestRun.Status.SUCCEEDED
    assert len(stored()) == 25 and Document.objects.count() == 25


def test_a_provider_that_stays_down_keeps_the_checkpoint(provider, source):
    fake, _ = provider
    fake.faults = {n: "503" for n in range(2, 6)}
    run = harvest(source)
    assert run.status == HarvestRun.Status.FAILED and "503" in run.message
    assert Document.objects.count() == 10
    assert harvest(source).status == HarvestRun.Status.SUCCEEDED
    assert Document.objects.count() == 25


def test_bad_resumption_token_restarts_the_list_from_the_runs_own_from(provider, source):
    fake, _ = provider
    harvest(source)
    fake.items += [Item(n, f"Tài liệu mới {n}") for n in range(26, 41)]  # two pages from the 25th
    before = len(fake.requests)
    fake.faults = {before + 2: "badtoken"}
    run = harvest(source)
    assert run.status == HarvestRun.Status.SUCCEEDED and Document.objects.count() == 40
    first, restart = [r for r in fake.requests[before:] if "metadataPrefix" in r]
    # the 25th's own datestamp: it was read long (more than OVERLAP) after it was made
    assert first["from"] == restart["from"] == "2025-01-01T00:00:25Z"


def test_no_records_match_is_a_success_with_nothing_new(provider, source):
    fake, _ = provider
    harvest(source)
    fake.items = [i for i in fake.items if i.number > 100]
    run = harvest(source)
    assert run.status == HarvestRun.Status.SUCCEEDED and run.new == 0


def test_pdfs_are_fetched_checked_stored_once_and_read(provider, source):
    fake, running = provider
    data, pages = render_pdf("Tôm sú Cà Mau", ["Lê Văn A"], "Nuôi tôm sú ở Cà Mau. " * 50)
    fake.pdfs = {"/pdf/a.pdf": data, "/pdf/b.pdf": data, "/pdf/login.pdf": b"<html>Login</html>"}
    fake.items[0].pdf = f"{running.root}/pdf/a.pdf"
    fake.items[1].pdf = f"{running.root}/pdf/b.pdf"  # the same bytes under another address
    fake.items[2].pdf = f"{running.root}/pdf/login.pdf"
    fake.items[3].pdf = f"{running.root}/pdf/missing.pdf"
    HarvestSource.objects.filter(pk=source.pk).update(fulltext=True)
    run = harvest(source)
    assert (run.pdfs_fetched, run.pdfs_extracted, run.pdfs_failed) == (2, 2, 2)
    files = DocumentFile.objects.all()
    assert files.count() == 2 and len({f.file.name for f in files}) == 1  # stored once
    text = DocumentText.objects.get(document__origin_identifier="oai:test:1")
    assert text.status == "ok" and text.extractor == "pypdfium2"
    assert "Nuôi tôm sú ở Cà Mau" in " ".join(text.text.split())
    first = files.first()
    assert first is not None and first.page_count == pages
    failed = {
        t.url.rsplit("/", 1)[1]: t.reason for t in FulltextTask.objects.filter(status="failed")
    }
    # A login page in the PDF's place is read as a page: it leads nowhere.
    assert "a page with no link to a full text" in failed["login.pdf"]
    assert "404" in failed["missing.pdf"]
    assert Document.objects.filter(origin_identifier="oai:test:3").exists()  # metadata kept
    login_text = DocumentText.objects.get(document__origin_identifier="oai:test:3")
    assert login_text.status == "none" and "a page with no link" in login_text.reason
    missing = DocumentText.objects.get(document__origin_identifier="oai:test:4")
    assert (missing.status, missing.reason) == ("none", "HTTP 404")
    no_link = DocumentText.objects.get(document__origin_identifier="oai:test:5")
    assert (no_link.status, no_link.reason) == ("none", "no link to a full text in the record")


def test_the_command_registers_a_source_by_url_and_prints_a_summary(provider, search_index, capsys):
    _, running = provider
    call_command("harvest", url=running.url, no_fulltext=True)
    out = capsys.readouterr().out
    assert "25 mới" in out and "0 lỗi" in out
    harvest_source = HarvestSource.objects.get(base_url=running.url)
    assert harvest_source.source.name == "Kho thử nghiệm"
    call_command("harvest", harvest_source.source.slug, no_fulltext=True)
    assert HarvestRun.objects.filter(source=harvest_source).count() == 2


def test_a_run_tells_the_library_its_documents_changed_unless_told_not_to(source):
    # Bulk writes send no model signals: this is how search learns to catch up.
    sent = []

    def receiver(sender, run, **kwargs):
        sent.append(run.pk)

    documents_changed.connect(receiver)
    try:
        run = harvest(source)
        harvest(source, index=False)
    finally:
        documents_changed.disconnect(receiver)
    assert sent == [run.pk]


# A partner's data and links are untrusted (issue #12). The test settings let the harvester reach
# the loopback provider (HARVEST_ALLOW_PRIVATE_NETWORKS); these tests take that away again.


def test_a_provider_in_the_private_network_is_not_harvested(provider, source, settings):
    fake, _ = provider
    settings.HARVEST_ALLOW_PRIVATE_NETWORKS = False
    run = harvest(source)
    assert run.status == HarvestRun.Status.FAILED
    assert "127.0.0.1 is a loopback address" in run.message
    assert fake.requests == [] and not Document.objects.exists()  # not asked, not retried


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("{root}/oai", r"mạng nội bộ \(127\.0\.0\.1\)"),
        ("http://[::ffff:127.0.0.1]:{port}/oai", "mạng nội bộ"),
        ("ftp://thuvien.example.vn/oai", "http:// hoặc https://"),
    ],
)
def test_the_command_will_not_register_a_url_it_may_not_harvest(
    provider, search_index, settings, url, reason
):
    fake, running = provider
    settings.HARVEST_ALLOW_PRIVATE_NETWORKS = False
    port = running.server.server_address[1]
    with pytest.raises(CommandError, match=reason):
        call_command("harvest", url=url.format(root=running.root, port=port), no_fulltext=True)
    assert fake.requests == [] and not HarvestSource.objects.exists()


@override_settings(TASKS=QUEUE)
def test_a_pdf_link_into_the_private_network_is_neither_fetched_nor_kept(
    provider, source, settings
):
    fake, running = provider
    secret, _ = render_pdf("Nội bộ", ["Quản trị"], "Mật khẩu của máy chủ nội bộ. " * 20)
    fake.pdfs = {"/internal/secret.pdf": secret}
    fake.items[0].pdf = f"{running.root}/internal/secret.pdf"
    HarvestSource.objects.filter(pk=source.pk).update(fulltext=True)
    harvest(source)  # records from the loopback provider (allowed), PDFs queued for the workers
    settings.HARVEST_ALLOW_PRIVATE_NETWORKS = False  # the workers, as in production
    work()
    assert fake.fetched == []
    task = FulltextTask.objects.get()
    assert task.status == "failed" and "127.0.0.1 is a loopback address" in task.reason
    assert not DocumentFile.objects.exists()
    text = DocumentText.objects.get(document__origin_identifier="oai:test:1")
    assert text.status == "none" and "Mật khẩu" not in text.text + text.reason


def test_an_oai_page_that_trickles_past_its_deadline_fails_the_run(provider, source, settings):
    fake, _ = provider
    settings.HARVEST_OAI_DEADLINE = 1
    fake.trickle = {"/oai": 0.05}  # a page of ten records in about three seconds
    started = time.monotonic()
    run = harvest(source)
    assert run.status == HarvestRun.Status.FAILED
    assert "not finished within the 1-second deadline" in run.message
    assert time.monotonic() - started < 2.5  # given up at the deadline, and not retried
    assert len(fake.requests) == 1


def test_a_pdf_that_trickles_past_its_deadline_is_given_up(provider, source, settings):
    fake, running = provider
    data, _ = render_pdf("Tôm sú Cà Mau", ["Lê Văn A"], "Nuôi tôm sú ở Cà Mau. " * 50)
    fake.pdfs = {"/pdf/slow.pdf": data}
    fake.items[0].pdf = f"{running.root}/pdf/slow.pdf"
    fake.trickle = {"/pdf/": 0.02}  # several seconds for the whole file
    settings.HARVEST_PDF_DEADLINE = 1
    HarvestSource.objects.filter(pk=source.pk).update(fulltext=True)
    started = time.monotonic()
    run = harvest(source)
    assert (run.pdfs_fetched, run.pdfs_failed) == (0, 1)
    assert "not finished within the 1-second deadline" in FulltextTask.objects.get().reason
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    ("setting", "per_source", "refused"),
    [(4096, None, True), (None, 4096, True), (4096, 10 * 1024 * 1024, False)],
)
def test_an_oai_page_over_its_size_cap_fails_the_run(
    provider, source, settings, setting, per_source, refused
):
    if setting is not None:
        settings.HARVEST_OAI_MAX_BYTES = setting
    if per_source is not None:
        HarvestSource.objects.filter(pk=source.pk).update(oai_max_bytes=per_source)
    run = harvest(source)
    if refused:  # a page of ten records is about 6 KB
        assert run.status == HarvestRun.Status.FAILED
        assert "over the 4,096-byte cap" in run.message
        assert not Document.objects.exists()
    else:  # the source's own cap wins over the site's
        assert run.status == HarvestRun.Status.SUCCEEDED and run.new == 25
