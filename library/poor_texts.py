"""Texts flagged low-quality (library.vietnamese.quality) in the librarians' lists: a count per
source, linked to the documents' list filtered to them."""

from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.html import format_html
from wagtail.admin.ui.tables import Column

from .vietnamese.quality import LOW

POOR_TEXT = Q(fulltext__quality__lt=LOW)


def with_poor_texts(sources: QuerySet, path: str = "documents") -> QuerySet:
    """The sources, each with how many of its documents' texts are flagged (`poor_texts`),
    counted in the listing's one query."""
    return sources.annotate(
        poor_texts=Count(f"{path}__fulltext", filter=Q(**{f"{path}__fulltext__quality__lt": LOW}))
    )


class PoorTextsColumn(Column):
    """The source's documents whose text is flagged low-quality (library.vietnamese.quality),
    linked to the list of them. `source_id` names the row's attribute that holds the source."""

    def __init__(self, *args, source_id: str = "pk", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.source_id = source_id

    def get_value(self, instance):
        if not instance.poor_texts:
            return "–"
        query = urlencode({"source": getattr(instance, self.source_id), "poor_text": "true"})
        url = reverse("wagtailsnippets_library_document:list")
        return format_html('<a href="{}?{}">{}</a>', url, query, instance.poor_texts)
