"""The protocol facts the provider (library.oai) and the harvester (harvest) share, written once:
XML namespaces and schemas, the fifteen Dublin Core elements, language tags, OAI identifiers,
the portal's local ids, datestamp granularities, and the OAI-PMH error codes. No Django in here.

The OAI-PMH errors, one class per code (OAI-PMH 2.0 §3.6); the provider raises them and answers
each as an <error> element in an HTTP 200 response, the harvester raises them for the <error>
element a provider answered:

    OAIError                     any code; a code outside the protocol keeps its own `code`
    ├── BadArgument              illegal, repeated or missing argument, bad date
    ├── BadResumptionToken       tampered, malformed, expired or foreign token
    ├── BadVerb                  missing, repeated or unknown verb
    ├── CannotDisseminateFormat  metadataPrefix the repository does not offer
    ├── IdDoesNotExist           identifier unknown or malformed
    ├── NoRecordsMatch           the list would be empty
    ├── NoMetadataFormats        no format for this item
    └── NoSetHierarchy           the repository has no sets
"""

import re
import secrets
from functools import lru_cache

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
OAI_IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"
OAI_IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
DC = "http://purl.org/dc/elements/1.1/"
MODS = "http://www.loc.gov/mods/v3"
MODS_SCHEMA = "http://www.loc.gov/standards/mods/v3/mods-3-4.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XLINK = "http://www.w3.org/1999/xlink"
# What other libraries' OAI-PMH servers send besides Dublin Core and MODS (harvest.mappings):
# DSpace's raw item (xoai), its METS package (with PREMIS), its ORE resource map as Atom (with
# RDF triples in dcterms), and MARC 21 as MARCXML (Koha).
XOAI = "http://www.lyncode.com/xoai"
METS = "http://www.loc.gov/METS/"
PREMIS = "http://www.loc.gov/standards/premis"
ATOM = "http://www.w3.org/2005/Atom"
ORE = "http://www.openarchives.org/ore/terms/"
ORE_ATOM = "http://www.openarchives.org/ore/atom/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DCTERMS = "http://purl.org/dc/terms/"
MARC21 = "http://www.loc.gov/MARC21/slim"

# The fifteen elements of Dublin Core 1.1, in the order the portal exports them.
DC_ELEMENTS = (
    "title",
    "creator",
    "subject",
    "description",
    "publisher",
    "contributor",
    "date",
    "type",
    "format",
    "identifier",
    "source",
    "language",
    "relation",
    "coverage",
    "rights",
)

# xml:lang is xs:language (XML Schema Part 2 §3.3.3), so an exported tag must match this; the
# library's columns and blocks hold 16 characters of it.
LANGUAGE_TAG = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")
LANGUAGE_TAG_MAX = 16


def language_tag(value: str) -> str | None:
    """`value` as a language tag in BCP 47's usual case (vi, en-US, zh-Hant-TW), or None when
    it is not one. White space around it is dropped, as xs:language does; DSpace's locale
    spelling "vi_VN" is the tag vi-VN."""
    return _tag(value) if len(value) <= 4 * LANGUAGE_TAG_MAX else None


@lru_cache(maxsize=256)  # a library uses a handful of tags, on every value of every record
def _tag(value: str) -> str | None:
    tag = value.strip().replace("_", "-")
    if len(tag) > LANGUAGE_TAG_MAX or not LANGUAGE_TAG.fullmatch(tag):
        return None
    first, *rest = tag.split("-")
    parts, extension = [first.lower()], len(first) == 1  # "x-…", "i-…": private, all lower
    for part in rest:
        extension = extension or len(part) == 1  # after a singleton, subtags are its own
        if not extension and len(part) == 2:
            part = part.upper()  # region (RFC 5646 §2.1.1)
        elif not extension and len(part) == 4 and part.isalpha():
            part = part.title()  # script
        else:
            part = part.lower()
        parts.append(part)
    return "-".join(parts)


DAY_GRANULARITY = "YYYY-MM-DD"
SECOND_GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
SECOND_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # strftime of a UTC datestamp at SECOND_GRANULARITY
DAY_FORMAT = "%Y-%m-%d"

# The characters of XML 1.0 (§2.2 Char): lxml refuses to write any other, a parser to read it.
NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# What an OAI-PMH <request> element can echo (OAI-PMH.xsd's requestType): metadataPrefixType,
# setSpecType, and identifierType, an anyURI (an OAI identifier is a URI, §2.4; written here as
# RFC 3986 in ASCII, without a fragment). A value outside them is an illegal argument value.
_MARK = r"A-Za-z0-9\-_.!~*'()"
METADATA_PREFIX = re.compile(rf"[{_MARK}]+")
SET_SPEC = re.compile(rf"[{_MARK}]+(?::[{_MARK}]+)*")
_ESCAPE = "%[0-9A-Fa-f]{2}"
_PCHAR = rf"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|{_ESCAPE})"
URI = re.compile(
    r"[A-Za-z][A-Za-z0-9+.\-]*:"  # scheme
    rf"(?://(?:(?:[A-Za-z0-9\-._~!$&'()*+,;=:]|{_ESCAPE})*@)?"  # authority: user,
    rf"(?:[A-Za-z0-9\-._~!$&'()*+,;=]|{_ESCAPE})*(?::[0-9]{{1,5}})?"  # host, port,
    rf"(?:/{_PCHAR}*)*"  # then an absolute path;
    rf"|(?!//)(?:/|{_PCHAR})*)"  # or a path without one
    rf"(?:\?(?:[/?]|{_PCHAR})*)?"  # query
)


def new_local_id() -> str:
    """A new document's local id: the local part of its OAI identifier and its page address."""
    return secrets.token_hex(6)


def oai_identifier(repository: str, local_id: str) -> str:
    """oai:<repository identifier>:<local id> (the oai-identifier scheme, delimiter ':')."""
    return f"oai:{repository}:{local_id}"


def local_id_of(identifier: str, repository: str) -> str | None:
    """The local part of one of this repository's identifiers, or None if it is not one."""
    prefix = oai_identifier(repository, "")
    if not identifier.startswith(prefix) or len(identifier) == len(prefix):
        return None
    return identifier[len(prefix) :]


def xml_safe(text: str) -> str:
    """`text` with each character XML cannot hold written as its Python escape (\\x01), for
    messages that quote what a client sent."""
    return NOT_XML_CHAR.sub(lambda found: ascii(found.group())[1:-1], text)


class OAIError(Exception):
    code = ""

    def __init__(self, message: str = "", code: str = "") -> None:
        super().__init__(f"{code or self.code}: {message}" if message else code or self.code)
        self.message = message
        if code:
            self.code = code


class BadArgument(OAIError):
    code = "badArgument"


class BadResumptionToken(OAIError):
    code = "badResumptionToken"


class BadVerb(OAIError):
    code = "badVerb"


class CannotDisseminateFormat(OAIError):
    code = "cannotDisseminateFormat"


class IdDoesNotExist(OAIError):
    code = "idDoesNotExist"


class NoRecordsMatch(OAIError):
    code = "noRecordsMatch"


class NoMetadataFormats(OAIError):
    code = "noMetadataFormats"


class NoSetHierarchy(OAIError):
    code = "noSetHierarchy"


ERROR_CODES: dict[str, type[OAIError]] = {
    cls.code: cls
    for cls in (
        BadArgument,
        BadResumptionToken,
        BadVerb,
        CannotDisseminateFormat,
        IdDoesNotExist,
        NoRecordsMatch,
        NoMetadataFormats,
        NoSetHierarchy,
    )
}


def error_for(code: str, message: str) -> OAIError:
    """The exception for an <error code="…"> element; an unknown code keeps its own code."""
    cls = ERROR_CODES.get(code)
    return cls(message) if cls is not None else OAIError(message, code=code or "unknown")
