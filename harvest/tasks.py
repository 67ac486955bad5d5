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

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from library.files import store_bytes
from library.models import DocumentFile, DocumentText, Source
from library.queue import enqueue

from . import outbound
from .fulltext.fetch import FetchError, fetch_pdf
from .fulltext.workers import Limits, extract_many
from .models import PDF_MAX_BYTES, FulltextTask, HarvestRun, HarvestSource

BATCH = 8  # PDFs per task: enough to keep a worker's processes busy, small enough to retry
# A batch whose lease is this old and still pending was lost. A worker renews it after every
# PDF, and one PDF takes at most the fetch deadline plus the extraction time limit.
LEASE = timedelta(minutes=10)


@task()
def extract_fulltext(task_ids: list[int]) -> dict[str, int]:
    """Fetch, store and read the PDFs of these FulltextTasks that are still pending."""
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

    fetched: list[tuple[int, bytes]] = []
    with outbound.client() as http:
        for t in tasks.values():
            renew_lease(tasks)
            harvest_source = getattr(t.document.source, "harvest", None)
            cap = harvest_source.pdf_max_bytes if harvest_source else PDF_MAX_BYTES
            try:
                result = fetch_pdf(http, t.url, cap, deadline=settings.HARVEST_PDF_DEADLINE)
            except FetchError as err:
                t.fail(str(err))
                # The record stays, its text flagged "not fetched" with the reason.
                DocumentText.objects.update_or_create(
                    document=t.document,
                    defaults={
                        "status": DocumentText.Status.FAILED,
                        "reason": f"fetch: {err}"[:500],
                    },
                )
                count(t, "pdfs_failed")
                continue
            stored = store_bytes(result.data)
            DocumentFile.objects.get_or_create(
                document=t.document,
                sha256=stored.sha256,
                defaults={"file": stored.name, "size": stored.size, "original_url": t.url[:1000]},
            )
            t.fetched = True
            t.save(update_fields=["fetched"])
            count(t, "pdfs_fetched")
            fetched.append((t.pk, result.data))
    limits = Limits(memory_bytes=settings.HARVEST_EXTRACT_MEMORY)
    for key, extraction in extract_many(fetched, limits=limits):
        renew_lease(tasks)
        t = tasks[key]
        DocumentText.objects.update_or_create(
            document=t.document,
            defaults={
                "text": extraction.text,
                "status": extraction.status,
                "reason": extraction.reason,
                "extractor": extraction.extractor,
            },
        )
        DocumentFile.objects.filter(document=t.document).update(page_count=extraction.pages)
        if extraction.status == "ok":
            t.done()
            count(t, "pdfs_extracted")
        else:
            t.fail(f"{extraction.status}: {extraction.reason}")
            count(t, "pdfs_failed")
    for run in HarvestRun.objects.filter(pk__in=[r for r in counts if r is not None]):
        settle(run)  # its counters, wherever its batches ran; its end, once none is owed
    return {
        name: sum(c.get(name, 0) for c in counts.values())
        for name in ("pdfs_fetched", "pdfs_extracted", "pdfs_failed")
    }


def renew_lease(tasks: dict[int, FulltextTask]) -> None:
    """This worker is alive: the batch's rows still pending keep their lease."""
    FulltextTask.objects.filter(pk__in=list(tasks), status=FulltextTask.Status.PENDING).update(
        queued_at=timezone.now()
    )


def pending_fulltext(run: HarvestRun) -> bool:
    return FulltextTask.objects.filter(run=run, status=FulltextTask.Status.PENDING).exists()


def settle(run: HarvestRun) -> None:
    """Count the run's PDFs from its rows, and end a run that waits for its full text once
    none of its PDFs is pending."""
    rows = FulltextTask.objects.filter(run=run)
    run.pdfs_fetched = rows.filter(fetched=True).count()
    run.pdfs_extracted = rows.filter(status=FulltextTask.Status.DONE).count()
    run.pdfs_failed = rows.filter(status=FulltextTask.Status.FAILED).count()
    fields = ["pdfs_fetched", "pdfs_extracted", "pdfs_failed"]
    if run.status == HarvestRun.Status.AWAITING_FULLTEXT and not pending_fulltext(run):
        run.status, run.finished_at = HarvestRun.Status.SUCCEEDED, timezone.now()
        fields += ["status", "finished_at"]
        HarvestSource.objects.filter(pk=run.source_id).update(last_success_at=run.finished_at)
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
