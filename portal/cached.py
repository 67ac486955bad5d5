"""Figures computed over the whole library (the statistics, the member libraries), kept in the
cache for TIMEOUT seconds and recomputed as soon as a harvest run finishes: the key carries the
newest run's end, which a query over the small table of runs finds in well under a millisecond.
A document entered by hand shows within TIMEOUT."""

from collections.abc import Callable
from typing import TypeVar, cast

from django.core.cache import cache
from django.db.models import Max

from harvest.models import HarvestRun

TIMEOUT = 600
T = TypeVar("T")


def generation() -> str:
    finished = HarvestRun.objects.aggregate(last=Max("finished_at"))["last"]
    return str(finished.timestamp() if finished else 0)


def cached(name: str, compute: Callable[[], T], current: str | None = None) -> T:
    """compute()'s value, from the cache while no harvest run has finished since; `current`:
    the generation() a view already asked for."""
    key = f"portal:{name}:{current or generation()}"
    return cast(T, cache.get_or_set(key, compute, TIMEOUT))
