"""The search index's health on the admin's home page: what it owes and since when, and the
items the engine refused (search.backlog's set-aside), each with why and a link to edit it:
saving it again, mended, is what makes it owed again."""

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from . import backlog, kinds


class IndexHealth(Component):
    name = "search_index_health"
    template_name = "search/index_health.html"
    order = 60  # below the librarian's dashboard (50)

    def get_context_data(self, parent_context):
        waiting, oldest = backlog.owed()
        refused, listed = backlog.set_aside()
        return {
            "waiting": waiting,
            "oldest": timezone.localtime(oldest) if oldest else None,
            "refused": refused,
            "items": [
                {"kind": kind, "item": item, "why": why, "url": _edit_url(kind, item)}
                for kind, item, why in listed
            ],
        }


def _edit_url(kind: str, item: int) -> str:
    if kind == kinds.DOCUMENT:
        return reverse("wagtailsnippets_library_document:edit", args=[item])
    return reverse("wagtailadmin_pages:edit", args=[item])  # the other kinds are pages
