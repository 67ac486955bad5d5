"""One response builder per verb; each returns the complete <OAI-PMH> element."""

from datetime import UTC, datetime
from typing import cast

from lxml import etree

from library.vocabulary import (
    OAI,
    OAI_IDENTIFIER,
    OAI_IDENTIFIER_SCHEMA,
    OAI_SCHEMA,
    SECOND_FORMAT,
    SECOND_GRANULARITY,
    XSI,
    BadResumptionToken,
    CannotDisseminateFormat,
    IdDoesNotExist,
    NoRecordsMatch,
    OAIError,
    local_id_of,
    oai_identifier,
    xml_safe,
)

from . import repository, tokens
from .arguments import OAIRequest
from .conf import OAIConfig
from .formats import FORMATS, Links

OAI_TAG = f"{{{OAI}}}"  # the OAI namespace as an lxml tag prefix


class Context:
    def __init__(self, base_url: str, links: Links, config: OAIConfig) -> None:
        self.base_url = base_url
        self.links = links
        self.config = config
        self.catalogue = repository.Catalogue()

    def identifier(self, local_id: str) -> str:
        return oai_identifier(self.config.repository_identifier, local_id)

    def local_id(self, identifier: str) -> str:
        local_id = local_id_of(identifier, self.config.repository_identifier)
        if local_id is None:
            raise IdDoesNotExist(f"'{identifier}' is not an identifier of this repository.")
        return local_id


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(SECOND_FORMAT)


def _text(parent: etree._Element, tag: str, text: str, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attrs)
    element.text = text
    return element


def envelope(request: OAIRequest | None, base_url: str) -> etree._Element:
    # lxml-stubs 0.5 types nsmap as Mapping[str, str]; lxml takes None for the default namespace.
    nsmap = cast(dict[str, str], {None: OAI, "xsi": XSI})
    root = etree.Element(f"{OAI_TAG}OAI-PMH", nsmap=nsmap)
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} {OAI_SCHEMA}")
    _text(root, f"{OAI_TAG}responseDate", utc(datetime.now(UTC)))
    element = _text(root, f"{OAI_TAG}request", base_url)
    if request is not None:  # after badVerb or badArgument, only the base URL (§3.6)
        element.set("verb", request.verb)
        for name, value in request.arguments.items():
            element.set(name, value)
    return root


def error(request: OAIRequest | None, err: OAIError, base_url: str) -> etree._Element:
    root = envelope(request, base_url)
    _text(root, f"{OAI_TAG}error", xml_safe(err.message), code=err.code)
    return root


def identify(request: OAIRequest, ctx: Context) -> etree._Element:
    root = envelope(request, ctx.base_url)
    body = etree.SubElement(root, f"{OAI_TAG}Identify")
    _text(body, f"{OAI_TAG}repositoryName", ctx.config.repository_name)
    _text(body, f"{OAI_TAG}baseURL", ctx.base_url)
    _text(body, f"{OAI_TAG}protocolVersion", "2.0")
    for email in ctx.config.admin_emails:
        _text(body, f"{OAI_TAG}adminEmail", email)
    earliest = repository.earliest_datestamp() or datetime.now(UTC)
    _text(body, f"{OAI_TAG}earliestDatestamp", utc(earliest))
    _text(body, f"{OAI_TAG}deletedRecord", "persistent")
    _text(body, f"{OAI_TAG}granularity", SECOND_GRANULARITY)
    _text(body, f"{OAI_TAG}compression", "gzip")
    description = etree.SubElement(body, f"{OAI_TAG}description")
    nsmap = cast(dict[str, str], {None: OAI_IDENTIFIER})  # lxml-stubs: as in envelope()
    oai_id = etree.SubElement(description, f"{{{OAI_IDENTIFIER}}}oai-identifier", nsmap=nsmap)
    oai_id.set(f"{{{XSI}}}schemaLocation", f"{OAI_IDENTIFIER} {OAI_IDENTIFIER_SCHEMA}")
    for tag, text in (
        ("scheme", "oai"),
        ("repositoryIdentifier", ctx.config.repository_identifier),
        ("delimiter", ":"),
        ("sampleIdentifier", ctx.identifier("3f2a9c0b17de")),
    ):
        _text(oai_id, f"{{{OAI_IDENTIFIER}}}{tag}", text)
    return root


def list_metadata_formats(request: OAIRequest, ctx: Context) -> etree._Element:
    identifier = request.get("identifier")
    if identifier and repository.get_item(ctx.local_id(identifier), ctx.catalogue) is None:
        raise IdDoesNotExist(f"No item has the identifier '{identifier}'.")
    root = envelope(request, ctx.base_url)
    body = etree.SubElement(root, f"{OAI_TAG}ListMetadataFormats")
    for fmt in FORMATS.values():
        element = etree.SubElement(body, f"{OAI_TAG}metadataFormat")
        _text(element, f"{OAI_TAG}metadataPrefix", fmt.prefix)
        _text(element, f"{OAI_TAG}schema", fmt.schema)
        _text(element, f"{OAI_TAG}metadataNamespace", fmt.namespace)
    return root


def list_sets(request: OAIRequest, ctx: Context) -> etree._Element:
    if "resumptionToken" in request.arguments:
        raise BadResumptionToken("ListSets is answered in one response; it has no tokens.")
    root = envelope(request, ctx.base_url)
    body = etree.SubElement(root, f"{OAI_TAG}ListSets")
    for info in ctx.catalogue.sets():
        element = etree.SubElement(body, f"{OAI_TAG}set")
        _text(element, f"{OAI_TAG}setSpec", info.spec)
        _text(element, f"{OAI_TAG}setName", info.name)
    return root


def _header(parent, item: repository.Item, ctx: Context) -> None:
    header = etree.SubElement(parent, f"{OAI_TAG}header")
    if item.deleted:
        header.set("status", "deleted")
    _text(header, f"{OAI_TAG}identifier", ctx.identifier(item.local_id))
    _text(header, f"{OAI_TAG}datestamp", utc(item.datestamp))
    for spec in item.set_specs:
        _text(header, f"{OAI_TAG}setSpec", spec)


def _record(parent, item: repository.Item, prefix: str, ctx: Context) -> None:
    record = etree.SubElement(parent, f"{OAI_TAG}record")
    _header(record, item, ctx)
    if not item.deleted:
        FORMATS[prefix].write(etree.SubElement(record, f"{OAI_TAG}metadata"), item, ctx.links)


def _check_prefix(prefix: str) -> None:
    if prefix not in FORMATS:
        raise CannotDisseminateFormat(f"The metadata format '{prefix}' is not offered.")


def get_record(request: OAIRequest, ctx: Context) -> etree._Element:
    prefix = request.arguments["metadataPrefix"]
    identifier = request.arguments["identifier"]
    item = repository.get_item(ctx.local_id(identifier), ctx.catalogue)
    if item is None:
        raise IdDoesNotExist(f"No item has the identifier '{identifier}'.")
    _check_prefix(prefix)
    root = envelope(request, ctx.base_url)
    _record(etree.SubElement(root, f"{OAI_TAG}GetRecord"), item, prefix, ctx)
    return root


def list_items(request: OAIRequest, ctx: Context) -> etree._Element:
    """ListIdentifiers and ListRecords: a first page, or the page a token points to."""
    token = request.get("resumptionToken")
    if token is not None:  # an empty one too: tokens.decode refuses it
        state = tokens.decode(token, request.verb, ctx.config.token_max_age)
    else:
        _check_prefix(request.arguments["metadataPrefix"])
        state = tokens.ListState(
            verb=request.verb,
            prefix=request.arguments["metadataPrefix"],
            set_spec=request.get("set"),
            start=request.start,
            # The list ends where it was when first asked: what changes later is in the next
            # incremental harvest (its datestamp is after this responseDate).
            end=min(request.end or datetime.max.replace(tzinfo=UTC), datetime.now(UTC)),
        )
    queryset = repository.list_queryset(ctx.catalogue, state.set_spec, state.start, state.end)
    if not token:
        state = tokens.ListState(**{**state.__dict__, "total": queryset.count()})
    with_metadata = request.verb == "ListRecords"
    items, more = repository.page(
        queryset, ctx.catalogue, state.after, ctx.config.page_size, with_metadata
    )
    if not items:
        if token:
            raise BadResumptionToken("The list this token continues has no more items.")
        raise NoRecordsMatch("No records match the arguments.")
    root = envelope(request, ctx.base_url)
    body = etree.SubElement(root, f"{OAI_TAG}{request.verb}")
    for item in items:
        if with_metadata:
            _record(body, item, state.prefix, ctx)
        else:
            _header(body, item, ctx)
    if more or token:
        following = state.advance(len(items), (items[-1].datestamp, items[-1].pk))
        element = _text(
            body,
            f"{OAI_TAG}resumptionToken",
            tokens.encode(following) if more else "",
            completeListSize=str(state.total),
            cursor=str(state.cursor),
        )
        if more:
            element.set("expirationDate", utc(tokens.expiration(ctx.config.token_max_age)))
    return root


HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_items,
    "ListRecords": list_items,
}
