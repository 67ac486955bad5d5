"""The admin's usage report: views and downloads of each document in a chosen month, most read
first, with that month's CSV for the provincial reports (the statistics page's own export,
portal.statistics.views.usage_csv, linked rather than written twice)."""

from datetime import date

import django_filters
from django.db.models import QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from library.models import Document, DocumentUsage

MONTHS = 24  # the months one can choose, this one and those before


def month_starts(today: date) -> list[date]:
    index = today.year * 12 + today.month - 1
    return [date((index - n) // 12, (index - n) % 12 + 1, 1) for n in range(MONTHS)]


def chosen_month(value: object, today: date) -> date:
    """The month asked for (YYYY-MM) if it is one of the choices, else this month."""
    return next((m for m in month_starts(today) if f"{m:%Y-%m}" == value), today.replace(day=1))


class UsageFilterSet(WagtailFilterSet):
    # Shown as a filter; the report's query reads it itself (the sums are over that month).
    month = django_filters.ChoiceFilter(label=_("Tháng"), method="month_is_the_query")

    class Meta:
        model = Document
        fields: list[str] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        months = month_starts(timezone.now().date())
        self.filters["month"].extra["choices"] = [(f"{m:%Y-%m}", f"{m:%m/%Y}") for m in months]

    def month_is_the_query(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset


class UsageReportView(ReportView):
    page_title = _("Lượt xem và tải tài liệu")
    header_icon = "table"
    index_url_name = "usage_report"
    index_results_url_name = "usage_report_results"
    filterset_class = UsageFilterSet
    permission_policy = ModelPermissionPolicy(DocumentUsage)
    permission_required = "view"
    paginate_by = 50
    columns = [
        TitleColumn(
            "title",
            label=_("Nhan đề"),
            get_url=lambda document: reverse("documents:page", args=[document.local_id]),
        ),
        Column("local_id", label=_("Mã tài liệu")),
        Column("source", label=_("Nguồn")),
        NumberColumn("month_views", label=_("Lượt xem")),
        NumberColumn("month_downloads", label=_("Lượt tải")),
    ]

    @property
    def month(self) -> date:
        return chosen_month(self.request.GET.get("month"), timezone.now().date())

    def get_queryset(self) -> QuerySet:
        first = self.month
        after = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return (
            Document.objects.filter(usage__day__gte=first, usage__day__lt=after)
            .annotate(month_views=Sum("usage__views"), month_downloads=Sum("usage__downloads"))
            .select_related("source")
            .order_by("-month_views", "-month_downloads", "pk")
        )

    def get_header_buttons(self) -> list:
        month = self.month
        csv = reverse("statistics:usage", args=[month.year, month.month])
        label = _("Tải CSV tháng %(month)s") % {"month": f"{month:%m/%Y}"}
        return [HeaderButton(label, csv, icon_name="download")]
