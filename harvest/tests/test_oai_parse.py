"""Reading OAI-PMH responses strictly, on saved responses (samples/) named after what they show."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from harvest.oai import parse
from harvest.oai.errors import ResponseError
from harvest.oai.parse import Record
from library.vocabulary import ERROR_CODES, BadArgument, CannotDisseminateFormat, OAIError

SAMPLES = Path(__file__).parent / "samples"
DC = "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"
TITLE = "{http://purl.org/dc/elements/1.1/}title"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def without_metadata(record: Record) -> Record:
    return Record(
        record.identifier, record.datestamp, record.deleted, record.set_specs, None, record.problem
    )


def test_each_kind_of_record_is_read_or_marked_with_its_problem():
    page = parse.list_page(sample("list_records_each_kind_of_record.xml"), "ListRecords")
    assert [without_metadata(r) for r in page.records] == [
        Record(
            "oai:thuvien.example.edu.vn:123456789/101",
            "2024-05-06T07:08:09Z",
            set_specs=("com_123456789_1", "col_123456789_7"),
        ),
        Record(
            "oai:thuvien.example.edu.vn:123456789/102",
            "2024-05-07T00:00:00Z",
            deleted=True,
            set_specs=("com_123456789_1",),
        ),
        Record("oai:thuvien.example.edu.vn:123456789/103", "2024-12-31"),
        Record("", "", problem="a record without a header"),
        Record("", "2024-05-08T00:00:00Z", problem="a header without an identifier"),
        Record("", "", problem="a header without an identifier"),
        Record(
            "oai:thuvien.example.edu.vn:123456789/106",
            "31/12/2024",
            problem="bad datestamp '31/12/2024'",
        ),
        Record("oai:thuvien.example.edu.vn:123456789/116", "", problem="bad datestamp ''"),
        Record(
            "oai:thuvien.example.edu.vn:123456789/107",
            "2024-05-09T00:00:00Z",
            set_specs=("col_123456789_9",),
            problem="a record without <metadata>",
        ),
        Record(
            "oai:thuvien.example.edu.vn:123456789/108",
            "2024-05-10T00:00:00Z",
            problem="a record without <metadata>",
        ),
    ]
    first, _, third = page.records[:3]
    assert first.metadata is not None and third.metadata is not None
    assert first.metadata.tag == DC
    assert first.metadata.findtext(TITLE) == "Nuôi tôm sú trên đất phèn"
    assert third.metadata.findtext(TITLE) == "Giống lúa chịu mặn"
    assert all(r.metadata is None for r in page.records[3:])


def test_a_page_knows_its_date_its_token_and_where_it_is_in_the_list():
    page = parse.list_page(sample("list_records_each_kind_of_record.xml"), "ListRecords")
    assert page.response_date == "2025-03-01T08:00:00Z"
    assert (page.token, page.complete_size) == ("oai_dc////100", 250)


def test_an_empty_token_ends_the_list():
    page = parse.list_page(sample("list_records_last_page.xml"), "ListRecords")
    assert (page.token, page.complete_size) == (None, 250)
    assert [r.identifier for r in page.records] == ["oai:thuvien.example.edu.vn:123456789/250"]


def test_identifiers_are_headers_without_metadata_and_odd_list_sizes_are_unknown():
    page = parse.list_page(sample("list_identifiers_first_page.xml"), "ListIdentifiers")
    assert page.records == [
        Record("oai:kho.example.gov.vn:1", "2023-01-01", set_specs=("nong-nghiep",)),
        Record("oai:kho.example.gov.vn:2", "2023-01-02", deleted=True),
    ]
    assert (page.token, page.complete_size) == ("trang-2", None)


def test_a_page_without_the_verbs_element_is_an_error():
    with pytest.raises(ResponseError, match=r"^no <ListRecords> element in the response$"):
        parse.list_page(sample("no_verb_element.xml"), "ListRecords")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-12-31", datetime(2024, 12, 31, tzinfo=UTC)),
        (" 2024-05-06T07:08:09Z ", datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)),
    ],
)
def test_datestamps_in_either_granularity_are_utc(value, expected):
    parsed = parse.parse_datestamp(value)
    assert parsed == expected and parsed.tzinfo is UTC


@pytest.mark.parametrize(
    "value",
    [
        "31/12/2024",
        "2024-12-31T07:08:09",
        "2024-12-31 07:08:09Z",
        "2024-12-31T07:08Z",
        "2024-12-31T07:08:09z",
        "2024-12-31T07:08:09+07:00",
        "2024-12-31T07:08:09.5Z",
        "",
    ],
)
def test_any_other_datestamp_is_a_value_error(value):
    with pytest.raises(ValueError):
        parse.parse_datestamp(value)


@pytest.mark.parametrize("declared", [b"utf-8", b"UTF8", b"Utf-8"])
def test_utf8_may_be_declared_in_any_spelling(declared):
    body = sample("identify.xml").replace(b'encoding="UTF-8"', b'encoding="' + declared + b'"')
    assert parse.document(body).findtext("o:Identify/o:protocolVersion", None, parse.NS) == "2.0"


def test_a_vietnamese_legacy_encoding_is_refused_by_name():
    body = sample("identify.xml").replace(b'encoding="UTF-8"', b"encoding='windows-1258'")
    with pytest.raises(ResponseError) as raised:
        parse.document(body)
    assert str(raised.value) == "declares encoding windows-1258; OAI-PMH responses must be UTF-8"


@pytest.mark.parametrize(
    "name",
    ["html_maintenance_page.html", "html_without_doctype.html", "html_that_parses_as_xml.html"],
)
def test_an_html_page_is_named_as_html(name):
    with pytest.raises(ResponseError) as raised:
        parse.document(sample(name))
    assert str(raised.value) == "an HTML page, not an OAI-PMH response"


def test_xml_with_another_root_is_not_an_oai_pmh_response():
    with pytest.raises(ResponseError) as raised:
        parse.document(sample("rss_feed.xml"))
    assert str(raised.value) == "not an OAI-PMH response: root element rss"


def test_a_protocol_error_is_raised_as_its_own_class_with_its_message():
    with pytest.raises(CannotDisseminateFormat) as raised:
        parse.document(sample("error_cannotDisseminateFormat.xml"))
    message = "marc21 is not supported by this repository"
    assert raised.value.message == message
    assert str(raised.value) == f"cannotDisseminateFormat: {message}"


def test_a_protocol_error_without_a_message_is_its_code():
    with pytest.raises(BadArgument) as raised:
        parse.document(sample("error_badArgument_without_message.xml"))
    assert (str(raised.value), raised.value.message) == ("badArgument", "")


def test_a_protocol_error_made_without_a_message_is_its_code():
    assert (str(BadArgument()), BadArgument().message) == ("badArgument", "")


def test_an_error_code_outside_the_protocol_keeps_its_code_and_its_text():
    with pytest.raises(OAIError) as raised:
        parse.document(sample("error_code_outside_the_protocol.xml"))
    assert type(raised.value) is OAIError
    assert (raised.value.code, raised.value.message) == (
        "quotaExceeded",
        "Vượt hạn mức truy cập trong ngày",
    )


def test_there_is_one_class_per_oai_pmh_error_code_named_after_it():
    assert sorted(ERROR_CODES) == [
        "badArgument",
        "badResumptionToken",
        "badVerb",
        "cannotDisseminateFormat",
        "idDoesNotExist",
        "noMetadataFormats",
        "noRecordsMatch",
        "noSetHierarchy",
    ]
    for code, cls in ERROR_CODES.items():
        assert cls.__name__ == code[0].upper() + code[1:] and cls.code == code
