"""The figures' refresh as a background task: queued by the harvest run that changed the
library, run by a worker (or at once by the immediate backend)."""

from django_tasks import task

from . import refresh


@task()
def refresh_figures() -> str:
    return refresh.refresh(again=False)
