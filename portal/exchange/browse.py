"""/cong-nghe/: offers or requests, filtered by facets and searched.

The search index's keyword fields are the library's (type, language, subject, source, year), and
the exchange holds thousands of listings, not 229,000 documents. So the engine does only what
it alone can, the Vietnamese-aware text search: one search of the kind (search.service.kind_ids,
as many ids as there are listings) gives the matching ids in rank order. The facet counts and
filters are SQL over those ids; without a query, SQL alone. Each facet is counted with the
other facets' filters applied, so a chosen value leaves its alternatives in view."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from search import query, service

from .choices import PROVINCE_CHOICES, Field, Readiness, TransferMode
from .models import OrganisationPage, ShowroomPage
from .search import LABELS, MODELS, OFFER, REQUEST

PER_PAGE = 20
# Every match of a query: the exchange holds thousands (4,600 offers in Cần Thơ's), and the ids
# go to SQL as bound parameters, of which SQLite takes at most 32,766 in one query.
MOST_LISTINGS = 20_000
FACETS = {  # parameter → (label, the kinds it applies to)
    "field": (_("Lĩnh vực"), (OFFER, REQUEST)),
    "readiness": (_("Mức độ sẵn sàng"), (OFFER,)),
    "transfer_mode": (_("Hình thức chuyển giao"), (OFFER,)),
    "province": (_("Tỉnh / thành phố"), (OFFER, REQUEST)),
    "organisation": (_("Tổ chức"), (OFFER,)),
}

CHOICES: dict[str, list[tuple[Any, Any]]] = {
    "field": Field.choices,
    "readiness": Readiness.choices,
    "transfer_mode": TransferMode.choices,
    "province": PROVINCE_CHOICES,
}


@dataclass(frozen=True)
class Value:
    label: str
    count: int
    selected: bool
    href: str  # the page with this value toggled


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: list[Value]


def labels(name: str, index: Page) -> dict[str, str]:
    """Every valid value of a facet, with its label: a value not in here is ignored."""
    if name == "organisation":
        organisations = OrganisationPage.objects.live().public().descendant_of(index)
        return {str(pk): title for pk, title in organisations.values_list("pk", "title")}
    return {str(value): str(label) for value, label in CHOICES[name]}


def href(kind: str, q: str, selected: dict[str, list[str]]) -> str:
    pairs = [("kind", kind)] + ([("q", q)] if q else [])
    pairs += [(name, v) for name, values in selected.items() for v in values]
    return "?" + urlencode(pairs)


def toggled(selected: dict[str, list[str]], name: str, value: str) -> dict[str, list[str]]:
    values = selected.get(name, [])
    values = [v for v in values if v != value] if value in values else [*values, value]
    return {**selected, name: values}


def matching(queryset: QuerySet, selected: dict[str, list[str]], but: str = "") -> QuerySet:
    """The listings with every facet's chosen values (any of a facet's), but facet `but`'s."""
    for name, values in selected.items():
        if name != but and values:
            queryset = queryset.filter(**{f"{name}__in": values})
    return queryset


def browse(index: Page, params: QueryDict) -> dict:
    """The page's context: kind, q, the facets, the listings of the asked page."""
    asked = params.get("kind", "")
    kind = asked if asked in MODELS else OFFER
    q = query.clean(params.get("q", "")[: 4 * query.MAX_LENGTH])[0].strip()
    names = [name for name, (_label, kinds) in FACETS.items() if kind in kinds]
    valid = {name: labels(name, index) for name in names}
    selected = {name: [v for v in params.getlist(name) if v in valid[name]] for name in names}
    listings = MODELS[kind].objects.live().public().descendant_of(index)
    ranked: list[int] = []
    if q:
        ranked, _words = service.kind_ids(q, kind, MOST_LISTINGS)
        listings = listings.filter(pk__in=ranked)
    facets = []
    for name in names:
        grouped = matching(listings, selected, but=name).order_by().values_list(name)
        counts = grouped.annotate(n=Count("pk"))  # without order_by(), the tree path groups too
        values = [
            Value(
                label=valid[name][str(value)],
                count=n,
                selected=str(value) in selected[name],
                href=href(kind, q, toggled(selected, name, str(value))),
            )
            for value, n in sorted(counts, key=lambda row: (-row[1], str(row[0])))
            if value is not None and str(value) in valid[name]
        ]
        facets.append(Facet(name, str(FACETS[name][0]), values))
    found = matching(listings, selected)
    if kind == OFFER:
        found = found.select_related("organisation")
    if q:
        rank = {pk: number for number, pk in enumerate(ranked)}
        shown: list | QuerySet = sorted(found, key=lambda page: rank[page.pk])
    else:
        shown = found.order_by("-first_published_at", "-pk")
    listings_page: PaginatorPage = Paginator(shown, PER_PAGE).get_page(params.get("page"))
    return {
        "kind": kind,
        "kinds": [(name, label, href(name, q, {})) for name, label in LABELS.items()],
        "q": q,
        "facets": facets,
        "listings": listings_page,
        "chosen": any(selected.values()),
        "page_query": href(kind, q, selected)[1:],
        "showroom": ShowroomPage.objects.live().public().child_of(index).first(),
    }
