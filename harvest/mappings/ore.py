"""DSpace's ORE resource map as an Atom entry (metadataPrefix ore, its ore.xsl): the title, the
authors, the item page (rel="alternate"), and the bitstreams it aggregates, whose RDF triples
name their bundle: the ORIGINAL PDFs are the full text. It says nothing more of the work (its
atom:published is the day the item was deposited, not published). Pure Python on lxml."""

from lxml import etree

from library.vocabulary import ATOM, DCTERMS, ORE, ORE_ATOM, RDF

from .dublin_core import (
    FileLink,
    LibraryRecord,
    add_text,
    add_value,
    empty_values,
    file_link,
    from_values,
    is_pdf_type,
    is_web_link,
)

NS = {"a": ATOM, "oreatom": ORE_ATOM, "rdf": RDF, "dcterms": DCTERMS}
AGGREGATES = f"{ORE}aggregates"
ABOUT = f"{{{RDF}}}about"


def from_ore(record: etree._Element) -> LibraryRecord:
    """The record's values and its ORIGINAL PDFs; raises ValueError when it is not an Atom
    entry or has no title."""
    if record.tag != f"{{{ATOM}}}entry":
        raise ValueError(f"expected an Atom entry, found <{etree.QName(record).localname}>")
    values = empty_values()
    for title in record.iterfind("a:title", NS):
        add_value(values, "title", title)
    for name in record.iterfind("a:author/a:name", NS):
        add_value(values, "creator", name)
    for link in record.iterfind("a:link[@rel='alternate']", NS):
        add_text(values, "identifier", link.get("href"))
    return from_values(values, original_pdfs(record))


def original_pdfs(record: etree._Element) -> list[FileLink]:
    """The aggregated PDFs whose triples say they are in the ORIGINAL bundle, in the entry's
    order (the bundle's)."""
    bundles = {
        (about.get(ABOUT) or "").strip(): about.findtext("dcterms:description", "", NS).strip()
        for about in record.iterfind("oreatom:triples/rdf:Description", NS)
    }
    return [
        file_link(href, link.get("type", ""), link.get("length", ""), link.get("title", ""))
        for link in record.iterfind("a:link", NS)
        if link.get("rel") == AGGREGATES
        and bundles.get(href := link.get("href", "").strip()) == "ORIGINAL"
        and is_pdf_type(link.get("type", ""))
        and is_web_link(href)
    ]
