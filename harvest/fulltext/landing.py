"""The links to a record's full text on its landing page (an item page, an abstract page), as
repositories publish them for machines: FAIR Signposting `Link` headers (rel="item", the
item's files with their types; DSpace 7.6+), Highwire Press `citation_pdf_url` meta tags (the
ones Google Scholar reads: DSpace, OJS, EPrints), then `<link rel="alternate"
type="application/pdf">`. In that order, each link once. No Django in here."""

import re
from urllib.parse import urljoin

from lxml import etree, html

# <url> ; rel="item" ; type="application/pdf" , <url> ; rel=… — commas between links only
_LINK = re.compile(r'<([^>]*)>((?:\s*;\s*[a-zA-Z*-]+\s*=\s*(?:"[^"]*"|[^;,]*))*)')
_PARAM = re.compile(r';\s*([a-zA-Z*-]+)\s*=\s*(?:"([^"]*)"|([^;,]*))')
PDF = "application/pdf"


def signposted(base_url: str, link_headers: list[str]) -> list[str]:
    """The rel="item" links of these Link header values whose type is a PDF (or not given)."""
    found = []
    for header in link_headers:
        for target, params in _LINK.findall(header):
            values = {
                k.lower(): (quoted or bare).strip() for k, quoted, bare in _PARAM.findall(params)
            }
            rels = values.get("rel", "").lower().split()
            kind = values.get("type", PDF).lower()
            if "item" in rels and kind.split(";")[0].strip() == PDF:
                found.append(urljoin(base_url, target.strip()))
    return found


def in_page(base_url: str, page: bytes) -> list[str]:
    """citation_pdf_url meta tags, then <link rel="alternate" type="application/pdf">."""
    try:
        tree = html.fromstring(page)
    except (etree.ParserError, ValueError):
        return []
    metas = _strings(tree.xpath('//meta[@name="citation_pdf_url"]/@content'))
    links = _strings(
        tree.xpath(
            '//link[contains(concat(" ", normalize-space(@rel), " "), " alternate ")]'
            '[starts-with(normalize-space(@type), "application/pdf")]/@href'
        )
    )
    return [urljoin(base_url, url.strip()) for url in [*metas, *links] if url.strip()]


def _strings(found: object) -> list[str]:
    """An attribute XPath's values (lxml types xpath() as any XPath result)."""
    return [str(value) for value in found] if isinstance(found, list) else []


def pdf_links(base_url: str, link_headers: list[str], page: bytes) -> list[str]:
    """Every full-text link the landing page gives, signposting first, each once."""
    return list(dict.fromkeys([*signposted(base_url, link_headers), *in_page(base_url, page)]))
