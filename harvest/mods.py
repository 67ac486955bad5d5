"""A MODS 3.x record read into the library's Dublin Core, following the Library of Congress's
MODS → DC crosswalk where the library stores an element, plus what MODS says better than
oai_dc: which link is the full text (`<location><url access="raw object">`), whatever its
address looks like. Pure Python on lxml, like harvest.dublin_core."""

from lxml import etree

from .dublin_core import (
    XML_LANG,
    Mapped,
    Values,
    add_value,
    empty_values,
    from_values,
    is_pdf_link,
)

MODS = "http://www.loc.gov/mods/v3"
M = f"{{{MODS}}}"
CREATOR_ROLES = {"author", "creator", "aut", "cre"}
DATE_TAGS = (f"{M}dateIssued", f"{M}dateCreated", f"{M}copyrightDate", f"{M}dateOther")


def from_mods(record: etree._Element) -> Mapped:
    """The record's values; raises ValueError when it is not MODS or has no title."""
    if record.tag != f"{M}mods":
        raise ValueError(f"expected a MODS record, found <{etree.QName(record).localname}>")
    values = empty_values()
    links: list[str] = []
    for element in record:
        tag = element.tag
        if tag == f"{M}titleInfo":
            title = element.find(f"{M}title")
            if title is not None:
                subtitle = element.findtext(f"{M}subTitle") or ""
                text = f"{title.text or ''}: {subtitle}" if subtitle.strip() else title.text
                # the titleInfo's language, else the title's
                lang_from = element if element.get(XML_LANG) else title
                add_value(values, "title", lang_from, text)
        elif tag == f"{M}name":
            _name(values, element)
        elif tag == f"{M}genre":  # worded or a code ("master-thesis"): both name the type
            add_value(values, "type", element)
        elif tag == f"{M}originInfo":
            for child in element:
                if child.tag == f"{M}publisher":
                    add_value(values, "publisher", child)
                elif child.tag in DATE_TAGS and not values["date"]:
                    add_value(values, "date", child)
        elif tag == f"{M}physicalDescription":  # the page count ("extent") is read from the PDF
            for child in element:
                if child.tag in (f"{M}internetMediaType", f"{M}form"):
                    add_value(values, "format", child)
        elif tag == f"{M}language":
            for term in element.iter(f"{M}languageTerm"):
                add_value(values, "language", term)
        elif tag == f"{M}abstract":
            add_value(values, "description", element)
        elif tag == f"{M}subject":
            for child in element:
                if child.tag == f"{M}topic":
                    add_value(values, "subject", child)
                elif child.tag in (f"{M}geographic", f"{M}temporal"):
                    add_value(values, "coverage", child)
        elif tag == f"{M}relatedItem":
            for url in element.iter(f"{M}url"):
                add_value(values, "relation", url)
            if element.get("type") != "host":  # host: the collection or journal it is in
                for title in element.iter(f"{M}title"):
                    add_value(values, "relation", title)
        elif tag == f"{M}identifier":
            add_value(values, "identifier", element)
        elif tag == f"{M}location":
            for url in element.iter(f"{M}url"):
                address = " ".join((url.text or "").split())
                if url.get("access") == "raw object" or is_pdf_link(address):
                    if address and address not in links:
                        links.append(address)
                else:
                    add_value(values, "identifier", url)
        elif tag == f"{M}accessCondition":
            add_value(values, "rights", element)
        elif tag == f"{M}recordInfo":
            for source in element.iter(f"{M}recordContentSource"):
                add_value(values, "source", source)
    return from_values(values, links)


def _name(values: Values, element: etree._Element) -> None:
    parts = [p.text.strip() for p in element.iter(f"{M}namePart") if p.text and p.text.strip()]
    if not parts:
        return
    roles = {(r.text or "").strip().lower() for r in element.iter(f"{M}roleTerm")}
    field = "creator" if not roles or roles & CREATOR_ROLES else "contributor"
    add_value(values, field, element, ", ".join(parts))
