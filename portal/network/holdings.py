"""What each member library holds (its active documents, how many of them have their full text
read, its newest record: one aggregate query, cached as the library's figures are) and how its
harvest is doing (its last run and health: read on each request, a small query over the
sources). The network pages and the statistics' coverage chart share it."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from harvest.models import HarvestRun, HarvestSource
from library.models import Document, DocumentText, Source
from portal.cached import cached

ACTIVE = Q(documents__status=Document.Status.ACTIVE)


@dataclass(frozen=True)
class Library:
    """A member library's figures, as plain values (they are cached, and labelled in the
    reader's language only when shown)."""

    name: str
    slug: str
    province: str
    website: str
    holdings: int
    with_text: int
    newest: datetime | None
    last_run_status: str | None
    last_run_at: datetime | None
    health: str  # "ok", "late", "failing" or "none" (not harvested: entered by hand)

    @property
    def share(self) -> int:
        """The whole percentage of its documents with their full text."""
        return round(100 * self.with_text / self.holdings) if self.holdings else 0

    @property
    def search_url(self) -> str:
        """Its documents: the search filtered to it, as the browse pages link a source."""
        return f"{reverse('search:page')}?{urlencode({'source': self.slug})}"

    @property
    def last_run_label(self) -> str:
        status = self.last_run_status
        return str(HarvestRun.Status(status).label) if status else ""


def health(row: Mapping[str, Any]) -> str:
    """The badge of a library's row: its harvest source's health and lateness (no success
    within twice its interval, as the librarians' dashboard says)."""
    if row["harvest__id"] is None:
        return "none"
    source = HarvestSource(
        last_success_at=row["harvest__last_success_at"],
        last_error_at=row["harvest__last_error_at"],
        last_started_at=row["harvest__last_started_at"],
        interval_minutes=row["harvest__interval_minutes"],
    )
    if source.health == "error":
        return "failing"
    return "late" if source.health == "never" or source.is_late(timezone.now()) else "ok"


Counts = dict[int, tuple[int, int, datetime | None]]


def counts() -> Counts:
    """Each source's active documents, those with their full text, and its newest record's
    arrival, by the source's pk."""
    rows = Source.objects.annotate(
        holdings=Count("documents", filter=ACTIVE),
        with_text=Count(
            "documents", filter=ACTIVE & Q(documents__fulltext__status=DocumentText.Status.OK)
        ),
        newest=Max("documents__created_at", filter=ACTIVE),
    ).values_list("pk", "holdings", "with_text", "newest")
    return {pk: (holdings, with_text, newest) for pk, holdings, with_text, newest in rows}


def libraries(current: str | None = None) -> list[Library]:
    """`current`: the generation() a view already asked for."""
    counted: Counts = cached("holdings", counts, current)
    last_run = HarvestRun.objects.filter(source__source=OuterRef("pk")).order_by("-started_at")
    rows = (
        Source.objects.annotate(
            last_run_status=Subquery(last_run.values("status")[:1]),
            last_run_at=Subquery(last_run.values("started_at")[:1]),
        )
        .values(
            "pk", "name", "slug", "province", "website", "last_run_status", "last_run_at",
            "harvest__id", "harvest__last_success_at", "harvest__last_error_at",
            "harvest__last_started_at", "harvest__interval_minutes",
        )
        .order_by("province", "name")
    )  # fmt: skip
    return [library(row, *counted.get(row["pk"], (0, 0, None))) for row in rows]


def library(
    row: Mapping[str, Any], holdings: int, with_text: int, newest: datetime | None
) -> Library:
    return Library(
        name=row["name"],
        slug=row["slug"],
        province=row["province"],
        website=row["website"],
        holdings=holdings,  # 0 for a source added since the figures were computed
        with_text=with_text,
        newest=newest,
        last_run_status=row["last_run_status"],
        last_run_at=row["last_run_at"],
        health=health(row),
    )
