"""Strict reading of OAI-PMH responses into plain data.

OAI-PMH responses must be UTF-8 XML. A body that is HTML, truncated, holds characters XML
forbids, or declares another encoding is a ResponseError naming the cause; nothing is repaired.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lxml import etree

from library.vocabulary import OAI, error_for

from .errors import ResponseError

NS = {"o": OAI}
_DECLARED = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
MAX_RECORD_BYTES = 4 * 1024 * 1024  # one record's metadata; bigger ones are refused, not read


@dataclass(frozen=True)
class Record:
    identifier: str
    datestamp: str
    deleted: bool = False
    set_specs: tuple[str, ...] = ()
    metadata: etree._Element | None = None
    problem: str = ""  # why this record cannot be used, when it cannot


@dataclass
class Page:
    response_date: str
    records: list[Record] = field(default_factory=list)
    token: str | None = None  # None: no more pages
    complete_size: int | None = None  # completeListSize, where the provider says it


# libxml2's limits stay on (a text node up to 10 MB, nesting up to 256 deep): huge_tree lifts
# them, so it is not the parser for every page. A page that breaks one is read again with it,
# so that the one oversized record in it is skipped (MAX_RECORD_BYTES) rather than the whole
# page failing the run at every start: by then the body is within the page cap
# (transport.MAX_PAGE_BYTES, HARVEST_OAI_MAX_BYTES), which bounds what huge_tree lets through.
# Entity expansion stays limited in both (libxml2's amplification check holds under huge_tree).
_PARSER = etree.XMLParser(
    recover=False, resolve_entities=False, no_network=True, remove_blank_text=True
)
_HUGE_PARSER = etree.XMLParser(
    recover=False, resolve_entities=False, no_network=True, remove_blank_text=True, huge_tree=True
)


def _parse(body: bytes) -> etree._Element:
    try:
        return etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError as err:
        # lxml-stubs does not know XMLSyntaxError.code
        if err.code != etree.ErrorTypes.ERR_RESOURCE_LIMIT:  # type: ignore[attr-defined]
            raise
    return etree.fromstring(body, _HUGE_PARSER)


def document(body: bytes) -> etree._Element:
    declared = _DECLARED.match(body)
    if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        raise ResponseError(
            f"declares encoding {declared.group(1).decode()}; OAI-PMH responses must be UTF-8"
        )
    try:
        root = _parse(body)
    except etree.XMLSyntaxError as err:
        start = body[:80].lstrip().lower()
        if start.startswith((b"<!doctype html", b"<html")):
            raise ResponseError("an HTML page, not an OAI-PMH response") from err
        raise ResponseError(f"XML that does not parse: {err}") from err
    if root.tag != f"{{{OAI}}}OAI-PMH":
        if etree.QName(root).localname.lower() == "html":
            raise ResponseError("an HTML page, not an OAI-PMH response")
        raise ResponseError(f"not an OAI-PMH response: root element {root.tag}")
    errors = root.findall("o:error", NS)
    if errors:
        raise error_for(errors[0].get("code", ""), (errors[0].text or "").strip())
    return root


def parse_datestamp(value: str) -> datetime:
    """A UTC datestamp in either OAI-PMH granularity; ValueError for anything else."""
    value = value.strip()
    if len(value) == 10:
        return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
    if len(value) != 20 or value[10] != "T" or value[-1] != "Z":
        raise ValueError(value)
    return datetime.fromisoformat(value[:-1]).replace(tzinfo=UTC)


def _record(element: etree._Element, with_metadata: bool, may_be_huge: bool) -> Record:
    header = element if element.tag == f"{{{OAI}}}header" else element.find("o:header", NS)
    if header is None:
        return Record("", "", problem="a record without a header")
    identifier = (header.findtext("o:identifier", "", NS) or "").strip()
    datestamp = (header.findtext("o:datestamp", "", NS) or "").strip()
    deleted = header.get("status") == "deleted"
    specs = tuple((s.text or "").strip() for s in header.findall("o:setSpec", NS))
    if not identifier:
        return Record("", datestamp, problem="a header without an identifier")
    try:
        parse_datestamp(datestamp)
    except ValueError:
        return Record(identifier, datestamp, problem=f"bad datestamp {datestamp!r}")
    if not with_metadata or deleted:
        return Record(identifier, datestamp, deleted, specs)
    metadata = element.find("o:metadata", NS)
    if metadata is None or len(metadata) == 0:
        return Record(identifier, datestamp, False, specs, problem="a record without <metadata>")
    # In UTF-8: lxml's default output is ASCII, where each Vietnamese letter is a 6-byte "&#225;".
    size = len(etree.tostring(metadata[0], encoding="utf-8")) if may_be_huge else 0
    if size > MAX_RECORD_BYTES:
        return Record(
            identifier,
            datestamp,
            False,
            specs,
            problem=f"metadata of {size:,} bytes, over the {MAX_RECORD_BYTES:,}-byte limit",
        )
    return Record(identifier, datestamp, False, specs, metadata[0])


def list_page(body: bytes, verb: str) -> Page:
    root = document(body)
    container = root.find(f"o:{verb}", NS)
    if container is None:
        raise ResponseError(f"no <{verb}> element in the response")
    page = Page(response_date=(root.findtext("o:responseDate", "", NS) or "").strip())
    with_metadata = verb == "ListRecords"
    tag = "record" if with_metadata else "header"
    may_be_huge = len(body) > MAX_RECORD_BYTES  # else no record in it can be: skip measuring
    page.records = [
        _record(e, with_metadata, may_be_huge) for e in container.findall(f"o:{tag}", NS)
    ]
    token = container.find("o:resumptionToken", NS)
    if token is not None:
        page.token = (token.text or "").strip() or None
        size = token.get("completeListSize", "")
        page.complete_size = int(size) if size.isascii() and size.isdigit() else None
    return page
