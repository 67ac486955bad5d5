"""A search hit as the pages and the API show it, whatever kind of item it is."""

from dataclasses import dataclass

from .highlight import Marked


@dataclass
class Hit:
    id: str
    kind: str
    title: Marked  # the title, the query's words marked
    url: str
    snippet: Marked  # a passage, the query's words marked
    authors: list[str]
    year: int | None
    source: str
    doc_type: str  # the item's type, worded for the reader
    pdf_url: str = ""

    @property
    def title_html(self) -> str:
        return self.title.html

    @property
    def snippet_html(self) -> str:
        return self.snippet.html
