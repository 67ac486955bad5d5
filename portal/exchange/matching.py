"""Supply meets demand: for a request, the offers most alike in words (and for an offer, the
requests), by the search engine's more-like-this (search.related.alike) over the listing's
title, field and summary."""

from search import kinds
from search.hits import Hit
from search.related import alike

from .models import Listing, TechnologyOfferPage
from .search import OFFER, REQUEST, fields

SIZE = 5


def matches(listing: Listing, size: int = SIZE) -> list[Hit]:
    """The other kind's live, public listings most alike to this one, most alike first."""
    other = REQUEST if isinstance(listing, TechnologyOfferPage) else OFFER
    words = fields(listing)
    values = [*words["title"], *words["subject"][:1], listing.summary]
    pks = alike(values, other, ("title", "subject", "body"), size)
    return kinds.get(other).dress(pks, frozenset()) if pks else []
