"""Librarians' admin: documents, sources and collections under one "Thư viện" menu."""

import django_filters
from django.db.models import QuerySet, Subquery
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Collection, Document, Source
from .poor_texts import POOR_TEXT, PoorTextsColumn, PoorTextsIndexView
from .vietnamese.quality import LOW


class DocumentFilterSet(WagtailFilterSet):
    poor_text = django_filters.BooleanFilter(
        label=_("Văn bản kém chất lượng"),
        method="filter_poor_text",
        help_text=format_lazy(
            _(
                "Toàn văn có dưới {percent}% từ là âm tiết tiếng Việt hay từ tiếng Anh: chữ bị "
                "lỗi mã, bảng mã cũ chưa chuyển được, hay nhận dạng (OCR) kém."
            ),
            percent=round(LOW * 100),
        ),
    )

    # Asked by Django's filter of a many-to-many field, the list was a SELECT DISTINCT over
    # whole rows (their metadata too) and its count the same again: 1.2 s at 229,000
    # documents for a collection of 37,000. A document's id among the collection's ids
    # names each once without DISTINCT.
    collections = django_filters.ModelMultipleChoiceFilter(
        label=_("bộ sưu tập"), queryset=Collection.objects.all(), method="filter_collections"
    )

    def filter_collections(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        members = Document.collections.through.objects.filter(collection__in=value)
        return queryset.filter(pk__in=Subquery(members.values("document_id")))

    def filter_poor_text(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(POOR_TEXT) if value else queryset.exclude(POOR_TEXT)

    class Meta:
        model = Document
        fields = {
            "source": ["exact"],
            "year": ["exact", "gte", "lte"],
            "doc_type": ["exact"],
            "status": ["exact"],
            # the librarian's dashboard (harvest.dashboard) links here by these
            "fulltext__status": ["exact"],
            "created_at": ["gte"],
        }


class DocumentViewSet(SnippetViewSet):
    model = Document
    icon = "doc-full"
    menu_label = _("Tài liệu")
    list_display = ["title", "source", "year", "doc_type", "status", "datestamp"]
    filterset_class = DocumentFilterSet
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
    list_display = [
        "name",
        "province",
        "slug",
        "website",
        PoorTextsColumn("poor_texts", label=_("Văn bản kém chất lượng")),
    ]
    search_fields = ["name", "province", "slug"]
    search_backend_name = None
    index_view_class = PoorTextsIndexView


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
