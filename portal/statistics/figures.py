"""The library's figures for the statistics page, as plain values (they are cached, and
labelled in the reader's language only when shown)."""

from datetime import UTC, date, datetime, time

from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from library.models import Document, DocumentUsage
from portal.cached import cached
from portal.exchange.models import Enquiry
from portal.network import holdings

MONTHS = 24  # growth month by month: the last two years
TOP = 10  # most viewed / downloaded


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_back(first: date, count: int) -> date:
    index = first.year * 12 + first.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def most_used(kind: str, since: date) -> list[tuple[str, str, int]]:
    """(local_id, title, count) of the documents most used since a day."""
    rows = (
        DocumentUsage.objects.filter(day__gte=since)
        .values("document")
        .annotate(total=Sum(kind), local_id=F("document__local_id"), title=F("document__title"))
        .filter(total__gt=0)
        .order_by("-total", "document")[:TOP]
    )
    return [(row["local_id"], row["title"], row["total"]) for row in rows]


def per_month(
    rows: QuerySet, this_month: date, moment: str = "created_at"
) -> list[tuple[date, int]]:
    """(month, how many of `rows` have their `moment` in it) for the last MONTHS months, in
    UTC, the months with none included."""
    since = months_back(this_month, MONTHS - 1)
    counted = {
        month.date(): count
        for month, count in rows.filter(**{f"{moment}__gte": datetime.combine(since, time(), UTC)})
        .annotate(month=TruncMonth(moment, tzinfo=UTC))
        .values("month")
        .annotate(count=Count("id"))
        .values_list("month", "count")
    }
    months = [months_back(this_month, back) for back in range(MONTHS - 1, -1, -1)]
    return [(month, counted.get(month, 0)) for month in months]


def compute() -> dict:
    active = Document.objects.active()
    this_month = month_start(timezone.now().date())
    return {
        "total": active.count(),
        "province": list(
            active.values("source__province")
            .annotate(count=Count("id"))
            .values_list("source__province", "count")
            .order_by("-count")
        ),
        "year": list(
            active.filter(year__isnull=False)
            .values("year")
            .annotate(count=Count("id"))
            .values_list("year", "count")
            .order_by("year")
        ),
        "type": list(
            active.values("doc_type")
            .annotate(count=Count("id"))
            .values_list("doc_type", "count")
            .order_by("-count")
        ),
        "growth": per_month(active, this_month),
        # the technology exchange: enquiries sent, and those the editors forwarded (connections)
        "enquiries": per_month(Enquiry.objects.all(), this_month),
        "connections": per_month(Enquiry.objects.all(), this_month, "forwarded_at"),
        "coverage": sorted(
            # the network page's figures, computed once for both
            ((library.name, library.share) for library in cached("network", holdings.libraries)),
            key=lambda row: (-row[1], row[0]),
        ),
        "viewed": most_used("views", this_month),
        "downloaded": most_used("downloads", this_month),
    }
