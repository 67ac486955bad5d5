"""The readers' e-mail alerts in the admin, read-only: what is followed and how often, how many
alerts each address has, never the address itself; the search index's health on the home
page (search.index_health); and the portal's search as the documents' list's (library
.admin_search)."""

from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from library.admin_search import FIND_DOCUMENTS, Narrowed
from library.permissions import ViewOnlyPolicy

from . import alerts, service
from .index_health import IndexHealth
from .models import SearchAlert

register_permission_policy(SearchAlert, ViewOnlyPolicy(SearchAlert))


class SearchColumn(Column):
    def get_value(self, instance):
        return alerts.described(instance)


class ConfirmedColumn(Column):
    def get_value(self, instance):
        return "✔" if instance.confirmed_at else "–"


class SearchAlertViewSet(SnippetViewSet):
    model = SearchAlert
    icon = "mail"
    menu_label = _("Thông báo tìm kiếm")
    add_to_admin_menu = True
    list_display = [
        SearchColumn("query", label=_("Tìm kiếm")),
        "frequency",
        ConfirmedColumn("confirmed_at", label=_("Đã xác nhận")),
        Column("of_address", label=_("Số đăng ký của cùng địa chỉ")),
        "created_at",
        "last_sent_at",
    ]
    list_filter = ["frequency"]
    search_fields = None

    def get_queryset(self, request):
        same = SearchAlert.objects.filter(email=OuterRef("email")).values("email")
        count = same.annotate(n=Count("pk")).values("n")
        return SearchAlert.objects.annotate(of_address=Subquery(count)).order_by("-created_at")


register_snippet(SearchAlertViewSet)


@hooks.register("construct_homepage_panels")
def add_index_health(request, panels):
    """For whoever may see what the index owes (administrators)."""
    if request.user.has_perm("search.view_indexbacklog"):
        panels.append(IndexHealth())


@hooks.register(FIND_DOCUMENTS)
def find_documents(q: str, limit: int, narrowing: Narrowed) -> tuple[int, list[int]]:
    """How many documents the search page finds for `q` among those `narrowing` allows, and
    the ids of its first `limit`."""
    selected = {"source": list(narrowing.sources), "type": list(narrowing.doc_types)}
    years = None if narrowing.years == (None, None) else narrowing.years
    return service.document_ids(q, selected, limit=limit, years=years, ids=narrowing.ids)
