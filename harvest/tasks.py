"""The harvest's background work: fetching PDFs and reading their text.

It runs on Django's task framework (the django-tasks backport). On one machine the immediate
backend runs each batch inside `manage.py harvest`; in production the database backend
(django-tasks-db) keeps the queue in PostgreSQL, and `manage.py db_worker` processes on any
number of machines take batches from it with SELECT … FOR UPDATE SKIP LOCKED.

What is owed lives in FulltextTask rows, not in the queue: a batch only does the rows still
pending (so running it twice does no harm). A worker renews the lease (`queued_at`) of its
batch's rows as it goes; one lost mid-batch leaves them pending with an old `queued_at`, which
the next `enqueue_pending` (every harvest run, and `harvest --requeue`) queues again once the
lease has run out: minutes, not hours. A run's PDF counters are counted from its rows, so a
killed batch can neither lose nor double them, and a run whose list was read ends (succeeds)
only once none of its PDFs is pending (`settle`).
"""

import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from library.files import StoredFile, store_bytes
from library.fulltext import no_fulltext, record_reading
from library.models import DocumentFile, DocumentText, Source
from library.queue import enqueue
from library.signals import writes_ended

from . import outbound
from .fulltext.extract import read_pdf
from .fulltext.fetch import Fetched, FetchError, Landing, Restricted, fetch_fulltext
from .fulltext.robots import Robots
from .fulltext.workers import Limits, extract_many
from .models import PDF_MAX_BYTES, FulltextTask, HarvestRun, HarvestSource

# PDFs per task: the batch's work is one transaction, whose texts the index owes as one (search
# .signals; while the index is busy, several batches' make one write), and its extraction
# workers start once for all its files; small enough that a lost batch is soon done again.
BATCH = 32
# A batch whose lease is this old and still pending was lost. A worker renews it as it goes, at
# least every RENEW; one PDF takes at most the fetch deadline plus the extraction time limit.
LEASE = timedelta(minutes=10)
RENEW = timedelta(minutes=1)


@task()
def extract_fulltext(task_ids: list[int]) -> dict[str, int]:
    """Fetch, store and read the full texts of these FulltextTasks that are still pending.

    The workers read each PDF as the next one downloads; what they found is stored in one
    transaction at the end: a batch lost before then has stored no reading, and its PDFs are
    fetched again (their bytes, content-addressed, are stored once)."""
    tasks = {
        t.pk: t
        for t in FulltextTask.objects.filter(
            pk__in=task_ids, status=FulltextTask.Status.PENDING
        ).select_related("document__source__harvest")
    }
    counts: dict[int | None, dict[str, int]] = {}

    def count(t: FulltextTask, field: str) -> None:
        per_run = counts.setdefault(t.run_id, {})
        per_run[field] = per_run.get(field, 0) + 1

    lease = Lease(tasks)
    stored: dict[int, StoredFile] = {}

    def downloads() -> Iterator[tuple[int, bytes]]:
        work = list(tasks.values())
        with outbound.client() as http:
            polite = Politeness(Robots(http))
            while work:
                t = work.pop(0)
                lease.renew()
                found = fetch(http, t, polite)
                if isinstance(found, str):  # why not
                    t.fail(found)
                    count(t, "pdfs_failed")
                    settle_document(t)
                    continue
                if isinstance(found, Landing):
                    for new in follow(t, found):
                        tasks[new.pk] = new
                        work.append(new)
                    continue
                stored[t.pk] = store_bytes(found.data)
                yield t.pk, found.data

    limits = Limits(memory_bytes=settings.HARVEST_EXTRACT_MEMORY)
    extractions = []
    for done in extract_many(downloads(), limits=limits, job=read_pdf):
        extractions.append(done)
        lease.renew()
    # harvest.ocr_tasks imports this module (settle, the lease): imported here, not at the top
    from .ocr_tasks import owe_pages, queue

    scans: list[int] = []
    with transaction.atomic():
        for key, extraction in extractions:
            t = tasks[key]
            file = store_file(t, stored[key])
            count(t, "pdfs_fetched")
            record_reading(
                file,
                extraction.status,
                extraction.text_read(),
                extraction.reason,
                extraction.extractor,
                extraction.pages,
            )
            ocr = owe_pages(file, extraction, t)
            if ocr is not None:
                scans.append(ocr.pk)
            if extraction.status == "ok":
                t.done()
                count(t, "pdfs_extracted")
            else:
                queued = f"; OCR {len(extraction.blank_pages)} trang" if ocr is not None else ""
                t.fail(f"{extraction.status}: {extraction.reason}{queued}")
                count(t, "pdfs_failed")
    for run in HarvestRun.objects.filter(pk__in=[r for r in counts if r is not None]):
        settle(run)  # its counters, wherever its batches ran; its end, once none is owed
    for ocr_id in scans:  # below this task's priority: after the text layers queued now
        queue(ocr_id)
    return {
        name: sum(c.get(name, 0) for c in counts.values())
        for name in ("pdfs_fetched", "pdfs_extracted", "pdfs_failed")
    }


def store_file(t: FulltextTask, stored: StoredFile) -> DocumentFile:
    """The task's PDF as its document's file (once, however many links lead to it)."""
    file, _ = DocumentFile.objects.get_or_create(
        document=t.document,
        sha256=stored.sha256,
        defaults={
            "file": stored.name,
            "size": stored.size,
            "position": t.position,
            "original_url": t.url[:1000],
        },
    )
    t.fetched = True
    t.save(update_fields=["fetched"])
    return file


class Politeness:
    """One request at a time per host, the source's delay between them, and robots.txt asked
    before a landing page."""

    def __init__(self, robots: Robots) -> None:
        self.robots = robots
        self.last: dict[str, float] = {}

    def wait(self, url: str, delay: float) -> None:
        host = urlsplit(url).netloc
        if delay and host in self.last:
            time.sleep(max(0.0, self.last[host] + delay - time.monotonic()))
        self.last[host] = time.monotonic()


def fetch(http: httpx.Client, t: FulltextTask, polite: Politeness) -> Fetched | Landing | str:
    """What the task's link serves: a PDF, a landing page (read only on the first hop), or
    why neither."""
    source = getattr(t.document.source, "harvest", None)
    if t.kind == FulltextTask.Kind.PAGE and not polite.robots.allowed(t.url):
        return "robots.txt asks crawlers to keep off this page"
    polite.wait(t.url, source.delay_seconds if source else 0.0)
    cap = source.pdf_max_bytes if source else PDF_MAX_BYTES
    try:
        return fetch_fulltext(
            http, t.url, cap, deadline=settings.HARVEST_PDF_DEADLINE, read_pages=t.hops == 0
        )
    except Restricted as err:
        return f"{FulltextTask.RESTRICTED}: {err}"
    except FetchError as err:
        return str(err)


def follow(t: FulltextTask, page: Landing) -> list[FulltextTask]:
    """The page's full-text links as tasks of their own (one hop: never followed further)."""
    if not page.links:
        t.fail("a page with no link to a full text (no citation_pdf_url, no signposting)")
        settle_document(t)
        return []
    t.done(f"a page with {len(page.links)} link(s)")
    known = set(FulltextTask.objects.filter(document=t.document).values_list("url", flat=True))
    new = [
        FulltextTask(
            document=t.document,
            url=url[:1000],
            run_id=t.run_id,
            hops=t.hops + 1,
            position=t.position + number + 1,
            queued_at=timezone.now(),
        )
        for number, url in enumerate(page.links)
        if url not in known and len(url) <= 1000
    ]
    FulltextTask.objects.bulk_create(new)
    return list(
        FulltextTask.objects.filter(
            document=t.document, url__in=[n.url for n in new]
        ).select_related("document__source__harvest")
    )


def settle_document(t: FulltextTask) -> None:
    """A link that led nowhere: when it was the document's last hope, the document has no
    full text, and why."""
    owed = FulltextTask.objects.filter(document=t.document, status=FulltextTask.Status.PENDING)
    reads = DocumentFile.objects.filter(document=t.document, status=DocumentText.Status.OK)
    if not owed.exists() and not reads.exists():
        no_fulltext([t.document_id], t.reason)


class Lease:
    """This worker is alive: the batch's rows still pending keep their lease, renewed as the
    batch begins (it may have waited in the queue) and then at most every RENEW."""

    def __init__(self, tasks: dict[int, FulltextTask]) -> None:
        self.tasks = tasks
        self.renewed: datetime | None = None

    def renew(self) -> None:
        now = timezone.now()
        if self.renewed is not None and now - self.renewed < RENEW:
            return
        FulltextTask.objects.filter(
            pk__in=list(self.tasks), status=FulltextTask.Status.PENDING
        ).update(queued_at=now)
        self.renewed = now


def pending_fulltext(run: HarvestRun) -> bool:
    return FulltextTask.objects.filter(run=run, status=FulltextTask.Status.PENDING).exists()


@transaction.atomic
def settle(run: HarvestRun) -> None:
    """Count the run's PDFs from its rows, and end a run that waits for its full text once
    none of its PDFs is pending. The run's row is locked first: two batches ending together
    each counted before the other had stored its PDFs, and the later save left its stale
    count (268 of 300 read, in a run that had succeeded)."""
    locked = HarvestRun.objects.select_for_update().only("status", "finished_at").get(pk=run.pk)
    run.status, run.finished_at = locked.status, locked.finished_at
    rows = FulltextTask.objects.filter(run=run)
    run.pdfs_fetched = rows.filter(fetched=True).count()
    run.pdfs_extracted = rows.filter(status=FulltextTask.Status.DONE, fetched=True).count()
    run.pdfs_failed = rows.filter(status=FulltextTask.Status.FAILED).count()
    fields = ["pdfs_fetched", "pdfs_extracted", "pdfs_failed"]
    if run.status == HarvestRun.Status.AWAITING_FULLTEXT and not pending_fulltext(run):
        run.status, run.finished_at = HarvestRun.Status.SUCCEEDED, timezone.now()
        fields += ["status", "finished_at"]
        HarvestSource.objects.filter(pk=run.source_id).update(last_success_at=run.finished_at)
        writes_ended.send(sender=HarvestRun, run=run)
    run.save(update_fields=fields)


def enqueue_pending(
    source: Source | None = None, progress: Callable[[int], None] | None = None
) -> int:
    """Queue the pending PDFs (of one source, or all) not queued within the lease."""
    now = timezone.now()
    pending = FulltextTask.objects.filter(status=FulltextTask.Status.PENDING).filter(
        Q(queued_at__isnull=True) | Q(queued_at__lt=now - LEASE)
    )
    if source is not None:
        pending = pending.filter(document__source=source)
    ids = list(pending.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        FulltextTask.objects.filter(pk__in=chunk).update(queued_at=now)
        enqueue(extract_fulltext, chunk)
        if progress:
            progress(len(chunk))
    return len(ids)
