"""Harvest sources and runs in the admin: set a source up, see how each one is doing."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import HarvestRun, HarvestSource


class RecordPolicy(ModelPermissionPolicy):
    """Runs are the harvester's record of what happened: people may look, never edit or add."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a == "view"])


register_permission_policy(HarvestRun, RecordPolicy(HarvestRun))

HEALTH = {"ok": ("✔", _("Tốt")), "error": ("✖", _("Lỗi")), "never": ("–", _("Chưa chạy"))}


class HealthColumn(Column):
    def get_value(self, instance):
        mark, label = HEALTH[instance.health]
        return format_html("{} {}", mark, label)


class HarvestSourceViewSet(SnippetViewSet):
    model = HarvestSource
    icon = "download"
    menu_label = _("Nguồn thu thập")
    list_display = [
        "source", "base_url", "enabled", HealthColumn("health", label=_("Tình trạng")),
        "last_success_at", "last_error_at",
    ]  # fmt: skip
    list_filter = ["enabled", "fulltext"]
    search_fields = ["base_url", "source__name"]
    search_backend_name = None


class HarvestRunViewSet(SnippetViewSet):
    model = HarvestRun
    icon = "history"
    menu_label = _("Lượt thu thập")
    list_display = ["source", "status", "started_at", "finished_at", "new", "updated",
                    "deleted", "unchanged", "failed", "truncated", "dropped", "pdfs_extracted",
                    "pdfs_failed"]  # fmt: skip
    list_filter = ["status", "source"]
    inspect_view_enabled = True
    inspect_view_fields = ["source", "status", "full", "window_from", "started_at",
                           "finished_at", "pages", "new", "updated", "deleted", "unchanged",
                           "failed", "truncated", "dropped", "pdfs_fetched", "pdfs_extracted",
                           "pdfs_failed", "errors", "message"]  # fmt: skip


class HarvestViewSetGroup(SnippetViewSetGroup):
    items = (HarvestSourceViewSet, HarvestRunViewSet)
    menu_icon = "download"
    menu_label = _("Thu thập")
    menu_name = "harvest"


register_snippet(HarvestViewSetGroup)
