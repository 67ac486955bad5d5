"""Whatever a client sends to /oai/, by GET or POST, it gets an HTTP 200 answer that validates
against the OAI-PMH schemas: an arbitrary verb, arbitrary argument names and values (any
Unicode a URL can carry, control characters included), repeated or missing. And whatever the
validator lets through, the schema allows the <request> element to echo."""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from lxml import etree

from library.oai.arguments import SYNTAX, VERBS, OAIRequest
from library.oai.responses import error
from library.tests.oai_fixtures import build_library
from library.tests.oai_schema import assert_valid
from library.tests.test_oai_protocol import NS, elements, error_code
from library.vocabulary import NoRecordsMatch

pytestmark = pytest.mark.django_db

NAMES = ["verb", "metadataPrefix", "identifier", "from", "until", "set", "resumptionToken"]
# Values a harvester would send, so that requests get past the validator as well as into it;
# {doc} and {token} become a real identifier and a real resumption token.
PLAUSIBLE = [
    *VERBS,
    "oai_dc",
    "mods",
    "marc21",
    "source",
    "source:cantho",
    "collection:thuy-san",
    "2024-03-01",
    "2024-03-02T00:00:00Z",
    "9999-12-31",
    "0001-01-01",
    "2024-03-01T08:00:00",
    "oai:{repository}:{doc}",
    "oai:{repository}:nope",
    "http://example.org/1",
    "{token}",
    "",
]
# Any text but surrogates, which no URL can carry (st.text leaves them out).
ANY_TEXT = st.text(max_size=20)
VALUES = st.one_of(st.sampled_from(PLAUSIBLE), ANY_TEXT)
ARGUMENTS = st.lists(st.tuples(st.one_of(st.sampled_from(NAMES), ANY_TEXT), VALUES), max_size=5)
VERB = st.one_of(st.none(), st.sampled_from(list(VERBS)), ANY_TEXT)


@pytest.fixture
def placeholders(client, settings):
    settings.OAI_PAGE_SIZE = 5
    library = build_library()
    first = client.get("/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
    tree = assert_valid(first.content)
    return {
        "doc": library[0].local_id,
        "token": tree.xpath("string(//o:resumptionToken)", namespaces=NS),
        "repository": settings.OAI_REPOSITORY_IDENTIFIER,
    }


@hypothesis_settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(verb=VERB, arguments=ARGUMENTS, method=st.sampled_from(["get", "post"]))
def test_any_request_gets_a_valid_answer(client, placeholders, verb, arguments, method):
    pairs = [] if verb is None else [("verb", verb)]
    for name, value in arguments:
        for placeholder, real in placeholders.items():
            value = value.replace(f"{{{placeholder}}}", real)
        pairs.append((name, value))
    query = urlencode(pairs)
    if method == "get":
        response = client.get(f"/oai/?{query}")
    else:
        response = client.post("/oai/", query, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    tree = assert_valid(response.content)
    (request,) = elements(tree, "//o:request")
    assert request.text == "http://testserver/oai/"
    if error_code(tree) in ("badVerb", "badArgument"):
        assert request.attrib == {}  # §3.6: only the base URL after these two
    else:  # every argument echoed as it came
        assert {str(k): str(v) for k, v in request.attrib.items()} == dict(pairs)


# URI-ish pieces: what the identifier check has to get right, and what libxml2's anyURI refuses.
URI_PIECES = st.sampled_from(
    [
        *"aZ09:/?#[]@!$&'()*+,;=%-._~ ",
        "%41",
        "%zz",
        "//",
        "://",
        "x:",
        "99999",
        "999999",
        "oai:",
        "é",
    ]
)


@hypothesis_settings(max_examples=3000, deadline=None)
@given(st.lists(URI_PIECES, max_size=12).map("".join))
def test_every_argument_the_validator_takes_the_schema_can_echo(value):
    """metadataPrefix, set and identifier as the validator lets them through: echoed in the
    <request> of an error other than badArgument, they must be what the schema allows."""
    for name, pattern in SYNTAX.items():
        if pattern.fullmatch(value):
            echo = OAIRequest("ListRecords", {name: value})
            root = error(echo, NoRecordsMatch("nothing"), "http://testserver/oai/")
            assert_valid(etree.tostring(root))
