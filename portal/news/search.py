"""News in the portal's search: registered with search as a kind of its own (search.kinds),
analysed the same Vietnamese-aware way as documents, shown apart from them on /search/."""

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from portal.page_kinds import changed_since, language, page_hits
from search import highlight, kinds
from search.engines.base import IndexRecord
from search.hits import Hit
from search.records import index_record

from .models import NewsPage

KIND = "news"


def records(pages) -> Iterator[IndexRecord]:
    """Index records of the live, public news pages in `pages` (a private or password-protected
    page is found by nobody)."""
    for page in pages.live().public().specific().prefetch_related("topics"):
        topics = [t.name for t in page.topics.all()]
        fields = {
            "title": [page.title],
            "author": [page.author],
            "subject": topics,
            "body": [page.title, page.lead, page.author, *topics, page.plain_text()],
        }
        yield index_record(
            KIND,
            page.pk,
            page.date.year if page.date else None,
            fields,
            item_type=KIND,
            language=language(page),
            subjects=topics,
        )


def hits(pks: list[int], words: frozenset[str]) -> list[Hit]:
    def hit(page: NewsPage) -> Hit:
        return Hit(
            id=str(page.pk),
            kind=KIND,
            title=highlight.mark(page.title, words),
            url=page.url,
            snippet=highlight.passage(page.lead, words),
            authors=[page.author] if page.author else [],
            year=page.date.year,
            source="",
            doc_type=str(_("Tin tức")),
        )

    return page_hits(NewsPage.objects.live().public(), pks, hit, ("lead", "author", "date"))


def register() -> None:
    kinds.register(
        kinds.Kind(
            name=KIND,
            label=_("Tin tức"),
            records=lambda pks: records(NewsPage.objects.filter(pk__in=pks)),
            everything=lambda processes: records(NewsPage.objects.all()),
            changed_since=lambda since: changed_since(NewsPage, since),
            dress=hits,
        )
    )
