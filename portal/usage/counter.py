"""Counting page views and full-text downloads per document and day, as COUNTER asks: robots
left out (portal.usage.robots) and a double click (the same reader, document and action within
30 seconds) counted once.

Nothing about a reader is kept. A double click is recognised by a cache key holding a hash of
address, user agent, document and action, salted with a random salt that changes every day
(UTC) and lives only in the process's memory (settings.CACHES["clicks"]); the key expires
after 30 seconds. The counts wait in this process's memory and go to the database in one batch
once FLUSH_SECONDS have passed, after a response has been sent (request_finished), so no request
waits on a write; the price is that a worker killed outright loses at most FLUSH_SECONDS of
counts (a graceful stop flushes them)."""

import atexit
import hashlib
import logging
import secrets
import threading
import time
from datetime import date
from typing import Literal

from django.core.cache import caches
from django.core.signals import request_finished
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from library.models import DocumentUsage

from . import robots

logger = logging.getLogger(__name__)

Kind = Literal["views", "downloads"]
DOUBLE_CLICK_SECONDS = 30
FLUSH_SECONDS = 10.0
LOOPBACK = {"127.0.0.1", "::1"}  # nginx on this machine: it passes the reader's in X-Real-IP

_lock = threading.Lock()
_pending: dict[tuple[int, date], dict[str, int]] = {}
_since = time.monotonic()


def reader_address(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    if address in LOOPBACK:
        return request.headers.get("X-Real-IP", address)[:64]
    return address


def _salt(day: date) -> str:
    key = f"usage:salt:{day.isoformat()}"
    caches["clicks"].add(key, secrets.token_hex(16), timeout=2 * 24 * 3600)
    return caches["clicks"].get(key) or ""


def first_click(request: HttpRequest, document_id: int, kind: Kind) -> bool:
    """False for a repeat of the same action by the same reader within 30 seconds."""
    reader = "\n".join(
        [reader_address(request), request.headers.get("User-Agent", ""), str(document_id), kind]
    )
    digest = hashlib.sha256((_salt(timezone.now().date()) + reader).encode()).hexdigest()
    return caches["clicks"].add(f"usage:click:{digest}", 1, timeout=DOUBLE_CLICK_SECONDS)


def count(request: HttpRequest, document_id: int, kind: Kind) -> bool:
    """Count one view or download of a document, unless it is a robot's or a double click."""
    if request.method != "GET" or robots.is_robot(request.headers.get("User-Agent", "")):
        return False
    if not first_click(request, document_id, kind):
        return False
    with _lock:
        counts = _pending.setdefault((document_id, timezone.now().date()), {})
        counts[kind] = counts.get(kind, 0) + 1
    return True


def _take() -> dict[tuple[int, date], dict[str, int]]:
    global _pending, _since
    with _lock:
        batch, _pending, _since = _pending, {}, time.monotonic()
    return batch


def flush() -> int:
    """Write the waiting counts, adding them to the day's rows; how many rows were touched.
    Rows are made first (ignoring those that exist) and then incremented, so two processes
    flushing the same document and day both add their counts."""
    batch = _take()
    if not batch:
        return 0
    with transaction.atomic():
        DocumentUsage.objects.bulk_create(
            [DocumentUsage(document_id=doc, day=day) for doc, day in batch],
            ignore_conflicts=True,
        )
        for (doc, day), counts in batch.items():
            DocumentUsage.objects.filter(document_id=doc, day=day).update(
                **{kind: F(kind) + n for kind, n in counts.items()}
            )
    return len(batch)


def flush_if_due(force: bool = False, **_kwargs) -> None:
    if _pending and (force or time.monotonic() - _since >= FLUSH_SECONDS):
        try:
            flush()
        except Exception:  # a lost batch of counts must never break the site
            logger.exception("usage counts not written")


request_finished.connect(flush_if_due, dispatch_uid="portal.usage.counter")
atexit.register(flush_if_due, force=True)
