"""OCR of scanned pages on the queue: after the text layer, and below it.

When `extract_fulltext` finds pages with no usable text layer (a scan, or a scanned page in a
typed report) and the source allows OCR, the file's pages are owed to OCR in an OcrTask row and
`recognise_pages` is queued at a lower priority than `extract_fulltext` (django-tasks-db's
workers take the highest priority first), so a library's scans never hold up the text layers
of the next harvest. One run recognises at most `PAGES_PER_RUN` pages, in the extraction worker
pool (a page that hangs the renderer or Tesseract costs its own process, killed at its cap),
then queues the rest again: a 400-page scan is many short tasks, not one long one.

Each source has a daily page budget (`HarvestSource.ocr_pages_per_day`, counted in UTC days):
pages over it stay owed, with no lease, and the next harvest or `harvest --requeue` queues them
again; a run on a new day takes from the new budget. What is owed lives in the rows, as for
FulltextTask: a run lost mid-way leaves its pages owed and its lease runs out (harvest.tasks).

When no page is owed, the file's text is every page's text in page order, the text layer's
pages as they were and the recognised ones in between, joined by a blank line as extract()
joins pages, recorded with extractor "tesseract". A page OCR failed on stays empty; its reason
is kept in `failures`.
"""

import logging
import time

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from library.fulltext import record_extraction
from library.models import DocumentFile, Source
from library.queue import enqueue

from .fulltext.extract import Extraction, usable
from .fulltext.ocr import EXTRACTOR, Page, recognise_page
from .fulltext.workers import Limits, extract_many
from .models import FulltextTask, HarvestRun, HarvestSource, OcrTask
from .tasks import LEASE, settle

logger = logging.getLogger(__name__)

OCR_PRIORITY = -10  # extract_fulltext has django-tasks' default, 0; higher runs first
PAGES_PER_RUN = 6  # two workers' three rounds: minutes at most, and the lease renewed per page
GRACE = 10.0  # seconds a worker has beyond the page's cap, for the page to report its own
# timeout before the pool kills the process


def owe_pages(
    file: DocumentFile, extraction: Extraction, fulltext_task: FulltextTask | None
) -> OcrTask | None:
    """After the text layer: the file's blank pages owed to OCR, when its source allows. The
    task to queue, or None. A file read again (the same bytes) keeps the OCR it had."""
    source = getattr(file.document.source, "harvest", None)
    if source is None or not source.ocr_enabled or not extraction.blank_pages:
        return None
    blank = set(extraction.blank_pages)
    texts = {str(n): text for n, text in enumerate(extraction.page_texts) if n not in blank}
    ocr, created = OcrTask.objects.get_or_create(
        file=file,
        defaults={
            "source": source,
            "fulltext_task": fulltext_task,
            "page_count": extraction.pages or len(extraction.page_texts),
            "owed": sorted(blank),
            "pages_owed": len(blank),
            "texts": texts,
        },
    )
    if created or ocr.status == OcrTask.Status.PENDING:
        return ocr
    if ocr.status == OcrTask.Status.DONE:
        finish(ocr)  # the text layer was just recorded over the recognised text: put it back
    return None


def queue(ocr_id: int) -> None:
    OcrTask.objects.filter(pk=ocr_id).update(queued_at=timezone.now())
    enqueue(recognise_pages, ocr_id)


def take_budget(source: HarvestSource, wanted: int) -> int:
    """Pages this run may recognise from the source's budget for today (UTC), taken from it."""
    with transaction.atomic():
        row = HarvestSource.objects.select_for_update().get(pk=source.pk)
        today = timezone.now().date()
        used = row.ocr_pages_today if row.ocr_day == today else 0
        granted = max(0, min(wanted, row.ocr_pages_per_day - used))
        row.ocr_day, row.ocr_pages_today = today, used + granted
        row.save(update_fields=["ocr_day", "ocr_pages_today"])
    return granted


@task(priority=OCR_PRIORITY)
def recognise_pages(ocr_id: int) -> dict[str, int]:
    """Recognise the next pages this OcrTask owes, within the source's budget; queue the rest."""
    ocr = (
        OcrTask.objects.select_related("file", "source")
        .filter(pk=ocr_id, status=OcrTask.Status.PENDING)
        .first()
    )
    if ocr is None:
        return {"pages": 0}
    if not ocr.source.ocr_enabled:
        ocr.status, ocr.reason, ocr.queued_at = OcrTask.Status.FAILED, "OCR tắt cho nguồn", None
        ocr.save(update_fields=["status", "reason", "queued_at"])
        return {"pages": 0}
    batch = ocr.owed[: take_budget(ocr.source, min(PAGES_PER_RUN, len(ocr.owed)))]
    if not batch:  # over today's budget: owed, unleased, queued again by the next requeue
        ocr.queued_at, ocr.reason = None, "vượt số trang OCR trong ngày của nguồn: chờ hôm sau"
        ocr.save(update_fields=["queued_at", "reason"])
        return {"pages": 0}
    with ocr.file.file.open("rb") as stored:
        data = stored.read()
    cap = settings.HARVEST_OCR_PAGE_SECONDS
    limits = Limits(seconds=cap + GRACE, memory_bytes=settings.HARVEST_EXTRACT_MEMORY)
    pages = [(index, Page(data, index, cap)) for index in batch]
    started = time.monotonic()
    for index, result in extract_many(pages, limits=limits, job=recognise_page):
        note_page(ocr, index, result)
    del data, pages  # the immediate backend runs the next task inside this one
    ocr.attempts += 1
    ocr.seconds += time.monotonic() - started
    ocr.reason = ""
    ocr.save(update_fields=["attempts", "seconds", "reason"])
    if ocr.owed:
        queue(ocr.pk)
    else:
        finish(ocr)
    return {"pages": len(batch)}


def note_page(ocr: OcrTask, index: int, result: Extraction) -> None:
    """One page's outcome, saved at once (a lost run keeps what it did); the lease renewed."""
    if result.status == "ok":
        ocr.texts[str(index)] = result.text
        ocr.pages_done += 1
    else:
        ocr.failures[str(index)] = result.reason[:300]
        ocr.pages_failed += 1
        logger.warning(
            "OCR of page %d of file %d failed: %s", index + 1, ocr.file_id, result.reason
        )
    ocr.owed = [n for n in ocr.owed if n != index]
    ocr.pages_owed = len(ocr.owed)
    ocr.queued_at = timezone.now()
    fields = ["texts", "failures", "owed", "pages_done", "pages_failed", "pages_owed", "queued_at"]
    ocr.save(update_fields=fields)


def finish(ocr: OcrTask) -> None:
    """No page owed: the file's text is its pages', in page order; its FulltextTask done and
    its run's counters recounted, when OCR gave it a text."""
    text = "\n\n".join(ocr.texts.get(str(n), "") for n in range(ocr.page_count)).strip()
    if not usable(text):
        ocr.status = OcrTask.Status.FAILED
        ocr.reason = (
            f"không nhận dạng được chữ ({ocr.pages_failed} trang lỗi)"
            if ocr.pages_failed
            else "không nhận dạng được chữ"
        )
        ocr.save(update_fields=["status", "reason"])
        return
    record_extraction(ocr.file, "ok", text, "", EXTRACTOR, ocr.page_count or None)
    ocr.status, ocr.queued_at = OcrTask.Status.DONE, None
    ocr.reason = f"{ocr.pages_failed} trang lỗi" if ocr.pages_failed else ""
    ocr.save(update_fields=["status", "queued_at", "reason"])
    t = ocr.fulltext_task
    if t is not None and t.status != FulltextTask.Status.DONE:
        t.done(f"OCR: {ocr.pages_done} trang")
        if t.run_id is not None:
            settle(HarvestRun.objects.get(pk=t.run_id))


def enqueue_ocr(source: Source | None = None) -> int:
    """Queue the OcrTasks (of one source, or all) that owe pages and are not leased."""
    pending = OcrTask.objects.filter(status=OcrTask.Status.PENDING).filter(
        Q(queued_at__isnull=True) | Q(queued_at__lt=timezone.now() - LEASE)
    )
    if source is not None:
        pending = pending.filter(source__source=source)
    ids = list(pending.order_by("pk").values_list("pk", flat=True))
    for pk in ids:
        queue(pk)
    return len(ids)
