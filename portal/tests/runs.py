"""Harvest runs as the figures' cache (portal.cached) sees them."""

from django.utils import timezone

from harvest.models import HarvestRun, HarvestSource


def finished_run(source, **fields) -> HarvestRun:
    """A run of `source` (a library.Source) that has ended, now unless `finished_at` says."""
    harvest = HarvestSource.objects.get_or_create(
        source=source, defaults={"base_url": "https://a.vn/oai"}
    )[0]
    return HarvestRun.objects.create(source=harvest, **{"finished_at": timezone.now(), **fields})
