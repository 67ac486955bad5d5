"""Reading the pages the tests fetch."""

import re


def part(pattern: str, html: str) -> str:
    """The first stretch of the page that matches, across lines."""
    match = re.search(pattern, html, re.S)
    assert match, pattern
    return match[0]


def library_reads(queries: list[dict]) -> list[str]:
    """The captured queries that read the documents or their texts: the seconds at 229k
    documents that the cached figures are there to spare."""
    tables = ('"library_document"', '"library_documenttext"')
    return [query["sql"] for query in queries if any(table in query["sql"] for table in tables)]
