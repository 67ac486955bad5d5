"""Which sources are due (`harvest --due`, every minute) and the lock that keeps one run per
source: a lease on the source's row, taken by one conditional UPDATE, so two schedulers racing
take it once on SQLite and PostgreSQL alike, and renewed page by page by the run that holds
it. A run killed with SIGKILL renews nothing: its lock lapses when the lease does."""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import HarvestSource
from .progress import Progress


def lease() -> timedelta:
    """settings.HARVEST_LOCK_LEASE_SECONDS: by default 15 minutes, longer than one page can
    take (an answer's deadline with its retries), so a live run keeps its lock; short enough
    that a killed run's source is harvested again soon."""
    return timedelta(seconds=settings.HARVEST_LOCK_LEASE_SECONDS)


def renew_every() -> timedelta:  # a write a minute at most, not one per page
    return min(timedelta(minutes=1), lease() / 3)


# The timer's ticks are a minute apart, give or take a process's start: a source started at
# one tick is due at the tick `interval` later, not skipped because that one came a second early.
SLACK = timedelta(seconds=30)


def is_due(source: HarvestSource, now: datetime) -> bool:
    started = source.last_started_at
    return started is None or started + timedelta(minutes=source.interval_minutes) <= now + SLACK


def due_sources(now: datetime) -> list[HarvestSource]:
    """Enabled sources whose interval has passed since their last start, not locked."""
    free = Q(locked_until__isnull=True) | Q(locked_until__lt=now)
    candidates = HarvestSource.objects.filter(free, enabled=True).select_related("source")
    return [source for source in candidates.order_by("last_started_at") if is_due(source, now)]


class Lock:
    """A source's lock, held by this process (`owner`) until released or its lease lapses."""

    def __init__(self, source: HarvestSource) -> None:
        self.source = source
        self.owner = uuid.uuid4().hex
        self.renewed = timezone.now()

    def take(self, due_only: bool) -> bool:
        """Take the lock if it is free (and, `due_only`, the source still as due as when it
        was read: a scheduler that read it before another ran it finds it started since)."""
        now = timezone.now()
        rows = HarvestSource.objects.filter(
            Q(locked_until__isnull=True) | Q(locked_until__lt=now), pk=self.source.pk
        )
        if due_only:
            rows = rows.filter(last_started_at=self.source.last_started_at)
        taken = rows.update(locked_until=now + lease(), locked_by=self.owner, last_started_at=now)
        if taken:
            self.source.last_started_at, self.renewed = now, now
        return taken == 1

    def renew(self) -> None:
        now = timezone.now()
        if now - self.renewed >= renew_every():
            self.held().update(locked_until=now + lease())
            self.renewed = now

    def release(self) -> None:
        self.held().update(locked_until=None, locked_by="")

    def held(self):
        return HarvestSource.objects.filter(pk=self.source.pk, locked_by=self.owner)


class Renewing:
    """The run's progress, passed on, renewing the lock with every page read and PDF done."""

    def __init__(self, lock: Lock, progress: Progress) -> None:
        self.lock, self.progress = lock, progress

    def start_list(self, spec: str | None) -> None:
        self.lock.renew()
        self.progress.start_list(spec)

    def listed(self, records: int, complete_size: int | None) -> None:
        self.lock.renew()
        self.progress.listed(records, complete_size)

    def pdfs(self, count: int) -> None:  # PORTAL_TASKS=immediate reads them in this process
        self.lock.renew()
        self.progress.pdfs(count)
