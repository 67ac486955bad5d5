"""Figures computed over the whole library (the statistics, the member libraries), kept in the
cache for TIMEOUT seconds and recomputed as soon as a harvest run that changed the library
finishes: the key carries that run's end, which a query over the small table of runs finds in
well under a millisecond. A run that found nothing new (most runs, once sources are harvested
minutes apart) keeps the figures: computing them takes seconds at 229k documents. A document
entered by hand, and a run's time and result on /mang-luoi/, show within TIMEOUT."""

from collections.abc import Callable
from typing import TypeVar, cast

from django.core.cache import cache
from django.db.models import Max, Q

from harvest.models import HarvestRun

TIMEOUT = 600
T = TypeVar("T")


def generation() -> str:
    changed = Q(new__gt=0) | Q(updated__gt=0) | Q(deleted__gt=0)
    finished = HarvestRun.objects.filter(changed).aggregate(last=Max("finished_at"))["last"]
    return str(finished.timestamp() if finished else 0)


def cached(name: str, compute: Callable[[], T], current: str | None = None) -> T:
    """compute()'s value, from the cache while no harvest run has finished since; `current`:
    the generation() a view already asked for."""
    key = f"portal:{name}:{current or generation()}"
    return cast(T, cache.get_or_set(key, compute, TIMEOUT))
