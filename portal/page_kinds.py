"""What every app whose pages are a search kind (the news, the technology exchange) shares:
which pages of a page type an index update must read again, a page's language, and the hits
of the pages still shown, in the order the engine gave."""

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from wagtail.models import Page, PageLogEntry, Site

from search.hits import Hit

MOVE = "wagtail.move"  # Wagtail's audit-log action for a page moved to a new URL


def changed_since(model: type[Page], since: datetime | None) -> Iterable[int]:
    """Pages of `model` published since `since` (all, without it), and those Wagtail's audit log
    saw unpublished, deleted, moved or restricted since then: unpublishing leaves no date on the
    page, the log does, so an update need not re-index every page each time (issue #17)."""
    if since is None:
        return model.objects.values_list("id", flat=True)
    changed = set(model.objects.filter(last_published_at__gte=since).values_list("id", flat=True))
    logged = PageLogEntry.objects.filter(timestamp__gte=since)
    kind = ContentType.objects.get_for_model(model)
    changed.update(logged.filter(content_type=kind).values_list("page_id", flat=True))
    # A view restriction or a move of any page above reaches every page of `model` below it.
    wide = logged.filter(Q(action__startswith="wagtail.view_restriction.") | Q(action=MOVE))
    for page in Page.objects.filter(id__in=wide.values_list("page_id", flat=True)):
        changed.update(
            model.objects.descendant_of(page, inclusive=True).values_list("id", flat=True)
        )
    return sorted(changed)


def language(page: Page) -> str:
    """The page's language code, for its index record (Vietnamese without a locale)."""
    return page.locale.language_code if page.locale_id else "vi"


def page_hits(
    pages: QuerySet, pks: list[int], hit: Callable[[Page], Hit], shown: Sequence[str]
) -> list[Hit]:
    """`hit` of each page of `pages` among `pks`, in their order; a page no longer among them
    (unpublished, restricted since it was indexed) is left out. The pages are read with their
    title, what their URL needs (url_path) and the fields `shown`, the others of `hit`, alone:
    reading every column of a Page and its model took 4.3-4.9 ms for five offers at 229k
    documents, these 1.8 ms. The site's root paths, which each page's URL needs and Wagtail
    reads from the cache (a database query with our cache) once per page object, are read once
    for them all and kept where Wagtail looks for them first."""
    found = pages.only("title", "url_path", *shown).in_bulk(pks)
    if found:
        paths = Site.get_site_root_paths()
        for page in found.values():
            page._wagtail_cached_site_root_paths = paths
    return [hit(found[pk]) for pk in pks if pk in found]
