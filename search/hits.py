"""A search hit as the pages and the API show it, whatever kind of item it is."""

from dataclasses import dataclass


@dataclass
class Hit:
    id: str
    kind: str
    title_html: str  # the title, escaped, the query's words in <mark>
    url: str
    snippet_html: str  # a passage, escaped, the query's words in <mark>
    authors: list[str]
    year: int | None
    source: str
    doc_type: str  # the item's type, worded for the reader
    pdf_url: str = ""
