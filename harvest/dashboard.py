"""The librarian's dashboard on the admin's home page: what needs a librarian today, each line
linked to the admin list where it is fixed. A fixed handful of queries, whatever the number of
sources or documents (a test holds it to that).

The sources needing care and the runs of the last 24 hours are read on every load (small
tables: a run that finished a moment ago shows). The counts over the documents and their texts
(1.5 s at 229k documents: benchmarks/dashboard.py) are kept in the shared cache COUNTS_SECONDS,
under the end of the last run that changed the library, so such a run's additions show at once
and the extraction queue's progress within COUNTS_SECONDS."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from library.models import Document, DocumentText
from library.poor_texts import POOR_TEXT

from .models import FulltextTask, HarvestRun, HarvestSource, OcrTask

COUNTS_SECONDS = 300
# The texts a librarian can act on (ask the partner for another file, turn OCR on, …)
FAILED_TEXTS = [
    DocumentText.Status.SCANNED,
    DocumentText.Status.ENCRYPTED,
    DocumentText.Status.FAILED,
    DocumentText.Status.NONE,
]


def listing(name: str, **filters: object) -> str:
    """An admin snippet list, filtered."""
    url = reverse(f"wagtailsnippets_{name}:list")
    return f"{url}?{urlencode(filters)}" if filters else url


@dataclass
class Line:
    label: str
    count: int
    url: str


@dataclass
class Care:
    source: HarvestSource
    failing: bool  # else late
    url: str  # its runs


def sources_needing_care(now: datetime) -> list[Care]:
    """Enabled sources whose last run failed, or that are late: failing first."""
    found = []
    for source in HarvestSource.objects.filter(enabled=True).select_related("source"):
        failing = source.health == "error"
        if failing or source.is_late(now):
            runs = listing("harvest_harvestrun", source=source.pk)
            found.append(Care(source, failing, runs))
    return sorted(found, key=lambda care: (not care.failing, care.source.source.name))


def runs_today(now: datetime) -> list[Line]:
    counts = dict(
        HarvestRun.objects.filter(started_at__gte=now - timedelta(hours=24))
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return [
        Line(str(label), counts.get(status, 0), listing("harvest_harvestrun", status=status))
        for status, label in HarvestRun.Status.choices
    ]


def backlog() -> dict[str, int]:
    return {
        "pdfs": FulltextTask.objects.filter(status=FulltextTask.Status.PENDING).count(),
        "ocr_pages": OcrTask.objects.filter(status=OcrTask.Status.PENDING).aggregate(
            n=Sum("pages_owed")
        )["n"]
        or 0,
    }


def texts_failed() -> list[Line]:
    counts = dict(
        DocumentText.objects.filter(status__in=FAILED_TEXTS)
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    documents = "library_document"
    lines = [
        Line(str(status.label), counts.get(status, 0), listing(documents, fulltext__status=status))
        for status in FAILED_TEXTS
    ]
    poor = Document.objects.filter(POOR_TEXT).count()
    lines.append(Line(_("Văn bản kém chất lượng"), poor, listing(documents, poor_text="true")))
    return lines


def added_this_week(now: datetime) -> list[Line]:
    since = now - timedelta(days=7)
    # The week's documents found by the index of their arrival, then grouped: asked as one
    # filter, SQLite walked every document in source order to spare itself the grouping (0.4 s
    # at 229,000 documents, 5.8 s from a cold disk, for a week that brought none).
    new = Document.objects.filter(created_at__gte=since).values("pk")
    rows = (
        Document.objects.filter(pk__in=Subquery(new))
        .values_list("source_id", "source__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "source__name")
    )
    day = timezone.localdate(since).isoformat()
    return [
        Line(name, n, listing("library_document", source=pk, created_at__gte=day))
        for pk, name, n in rows
    ]


def kept(name: str, compute: Callable[[], dict]) -> dict:
    """compute()'s counts, kept in the shared cache under the end of the last run that changed
    the library, for COUNTS_SECONDS at most."""
    key = f"harvest:{name}:{HarvestRun.last_change()}"
    return cast(dict, cache.get_or_set(key, compute, COUNTS_SECONDS))


def counts(now: datetime) -> dict:
    return kept(
        "dashboard",
        lambda: {"backlog": backlog(), "texts": texts_failed(), "added": added_this_week(now)},
    )


class Dashboard(Component):
    name = "librarian_dashboard"
    template_name = "harvest/dashboard.html"
    order = 50  # above Wagtail's own panels: this is what the librarian comes for

    def get_context_data(self, parent_context):
        now = timezone.now()
        return {
            "sources": sources_needing_care(now),
            "runs": runs_today(now),
            **counts(now),
            "sources_url": listing("harvest_harvestsource"),
        }
