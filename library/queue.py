"""Queueing background work (Django's task framework, via the django-tasks backport).

The backend is configuration (settings.TASKS): the immediate backend runs a task inside
`enqueue`, the database backend stores it for `manage.py db_worker`. Either way a task that
cannot be queued, or that the immediate backend ran and saw fail, is logged for the admin and
the caller goes on: every task here has a catch-up path (`search_index update`,
`harvest --requeue`).
"""

import logging

from django_tasks.base import Task, TaskResultStatus

logger = logging.getLogger(__name__)


def enqueue(task: Task, *args) -> bool:
    try:
        result = task.enqueue(*args)
    except Exception:
        logger.exception("could not queue %s%r", task.name, args)
        return False
    if result.status == TaskResultStatus.FAILED:
        logger.error("%s%r failed: %s", task.name, args, result.errors[-1].traceback)
        return False
    return True
