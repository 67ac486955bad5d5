"""An oai_dc record as the library stores it: title, date, type, language in columns, the
rest as repeatable values with their languages, and the links that point at full-text PDFs.
Pure Python on lxml: what the record says is kept, in NFC, nothing is invented — except that
no value is kept longer than LIMITS allows, a language tag only when it is one, and
double-encoded UTF-8 is undone; each value cut short, left out or repaired is a Note the run
counts (harvest.upsert)."""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import ftfy
from lxml import etree

from library.vocabulary import DC, DC_ELEMENTS, XML_LANG, language_tag

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
PDF = "application/pdf"
# A publication date as ISO 8601 writes one without a time (2021, 2021-06, 2021-06-30), and a
# timestamp: what DSpace stamps an item with when it is accessioned and made available.
_PLAIN_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
# "Family, Given" with a one-word family name: how DSpace, OJS and EPrints invert a name.
_INVERTED = re.compile(r"(?P<family>[^\s,]+), (?P<given>[^,]+)")
# What a catalogue ends a title with before its statement of responsibility or subtitle
# (ISBD: " /", " :", " ;", " ="), which Koha's oai_dc keeps: "Kỹ thuật nuôi tôm sú /".
_ISBD_END = re.compile(r"\s+[/:;=]$")
# A year as a catalogue writes it in 260/264 $c, and Koha's oai_dc copies into dc:date: a final
# period, a copyright mark, brackets for a year inferred ("2019.", "c2018.", "[2020?]").
_CATALOGUE_YEAR = re.compile(r"\[?[c©℗p]?\s?(?P<year>\d{4})\??\]?\.?")
# An OJS galley's view page: …/article/view/<article>/<galley> (best ids: a number or a urlPath).
_OJS_GALLEY = re.compile(r"(?P<journal>.+/article/)view/(?P<ids>[^/?#]+/[^/?#]+)/?")

# The longest harvested value the library keeps, in characters (the README's harvesting section
# says the same). A longer text is cut at a word and ends in "…"; a longer identifier or link is
# left out, since cut it would name something else. A megabyte-long title made /search/ answer
# 3.8 MB in 2.25 s, and the admin's list 1.8 MB: a value is shown in lists, pages and exports.
#
#   where the value goes                                         limit   longer
#   title (Document.title, and the other titles)                 2,000   cut
#   creator, contributor, publisher, subject                       500   cut
#   description (an abstract: shown whole on a document's page) 20,000   cut
#   identifier, relation (other than the full-text PDF)          2,000   left out
#   any other element (coverage, rights, source, format, …)      2,000   cut
#   the full-text PDF link (FulltextTask.url)                    1,000   left out
#   date (Document.date: the first dc:date)                         32   cut
#   language (Document.language: the first dc:language)             16   cut
#   xml:lang of any value (Document.title_lang; xs:language)        16   left out if not a tag
#
# The last four are the columns' max_length: harvest/tests/test_mappings.py holds them equal.
LIMITS = {
    "title": 2_000,
    "creator": 500,
    "contributor": 500,
    "publisher": 500,
    "subject": 500,
    "description": 20_000,
    "identifier": 2_000,
    "relation": 2_000,
}
OTHER_LIMIT = 2_000
LEFT_OUT = ("identifier", "relation")  # too long to keep whole: left out, not cut
PDF_LINK_LIMIT = 1_000
DATE_LIMIT = 32
LANGUAGE_LIMIT = 16


@dataclass(frozen=True)
class Note:
    """A value stored other than the record gave it: cut short, left out, or repaired."""

    dropped: bool  # left out, else cut short (or repaired)
    text: str
    repaired: bool = False  # its mojibake undone (see repaired)


# UTF-8 read as Latin-1 or Windows-1252 somewhere on its way ("NghiÃªn cá»©u" for "Nghiên cứu"):
# a Latin-1 lead byte's letter followed by a continuation byte's. Only such text goes to ftfy,
# which undoes the mistake where the result is better text and leaves everything else alone.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]"
)


def repaired(text: str) -> str:
    """`text` with double-encoded UTF-8 undone (ftfy.fix_encoding), in NFC; else as it is."""
    if not _MOJIBAKE.search(text):
        return text
    return unicodedata.normalize("NFC", ftfy.fix_encoding(text))


@dataclass(frozen=True)
class FileLink:
    """A file a record names as (part of) its full text: one of DSpace's ORIGINAL bitstreams, a
    MARC 856, a MODS raw object, an OJS PDF galley, or a link that looks like a PDF's. What it
    is is decided by its content when it is fetched, never by its address."""

    url: str
    mime_type: str = ""  # as the record says
    size: int | None = None  # bytes, as the record says
    name: str = ""
    checksum: str = ""  # "md5:…", where the record gives one


def file_link(
    url: str,
    mime_type: str = "",
    size: str = "",
    name: str = "",
    algorithm: str = "",
    checksum: str = "",
) -> FileLink:
    """A FileLink from a record's text: the size in digits, the checksum with its algorithm."""
    return FileLink(
        url.strip(),
        mime_type.strip(),
        number(size),
        " ".join(name.split()),
        f"{algorithm.strip().lower()}:{checksum.strip().lower()}"
        if algorithm.strip() and checksum.strip()
        else "",
    )


def number(text: str) -> int | None:
    """A count a record gives in ASCII digits (a size, a sequence number), else None."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() else None


@dataclass
class LibraryRecord:
    """An OAI record's metadata as the library stores a Document (library.models), the files
    its format names as full text (the main text first, attachments after), the pages that may
    lead to one when it names none (an item page, a Koha link), and what was cut short or left
    out to store it."""

    title: str
    title_lang: str = ""
    date: str = ""
    doc_type: str = "article"
    language: str = "vi"
    metadata: list[dict[str, Any]] = field(default_factory=list)
    files: list[FileLink] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # followed only when `files` is empty
    notes: list[Note] = field(default_factory=list)


def shorten(text: str, limit: int) -> str:
    """`text` if it has at most `limit` characters, else its start, cut before a word when a
    word starts in the second half, and "…"."""
    if len(text) <= limit:
        return text
    start = text[: limit - 1]
    if not text[limit - 1].isspace():  # the cut falls inside a word: cut before that word
        space = max(start.rfind(" "), start.rfind("\n"))
        if space > limit // 2:
            start = start[:space]
    return start.rstrip() + "…"


def _nfc(text: str) -> str:
    return unicodedata.normalize(
        "NFC", " ".join(text.split()) if "\n" not in text else text.strip()
    )


def is_web_link(value: str) -> bool:
    return urlsplit(value).scheme in ("http", "https") and " " not in value.strip()


def is_pdf_link(value: str) -> bool:
    """A web address that names a PDF by its look (a hint: the fetch decides by content)."""
    return is_web_link(value) and bool(_PDF_PATH.search(urlsplit(value).path))


def is_pdf_type(mime_type: str) -> bool:
    """A MIME type (parameters and case aside) that says PDF."""
    return mime_type.split(";")[0].strip().lower() == PDF


def ojs_download(url: str) -> str | None:
    """The download address of an OJS galley from its view page (…/article/view/142/310 →
    …/article/download/142/310: what OJS's Google Scholar plugin gives as citation_pdf_url, where
    the view page is an HTML viewer around it), or None when `url` is not a galley's view page."""
    found = _OJS_GALLEY.fullmatch(url.strip()) if is_web_link(url) else None
    return f"{found['journal']}download/{found['ids']}" if found else None


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
    """The element's text (or `text`), in NFC, with the element's xml:lang; blanks are dropped.
    Values are kept as given here: from_values holds them to LIMITS."""
    add_text(values, name, element.text or "" if text is None else text, element.get(XML_LANG))


def add_text(values: Values, name: str, text: str | None, lang: str | None = "") -> None:
    """`text` in NFC with its language, for formats that say the language otherwise than by
    xml:lang (or not at all); blanks are dropped."""
    value = _nfc(text or "")
    if value:
        values[name].append((value, lang or ""))


def from_oai_dc(record: etree._Element) -> LibraryRecord:
    """The record's values; raises ValueError when it has no title."""
    values = empty_values()
    for element in record:
        name = _TAGS.get(element.tag)  # comments and other namespaces: None
        if name is not None:
            add_value(values, name, element)
    return from_values(values, ojs_pdf_galleys(values))


def ojs_pdf_galleys(values: Values) -> list[FileLink]:
    """The PDF galleys of an OJS article. OJS (Dc11SchemaArticleAdapter) writes one dc:format
    per galley, its file type, and one dc:relation per galley, its view page, in the same order;
    where they pair up, each galley whose type is PDF is a file at its download address. The
    fetch confirms by content (a subscription journal answers a login page)."""
    views = [v for v, _ in values["relation"] if ojs_download(v)]
    formats = [v for v, _ in values["format"]]
    if len(views) != len(formats):  # a galley without a file type: which is which is unknown
        return []
    return [
        FileLink(download, PDF)
        for view, kind in zip(views, formats, strict=True)
        if is_pdf_type(kind) and (download := ojs_download(view))
    ]


def from_values(values: Values, files: list[FileLink] | None = None) -> LibraryRecord:
    """A record as Dublin Core values (and the files its format names as its full text), stored
    the library's way, within LIMITS; raises ValueError when it has no title. Identifiers and
    relations that look like PDFs are files too; the other web addresses among them are pages
    that may lead to one."""
    if not values["title"]:
        raise ValueError("the record has no title")
    notes: list[Note] = []
    values = {
        name: _tidy(name, [(_repair(name, v, notes), _tag(name, lang, notes)) for v, lang in pairs])
        for name, pairs in values.items()
    }
    title, title_lang = values["title"][0]
    mapped = LibraryRecord(
        title=_cut("title", title, LIMITS["title"], notes), title_lang=title_lang, notes=notes
    )
    extra: Values = {**values, "title": values["title"][1:]}
    if values["date"]:
        dates = publication_first(values["date"])
        mapped.date = _cut("date", dates[0][0], DATE_LIMIT, notes)
        extra["date"] = dates[1:]
    found = doc_type([v for v, _ in values["type"]])
    if found:
        mapped.doc_type = found
        extra["type"] = [v for v in values["type"] if doc_type([v[0]]) is None]
    if values["language"]:
        code = values["language"][0][0]
        mapped.language = LANGUAGES.get(code.lower()) or _cut(
            "language", code, LANGUAGE_LIMIT, notes
        )
        extra["language"] = values["language"][1:]
    named = list(files or [])
    pages: list[str] = []
    for element in ("identifier", "relation"):
        named += [FileLink(v) for v, _ in values[element] if is_pdf_link(v)]
        pages += [v for v, _ in values[element] if is_web_link(v) and not is_pdf_link(v)]
        extra[element] = [v for v in values[element] if not is_pdf_link(v[0])]
    for link in named:
        if len(link.url) > PDF_LINK_LIMIT:
            notes.append(
                Note(
                    True,
                    f"a PDF link of {len(link.url):,} characters left out "
                    f"(over {PDF_LINK_LIMIT:,})",
                )
            )
        elif link.url not in (f.url for f in mapped.files):
            mapped.files.append(link)
    mapped.pages = [p for p in dict.fromkeys(pages) if len(p) <= PDF_LINK_LIMIT]
    mapped.metadata = [
        {"type": name, "value": {"value": kept, "lang": lang}}
        for name in DC_ELEMENTS
        for value, lang in extra[name]
        if (kept := _kept(name, value, notes)) is not None
    ]
    return mapped


def natural_name(name: str) -> str:
    """A person's name as the library writes it, family name first without a comma, as in
    Vietnamese ("Nguyễn, Văn Nam" → "Nguyễn Văn Nam"); other names as they are."""
    found = _INVERTED.fullmatch(name)
    return f"{found['family']} {found['given']}" if found else name


def catalogue_year(date: str) -> str:
    """A year as a catalogue writes it ("2019.", "c2018.", "[2020?]") as the year; any other
    date as it is."""
    found = _CATALOGUE_YEAR.fullmatch(date)
    return found["year"] if found else date


def _tidy(element: str, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """An element's values with names in the library's order, titles without a trailing ISBD
    separator, a catalogue's year as a year, and each value once: a name once whatever its
    languages (OJS writes every author once per locale), any other value once per language
    (Koha's oai_dc writes the abstract twice)."""
    names = element in ("creator", "contributor")
    if names:
        pairs = [(natural_name(value), lang) for value, lang in pairs]
    elif element == "title":
        pairs = [(_ISBD_END.sub("", value), lang) for value, lang in pairs]
    elif element == "date":
        pairs = [(catalogue_year(value), lang) for value, lang in pairs]
    seen: set[tuple[str, str]] = set()
    unique = []
    for value, lang in pairs:
        key = (value, "" if names else lang)
        if key not in seen:
            seen.add(key)
            unique.append((value, lang))
    return unique


def publication_first(dates: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The dates with the publication date first: the first plain date or year, else the first
    that is not a timestamp, else the first; the others keep their order. DSpace's oai_dc.xsl
    writes dc.date.accessioned and dc.date.available, timestamps of the day an item was
    deposited, before dc.date.issued: read in order, every DSpace record had its deposit year."""
    ranks = [0 if _PLAIN_DATE.fullmatch(v) else 2 if _TIMESTAMP.match(v) else 1 for v, _ in dates]
    first = ranks.index(min(ranks))
    return [dates[first], *dates[:first], *dates[first + 1 :]]


def _repair(element: str, value: str, notes: list[Note]) -> str:
    fixed = repaired(value)
    if fixed != value:
        notes.append(
            Note(
                False,
                f"dc:{element} repaired: double-encoded UTF-8 ({shorten(value, 40)!r})",
                repaired=True,
            )
        )
    return fixed


def _tag(element: str, lang: str, notes: list[Note]) -> str:
    """The language tag, or "" with a note when `lang` is not one (see language_tag)."""
    tag = language_tag(lang) if lang else ""
    if tag is None:
        notes.append(
            Note(
                True,
                f"xml:lang {shorten(lang, 40)!r} of a dc:{element} left out: not a language tag",
            )
        )
    return tag or ""


def _cut(element: str, value: str, limit: int, notes: list[Note]) -> str:
    cut = shorten(value, limit)
    if cut != value:
        notes.append(Note(False, f"dc:{element} of {len(value):,} characters cut to {limit:,}"))
    return cut


def _kept(element: str, value: str, notes: list[Note]) -> str | None:
    """A value within its limit: cut, or None (with a note) for an identifier or link."""
    limit = LIMITS.get(element, OTHER_LIMIT)
    if element in LEFT_OUT and len(value) > limit:
        notes.append(
            Note(True, f"a dc:{element} of {len(value):,} characters left out (over {limit:,})")
        )
        return None
    return _cut(element, value, limit, notes)
