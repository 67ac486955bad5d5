"""Harvest sources and runs in the admin: set a source up, see how each one is doing."""

from datetime import datetime

from django.db.models import Count, Sum
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import InspectView, SnippetViewSet, SnippetViewSetGroup

from library.models import DocumentText
from library.permissions import ViewOnlyPolicy
from library.poor_texts import PoorTextsColumn, PoorTextsIndexView

from .dashboard import Dashboard, kept
from .models import HarvestRun, HarvestSource, OcrTask

# Runs are the harvester's record of what happened.
register_permission_policy(HarvestRun, ViewOnlyPolicy(HarvestRun))

HEALTH = {"ok": ("✔", _("Tốt")), "error": ("✖", _("Lỗi")), "never": ("–", _("Chưa chạy"))}


class HealthColumn(Column):
    def get_value(self, instance):
        mark, label = HEALTH[instance.health]
        return format_html("{} {}", mark, label)


class ReadableInspectView(InspectView):
    """Times in the interface's time zone (as the lists show them), the per-record errors as a
    list, the run's log as lines: never a raw Python value."""

    def get_field_display_value(self, field_name, field):
        value = getattr(self.object, field_name, None)
        if value is None:
            return "–"
        if isinstance(value, datetime):
            return date_format(localtime(value), "DATETIME_FORMAT")
        if field_name == "errors":
            items = format_html_join(
                mark_safe(""),
                "<li><code>{}</code>: {}</li>",
                ((e.get("identifier", ""), e.get("reason", "")) for e in value),
            )
            return format_html("<ul>{}</ul>", items) if value else "–"
        if field_name in ("log", "last_error", "message"):
            return format_html("<pre>{}</pre>", value) if value else "–"
        return super().get_field_display_value(field_name, field)


class LastErrorColumn(Column):
    def get_value(self, instance):
        return Truncator(instance.last_error).chars(120) if instance.last_error else ""


class NoFulltextColumn(Column):
    """How many of the source's documents have no full text, by its three commonest reasons
    (no link, restricted, a page leading nowhere, not a PDF): the librarian's list of what to
    ask the partner for. Counted by HarvestSourceIndexView."""

    def get_value(self, instance):
        counts = instance.no_fulltext[:3]
        return "; ".join(f"{n} {Truncator(reason).chars(40)}" for n, reason in counts) or "–"


def no_fulltext_counts() -> dict[int, list[tuple[int, str]]]:
    """Every source's documents without full text, counted by reason, the commonest first:
    0.57 s at 229,000 documents (a fifth of them without), every document looked up for its
    source, so kept in the shared cache as the dashboard's counts are (harvest.dashboard)."""
    return kept("no-fulltext", _no_fulltext_counts)


def _no_fulltext_counts() -> dict[int, list[tuple[int, str]]]:
    rows = (
        DocumentText.objects.filter(status=DocumentText.Status.NONE)
        .values("document__source_id", "reason")
        .annotate(n=Count("pk"))
        .order_by("-n", "reason")
    )
    counts: dict[int, list[tuple[int, str]]] = {}
    for row in rows:
        counts.setdefault(row["document__source_id"], []).append((row["n"], row["reason"]))
    return counts


def ocr_pages(harvest_ids: list[int]) -> dict[int, dict[str, int]]:
    """The harvest sources' scanned pages: owed to OCR, recognised, failed (none: absent)."""
    rows = (
        OcrTask.objects.filter(source_id__in=harvest_ids)
        .values("source_id")
        .annotate(owed=Sum("pages_owed"), done=Sum("pages_done"), failed=Sum("pages_failed"))
        .order_by()
    )
    return {
        row["source_id"]: {"owed": row["owed"], "done": row["done"], "failed": row["failed"]}
        for row in rows
    }


class HarvestSourceIndexView(PoorTextsIndexView):
    """The harvest sources, the counts of their documents' texts and OCR read for the whole
    page in one query each, not a row at a time (125 ms a source at 229,000 documents); those
    without full text kept a while (no_fulltext_counts)."""

    source_id = "source_id"

    def get_table(self, object_list):
        rows = list(object_list)
        texts = no_fulltext_counts()
        pages = ocr_pages([row.pk for row in rows])
        for row in rows:
            row.no_fulltext = texts.get(row.source_id, [])
            row.ocr_pages = pages.get(row.pk)
        return super().get_table(rows)


class OcrColumn(Column):
    """Scanned pages of the source's PDFs: owed to OCR, recognised, failed."""

    def get_value(self, instance):
        if instance.ocr_pages is None:
            return "–"
        return _("%(owed)d chờ, %(done)d xong, %(failed)d lỗi") % instance.ocr_pages


class HarvestSourceViewSet(SnippetViewSet):
    model = HarvestSource
    icon = "download"
    menu_label = _("Nguồn thu thập")
    list_display = [
        "source",
        "base_url",
        "enabled",
        "interval_minutes",
        HealthColumn("health", label=_("Tình trạng")),
        "chosen_prefix",
        "last_success_at",
        LastErrorColumn("last_error", label=_("Lỗi gần nhất")),
        NoFulltextColumn("no_fulltext", label=_("Không có toàn văn")),
        PoorTextsColumn("poor_texts", label=_("Văn bản kém chất lượng"), source_id="source_id"),
        OcrColumn("ocr", label=_("Trang OCR")),
    ]
    list_filter = ["enabled", "fulltext"]
    search_fields = ["base_url", "source__name"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_class = ReadableInspectView
    inspect_view_fields = [
        "source",
        "base_url",
        "repository_identifier",
        "metadata_prefix",
        "chosen_prefix",
        "sets",
        "enabled",
        "interval_minutes",
        "last_started_at",
        "fulltext",
        "ocr_enabled",
        "ocr_pages_per_day",
        "last_success_at",
        "last_error_at",
        "last_error",
    ]

    index_view_class = HarvestSourceIndexView

    def get_queryset(self, request):
        return HarvestSource.objects.select_related("source")


class HarvestRunViewSet(SnippetViewSet):
    model = HarvestRun
    icon = "history"
    menu_label = _("Lượt thu thập")
    list_display = [
        "source",
        "status",
        "started_at",
        "finished_at",
        "new",
        "updated",
        "deleted",
        "unchanged",
        "failed",
        "truncated",
        "dropped",
        "repaired",
        "pdfs_extracted",
        "pdfs_failed",
    ]
    list_filter = ["status", "source"]
    inspect_view_enabled = True
    inspect_view_class = ReadableInspectView
    inspect_view_fields = [
        "source",
        "status",
        "full",
        "window_from",
        "started_at",
        "listed_at",
        "finished_at",
        "seconds",
        "pages",
        "new",
        "updated",
        "deleted",
        "unchanged",
        "failed",
        "outside_set",
        "truncated",
        "dropped",
        "repaired",
        "pdfs_fetched",
        "pdfs_extracted",
        "pdfs_failed",
        "errors",
        "message",
        "log",
    ]


class HarvestViewSetGroup(SnippetViewSetGroup):
    items = (HarvestSourceViewSet, HarvestRunViewSet)
    menu_icon = "download"
    menu_label = _("Thu thập")
    menu_name = "harvest"


register_snippet(HarvestViewSetGroup)


@hooks.register("construct_homepage_panels")
def add_dashboard(request, panels):
    """For whoever may see the harvest sources: the lists it links to are theirs."""
    if request.user.has_perm("harvest.view_harvestsource"):
        panels.append(Dashboard())
