"""News in the portal's search: registered with search as a kind of its own (search.kinds),
analysed the same Vietnamese-aware way as documents, shown apart from them on /search/."""

from collections.abc import Iterable, Iterator
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageLogEntry

from search import highlight, kinds
from search.engines.base import IndexRecord
from search.hits import Hit
from search.records import index_record

from .models import NewsPage

KIND = "news"
MOVE = "wagtail.move"  # Wagtail's audit-log action for a page moved to a new URL


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
        language = page.locale.language_code if page.locale_id else "vi"
        yield index_record(
            KIND,
            page.pk,
            page.date.year if page.date else None,
            fields,
            item_type=KIND,
            language=language,
            subjects=topics,
        )


def hits(pks: list[int], words: frozenset[str]) -> list[Hit]:
    pages = NewsPage.objects.live().public().in_bulk(pks)
    found = []
    for pk in pks:
        page = pages.get(pk)
        if page is None:
            continue
        found.append(
            Hit(
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
        )
    return found


def changed_since(since: datetime | None) -> Iterable[int]:
    """News pages published since `since` (all, without it), and those Wagtail's audit log saw
    unpublished, deleted, moved or restricted since then: unpublishing leaves no date on the
    page, the log does, so an update need not re-index every news page each time (issue #17)."""
    if since is None:
        return NewsPage.objects.values_list("id", flat=True)
    changed = set(
        NewsPage.objects.filter(last_published_at__gte=since).values_list("id", flat=True)
    )
    logged = PageLogEntry.objects.filter(timestamp__gte=since)
    news = ContentType.objects.get_for_model(NewsPage)
    changed.update(logged.filter(content_type=news).values_list("page_id", flat=True))
    # A view restriction or a move of any page above reaches every news page below it.
    wide = logged.filter(Q(action__startswith="wagtail.view_restriction.") | Q(action=MOVE))
    for page in Page.objects.filter(id__in=wide.values_list("page_id", flat=True)):
        changed.update(
            NewsPage.objects.descendant_of(page, inclusive=True).values_list("id", flat=True)
        )
    return sorted(changed)


def register() -> None:
    kinds.register(
        kinds.Kind(
            name=KIND,
            label=_("Tin tức"),
            records=lambda pks: records(NewsPage.objects.filter(pk__in=pks)),
            everything=lambda: records(NewsPage.objects.all()),
            changed_since=changed_since,
            dress=hits,
        )
    )
