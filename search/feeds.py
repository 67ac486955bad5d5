"""Atom and RSS 2.0 feeds of any search: the newest arrivals among its matches, so a reader can
follow a question without an account. The feed of /search/?q=…&source=… is
/search/feed.atom?q=…&source=… (the sort is the feed's own: newest arrival first)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from library.citation import one_line
from library.models import Document

from . import params, query, service

SIZE = 20
SUMMARY_WORDS = 80


@dataclass(frozen=True)
class Asked:
    q: str
    selected: dict[str, list[str]]
    page_url: str  # the search page asking the same, absolute
    feed_url: str  # this feed of it, absolute
    absolute: Callable[[str], str]  # a path as a full URL on the host asked


@dataclass(frozen=True)
class Entry:
    document: Document
    url: str  # absolute

    @property
    def title(self) -> str:
        """Plain text on one line: XML 1.0 cannot carry control characters."""
        return one_line(self.document.title)


def arrivals(pks: list[int], absolute: Callable[[str], str]) -> list[Entry]:
    """Entries of the active documents among `pks`, in that order, with the columns shown."""
    documents = Document.objects.filter(pk__in=pks).active_by_id().only(
        "local_id", "title", "title_lang", "date", "doc_type", "language", "metadata",
        "created_at", "datestamp",
    )  # fmt: skip
    by_pk = {d.pk: d for d in documents}
    page = reverse("documents:page", args=["LOCALID"])
    return [
        Entry(d, absolute(page.replace("LOCALID", d.local_id)))
        for pk in pks
        if (d := by_pk.get(pk)) is not None
    ]


class SearchFeed(Feed):
    """RSS 2.0. Readers render its titles and descriptions as HTML, so harvested text in them
    is escaped; control characters, which XML 1.0 cannot carry, become spaces everywhere."""

    def get_object(self, request: HttpRequest) -> Asked:
        q, selected, _sort = params.asked(request.GET)
        selected = {k: v for k, v in selected.items() if v}
        asked = "?" + params.query_string(q, selected)
        absolute = request.build_absolute_uri
        page, feed = absolute(reverse("search:page") + asked), absolute(request.path + asked)
        return Asked(query.clean(q)[0].strip(), selected, page, feed, absolute)

    def title(self, obj: Asked) -> str:
        if obj.q:
            return _("Tài liệu mới: %(q)s · KH&CN ĐBSCL") % {"q": obj.q}
        return _("Tài liệu mới · KH&CN ĐBSCL")

    def link(self, obj: Asked) -> str:
        return obj.page_url

    def feed_url(self, obj: Asked) -> str:
        return obj.feed_url

    def description(self, obj: Asked) -> str:
        return _("Những tài liệu mới nhập về thư viện khớp với tìm kiếm này.")

    def items(self, obj: Asked) -> list[Entry]:
        _total, pks = service.document_ids(obj.q, obj.selected, "added", SIZE)
        return arrivals(pks, obj.absolute)

    def item_title(self, item: Entry) -> str:
        return escape(item.title)

    def item_description(self, item: Entry) -> str:
        abstract = next((v for v, _lang in item.document.dublin_core()["description"]), "")
        return escape(Truncator(one_line(abstract)).words(SUMMARY_WORDS))

    def item_link(self, item: Entry) -> str:
        return item.url

    def item_guid(self, item: Entry) -> str:
        return item.url

    def item_author_name(self, item: Entry) -> str | None:
        authors = [v for v, _lang in item.document.dublin_core()["creator"]]
        return one_line("; ".join(authors)) if authors else None

    def item_pubdate(self, item: Entry):
        return item.document.created_at

    def item_updateddate(self, item: Entry):
        return item.document.datestamp


class SearchAtomFeed(SearchFeed):
    """Atom: titles and author names are text (the generator escapes them for XML), summaries
    HTML (type="html"), escaped as in RSS."""

    feed_type = Atom1Feed

    def item_title(self, item: Entry) -> str:
        return item.title

    def subtitle(self, obj: Asked) -> str:
        return self.description(obj)
