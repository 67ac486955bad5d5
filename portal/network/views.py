"""The network of member libraries: who is in it, what each holds, how current it is."""

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from library.models import Collection, Document
from portal.cached import cached, generation
from portal.statistics import charts

from . import holdings

RECENT = 10


def index(request: HttpRequest) -> HttpResponse:
    rows = holdings.libraries()
    totals = {
        "sources": len(rows),
        "provinces": len({row.province for row in rows}),
        "holdings": sum(row.holdings for row in rows),
    }
    return render(request, "network/index.html", {"sources": rows, "totals": totals})


def library_figures(slug: str) -> dict:
    active = Document.objects.active().filter(source__slug=slug)
    return {
        "collections": list(
            Collection.objects.filter(
                documents__source__slug=slug, documents__status=Document.Status.ACTIVE
            )
            .annotate(count=Count("documents"))
            .values_list("name", "count")
            .order_by("-count", "name")
        ),
        "growth": list(
            active.annotate(arrived=ExtractYear("created_at"))
            .values("arrived")
            .annotate(count=Count("id"))
            .values_list("arrived", "count")
            .order_by("arrived")
        ),
        "recent": list(
            active.order_by("-created_at", "-id").values("local_id", "title", "year", "created_at")[
                :RECENT
            ]
        ),
    }


def library(request: HttpRequest, slug: str) -> HttpResponse:
    current = generation()
    row = next((row for row in holdings.libraries(current) if row.slug == slug), None)
    if row is None:
        raise Http404(_("Không có thư viện thành viên này."))
    figures = cached(f"network:{slug}", lambda: library_figures(slug), current)
    rows = charts.every_year(figures["growth"])
    growth = charts.columns(
        "growth",
        _("Tài liệu mới theo năm nhập"),
        _("Số tài liệu %(name)s đưa lên cổng mỗi năm, %(first)s–%(last)s.")
        % {
            "name": row.name,
            "first": rows[0][0] if rows else "",
            "last": rows[-1][0] if rows else "",
        },
        (_("Năm"), _("Tài liệu")),
        rows,
    )
    context = {**figures, "source": row, "growth": growth}
    return render(request, "network/library.html", context)
