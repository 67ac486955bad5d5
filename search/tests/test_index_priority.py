"""Index writes go before the work queued at the default priority: a harvest queues all its
full-text batches at once, and each batch's index write must not wait behind them all."""

import pytest
from django.test import override_settings
from django_tasks import default_task_backend, task
from django_tasks_db.models import DBTaskResult

from search import tasks

pytestmark = pytest.mark.django_db
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@task()
def queued_earlier() -> None:
    """Work at django-tasks' default priority, as a harvest's full-text batches are."""


@override_settings(TASKS=QUEUE)
def test_an_index_write_is_taken_before_default_work_queued_earlier():
    assert default_task_backend.supports_priority
    for _ in range(3):
        queued_earlier.enqueue()
    tasks.drain_backlog.enqueue()
    tasks.update_index.enqueue()
    tasks.index_written.enqueue(1, "2026-01-01T00:00:00+00:00")
    taken = []
    while (result := DBTaskResult.objects.ready().get_locked()) is not None:
        taken.append(result.task_path.rsplit(".", 1)[-1])
        result.delete()
    assert taken[:3] == ["drain_backlog", "update_index", "index_written"]
    assert taken[3:] == ["queued_earlier"] * 3
