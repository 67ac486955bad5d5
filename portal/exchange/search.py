"""Offers and requests in the portal's search: two kinds of their own (search.kinds), analysed
the same Vietnamese-aware way as documents and news, shown apart from them on /search/ and
searched on /cong-nghe/ (see .browse)."""

from collections.abc import Iterator
from functools import partial

from django.db.models import QuerySet
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from portal.page_kinds import changed_since, language, page_hits
from search import highlight, kinds
from search.engines.base import IndexRecord
from search.hits import Hit
from search.records import index_record

from .models import Listing, TechnologyOfferPage, TechnologyRequestPage

OFFER, REQUEST = "offer", "request"
MODELS: dict[str, type[Listing]] = {OFFER: TechnologyOfferPage, REQUEST: TechnologyRequestPage}
LABELS = {OFFER: _("Công nghệ chào bán"), REQUEST: _("Nhu cầu công nghệ")}
# What a hit of each kind shows, besides its title and address: who() and the passage
SHOWN = {
    OFFER: ("summary", "province", "organisation__title"),
    REQUEST: ("summary", "province", "business"),
}


def who(listing: Listing) -> str:
    """The offer's organisation, the request's business."""
    if isinstance(listing, TechnologyOfferPage):
        return listing.organisation.title if listing.organisation else ""
    return getattr(listing, "business", "")


def fields(listing: Listing) -> dict[str, list[str]]:
    """The listing's words by index field: what matching (.matching) compares too."""
    topic = [str(listing.get_field_display()), listing.province]
    party = who(listing)
    return {
        "title": [listing.title],
        "author": [party] if party else [],
        "subject": topic,
        "body": [listing.title, listing.summary, strip_tags(listing.description), party, *topic],
    }


def public(kind: str) -> QuerySet:
    """The live, public listings of `kind`, with what their records and hits show."""
    pages = MODELS[kind].objects.live().public()
    return pages.select_related("organisation") if kind == OFFER else pages


def records(kind: str, pks: list[int] | None) -> Iterator[IndexRecord]:
    """Index records of the live, public listings of `kind` (among `pks`, if given)."""
    pages = public(kind) if pks is None else public(kind).filter(pk__in=pks)
    for page in pages:
        year = page.first_published_at.year if page.first_published_at else None
        yield index_record(
            kind, page.pk, year, fields(page), item_type=kind, language=language(page), subjects=[]
        )


def everything(kind: str, processes: int) -> Iterator[IndexRecord]:
    """Every record of `kind`, for a rebuild: few enough to analyse in this process."""
    return records(kind, None)


def dresser(kind: str):
    def hits(pks: list[int], words: frozenset[str]) -> list[Hit]:
        def hit(page: Listing) -> Hit:
            party = who(page)
            return Hit(
                id=str(page.pk),
                kind=kind,
                title=highlight.mark(page.title, words),
                url=page.url,
                snippet=highlight.passage(page.summary, words),
                authors=[party] if party else [],
                year=None,
                source=page.province,
                doc_type=str(LABELS[kind]),
            )

        return page_hits(public(kind), pks, hit, SHOWN[kind])

    return hits


def register() -> None:
    for kind, model in MODELS.items():
        kinds.register(
            kinds.Kind(
                name=kind,
                label=LABELS[kind],
                records=partial(records, kind),
                everything=partial(everything, kind),
                changed_since=partial(changed_since, model),
                dress=dresser(kind),
            )
        )
