"""Validate OAI-PMH responses offline against the official schemas in tests/data/schemas."""

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).parent / "data" / "schemas"
# Every remote schemaLocation the schemas import, mapped to its local copy.
LOCAL = {
    "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd": "OAI-PMH.xsd",
    "http://www.openarchives.org/OAI/2.0/oai_dc.xsd": "oai_dc.xsd",
    "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd": "oai-identifier.xsd",
    "http://dublincore.org/schemas/xmls/simpledc20021212.xsd": "simpledc20021212.xsd",
    "http://www.w3.org/2001/03/xml.xsd": "xml.xsd",
    "http://www.w3.org/2001/xml.xsd": "xml.xsd",
    "http://www.loc.gov/mods/xml.xsd": "xml.xsd",
    "http://www.loc.gov/standards/mods/v3/mods-3-4.xsd": "mods-3-4.xsd",
    "http://www.loc.gov/standards/xlink/xlink.xsd": "xlink.xsd",
}
DRIVER = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/"
             schemaLocation="http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai_dc/"
             schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc.xsd"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai-identifier"
             schemaLocation="http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"/>
  <xs:import namespace="http://www.loc.gov/mods/v3"
             schemaLocation="http://www.loc.gov/standards/mods/v3/mods-3-4.xsd"/>
</xs:schema>"""


# lxml-stubs 0.5 gives Resolver.resolve() no `context` and Resolver no resolve_filename(), both
# in lxml's documented resolver API.
class LocalResolver(etree.Resolver):
    def resolve(self, url, public_id, context):  # type: ignore[override]
        name = LOCAL.get(url) or (Path(url).name if (SCHEMAS / Path(url).name).exists() else None)
        if name is None:
            raise AssertionError(f"schema {url} has no local copy; the tests never go online")
        return self.resolve_filename(str(SCHEMAS / name), context)  # type: ignore[attr-defined]


@cache
def oai_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(LocalResolver())
    return etree.XMLSchema(etree.fromstring(DRIVER.encode(), parser, base_url=str(SCHEMAS) + "/"))


def assert_valid(xml: bytes) -> etree._Element:
    document = etree.fromstring(xml)
    schema = oai_schema()
    if not schema.validate(document):
        raise AssertionError(f"invalid OAI-PMH response: {schema.error_log}")
    return document
