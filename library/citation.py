"""A document as a citation: BibTeX, RIS, a CSV row and Highwire Press (Google Scholar) meta
tags."""

import re
from dataclasses import dataclass

from .models import Document, DocumentType

BIBTEX_TYPES: dict[str, str] = {
    DocumentType.ARTICLE: "article",
    DocumentType.PROJECT: "techreport",
    DocumentType.REPORT: "techreport",
    DocumentType.MASTER_THESIS: "mastersthesis",
    DocumentType.DOCTORAL_THESIS: "phdthesis",
    DocumentType.PROCEEDINGS: "inproceedings",
    DocumentType.BOOK: "book",
}
RIS_TYPES: dict[str, str] = {
    DocumentType.ARTICLE: "JOUR",
    DocumentType.PROJECT: "RPRT",
    DocumentType.REPORT: "RPRT",
    DocumentType.MASTER_THESIS: "THES",
    DocumentType.DOCTORAL_THESIS: "THES",
    DocumentType.PROCEEDINGS: "CONF",
    DocumentType.BOOK: "BOOK",
}


@dataclass(frozen=True)
class Citation:
    key: str
    kind: str
    title: str
    authors: list[str]
    year: int | None
    date: str
    publisher: str
    abstract: str
    language: str
    url: str
    pdf_url: str

    @classmethod
    def of(cls, document: Document, url: str, pdf_url: str = "") -> "Citation":
        dc = document.dublin_core()
        return cls(
            key=f"dbscl{document.local_id}",
            kind=document.doc_type,
            title=document.title,
            authors=[v for v, _ in dc["creator"]],
            year=document.year,
            date=document.date,
            publisher=next((v for v, _ in dc["publisher"]), ""),
            abstract=next((v for v, _ in dc["description"]), ""),
            language=document.language,
            url=url,
            pdf_url=pdf_url,
        )


def one_line(text: str) -> str:
    """The text on one line: control characters (newlines included) and runs of spaces become
    one space, so a harvested value can never start a field or a record of its own."""
    return " ".join(_CONTROL.sub(" ", text).split())


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def balanced_braces(text: str) -> str:
    """The text with every brace that has no partner dropped. BibTeX counts braces whatever
    precedes them (a backslash does not escape one), so a lone "}" would close the field; a
    balanced pair, as in "{pH}" (which keeps its case), is kept."""
    unmatched: set[int] = set()
    opened: list[int] = []
    for index, char in enumerate(text):
        if char == "{":
            opened.append(index)
        elif char == "}":
            if opened:
                opened.pop()
            else:
                unmatched.add(index)
    unmatched.update(opened)
    return "".join(char for index, char in enumerate(text) if index not in unmatched)


def _bib_value(text: str) -> str:
    return "{" + balanced_braces(one_line(text)) + "}"


def bibtex(c: Citation) -> str:
    fields = [
        ("title", c.title),
        ("author", " and ".join(c.authors)),
        ("year", str(c.year or "")),
        ("publisher", c.publisher),
        ("language", c.language),
        ("url", c.url),
        ("abstract", c.abstract),
    ]
    if c.kind in (DocumentType.MASTER_THESIS, DocumentType.DOCTORAL_THESIS):
        fields[3] = ("school", c.publisher)
    body = ",\n".join(f"  {name} = {_bib_value(value)}" for name, value in fields if value)
    return f"@{BIBTEX_TYPES.get(c.kind, 'misc')}{{{c.key},\n{body}\n}}\n"


def ris(c: Citation) -> str:
    lines = [("TY", RIS_TYPES.get(c.kind, "GEN")), ("TI", c.title)]
    lines += [("AU", author) for author in c.authors]
    lines += [
        ("PY", str(c.year or "")),
        ("DA", c.date),
        ("PB", c.publisher),
        ("LA", c.language),
        ("AB", c.abstract),
        ("UR", c.url),
        ("L1", c.pdf_url),
        ("ID", c.key),
    ]
    cleaned = [(tag, one_line(value)) for tag, value in lines]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in cleaned if value) + "ER  - \r\n"


def highwire(c: Citation) -> list[tuple[str, str]]:
    """(name, content) pairs of citation_* meta tags, as Google Scholar reads them."""
    tags = [("citation_title", c.title)]
    tags += [("citation_author", author) for author in c.authors]
    if c.date:
        tags.append(("citation_publication_date", c.date.replace("-", "/")))
    tags += [("citation_publisher", c.publisher), ("citation_language", c.language)]
    if c.kind in (DocumentType.MASTER_THESIS, DocumentType.DOCTORAL_THESIS):
        tags.append(("citation_dissertation_institution", c.publisher))
    if c.pdf_url:
        tags.append(("citation_pdf_url", c.pdf_url))
    tags.append(("citation_abstract_html_url", c.url))
    return [(name, value) for name, value in tags if value]


CSV_COLUMNS = "id type title authors year date publisher language url pdf_url abstract".split()
# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV injection").
_FORMULA_START = ("=", "+", "-", "@")


def spreadsheet_safe(text: str) -> str:
    """One line that no spreadsheet takes for a formula: a leading = + - @ gets a quote first."""
    text = one_line(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_row(c: Citation) -> list[str]:
    """The citation's cells, in CSV_COLUMNS order."""
    authors, year = "; ".join(c.authors), str(c.year or "")
    values = [c.key, c.kind, c.title, authors, year, c.date, c.publisher, c.language, c.url]
    values += [c.pdf_url, c.abstract]
    return [spreadsheet_safe(v) for v in values]
