"""The statistics page: the library's figures as charts (each with its table and CSV), and the
monthly usage report the provincial centres file."""

import csv
import itertools
from collections.abc import Iterable, Iterator
from datetime import date

from django.db.models import F, Sum
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from library.models import DocumentType, DocumentUsage
from portal.cached import cached, generation

from . import charts, figures

FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run as a formula


def gist(rows: list[tuple[str, int]], unit: str = "") -> str:
    """The chart in one sentence, for its <desc>."""
    if not rows:
        return _("Chưa có số liệu.")
    label, value = max(rows, key=lambda row: row[1])
    return _(
        "%(count)s mục, từ %(first)s đến %(last)s; cao nhất: %(label)s (%(value)s%(unit)s)."
    ) % {
        "count": len(rows),
        "first": rows[0][0],
        "last": rows[-1][0],
        "label": label,
        "value": value,
        "unit": unit,
    }


def type_label(code: str) -> str:
    return str(DocumentType(code).label) if code in DocumentType.values else code


def chart_list(found: dict) -> list[charts.Chart]:
    documents = _("Tài liệu")
    specs = [
        (
            "tinh",
            charts.horizontal,
            _("Tài liệu theo tỉnh, thành"),
            _("Tỉnh / thành phố"),
            documents,
            [(province or _("Không rõ"), n) for province, n in found["province"]],
        ),
        (
            "nam",
            charts.columns,
            _("Tài liệu theo năm công bố"),
            _("Năm"),
            documents,
            charts.every_year(found["year"]),
        ),
        (
            "loai",
            charts.horizontal,
            _("Tài liệu theo loại"),
            _("Loại tài liệu"),
            documents,
            [(type_label(code), n) for code, n in found["type"]],
        ),
        (
            "tang-truong",
            charts.columns,
            _("Tài liệu mới theo tháng"),
            _("Tháng"),
            documents,
            [(f"{month:%Y-%m}", n) for month, n in found["growth"]],
        ),
        (
            "toan-van",
            charts.horizontal,
            _("Tỉ lệ có toàn văn theo nguồn (%)"),
            _("Nguồn"),
            "%",
            found["coverage"],
        ),
        (
            "yeu-cau-ket-noi",
            charts.columns,
            _("Yêu cầu kết nối công nghệ theo tháng"),
            _("Tháng"),
            _("Yêu cầu"),
            [(f"{month:%Y-%m}", n) for month, n in found["enquiries"]],
        ),
        (
            "ket-noi",
            charts.columns,
            _("Kết nối cung – cầu đã chuyển tiếp theo tháng"),
            _("Tháng"),
            _("Kết nối"),
            [(f"{month:%Y-%m}", n) for month, n in found["connections"]],
        ),
    ]
    return [
        draw(
            slug,
            title,
            gist(rows, "%" if counted == "%" else ""),
            (heading, counted),
            rows,
            reverse("statistics:csv", args=[slug]),
        )
        for slug, draw, title, heading, counted, rows in specs
    ]


def content_figures(current: str) -> dict:
    return cached("statistics", lambda: figures.compute(current), current)


def drawn_charts(found: dict) -> str:
    """The charts in the active language. Drawn once per language and generation: rendering
    their ~150 shapes is most of a warm request's time (20 ms of 25 at 229k documents)."""
    return render_to_string("statistics/charts.html", {"charts": chart_list(found)})


def index(request: HttpRequest) -> HttpResponse:
    current = generation()
    found = content_figures(current)
    drawn = cached(f"statistics:charts:{get_language()}", lambda: drawn_charts(found), current)
    today = timezone.now().date()
    context = {
        "total": found["total"],
        "charts": mark_safe(drawn),  # noqa: S308 (our template's output, escaped as it rendered)
        **figures.most_used_this_month(),
        "usage_csv": reverse("statistics:usage", args=[today.year, today.month]),
    }
    return render(request, "statistics/index.html", context)


def safe_cell(value: object) -> object:
    """A harvested text as a spreadsheet shows it, never as a formula it runs."""
    if isinstance(value, str) and value.startswith(FORMULA):
        return "'" + value
    return value


class Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(name: str, rows: Iterable[Iterable[object]]) -> StreamingHttpResponse:
    """CSV in UTF-8 with a byte-order mark, which spreadsheets need to read Vietnamese."""
    writer = csv.writer(Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff"
        for row in rows:
            yield writer.writerow([safe_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def chart_csv(request: HttpRequest, chart: str) -> StreamingHttpResponse:
    found = next((c for c in chart_list(content_figures(generation())) if c.slug == chart), None)
    if found is None:
        raise Http404(_("Không có biểu đồ này."))
    return csv_response(f"thong-ke-{found.slug}.csv", [found.headings, *found.rows])


def usage_csv(request: HttpRequest, year: int, month: int) -> StreamingHttpResponse:
    """Views and downloads of each document in one month, for the provincial reports."""
    try:
        first, after = date(year, month, 1), date(year + month // 12, month % 12 + 1, 1)
    except (ValueError, OverflowError) as err:
        raise Http404(_("Không có tháng này.")) from err
    used = (
        DocumentUsage.objects.filter(day__gte=first, day__lt=after)
        .values("document")
        .annotate(
            local_id=F("document__local_id"),
            title=F("document__title"),
            source=F("document__source__name"),
            province=F("document__source__province"),
            views_=Sum("views"),
            downloads_=Sum("downloads"),
        )
        .order_by("-views_", "document")
    )
    headings = [
        _("Mã tài liệu"),
        _("Nhan đề"),
        _("Nguồn"),
        _("Tỉnh / thành phố"),
        _("Lượt xem"),
        _("Lượt tải"),
    ]
    rows = (
        [
            row["local_id"],
            row["title"],
            row["source"] or "",
            row["province"] or "",
            row["views_"],
            row["downloads_"],
        ]
        for row in used.iterator()
    )
    return csv_response(f"luot-dung-{first:%Y-%m}.csv", itertools.chain([headings], rows))
