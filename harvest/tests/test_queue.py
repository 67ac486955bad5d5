"""Full-text work through the database queue (django-tasks-db), as production runs it: the
harvest only queues, `db_worker` processes do the work, and a lost worker loses nothing."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from harvest import tasks
from harvest.models import FulltextTask, HarvestRun, HarvestSource
from harvest.testing.fixtures import harvest
from library.demo.pdf import render_pdf
from library.models import DocumentText
from library.signals import writes_ended

pytestmark = pytest.mark.django_db
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def with_pdfs(provider, source):
    fake, running = provider
    data, _ = render_pdf("Lúa mùa Sóc Trăng", ["Trần Thị B"], "Giống lúa mùa ở Sóc Trăng. " * 40)
    fake.pdfs = {f"/pdf/{n}.pdf": data for n in range(1, 21)}
    for n in range(1, 21):
        fake.items[n - 1].pdf = f"{running.root}/pdf/{n}.pdf"
    HarvestSource.objects.filter(pk=source.pk).update(fulltext=True)
    return source


def work() -> None:
    """db_worker passes over the queue until nothing is left in it, in this test's transaction
    (the worker's own `close_old_connections`, right for a long-lived process, would close it
    on PostgreSQL). A task queued to wait (an index write while the index was busy: search
    .backlog) is run as if its time had come."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(db_worker, "close_old_connections", lambda: None)
        while True:
            call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
            waiting = DBTaskResult.objects.filter(status="READY")
            if not waiting.exists():
                return
            waiting.update(run_after=timezone.now())


@override_settings(TASKS=QUEUE)
def test_the_harvest_queues_and_a_worker_does_the_work(with_pdfs):
    run = harvest(with_pdfs)
    # The list is read, but the run is not done while its full texts are owed.
    assert run.status == HarvestRun.Status.AWAITING_FULLTEXT and run.pdfs_fetched == 0
    assert run.finished_at is None and with_pdfs.__class__.objects.get().last_success_at is None
    batches = -(-20 // tasks.BATCH)
    fulltext_batches = DBTaskResult.objects.filter(task_path="harvest.tasks.extract_fulltext")
    assert fulltext_batches.count() == batches
    assert not DocumentText.objects.filter(status="ok").exists()  # only queued so far
    work()
    assert FulltextTask.objects.filter(status="done").count() == 20
    assert DocumentText.objects.filter(status="ok").count() == 20
    run.refresh_from_db()
    assert (run.pdfs_fetched, run.pdfs_extracted, run.pdfs_failed) == (20, 20, 0)
    assert run.status == HarvestRun.Status.SUCCEEDED and run.finished_at is not None
    assert HarvestSource.objects.get().last_success_at == run.finished_at
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


@override_settings(TASKS=QUEUE)
def test_a_batch_stores_its_texts_at_once_and_indexes_them_in_one_write(
    with_pdfs, django_capture_on_commit_callbacks
):
    harvest(with_pdfs)
    DBTaskResult.objects.exclude(task_path="harvest.tasks.extract_fulltext").delete()
    with django_capture_on_commit_callbacks(execute=True):  # the test's transaction never commits
        work()
    work()  # what the batch's commit queued
    # the index was idle: the batch's commit queued a drain, at once, that wrote its 20 texts;
    # the run's end queued another, which found nothing left to write
    drains = DBTaskResult.objects.filter(task_path="search.tasks.drain_backlog")
    assert tasks.BATCH >= 20 and {d.status for d in drains} == {"SUCCESSFUL"}
    assert [d.return_value for d in drains.order_by("enqueued_at")] == [20, 0]
    assert DocumentText.objects.filter(status="ok").count() == 20


@override_settings(TASKS=QUEUE)
def test_a_run_says_its_writes_have_ended_once_its_last_pdf_is_settled(with_pdfs, monkeypatch):
    ended: list[HarvestRun] = []
    monkeypatch.setattr(tasks, "BATCH", 8)  # three batches: only the last one ends the run

    def heard(sender, run, **kwargs):
        ended.append(run)

    writes_ended.connect(heard)
    try:
        run = harvest(with_pdfs)
        work()
    finally:
        writes_ended.disconnect(heard)
    run.refresh_from_db()
    assert run.status == HarvestRun.Status.SUCCEEDED and [r.pk for r in ended] == [run.pk]


@override_settings(TASKS=QUEUE)
def test_a_lost_worker_loses_nothing_and_a_batch_run_twice_counts_once(with_pdfs):
    run = harvest(with_pdfs)
    # A worker claims every batch and dies: the queue says RUNNING for ever, rows stay pending.
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now())
    assert tasks.enqueue_pending() == 0  # within the lease: perhaps only slow, left alone
    FulltextTask.objects.update(queued_at=timezone.now() - tasks.LEASE - timedelta(minutes=1))
    call_command("harvest", requeue=True, verbosity=0)
    work()
    assert FulltextTask.objects.filter(status="done").count() == 20
    ids = list(FulltextTask.objects.values_list("pk", flat=True)[: tasks.BATCH])
    again = tasks.extract_fulltext.call(ids)  # the lost worker's batch, run after all
    assert again == {"pdfs_fetched": 0, "pdfs_extracted": 0, "pdfs_failed": 0}
    run.refresh_from_db()
    assert (run.pdfs_fetched, run.pdfs_extracted) == (20, 20)
    assert tasks.LEASE <= timedelta(minutes=15)  # a lost worker's PDFs wait minutes, not hours


@override_settings(TASKS=QUEUE)
def test_a_killed_batch_is_counted_from_its_rows_and_a_working_one_keeps_its_lease(with_pdfs):
    run = harvest(with_pdfs)
    ids = list(FulltextTask.objects.order_by("pk").values_list("pk", flat=True))
    old = timezone.now() - tasks.LEASE - timedelta(minutes=1)
    FulltextTask.objects.update(queued_at=old)
    # A worker did half a batch's PDFs and was killed before it could count them.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tasks, "settle", lambda run: None)
        tasks.extract_fulltext.call(ids[:4])
    assert set(FulltextTask.objects.filter(pk__in=ids[:4]).values_list("status", flat=True)) == {
        "done"
    }
    assert FulltextTask.objects.filter(pk__in=ids[:4], queued_at__gt=old).count() == 4  # renewed
    run.refresh_from_db()
    assert run.pdfs_extracted == 0  # its counts were lost with it
    tasks.enqueue_pending()  # the rest, lease run out
    work()
    run.refresh_from_db()
    assert (run.pdfs_fetched, run.pdfs_extracted, run.status) == (20, 20, "succeeded")


@override_settings(TASKS=QUEUE)
def test_the_command_reports_a_run_awaiting_its_full_text_as_no_failure(with_pdfs, capsys):
    call_command("harvest", with_pdfs.source.slug)  # no CommandError: nothing failed
    out = capsys.readouterr().out
    assert "25 mới" in out and out.rstrip().endswith("chờ toàn văn.")
