"""The figures' refresh as a background task: queued by the harvest run that changed the
library, run by a worker (or at once by the immediate backend). The run tells of its changes
before it queues its PDFs; below their priority (django-tasks' default, 0: higher runs first)
the refresh waits for the texts queued so far, so the full-text shares count them."""

from django_tasks import task

from . import refresh


@task(priority=-1)
def refresh_figures() -> str:
    return refresh.refresh(again=False)
