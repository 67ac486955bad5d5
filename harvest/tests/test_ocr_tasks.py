"""Scanned PDFs through the harvest (issue #15): their blank pages are owed to OCR, recognised
on the queue below the text layers' priority, within the source's daily page budget, and the
document ends with an "ok" text by "tesseract"."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from harvest import ocr_tasks, tasks
from harvest.models import FulltextTask, HarvestRun, HarvestSource, OcrTask
from harvest.testing.fixtures import harvest
from harvest.testing.scans import accuracy, scan_pdf
from harvest.tests.samples.make_pdfs import MIXED_TYPED, SCANNED_PAGE
from harvest.tests.test_queue import QUEUE, work
from library.models import DocumentText

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "samples"
THREE_PAGES = ("Trang một: lúa mùa Sóc Trăng.", "Trang hai: tôm sú Cà Mau.", "Trang ba: phù sa.")


@pytest.fixture
def scans(provider, source):
    """The provider serving `serve(name or bytes)` as record 1's PDF, full text on."""
    fake, running = provider
    HarvestSource.objects.filter(pk=source.pk).update(fulltext=True)

    def serve(pdf: str | bytes) -> None:
        data = (SAMPLES / pdf).read_bytes() if isinstance(pdf, str) else pdf
        fake.pdfs = {"/pdf/1.pdf": data}
        fake.items[0].pdf = f"{running.root}/pdf/1.pdf"

    return serve, source


def text_of_record_1() -> DocumentText:
    return DocumentText.objects.get(document__origin_identifier="oai:test:1")


def test_a_scanned_pdf_ends_with_an_ok_text_recognised_by_tesseract(tesseract, scans):
    serve, source = scans
    serve("scan_vietnamese_300dpi.pdf")
    run = harvest(source)
    text = text_of_record_1()
    assert (text.status, text.extractor) == ("ok", "tesseract")
    assert accuracy(text.text, SCANNED_PAGE) >= 0.98
    ocr = OcrTask.objects.get()
    assert (ocr.status, ocr.pages_done, ocr.pages_owed, ocr.pages_failed) == ("done", 1, 0, 0)
    assert ocr.seconds > 0 and ocr.attempts == 1
    assert FulltextTask.objects.get().status == "done"  # the PDF was read after all
    run.refresh_from_db()
    assert (run.pdfs_fetched, run.pdfs_extracted, run.pdfs_failed) == (1, 1, 0)


def test_a_scanned_page_is_spliced_between_the_typed_ones_in_page_order(tesseract, scans):
    serve, source = scans
    serve("scan_mixed.pdf")
    harvest(source)
    text = text_of_record_1()
    assert (text.status, text.extractor) == ("ok", "tesseract")
    typed, recognised = text.text.split("\n\n", 1)  # the pages joined as extract() joins them
    assert " ".join(typed.split()) == MIXED_TYPED
    assert accuracy(recognised, SCANNED_PAGE) >= 0.98


def test_a_source_with_ocr_off_leaves_its_scans_scanned(scans):
    serve, source = scans
    HarvestSource.objects.filter(pk=source.pk).update(ocr_enabled=False)
    serve("scan_vietnamese_300dpi.pdf")
    harvest(source)
    assert text_of_record_1().status == "scanned"
    assert not OcrTask.objects.exists()


def test_pages_over_the_daily_budget_wait_for_tomorrow_and_the_requeue(tesseract, scans):
    serve, source = scans
    HarvestSource.objects.filter(pk=source.pk).update(ocr_pages_per_day=2)
    serve(scan_pdf(*THREE_PAGES))
    harvest(source)
    ocr = OcrTask.objects.get()
    assert (ocr.status, ocr.pages_done, ocr.owed) == ("pending", 2, [2])
    assert ocr.queued_at is None and "hôm sau" in ocr.reason  # no lease: free to queue again
    assert text_of_record_1().status == "scanned"
    call_command("harvest", requeue=True, stdout=open("/dev/null", "w"))
    assert OcrTask.objects.get().pages_owed == 1  # still today: the budget is spent
    HarvestSource.objects.filter(pk=source.pk).update(ocr_day=timezone.now().date() - timedelta(1))
    call_command("harvest", requeue=True, stdout=open("/dev/null", "w"))
    ocr.refresh_from_db()
    assert (ocr.status, ocr.pages_done, ocr.owed) == ("done", 3, [])
    assert "phù sa" in text_of_record_1().text


def test_a_run_does_a_few_pages_and_queues_the_rest(tesseract, scans, monkeypatch):
    serve, source = scans
    monkeypatch.setattr(ocr_tasks, "PAGES_PER_RUN", 1)
    serve(scan_pdf(*THREE_PAGES))
    harvest(source)
    ocr = OcrTask.objects.get()
    assert (ocr.status, ocr.attempts, ocr.pages_done) == ("done", 3, 3)  # three runs of a page


def test_a_page_over_its_cap_stays_empty_with_its_reason(scans, settings):
    serve, source = scans
    settings.HARVEST_OCR_PAGE_SECONDS = 0.001
    serve("scan_vietnamese_300dpi.pdf")
    run = harvest(source)
    ocr = OcrTask.objects.get()
    assert (ocr.status, ocr.pages_failed) == ("failed", 1)
    assert "0.001 s" in ocr.failures["0"]
    assert text_of_record_1().status == "scanned"
    run.refresh_from_db()
    assert (run.pdfs_extracted, run.pdfs_failed) == (0, 1)


def test_ocr_is_queued_below_the_text_layer_and_runs_after_it(tesseract, scans):
    assert ocr_tasks.recognise_pages.priority < tasks.extract_fulltext.priority
    serve, source = scans
    serve("scan_vietnamese_300dpi.pdf")
    with override_settings(TASKS=QUEUE):
        harvest(source)
        work()  # the text layer, then (queued by it) the OCR
        ocr = ocr_tasks.recognise_pages.priority
        ours = DBTaskResult.objects.filter(task_path__startswith="harvest.")
        assert list(ours.values_list("task_path", "priority")) == [
            ("harvest.tasks.extract_fulltext", 0),  # the queue's order: highest priority first
            ("harvest.ocr_tasks.recognise_pages", ocr),
        ]
        # the database backend takes the highest priority first, whenever it was queued
        DBTaskResult.objects.all().delete()
        ocr_tasks.recognise_pages.enqueue(0)
        tasks.extract_fulltext.enqueue([])
        first = DBTaskResult.objects.ready().get_locked()
        assert first is not None and first.task_path == "harvest.tasks.extract_fulltext"
    assert (text_of_record_1().status, text_of_record_1().extractor) == ("ok", "tesseract")


@override_settings(TASKS=QUEUE)
def test_a_lost_ocr_run_is_queued_again_once_its_lease_runs_out(scans):
    serve, source = scans
    serve("scan_vietnamese_300dpi.pdf")
    harvest(source)
    work()  # the text layer; the OCR task is queued behind it ... and run: now make it lost
    ocr = OcrTask.objects.get()
    OcrTask.objects.filter(pk=ocr.pk).update(status="pending", queued_at=timezone.now())
    DBTaskResult.objects.all().delete()
    assert ocr_tasks.enqueue_ocr() == 0  # leased: someone is at it
    stale = timezone.now() - tasks.LEASE - timedelta(seconds=1)
    OcrTask.objects.filter(pk=ocr.pk).update(queued_at=stale)
    assert ocr_tasks.enqueue_ocr() == 1
    assert DBTaskResult.objects.get().task_path == "harvest.ocr_tasks.recognise_pages"
    assert HarvestRun.objects.count() == 1


def test_the_sources_list_counts_its_ocr_pages_owed_done_and_failed(admin_client, scans):
    serve, source = scans
    listing = "wagtailsnippets_harvest_harvestsource:list"
    assert "Trang OCR" in admin_client.get(reverse(listing)).content.decode()
    serve(scan_pdf(*THREE_PAGES))
    harvest(source)  # no budget set yet: OCR it all... then make the counts differ
    OcrTask.objects.update(pages_owed=4, pages_done=2, pages_failed=1)
    assert "4 chờ, 2 xong, 1 lỗi" in admin_client.get(reverse(listing)).content.decode()
