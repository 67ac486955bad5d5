"""The provider against OAI-PMH 2.0: every verb, every error, validated against the XSDs."""

import gzip
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from library.dublin_core import dc_value
from library.models import Document
from library.tests.factories import make_document
from library.tests.oai_fixtures import FIRST, STEP, build_library, identifier
from library.tests.oai_schema import assert_valid

NS = {
    "o": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "mods": "http://www.loc.gov/mods/v3",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    return build_library()


def oai(client, method="get", **params):
    response = getattr(client, method)("/oai/", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    return assert_valid(response.content)


def elements(tree: etree._Element, path: str) -> list[etree._Element]:
    """The elements an XPath selects: lxml types xpath() as any XPath result."""
    found = tree.xpath(path, namespaces=NS)
    assert isinstance(found, list), path
    selected = [e for e in found if isinstance(e, etree._Element)]
    assert len(selected) == len(found), path
    return selected


def texts(tree: etree._Element, path: str) -> list[str]:
    """The strings an XPath ending in text() selects."""
    found = tree.xpath(path, namespaces=NS)
    assert isinstance(found, list), path
    return [str(text) for text in found]


def error_code(tree) -> str | None:
    errors = tree.xpath("//o:error/@code", namespaces=NS)
    return errors[0] if errors else None


def harvest(client, verb="ListIdentifiers", **params) -> list[etree._Element]:
    """All pages of a list; returns each page's tree."""
    pages = [oai(client, verb=verb, **params)]
    while token := pages[-1].xpath("string(//o:resumptionToken)", namespaces=NS):
        pages.append(oai(client, verb=verb, resumptionToken=token))
    return pages


def identifiers(pages) -> list[str]:
    return [i for p in pages for i in p.xpath("//o:header/o:identifier/text()", namespaces=NS)]


def test_identify_reports_the_repository(client, library):
    tree = oai(client, verb="Identify")
    get = lambda tag: tree.xpath(f"string(//o:Identify/o:{tag})", namespaces=NS)  # noqa: E731
    assert get("baseURL") == "http://testserver/oai/"
    assert get("protocolVersion") == "2.0"
    assert get("deletedRecord") == "persistent"
    assert get("granularity") == "YYYY-MM-DDThh:mm:ssZ"
    assert get("earliestDatestamp") == "2024-03-01T08:00:00Z"
    assert get("compression") == "gzip"
    assert tree.xpath("string(//o:responseDate)", namespaces=NS).endswith("Z")


def test_earliest_datestamp_counts_tombstones(client, library):
    Document.objects.filter(pk=library[5].pk).update(datestamp=FIRST - timedelta(days=3))
    tree = oai(client, verb="Identify")
    assert tree.xpath("string(//o:earliestDatestamp)", namespaces=NS) == "2024-02-27T08:00:00Z"


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_verb_answers_over_get_and_post(client, library, method):
    doc_id = identifier(library[0])
    for params in (
        {"verb": "Identify"},
        {"verb": "ListMetadataFormats"},
        {"verb": "ListMetadataFormats", "identifier": doc_id},
        {"verb": "ListSets"},
        {"verb": "GetRecord", "identifier": doc_id, "metadataPrefix": "oai_dc"},
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"},
        {"verb": "ListRecords", "metadataPrefix": "mods"},
    ):
        tree = oai(client, method, **params)
        assert error_code(tree) is None, params
        request = tree.xpath("//o:request", namespaces=NS)[0]
        assert dict(request.attrib) == params


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "badVerb"),
        ("verb=Explode", "badVerb"),
        ("verb=Identify&verb=Identify", "badVerb"),
        ("verb=Identify&extra=1", "badArgument"),
        ("verb=ListRecords", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2024-13-01", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2024-03-01T10:00:00", "badArgument"),
        (
            "verb=ListRecords&metadataPrefix=oai_dc&from=2024-03-01&until=2024-03-02T00:00:00Z",
            "badArgument",
        ),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2024-03-05&until=2024-03-01", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=abc", "badArgument"),
        ("verb=GetRecord&identifier=oai:x:y", "badArgument"),
        ("verb=ListRecords&resumptionToken=not-a-token", "badResumptionToken"),
        ("verb=ListSets&resumptionToken=anything", "badResumptionToken"),
        ("verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"),
        ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elsewhere:1", "idDoesNotExist"),
        (
            "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:thuvien.dbscl.vn:nope",
            "idDoesNotExist",
        ),
        ("verb=ListMetadataFormats&identifier=oai:thuvien.dbscl.vn:nope", "idDoesNotExist"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2030-01-01", "noRecordsMatch"),
        ("verb=ListIdentifiers&metadataPrefix=oai_dc&set=source:atlantis", "noRecordsMatch"),
        # Hostile requests: characters XML cannot hold, anywhere (lxml refused to write them).
        ("verb=%01", "badVerb"),
        ("verb=Identify&%01=x", "badArgument"),
        ("verb=Identify&%EF%BF%BE=x", "badArgument"),
        ("verb=GetRecord&metadataPrefix=oai_dc&identifier=%01", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01%0B", "badArgument"),
        ("verb=ListRecords&resumptionToken=%01", "badArgument"),
        # Values the schema cannot echo in <request> are illegal values (badArgument).
        ("verb=ListRecords&metadataPrefix=oai_dc%20", "badArgument"),
        (
            "verb=GetRecord&metadataPrefix=oai_dc%20&identifier=oai:thuvien.dbscl.vn:nope",
            "badArgument",
        ),
        ("verb=ListIdentifiers&metadataPrefix=oai_dc&set=source:can%20tho", "badArgument"),
        ("verb=ListMetadataFormats&identifier=oai:x:%25zz", "badArgument"),
        ("verb=ListMetadataFormats&identifier=not%20a%20uri", "badArgument"),
        ("verb=ListMetadataFormats&identifier=http://x:port/1", "badArgument"),
        # Python's \d and int() read any script's digits; a datestamp has ASCII ones.
        ("verb=ListRecords&metadataPrefix=oai_dc&from=%EF%BC%92020-01-01", "badArgument"),
        (
            "verb=ListRecords&metadataPrefix=oai_dc&until=%D9%A2%D9%A0%D9%A2%D9%A0-01-01",
            "badArgument",
        ),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01%0A", "badArgument"),
        # An empty token is a token, and not a valid one.
        ("verb=ListRecords&resumptionToken=", "badResumptionToken"),
        ("verb=ListIdentifiers&resumptionToken=", "badResumptionToken"),
        ("verb=ListSets&resumptionToken=", "badResumptionToken"),
        # A well-formed identifier from elsewhere is echoed as it came.
        ("verb=ListMetadataFormats&identifier=http://example.org:8080/a?b=c", "idDoesNotExist"),
    ],
)
def test_each_error_is_an_error_element_in_an_http_200(client, library, query, code):
    response = client.get(f"/oai/?{query}")
    assert response.status_code == 200
    tree = assert_valid(response.content)
    assert error_code(tree) == code
    request = elements(tree, "//o:request")[0]
    if code in ("badVerb", "badArgument"):
        assert request.attrib == {}  # §3.6: only the base URL after these two


@pytest.mark.parametrize(
    ("body", "code", "said"),
    [
        ("verb=%01", "badVerb", "'\\x01' is not"),
        ("verb=Identify&%01=x", "badArgument", "Illegal argument for Identify: \\x01"),
        ("verb=GetRecord&metadataPrefix=oai_dc&identifier=%01", "badArgument", "identifier"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01%0B", "badArgument", "from"),
    ],
)
def test_control_characters_posted_are_bad_verb_or_bad_argument(client, body, code, said):
    response = client.post("/oai/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    tree = assert_valid(response.content)
    assert error_code(tree) == code
    assert elements(tree, "//o:request")[0].attrib == {}
    assert said in "".join(texts(tree, "//o:error/text()"))


@pytest.mark.parametrize("until", ["9999-12-31", "9999-12-31T23:59:59Z"])
def test_until_the_end_of_year_9999_lists_everything(client, library, until):
    pages = harvest(client, "ListIdentifiers", metadataPrefix="oai_dc", until=until)
    assert identifiers(pages) == [identifier(d) for d in library]
    assert pages[0].xpath("//o:request/@until", namespaces=NS) == [until]


def test_the_validator_rejects_an_invalid_response(client, library):
    response = client.get(
        "/oai/",
        {"verb": "GetRecord", "metadataPrefix": "mods", "identifier": identifier(library[0])},
    )
    broken = response.content.replace(b"<mods:typeOfResource>", b"<mods:bogus>", 1)
    broken = broken.replace(b"</mods:typeOfResource>", b"</mods:bogus>", 1)
    with pytest.raises(AssertionError, match="invalid OAI-PMH response"):
        assert_valid(broken)


def test_oai_dc_carries_every_element_with_language_tags(client, library):
    tree = oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier(library[0]))
    dc = tree.xpath("//oai_dc:dc", namespaces=NS)[0]
    elements = {etree.QName(child).localname for child in dc}
    assert elements == {
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
    }
    descriptions = {d.get(XML_LANG): d.text for d in dc.xpath("dc:description", namespaces=NS)}
    assert descriptions == {"vi": "Tóm tắt tiếng Việt.", "en": "English abstract."}
    assert dc.xpath("dc:title", namespaces=NS)[0].get(XML_LANG) == "vi"
    pdf = f"http://testserver/tai-lieu/{library[0].local_id}/toan-van.pdf"
    assert pdf in dc.xpath("dc:identifier/text()", namespaces=NS)


def test_mods_carries_the_pdf_link_and_the_source_library(client, library):
    tree = oai(client, verb="GetRecord", metadataPrefix="mods", identifier=identifier(library[0]))
    mods = tree.xpath("//mods:mods", namespaces=NS)[0]
    url = mods.xpath("mods:location/mods:url[@access='raw object']/text()", namespaces=NS)
    assert url == [f"http://testserver/tai-lieu/{library[0].local_id}/toan-van.pdf"]
    assert "Thư viện Cần Thơ" in mods.xpath(
        "mods:recordInfo/mods:recordContentSource/text()", namespaces=NS
    )
    assert mods.xpath("string(mods:physicalDescription/mods:extent)", namespaces=NS) == "3 tr."
    hosts = mods.xpath("mods:relatedItem[@type='host']//mods:title/text()", namespaces=NS)
    assert sorted(hosts) == ["Nông nghiệp", "Thủy sản"]


def test_sets_cover_sources_and_collections(client, library):
    tree = oai(client, verb="ListSets")
    specs = dict(
        zip(
            tree.xpath("//o:setSpec/text()", namespaces=NS),
            tree.xpath("//o:setName/text()", namespaces=NS),
            strict=True,
        )
    )
    assert specs["source:cantho"] == "Thư viện Cần Thơ"
    assert specs["collection:thuy-san"] == "Thủy sản"
    assert {"source", "collection"} <= set(specs)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("source:cantho", lambda i: i % 3 == 0),
        ("source:angiang", lambda i: i % 3 == 1),
        ("source", lambda i: i % 3 != 2),
        ("collection:thuy-san", lambda i: i % 4 == 0),
        ("collection:nong-nghiep", lambda i: i % 3 == 0),
        ("collection", lambda i: i % 4 == 0 or i % 3 == 0),
    ],
)
def test_set_filter_holds_on_every_page(client, library, settings, spec, expected):
    settings.OAI_PAGE_SIZE = 2
    pages = harvest(client, metadataPrefix="oai_dc", set=spec)
    want = [identifier(d) for i, d in enumerate(library) if expected(i)]
    assert identifiers(pages) == want
    assert len(pages) > 1


def test_a_record_is_in_every_set_it_belongs_to(client, library):
    tree = oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier(library[0]))
    specs = tree.xpath("//o:header/o:setSpec/text()", namespaces=NS)
    assert specs == ["source:cantho", "collection:thuy-san", "collection:nong-nghiep"]


def test_withdrawn_and_deleted_documents_are_deleted_headers(client, library):
    library[7].delete()
    tree = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    deleted = tree.xpath("//o:record[o:header/@status='deleted']", namespaces=NS)
    ids = [r.xpath("string(o:header/o:identifier)", namespaces=NS) for r in deleted]
    assert sorted(ids) == sorted(identifier(library[i]) for i in (5, 7, 11))
    assert all(not r.xpath("o:metadata", namespaces=NS) for r in deleted)
    tree = oai(client, verb="GetRecord", metadataPrefix="mods", identifier=identifier(library[5]))
    assert tree.xpath("//o:header/@status", namespaces=NS) == ["deleted"]


def window(client, **params) -> list[str]:
    return identifiers(harvest(client, metadataPrefix="oai_dc", **params))


@pytest.mark.parametrize("zone", ["Asia/Ho_Chi_Minh", "UTC", "America/Los_Angeles"])
def test_from_and_until_are_inclusive_utc_in_both_granularities(client, library, settings, zone):
    settings.TIME_ZONE = zone
    ids = [identifier(d) for d in library]
    stamps = [FIRST + i * STEP for i in range(len(library))]
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    # Second granularity: both ends inclusive.
    got = window(client, **{"from": stamps[3].strftime(fmt), "until": stamps[6].strftime(fmt)})
    assert got == ids[3:7]
    # Day granularity: the whole UTC day of `until` is included.
    day = stamps[4].strftime("%Y-%m-%d")
    got = window(client, **{"from": day, "until": day})
    assert got == [i for i, s in zip(ids, stamps, strict=True) if s.strftime("%Y-%m-%d") == day]
    # until alone.
    assert window(client, until=stamps[2].strftime(fmt)) == ids[:3]
    assert window(client, **{"from": stamps[20].strftime(fmt)}) == ids[20:]


def test_resumption_tokens_page_through_everything_once(client, library, settings):
    settings.OAI_PAGE_SIZE = 5
    pages = harvest(client, "ListRecords", metadataPrefix="oai_dc")
    assert identifiers(pages) == [identifier(d) for d in library]
    tokens = [elements(p, "//o:resumptionToken") for p in pages]
    assert tokens[0][0].get("cursor") == "0"
    assert [t[0].get("cursor") for t in tokens] == ["0", "5", "10", "15", "20"]
    assert {t[0].get("completeListSize") for t in tokens} == {"23"}
    assert tokens[-1][0].text is None  # the last page's token is empty
    assert all(t[0].get("expirationDate", "").endswith("Z") for t in tokens[:-1])


def test_a_single_page_list_has_no_token(client, library):
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert tree.xpath("//o:resumptionToken", namespaces=NS) == []


def test_pages_use_the_keyset_never_offset_and_count_once(client, library, settings):
    settings.OAI_PAGE_SIZE = 5
    with CaptureQueriesContext(connection) as first:
        tree = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    token = tree.xpath("string(//o:resumptionToken)", namespaces=NS)
    with CaptureQueriesContext(connection) as later:
        oai(client, verb="ListRecords", resumptionToken=token)
    first_sql = " ".join(q["sql"].upper() for q in first.captured_queries)
    later_sql = " ".join(q["sql"].upper() for q in later.captured_queries)
    assert "OFFSET" not in first_sql and "OFFSET" not in later_sql
    assert "COUNT(" in first_sql and "COUNT(" not in later_sql
    assert "LIMIT 6" in later_sql


def test_a_token_survives_a_days_pause_but_not_a_fortnight(client, library, settings):
    settings.OAI_PAGE_SIZE = 5
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = tree.xpath("string(//o:resumptionToken)", namespaces=NS)
    now = time.time()
    with mock.patch("django.core.signing.time.time", return_value=now + 26 * 3600):
        assert error_code(oai(client, verb="ListIdentifiers", resumptionToken=token)) is None
    with mock.patch("django.core.signing.time.time", return_value=now + 15 * 24 * 3600):
        tree = oai(client, verb="ListIdentifiers", resumptionToken=token)
        assert error_code(tree) == "badResumptionToken"


def test_a_tampered_or_foreign_token_is_a_bad_resumption_token(client, library, settings):
    settings.OAI_PAGE_SIZE = 5
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = tree.xpath("string(//o:resumptionToken)", namespaces=NS)
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    for bad in (flipped, token[: len(token) // 2], token + "x", "x" * 5000):
        assert error_code(oai(client, verb="ListIdentifiers", resumptionToken=bad)) == (
            "badResumptionToken"
        )
    # A ListIdentifiers token does not continue a ListRecords list.
    assert error_code(oai(client, verb="ListRecords", resumptionToken=token)) == (
        "badResumptionToken"
    )


def test_a_record_changed_mid_harvest_is_not_lost(client, library, settings):
    settings.OAI_PAGE_SIZE = 5
    first = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    response_date = first.xpath("string(//o:responseDate)", namespaces=NS)
    seen = identifiers([first])
    # While the harvester pauses, one record it has seen and one it has not yet seen change.
    library[2].title = "Đã sửa sau trang 1"
    library[2].save()
    library[15].title = "Đã sửa trước khi gặt tới"
    library[15].save()
    token = first.xpath("string(//o:resumptionToken)", namespaces=NS)
    pages = [first]
    while token:
        pages.append(oai(client, verb="ListRecords", resumptionToken=token))
        token = pages[-1].xpath("string(//o:resumptionToken)", namespaces=NS)
    seen = identifiers(pages)
    assert len(seen) == len(set(seen))
    # The next incremental harvest, from the first responseDate, brings both changes.
    follow_up = harvest(client, "ListRecords", metadataPrefix="oai_dc", **{"from": response_date})
    titles = texts(follow_up[0], "//dc:title/text()")
    assert {"Đã sửa sau trang 1", "Đã sửa trước khi gặt tới"} <= set(titles)
    assert set(seen) | set(identifiers(follow_up)) == {identifier(d) for d in library}


def test_gzip_when_the_client_accepts_it(client, library):
    response = client.get(
        "/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc"}, HTTP_ACCEPT_ENCODING="gzip"
    )
    assert response["Content-Encoding"] == "gzip"
    assert_valid(gzip.decompress(response.content))
    plain = client.get("/oai/", {"verb": "Identify"})
    assert not plain.has_header("Content-Encoding")


def test_other_http_methods_are_refused(client):
    assert client.put("/oai/?verb=Identify").status_code == 405


@pytest.mark.parametrize("prefix", ["oai_dc", "mods"])
def test_a_stored_tag_that_is_not_a_language_is_never_exported(client, prefix):
    # Stored before the harvester checked tags, or written past the admin: left out, not sent.
    document = make_document(
        title_lang='vi" onmouseover=',
        metadata=[dc_value("creator", "Lê Thị Hoa", "vi x"), dc_value("subject", "Tôm", "EN-us")],
    )
    response = client.get(
        "/oai/", {"verb": "GetRecord", "metadataPrefix": prefix, "identifier": identifier(document)}
    )
    tree = assert_valid(response.content)
    tags = texts(tree, "//@xml:lang")
    assert set(tags) <= {"vi", "en-US"} and "en-US" in tags
