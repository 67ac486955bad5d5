"""A MODS 3.x record read into the library's Dublin Core by the crosswalk table the provider
writes with (library.mods), plus what MODS says better than oai_dc: which link is the full text
(`<location><url access="raw object">`), whatever its address looks like. Pure Python on lxml."""

from lxml import etree

from library import mods
from library.vocabulary import XML_LANG

from .dublin_core import (
    FileLink,
    LibraryRecord,
    Values,
    add_value,
    empty_values,
    from_values,
    is_pdf_link,
)

M = mods.M
CREATOR_ROLES = {"author", "creator", "aut", "cre"}


def from_mods(record: etree._Element) -> LibraryRecord:
    """The record's values; raises ValueError when it is not MODS or has no title."""
    return from_values(*read_mods(record))


def read_mods(record: etree._Element) -> tuple[Values, list[FileLink]]:
    """A MODS record's Dublin Core values and the files it names as its full text (for METS,
    which wraps MODS); raises ValueError when it is not MODS."""
    if record.tag != f"{M}mods":
        raise ValueError(f"expected a MODS record, found <{etree.QName(record).localname}>")
    values = empty_values()
    for info in record.iterchildren(f"{M}titleInfo"):
        title = info.find(f"{M}title")
        if title is not None:
            subtitle = info.findtext(f"{M}subTitle") or ""
            text = f"{title.text or ''}: {subtitle}" if subtitle.strip() else title.text
            add_value(values, "title", info if info.get(XML_LANG) else title, text)
    for name in record.iterchildren(f"{M}name"):
        _name(values, name)
    for element, found in mods.read(record):
        add_value(values, element, found)
    links: list[FileLink] = []
    for url in mods.elements(record, "m:location/m:url"):
        address = " ".join((url.text or "").split())
        if url.get("access") == "raw object" or is_pdf_link(address):
            if address and address not in (link.url for link in links):
                links.append(FileLink(address))
        else:
            add_value(values, "identifier", url)
    for form in mods.elements(
        record, "m:physicalDescription/*[self::m:internetMediaType or self::m:form]"
    ):  # the page count ("extent") is read from the PDF itself
        add_value(values, "format", form)
    return values, links


def _name(values: Values, element: etree._Element) -> None:
    parts = [p.text.strip() for p in element.iter(f"{M}namePart") if p.text and p.text.strip()]
    if not parts:
        return
    roles = {(r.text or "").strip().lower() for r in element.iter(f"{M}roleTerm")}
    field = "creator" if not roles or roles & CREATOR_ROLES else "contributor"
    add_value(values, field, element, ", ".join(parts))
