"""An oai_dc record as the library stores it: title, date, type, language in columns, the
rest as repeatable values with their languages, and the links that point at full-text PDFs.
Pure Python on lxml: what the record says is kept, in NFC, nothing is invented."""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from library.vocabulary import DC, DC_ELEMENTS, XML_LANG

# dc:type words → the library's document types (labels as the portal exports them, and
# common English and Vietnamese terms).
TYPE_WORDS = (
    ("doctoral-thesis", ("luận án", "doctoral", "phd", "dissertation")),
    ("master-thesis", ("luận văn", "master", "thesis")),
    ("proceedings", ("kỷ yếu", "hội thảo", "proceedings", "conference")),
    ("project", ("đề tài", "dự án", "project")),
    ("report", ("báo cáo", "report")),
    ("book", ("sách", "book", "monograph")),
    ("article", ("bài báo", "article", "journal")),
)
LANGUAGES = {
    "vi": "vi",
    "vie": "vi",
    "vietnamese": "vi",
    "tiếng việt": "vi",
    "en": "en",
    "eng": "en",
    "english": "en",
    "tiếng anh": "en",
    "fr": "fr",
    "fre": "fr",
    "fra": "fr",
    "french": "fr",
}
_TAGS = {f"{{{DC}}}{name}": name for name in DC_ELEMENTS}
_PDF_PATH = re.compile(r"(\.pdf$|/pdf/?$|/bitstream/|/download/)", re.IGNORECASE)


@dataclass
class LibraryRecord:
    """An OAI record's metadata as the library stores a Document (library.models), and the
    links its format names as full text."""

    title: str
    title_lang: str = ""
    date: str = ""
    doc_type: str = "article"
    language: str = "vi"
    metadata: list[dict[str, Any]] = field(default_factory=list)
    pdf_links: list[str] = field(default_factory=list)


def _nfc(text: str) -> str:
    return unicodedata.normalize(
        "NFC", " ".join(text.split()) if "\n" not in text else text.strip()
    )


def is_pdf_link(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(_PDF_PATH.search(parts.path))


@lru_cache(maxsize=4096)
def _type_of(value: str) -> str | None:
    lowered = value.lower()
    for code, words in TYPE_WORDS:
        if any(word in lowered for word in words):
            return code
    return None


def doc_type(values: list[str]) -> str | None:
    return next((code for code in map(_type_of, values) if code), None)


Values = dict[str, list[tuple[str, str]]]  # Dublin Core element → [(text, xml:lang)]


def empty_values() -> Values:
    return {name: [] for name in DC_ELEMENTS}


def add_value(values: Values, name: str, element: etree._Element, text: str | None = None) -> None:
    """The element's text (or `text`), in NFC, with the element's xml:lang; blanks are dropped."""
    value = _nfc(element.text or "" if text is None else text)
    if value:
        values[name].append((value, (element.get(XML_LANG) or "")[:16]))


def from_oai_dc(record: etree._Element) -> LibraryRecord:
    """The record's values; raises ValueError when it has no title."""
    values = empty_values()
    for element in record:
        name = _TAGS.get(element.tag)  # comments and other namespaces: None
        if name is not None:
            add_value(values, name, element)
    return from_values(values)


def from_values(values: Values, pdf_links: list[str] | None = None) -> LibraryRecord:
    """A record as Dublin Core values (and the PDF links its format names as such), stored the
    library's way; raises ValueError when it has no title."""
    if not values["title"]:
        raise ValueError("the record has no title")
    title, title_lang = values["title"][0]
    mapped = LibraryRecord(title=title, title_lang=title_lang, pdf_links=list(pdf_links or []))
    extra: Values = {**values, "title": values["title"][1:]}
    if values["date"]:
        mapped.date = values["date"][0][0][:32]
        extra["date"] = values["date"][1:]
    found = doc_type([v for v, _ in values["type"]])
    if found:
        mapped.doc_type = found
        extra["type"] = [v for v in values["type"] if doc_type([v[0]]) is None]
    if values["language"]:
        code = values["language"][0][0]
        mapped.language = LANGUAGES.get(code.lower(), code[:16])
        extra["language"] = values["language"][1:]
    for element in ("identifier", "relation"):
        links = [v for v, _ in values[element] if is_pdf_link(v)]
        mapped.pdf_links += [link for link in links if link not in mapped.pdf_links]
        extra[element] = [v for v in values[element] if not is_pdf_link(v[0])]
    mapped.metadata = [
        {"type": name, "value": {"value": value, "lang": lang}}
        for name in DC_ELEMENTS
        for value, lang in extra[name]
    ]
    return mapped
