"""What a /search/ URL asks, read the same way by the page, the API, the feeds, the exports and
the alerts; and the URL that asks it again."""

from urllib.parse import urlencode

from django.http import QueryDict

from . import query, service

# Read at most this much of q: the parser keeps query.MAX_LENGTH characters and says so; a
# longer value is never worth reading.
READ_LENGTH = 4 * query.MAX_LENGTH


def asked(params: QueryDict) -> tuple[str, dict[str, list[str]], str]:
    """(q, filters, sort) of a request's parameters, whatever they hold."""
    selected = {name: params.getlist(name) for name in service.FILTER_PARAMS}
    return params.get("q", "")[:READ_LENGTH], selected, params.get("sort", "relevance")


def query_string(q: str, selected: dict[str, list[str]], sort: str = "relevance") -> str:
    """The query string of the search page that asks this: q and filters, the sort unless it
    is the default."""
    pairs = [("q", q)] if q else []
    pairs += [(name, v) for name in service.FILTER_PARAMS for v in selected.get(name, [])]
    if sort != "relevance":
        pairs.append(("sort", sort))
    return urlencode(pairs)
