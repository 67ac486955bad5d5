"""DSpace's raw item (metadataPrefix xoai, DSpace 7 and 8), as dspace-oai's ItemUtils writes
it: the item's Dublin Core with every qualifier and language, and its bundles with their
bitstreams. The full text is the ORIGINAL bundle, the files the depositor gave; the other
bundles are what DSpace derives or keeps (TEXT, THUMBNAIL, LICENSE). Pure Python on lxml."""

from collections.abc import Iterator

from lxml import etree

from library.vocabulary import DC_ELEMENTS, XOAI

from .dublin_core import (
    FileLink,
    LibraryRecord,
    add_text,
    empty_values,
    file_link,
    from_values,
    is_pdf_type,
    is_web_link,
    number,
)

X = f"{{{XOAI}}}"
NS = {"x": XOAI}
# The repository's bookkeeping, not the work's: when the item was deposited and made available
# (timestamps that oai_dc lists before dc.date.issued), and the deposit's provenance.
BOOKKEEPING = {("date", "accessioned"), ("date", "available"), ("description", "provenance")}
# Values that go first among their element's: the main title, the publication date.
FIRST = {("title", ""), ("date", "issued")}
NO_LANGUAGE = "none"  # ItemUtils's language level for a value without one
# A bitstream's fields in file_link's order: url, MIME type, size, name, checksum.
FILE_FIELDS = ("url", "format", "size", "name", "checksumAlgorithm", "checksum")


def from_xoai(record: etree._Element) -> LibraryRecord:
    """The record's values and its ORIGINAL PDFs; raises ValueError when it is not an xoai
    record or has no title."""
    if record.tag != f"{X}metadata":
        raise ValueError(f"expected an xoai record, found <{etree.QName(record).localname}>")
    values = empty_values()
    found = [
        (element, qualifier, text, lang)
        for element, qualifier, text, lang in _dc(record)
        if (element, qualifier) not in BOOKKEEPING
    ]
    found.sort(key=lambda value: value[:2] not in FIRST)  # stable: the others keep their order
    for element, qualifier, text, lang in found:
        if element == "contributor" and qualifier == "author":
            element = "creator"
        if element in DC_ELEMENTS:
            add_text(values, element, text, lang)
    return from_values(values, original_pdfs(record))


def _dc(record: etree._Element) -> Iterator[tuple[str, str, str, str]]:
    """(element, qualifier, value, language) for each value under `element name="dc"`. Each
    level is an `element`: the element, the qualifier if any, then the language, which holds
    the `field name="value"`s."""
    for dc in record.iterfind("x:element[@name='dc']", NS):
        yield from _values(dc, ())


def _values(node: etree._Element, path: tuple[str, ...]) -> Iterator[tuple[str, str, str, str]]:
    for child in node.iterfind("x:element", NS):
        fields = child.findall("x:field[@name='value']", NS)
        if fields and path:  # the language level
            lang = child.get("name", "")
            for field in fields:
                yield (
                    path[0],
                    ".".join(path[1:]),
                    field.text or "",
                    "" if lang == NO_LANGUAGE else lang,
                )
        else:
            yield from _values(child, (*path, child.get("name", "")))


def original_pdfs(record: etree._Element) -> list[FileLink]:
    """The PDFs of the ORIGINAL bundle, DSpace 8's primary bitstream first, then in sid order.
    DSpace 8 also writes each bitstream's resource policies: a bitstream anonymous readers
    cannot read yet (no Anonymous READ, or one with a start date, which ItemUtils writes only
    while it is ahead) is left out, as its address answers a login page. DSpace 7 says
    nothing of access: every ORIGINAL PDF is named, and the fetch finds out."""
    bitstreams = [
        bitstream
        for bundle in record.iterfind("x:element[@name='bundles']/x:element[@name='bundle']", NS)
        if _field(bundle, "name") == "ORIGINAL"
        for bitstream in bundle.iterfind(
            "x:element[@name='bitstreams']/x:element[@name='bitstream']", NS
        )
        if is_pdf_type(_field(bitstream, "format"))
        and is_web_link(_field(bitstream, "url"))
        and _anonymous(bitstream)
    ]
    bitstreams.sort(key=lambda b: (_field(b, "primary") != "true", number(_field(b, "sid")) or 0))
    return [file_link(*(_field(b, name) for name in FILE_FIELDS)) for b in bitstreams]


def _anonymous(bitstream: etree._Element) -> bool:
    policies = bitstream.find("x:element[@name='resourcePolicies']", NS)
    if policies is None:  # DSpace 7: not said
        return True
    return any(
        _field(policy, "group") == "Anonymous"
        and _field(policy, "action") == "READ"
        and not _field(policy, "start-date")
        for policy in policies.iterfind("x:element[@name='resourcePolicy']", NS)
    )


def _field(node: etree._Element, name: str) -> str:
    for field in node.iterfind("x:field", NS):
        if field.get("name") == name:
            return (field.text or "").strip()
    return ""
