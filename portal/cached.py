"""Figures computed over the whole library (the statistics, the member libraries' holdings, the
sitemap index's sections), kept in the shared cache (settings.CACHES: one copy for every worker)
under the library's generation: the end of the last harvest run that changed it, which an index
of those runs answers in well under a millisecond (harvest.models.HarvestRun.last_change). A run
that found nothing new (most runs, once sources are harvested minutes apart) keeps the figures.

Computing them takes seconds at 229k documents (benchmarks/statistics_pages.py), so a visitor
should never be the one who does: the run that changes the library recomputes and stores them
(portal.statistics.refresh), and so does the nightly `refresh_figures`, which also brings in
documents entered by hand and full texts read since. While that refresh is under way (seconds
after the run, longer when the task waits for a busy worker) visitors are shown the figures of
the generation before; a visitor computes them only when none are stored (before the first
refresh), or when REFRESH_GRACE has passed since the run without a refresh (a run made with
`harvest --no-index`, which sends no signal).
"""

import time
from collections.abc import Callable
from typing import TypeVar, cast

from django.core.cache import cache

from harvest.models import HarvestRun

TIMEOUT = 3 * 24 * 3600  # outlives a missed night: the nightly refresh rewrites them first
REFRESH_GRACE = 600  # seconds after a run that changed the library its refresh may take
T = TypeVar("T")


def generation() -> str:
    return HarvestRun.last_change()


def cached(name: str, compute: Callable[[], T], current: str | None = None) -> T:
    """compute()'s value, from the cache while no harvest run has changed the library since;
    `current`: the generation() a view already asked for."""
    current = current or generation()
    found = cache.get(f"portal:{name}")
    if found is not None and (found[0] == current or refreshing(current)):
        return cast(T, found[1])
    return store(name, compute(), current)


def refreshing(current: str) -> bool:
    """The run that began this generation ended so lately that its refresh may be running."""
    return time.time() - float(current) < REFRESH_GRACE


def is_stored(name: str, current: str) -> bool:
    found = cache.get(f"portal:{name}")
    return found is not None and found[0] == current


def store(name: str, value: T, current: str) -> T:
    """Put a freshly computed value where cached() finds it. One entry a name, holding its
    generation beside the value: a new generation replaces the old one's instead of adding
    entries until the cache culls some (the database cache drops a third of its keys, in key
    order, once it holds MAX_ENTRIES, current ones among them)."""
    cache.set(f"portal:{name}", (current, value), TIMEOUT)
    return value
