"""The exchange's enquiries in the admin, for the Editors: read, mark new / forwarded / closed,
delete. Their personal data is never shown anywhere else (migration 0002 grants the Editors and
Moderators view, change and delete, not add: an enquiry comes only from the form)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Enquiry

READ_ONLY = (
    "listing", "kind", "name", "organisation", "contact", "message", "created_at", "forwarded_at",
)  # fmt: skip


class EnquiryViewSet(SnippetViewSet):
    model = Enquiry
    icon = "mail"
    menu_label = _("Yêu cầu kết nối công nghệ")
    add_to_admin_menu = True
    list_display = ["name", "listing", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = None
    ordering = ["-created_at"]
    panels = [FieldPanel("status"), *(FieldPanel(name, read_only=True) for name in READ_ONLY)]


register_snippet(EnquiryViewSet)
