from django import template

register = template.Library()


@register.simple_tag
def page_query(params, page: int) -> str:
    """The current query string with another page number (filters and sort kept)."""
    query = params.copy()
    query["page"] = page
    return query.urlencode()


@register.simple_tag
def suggestion_query(params, q: str) -> str:
    """The current query string asking `q` instead, from its first page (filters and sort
    kept)."""
    query = params.copy()
    query["q"] = q
    query.pop("page", None)
    return query.urlencode()


@register.filter
def multiply(value: int, factor: int) -> int:
    return int(value) * int(factor)
