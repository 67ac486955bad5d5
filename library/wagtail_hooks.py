"""Librarians' admin: documents, sources and collections under one "Thư viện" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Collection, Document, Source


class DocumentViewSet(SnippetViewSet):
    model = Document
    icon = "doc-full"
    menu_label = _("Tài liệu")
    list_display = ["title", "source", "year", "doc_type", "status", "datestamp"]
    list_filter = {
        "source": ["exact"],
        "year": ["exact", "gte", "lte"],
        "doc_type": ["exact"],
        "status": ["exact"],
        "collections": ["exact"],
    }
    # Not a Wagtail-indexed model: the listing searches these columns through the ORM.
    search_fields = ["title", "local_id", "origin_identifier"]
    search_backend_name = None
    ordering = ["-datestamp"]
    list_per_page = 50

    def get_queryset(self, request):
        return Document.objects.select_related("source")


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "site"
    menu_label = _("Nguồn dữ liệu")
    list_display = ["name", "province", "slug", "website"]
    search_fields = ["name", "province", "slug"]
    search_backend_name = None


class CollectionViewSet(SnippetViewSet):
    model = Collection
    icon = "folder-open-inverse"
    menu_label = _("Bộ sưu tập")
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    search_backend_name = None


class LibraryViewSetGroup(SnippetViewSetGroup):
    items = (DocumentViewSet, SourceViewSet, CollectionViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Thư viện")
    menu_name = "library"


register_snippet(LibraryViewSetGroup)
