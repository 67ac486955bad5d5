"""The MODS 3.4 ↔ Dublin Core crosswalk, one table read both ways: the provider writes a
document's Dublin Core as MODS with it (library.oai.formats), the harvester reads another
library's MODS into Dublin Core with it (harvest.mappings.mods). It follows the Library of
Congress's MODS → DC crosswalk for the elements the library stores. No Django in here.

What one row cannot say is done beside the table, on both sides: titles (titleInfo with
subTitle, alternatives), names (creator or contributor by role), the physical description
(a media type or words, the PDF's pages), and locations (the full text is the raw object).
"""

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from .vocabulary import MODS, XML_LANG

M = f"{{{MODS}}}"
NS = {"m": MODS}


@dataclass(frozen=True)
class Rule:
    element: str  # the Dublin Core element
    path: tuple[str, ...]  # the MODS elements under <mods> that hold one value, outermost first
    attributes: tuple[tuple[str, str], ...] = ()  # written on the innermost element
    shared: bool = False  # values share one outer element (one <originInfo>)
    first_only: bool = False  # one value each way (the key date)
    lang: bool = True  # the value's xml:lang is written
    read: str = ""  # XPath of what is read, when more than `path` ("m:subject/m:temporal" too)

    def xpath(self) -> str:
        return self.read or "/".join(f"m:{step}" for step in self.path)


RULES = (
    Rule("type", ("genre",), (("authority", "local"),)),
    Rule("publisher", ("originInfo", "publisher"), shared=True),
    Rule(
        "date",
        ("originInfo", "dateIssued"),
        (("encoding", "w3cdtf"), ("keyDate", "yes")),
        shared=True,
        first_only=True,
        lang=False,
        read="m:originInfo/*[self::m:dateIssued or self::m:dateCreated or self::m:copyrightDate"
        " or self::m:dateOther]",
    ),
    Rule(
        "language",
        ("language", "languageTerm"),
        (("type", "code"), ("authority", "rfc4646")),
        lang=False,
        read="m:language//m:languageTerm",
    ),
    Rule("description", ("abstract",)),
    Rule("subject", ("subject", "topic")),
    Rule(
        "coverage",
        ("subject", "geographic"),
        read="m:subject/*[self::m:geographic or self::m:temporal]",
    ),
    Rule(
        "relation",
        ("relatedItem", "location", "url"),
        lang=False,
        read="m:relatedItem//m:url | m:relatedItem[not(@type='host')]//m:title",
    ),
    Rule("identifier", ("identifier",), lang=False),
    Rule("rights", ("accessCondition",), (("type", "use and reproduction"),)),
    Rule("source", ("recordInfo", "recordContentSource"), shared=True),
)


def write(root: etree._Element, dc: dict[str, list[tuple[str, str]]]) -> None:
    """Every value the table covers, written under <mods> `root`."""
    for rule in RULES:
        values = dc.get(rule.element, [])[: 1 if rule.first_only else None]
        for value, lang in values:
            parent = root
            for step in rule.path[:-1]:
                found = root.find(f"{M}{step}") if rule.shared else None
                parent = found if found is not None else etree.SubElement(parent, f"{M}{step}")
            leaf = etree.SubElement(parent, f"{M}{rule.path[-1]}", dict(rule.attributes))
            leaf.text = value
            if lang and rule.lang:
                leaf.set(XML_LANG, lang)


def elements(node: etree._Element, path: str) -> list[etree._Element]:
    """The elements an XPath (prefix m: for MODS) selects under `node`. lxml types xpath() as
    any XPath result (a number, a string, a list of strings); this one is a list of elements."""
    found = node.xpath(path, namespaces=NS)
    selected = (
        [e for e in found if isinstance(e, etree._Element)] if isinstance(found, list) else []
    )
    if selected != found:
        raise TypeError(f"{path!r} selects more than elements")
    return selected


def read(record: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    """(Dublin Core element, the MODS element holding its value) for what the table covers,
    in the record's order within each element."""
    for rule in RULES:
        found = elements(record, rule.xpath())
        for element in found[: 1 if rule.first_only else None]:
            yield rule.element, element
