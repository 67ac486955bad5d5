from django import template

register = template.Library()


@register.simple_tag
def page_query(params, page: int) -> str:
    """The current query string with another page number (filters and sort kept)."""
    query = params.copy()
    query["page"] = page
    return query.urlencode()


@register.filter
def multiply(value: int, factor: int) -> int:
    return int(value) * int(factor)
