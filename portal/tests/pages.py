"""Reading the pages the tests fetch."""

import re


def part(pattern: str, html: str) -> str:
    """The first stretch of the page that matches, across lines."""
    match = re.search(pattern, html, re.S)
    assert match, pattern
    return match[0]
