"""What the index owes, written in few large writes rather than one per save.

Each transaction that saves items records them here when it commits (`owe`), and a drain
(search.tasks.drain_backlog) writes everything owed, one write per kind. Every write to the
embedded index is a tantivy commit and a new segment, and tantivy merges its segments under
10,000 documents into one again every 8 of them: at 32 full texts a commit (a full-text
harvest's batch) the index's CPU per document grew from 28 ms to 50 as the library grew to 9,000
documents, 36.6 ms over the first 10,240, against 19.4 in writes of 256
(benchmarks/index_commits.py).

When the index is idle (no drain began within THROTTLE), a save is written at once, as before;
while it is busy, what is owed waits until THROTTLE after the last drain began, until COALESCE
items are owed (`due`), or until a run of writes says it has ended (library.signals
.writes_ended: a harvest run's last PDF settled), whichever comes first. A drain that dies
leaves its claim, which the next drain takes over once it is STALE; what is left owed after a
failure is written by the next drain (search.tasks retries a failed one, later and later), and
`search_index update` catches up on anything else. An item the engine refused for good (a record
it cannot index) stays here with the reason, set aside: no drain takes it again, until it is
saved again (`owe`); `search_index status` lists it.
"""

import uuid
from collections import defaultdict
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Count, Min, Q
from django.utils import timezone

from . import indexing
from .models import IndexBacklog

THROTTLE = timedelta(seconds=10)
COALESCE = 256
CLAIM = 2000  # items one write takes at most: a drain goes on while it finds this many
STALE = timedelta(minutes=10)  # a claim this old was a drain that died
LAST_DRAIN = "search:backlog-drain-began"


def owe(owed: dict[str, set[int]]) -> None:
    """Record these items (kind → pks) as owed, again if a drain has already taken them."""
    IndexBacklog.record(
        [IndexBacklog(kind=kind, item=pk) for kind, pks in owed.items() for pk in sorted(pks)]
    )


def owed() -> tuple[int, datetime | None]:
    """How many items the index owes, and since when the oldest has waited (not counting
    those set aside)."""
    waiting = IndexBacklog.objects.filter(refused="").aggregate(
        count=Count("id"), oldest=Min("queued_at")
    )
    return waiting["count"], waiting["oldest"]


def set_aside(limit: int = 20) -> tuple[int, list[tuple[str, int, str]]]:
    """How many items the engine refused, and (kind, item, why) of the first `limit`."""
    refused = IndexBacklog.objects.exclude(refused="").order_by("id")
    return refused.count(), list(refused.values_list("kind", "item", "refused")[:limit])


def due(now: datetime) -> datetime | None:
    """When a drain should write what is owed: None for at once."""
    last = cache.get(LAST_DRAIN)
    if last is None or now - last >= THROTTLE:
        return None
    if IndexBacklog.objects.filter(claim="", refused="").count() >= COALESCE:
        return None
    return last + THROTTLE


def _claim(limit: int) -> tuple[str, dict[str, list[int]]]:
    """Take up to `limit` owed items no live drain holds: a token and the items, by kind. Two
    drains never hold the same item: each UPDATE takes only rows that are still free."""
    token, now = uuid.uuid4().hex, timezone.now()
    free = (Q(claim="") | Q(claimed_at__lt=now - STALE)) & Q(refused="")
    oldest = IndexBacklog.objects.filter(free).order_by("id")
    ids = list(oldest.values_list("id", flat=True)[:limit])
    IndexBacklog.objects.filter(free, id__in=ids).update(claim=token, claimed_at=now)
    items: dict[str, list[int]] = defaultdict(list)
    for kind, item in IndexBacklog.objects.filter(claim=token).values_list("kind", "item"):
        items[kind].append(item)
    return token, items


def drain() -> int:
    """Write what is owed, one index write per kind and CLAIM items; how many items that was.
    An item saved again meanwhile stays owed; on a failure, the items go back to owed. Only a
    drain that finds items marks the index busy: one that finds none (a run's end, `search_index
    update`) left the next save waiting THROTTLE for nothing."""
    written = 0
    while True:
        token, items = _claim(CLAIM)
        if not items:
            return written
        if not written:
            cache.set(LAST_DRAIN, timezone.now(), timeout=None)
        try:
            for kind, pks in items.items():
                indexing.index_items(kind, pks)
        except Exception:
            IndexBacklog.objects.filter(claim=token).update(claim="", claimed_at=None)
            raise
        IndexBacklog.objects.filter(claim=token).delete()
        taken = sum(len(pks) for pks in items.values())
        written += taken
        if taken < CLAIM:
            return written
