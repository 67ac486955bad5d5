"""MARC 21 records in MARCXML (metadataPrefix marcxml, Koha's; marc21 elsewhere), read with
pymarc into the library's Dublin Core after the Library of Congress's MARC to Dublin Core
crosswalk, for the fields a library catalogue fills. It reads what oai_dc loses: a name apart
from its role (Koha's MARC21slim2OAIDC.xsl writes 100 $a and $e as one string, "Nguyễn Văn
Nam" and "tác giả" with only whitespace between), a 264 publisher and date (the crosswalk reads
260 only), and which 856 link is a PDF ($q) and what it is called ($y). Pure Python."""

import io
import re

import pymarc
from lxml import etree
from pymarc import marcxml

from library.vocabulary import MARC21

from .dublin_core import (
    FileLink,
    LibraryRecord,
    Values,
    add_text,
    doc_type,
    empty_values,
    file_link,
    from_values,
    is_pdf_link,
    is_pdf_type,
)

# name fields → creator, or contributor when $e (relator term) or $4 (relator code) names a
# role other than the author's
NAMES = ("100", "110", "111", "700", "710", "711", "720")
AUTHOR_ROLES = {"author", "aut", "creator", "cre", "tác giả", "đồng tác giả"}
# field tags → (Dublin Core element, subfield codes read), as the LoC crosswalk maps them
FIELDS = (
    (("520",), "description", "a"),
    (("502",), "description", "a"),  # a thesis: "Luận văn Thạc sĩ -- Trường Đại học Cần Thơ"
    (("600", "610", "611", "630", "650", "653"), "subject", "a"),
    (("651",), "coverage", "a"),
    (("020", "022", "024"), "identifier", "a"),
    (("773",), "relation", "t"),
    (("506", "540"), "rights", "a"),
)
_YEAR = re.compile(r"\d{4}")


def from_marcxml(record: etree._Element) -> LibraryRecord:
    """The record's values and the PDFs its 856 fields name; raises ValueError when it is not
    MARCXML or has no title (245)."""
    marc = parse(record)
    values = empty_values()
    for field in marc.get_fields("245"):
        title, subtitle = (chop(" ".join(field.get_subfields(code))) for code in "ab")
        add_text(values, "title", f"{title}: {subtitle}" if title and subtitle else title)
    for field in marc.get_fields(*NAMES):
        _name(values, field)
    for field in marc.get_fields("260", "264"):
        for publisher in field.get_subfields("b"):
            add_text(values, "publisher", chop(publisher))
        for date in field.get_subfields("c"):
            add_text(values, "date", chop(date))
    fixed = next((f.data or "" for f in marc.get_fields("008")), "")
    if not values["date"] and _YEAR.fullmatch(fixed[7:11]):  # 008/07-10: Date 1
        add_text(values, "date", fixed[7:11])
    for tags, element, codes in FIELDS:
        for field in marc.get_fields(*tags):
            for text in field.get_subfields(*codes):
                add_text(values, element, chop(text))
    for field in marc.get_fields("041"):
        for codes in field.get_subfields("a"):  # "vieeng" in older records: one code per 3
            for start in range(0, len(codes), 3):
                add_text(values, "language", codes[start : start + 3])
    if not values["language"] and fixed[35:38].strip(" |"):  # 008/35-37: Language
        add_text(values, "language", fixed[35:38])
    for kind in _types(marc):
        add_text(values, "type", kind)
    return from_values(values, _links(values, marc))


def parse(record: etree._Element) -> pymarc.Record:
    """The MARCXML record as pymarc reads it (in NFC); ValueError when it is not one."""
    if record.tag not in (f"{{{MARC21}}}record", f"{{{MARC21}}}collection"):
        raise ValueError(f"expected a MARCXML record, found <{etree.QName(record).localname}>")
    # pymarc.marcxml is not annotated. It parses with xml.sax, which resolves no external
    # entity; a serialized element carries no DOCTYPE to declare one anyway.
    found = marcxml.parse_xml_to_array(  # type: ignore[no-untyped-call]
        io.BytesIO(etree.tostring(record)), strict=True, normalize_form="NFC"
    )
    if not found:
        raise ValueError("a MARCXML collection without a record")
    marc: pymarc.Record = found[0]
    return marc


def chop(text: str) -> str:
    """A MARC value without the punctuation that separates it from the next subfield (ISBD's
    " /", " :", " ;", " =", and a final comma or period), as the LoC crosswalk chops it."""
    text = " ".join(text.split()).rstrip(" ,;:/=")
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text


def _name(values: Values, field: pymarc.Field) -> None:
    roles = {chop(role).lower() for role in field.get_subfields("e", "4")}
    element = "creator" if not roles or roles & AUTHOR_ROLES else "contributor"
    for name in field.get_subfields("a"):
        add_text(values, element, chop(name))


def _types(marc: pymarc.Record) -> list[str]:
    """Words that name the record's kind for dc:type: a dissertation note (502), else what the
    leader says (language material, monograph: a book; a component part: an article)."""
    kinds = [
        text if doc_type([text]) else "thesis"
        for field in marc.get_fields("502")
        for text in field.get_subfields("a")
    ]
    leader = str(marc.leader)
    if leader[6:7] in ("a", "t") and leader[7:8] == "m":
        kinds.append("book")
    elif leader[7:8] in ("a", "b"):
        kinds.append("article")
    return kinds


def _links(values: Values, marc: pymarc.Record) -> list[FileLink]:
    """856 $u: a file where $q says PDF or the address looks like a PDF's (named by $y or $3),
    else an identifier: a page that may lead to one."""
    links = []
    for field in marc.get_fields("856"):
        mime = next(iter(field.get_subfields("q")), "")
        name = next(iter(field.get_subfields("y", "3")), "")
        for url in field.get_subfields("u"):
            if is_pdf_type(mime) or is_pdf_link(url.strip()):
                links.append(file_link(url, mime if is_pdf_type(mime) else "", name=name))
            else:
                add_text(values, "identifier", url)
    return links
