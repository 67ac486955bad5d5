"""The metadata formats the provider disseminates, each one writer of lxml elements.

oai_dc is required by the protocol. MODS 3.4 (Library of Congress) is the richer one: harvesters
of digital libraries (DSpace, Islandora, VuFind, CORE) read it; it keeps what oai_dc loses —
the full-text PDF's address, size and page count (location/url, physicalDescription), the
holding library (recordInfo/recordContentSource), collections (relatedItem type="host"), the
identifier at the source, and creator roles — and its XSD lets every response be validated.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from library import mods
from library.vocabulary import DC, MODS, MODS_SCHEMA, OAI_DC, OAI_DC_SCHEMA, XML_LANG, XSI

from .repository import Item


@dataclass(frozen=True)
class Links:
    """Absolute addresses of a record's resources on this portal."""

    root: str  # e.g. "https://thuvien.dbscl.vn/" (with the trailing slash)

    def pdf(self, local_id: str) -> str:
        return f"{self.root}tai-lieu/{local_id}/toan-van.pdf"  # as portal.documents.urls


@dataclass(frozen=True)
class Format:
    prefix: str
    schema: str
    namespace: str
    write: Callable[[etree._Element, Item, Links], None]


def _text(parent: etree._Element, tag: str, text: str, lang: str = "", **attrs: str):
    element = etree.SubElement(parent, tag, attrs)
    element.text = text
    if lang:
        element.set(XML_LANG, lang)
    return element


def write_oai_dc(parent: etree._Element, item: Item, links: Links) -> None:
    root = etree.SubElement(parent, f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} {FORMATS['oai_dc'].schema}")
    for element, values in item.dc.items():
        for value, lang in values:
            _text(root, f"{{{DC}}}{element}", value, lang)
        if element == "identifier" and item.files:
            _text(root, f"{{{DC}}}identifier", links.pdf(item.local_id))


MEDIA_TYPE = re.compile(r"^[a-z]+/[a-z0-9.+-]+$")


def write_mods(parent: etree._Element, item: Item, links: Links) -> None:
    """MODS 3.4 by the crosswalk table (library.mods), and beside it what one row cannot say."""
    m = f"{{{MODS}}}"
    root = etree.SubElement(parent, f"{m}mods", {"version": "3.4"}, nsmap={"mods": MODS})
    root.set(f"{{{XSI}}}schemaLocation", f"{MODS} {MODS_SCHEMA}")
    dc = item.dc
    for number, (title, lang) in enumerate(dc["title"]):
        info = etree.SubElement(root, f"{m}titleInfo", {"type": "alternative"} if number else {})
        if lang:
            info.set(XML_LANG, lang)
        _text(info, f"{m}title", title)
    for element, role in (("creator", "author"), ("contributor", "contributor")):
        for name, _ in dc[element]:
            person = etree.SubElement(root, f"{m}name", {"type": "personal"})
            _text(person, f"{m}namePart", name)
            role_element = etree.SubElement(person, f"{m}role")
            _text(role_element, f"{m}roleTerm", role, type="text", authority="marcrelator")
    _text(root, f"{m}typeOfResource", "text")
    _text(root, f"{m}genre", item.doc_type, authority="local", type="code")
    mods.write(root, dc)
    physical = etree.SubElement(root, f"{m}physicalDescription")
    for form, lang in dc["format"]:  # dc:format: a media type, or words ("120 tr.")
        tag = "internetMediaType" if MEDIA_TYPE.match(form) else "form"
        _text(physical, f"{m}{tag}", form, "" if tag == "internetMediaType" else lang)
    for pdf in item.files[:1]:
        if (pdf.mime_type, "") not in dc["format"]:
            _text(physical, f"{m}internetMediaType", pdf.mime_type)
        if pdf.page_count:
            _text(physical, f"{m}extent", f"{pdf.page_count} tr.", "vi")
    if len(physical) == 0:
        root.remove(physical)
    for name in item.collection_names:
        host = etree.SubElement(root, f"{m}relatedItem", {"type": "host"})
        _text(etree.SubElement(host, f"{m}titleInfo"), f"{m}title", name)
    if item.files:
        location = etree.SubElement(root, f"{m}location")
        _text(location, f"{m}url", links.pdf(item.local_id), access="raw object", usage="primary")
    record_info = root.find(f"{m}recordInfo")
    if record_info is None:
        record_info = etree.SubElement(root, f"{m}recordInfo")
    if item.source_name and item.source_name not in (value for value, _ in dc["source"]):
        _text(record_info, f"{m}recordContentSource", item.source_name, "vi")
    if item.origin_identifier:
        _text(record_info, f"{m}recordIdentifier", item.origin_identifier, source="origin")
    _text(record_info, f"{m}recordIdentifier", item.local_id, source="local")


FORMATS = {
    "oai_dc": Format("oai_dc", OAI_DC_SCHEMA, OAI_DC, write_oai_dc),
    "mods": Format("mods", MODS_SCHEMA, MODS, write_mods),
}
