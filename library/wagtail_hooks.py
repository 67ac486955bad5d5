"""Librarians' admin: documents, sources and collections under one "Thư viện" menu."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import BigIntegerField, F, QuerySet, Subquery
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from . import admin_search
from .models import Collection, Document, DocumentText, Source
from .planner import Unindexed
from .poor_texts import POOR_TEXT, PoorTextsColumn, PoorTextsIndexView
from .vietnamese.quality import LOW


def among(documents: QuerySet, ids: QuerySet) -> QuerySet:
    """The documents whose id is among `ids` (a query of one column), each tested against them
    as the list walks its order, not looked up one by one: looked up, SQLite read every
    listed document and sorted them all for a page of 50 (a list of 176,000 by how their text
    went: 0.90 s, and its count 0.33; tested: 84 and 126 ms, at 229,000 documents)."""
    unindexed = Unindexed(F("pk"), output_field=BigIntegerField())
    return documents.alias(listed_id=unindexed).filter(listed_id__in=Subquery(ids))


class _CollectionsField(django_filters.fields.ModelMultipleChoiceField):
    """The collections chosen, each an id the database can hold: an id of 25 digits was looked
    up as it was, and SQLite refused it (OverflowError: the list answered 500)."""

    def _check_values(self, value):
        for pk in value:
            if not _an_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(pk)[:20]},
                )
        return super()._check_values(value)


def _an_id(value) -> bool:
    """Whether `value` is an integer a database's id can be (64 bits)."""
    try:
        return abs(int(str(value).strip())) < 2**63
    except ValueError:  # not an integer, or too many digits for Python to read
        return False


class _CollectionsFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = _CollectionsField


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
    # documents for a collection of 37,000.
    collections = _CollectionsFilter(
        label=_("bộ sưu tập"), queryset=Collection.objects.all(), method="filter_collections"
    )
    # Joined to the texts by Django's filter of `fulltext__status`, SQLite read every text of
    # that status and sorted their documents by datestamp: 2.4 s for the list of the texts
    # read (77% of 229,000), 0.68 s for those without a text (20%).
    fulltext__status = django_filters.ChoiceFilter(
        label=_("trạng thái trích xuất"),
        choices=DocumentText.Status.choices,
        method="filter_text_status",
    )

    def filter_collections(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        members = Document.collections.through.objects.filter(collection__in=value)
        return among(queryset, members.values("document_id"))

    def filter_text_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        return among(queryset, DocumentText.objects.filter(status=value).values("document_id"))

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
            # the librarian's dashboard (harvest.dashboard) links here by this, and
            # fulltext__status (above)
            "created_at": ["gte"],
        }


class DocumentIndexView(IndexView):
    """The documents' list, searched as readers search the portal (library.admin_search); when
    the portal's search found more than the list holds, the list says so."""

    found: int | None = None

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        chosen = self.filters.form.cleaned_data if self.filters and self.filters.is_valid() else {}
        searched = admin_search.search(
            queryset,
            self.search_query,
            self.search_fields,
            by_relevance=not self.is_explicitly_ordered,
            narrowing=admin_search.narrowed(chosen),
        )
        self.found = searched.found
        return searched.documents

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.found is not None and self.found > admin_search.AT_MOST:
            context["most_relevant"] = {"shown": admin_search.AT_MOST, "found": self.found}
        return context


class DocumentViewSet(SnippetViewSet):
    model = Document
    icon = "doc-full"
    menu_label = _("Tài liệu")
    list_display = ["title", "source", "year", "doc_type", "status", "datestamp"]
    filterset_class = DocumentFilterSet
    # Not a Wagtail-indexed model: DocumentIndexView searches it (library.admin_search), by
    # the portal's search and, for documents it leaves out, these columns.
    search_fields = ["title", "local_id", "origin_identifier"]
    search_backend_name = None
    index_view_class = DocumentIndexView
    index_results_template_name = "library/admin/document_results.html"
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
