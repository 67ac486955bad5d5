"""A harvest run that changed the library queues the refresh of its figures (portal.cached)."""

from django.dispatch import receiver

from harvest.models import HarvestRun
from library.queue import enqueue
from library.signals import documents_changed

from .tasks import refresh_figures


@receiver(documents_changed)
def library_changed(sender, run: HarvestRun | None = None, **kwargs) -> None:
    if run is None or run.new or run.updated or run.deleted:
        enqueue(refresh_figures)
