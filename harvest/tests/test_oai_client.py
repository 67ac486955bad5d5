"""The protocol layer alone, against the fault-injecting provider: no Django involved."""

import re
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import cast

import httpx
import pytest

from harvest.oai import parse
from harvest.oai.client import Identity, OAIClient
from harvest.oai.errors import ResponseError, TokenLoopError, TransportError
from harvest.oai.transport import RetryPolicy, Transport, retry_after
from library.vocabulary import BadResumptionToken


def client(url: str, waits: list[float] | None = None, attempts: int = 4) -> OAIClient:
    policy = RetryPolicy(attempts=attempts, backoff=0.5, backoff_cap=4, retry_after_cap=30)
    sleep = waits.append if waits is not None else (lambda s: None)
    return OAIClient(url, Transport(httpx.Client(timeout=5), policy, sleep=sleep))


def harvest_all(c: OAIClient, **kwargs) -> list[parse.Record]:
    return [r for page, _ in c.pages("ListRecords", **kwargs) for r in page.records]


def test_retry_after_reads_seconds_and_http_dates():
    now = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
    assert retry_after("120", now) == 120
    assert retry_after(" 7 ", now) == 7
    assert retry_after("Wed, 01 Jan 2025 12:00:30 GMT", now) == 30
    assert retry_after("Wed, 01 Jan 2025 12:02:00 -0000", now) == 120  # no zone: taken as UTC
    assert retry_after("Wed, 01 Jan 2025 19:00:45 +0700", now) == 45  # Indochina Time
    assert retry_after("Wed, 01 Jan 2025 11:00:00 GMT", now) == 0  # already past


@pytest.mark.parametrize("value", [None, "", "soon", "-5", "1.5", "Wed, 32 Foo 2025"])
def test_retry_after_that_is_neither_seconds_nor_a_date_is_none(value):
    assert retry_after(value, datetime(2025, 1, 1, tzinfo=UTC)) is None


def answering(*answers: tuple[int, dict[str, str]]) -> httpx.Client:
    """An HTTP client whose server gives these (status, headers) in turn, then 200s."""
    queue = list(answers)

    def answer(request: httpx.Request) -> httpx.Response:
        status, headers = queue.pop(0) if queue else (200, {})
        return httpx.Response(status, headers=headers, content=b"<OAI-PMH/>")

    return httpx.Client(transport=httpx.MockTransport(answer))


def waits_for(*answers: tuple[int, dict[str, str]]) -> list[float]:
    """The sleeps a transport takes to get past these answers (no jitter, cap 30 s)."""
    waits: list[float] = []
    policy = RetryPolicy(attempts=5, backoff=0.5, backoff_cap=4, retry_after_cap=30, jitter=0)
    assert Transport(answering(*answers), policy, sleep=waits.append).get("http://x/oai", {})
    return waits


@pytest.mark.parametrize("status", [429, 503])
def test_a_retry_after_above_the_cap_waits_exactly_the_cap(status):
    assert waits_for((status, {"Retry-After": "86400"})) == [30]
    assert waits_for((status, {"Retry-After": "30"}), (status, {"Retry-After": "31"})) == [30, 30]


def test_a_retry_after_date_waits_until_that_date():
    soon = datetime.now(UTC) + timedelta(seconds=20)
    header = {"Retry-After": format_datetime(soon, usegmt=True)}  # whole seconds: up to 1 s early
    [wait] = waits_for((503, header))
    assert 18.5 < wait <= 20
    past = {"Retry-After": "Wed, 01 Jan 2025 00:00:00 GMT"}
    assert waits_for((503, past)) == [0]


@pytest.mark.parametrize("value", ["soon", "1.5", ""])
def test_an_unreadable_retry_after_falls_back_to_backoff(value):
    busy = (503, {"Retry-After": value})
    assert waits_for(busy, busy, busy) == [0.5, 1, 2]


def test_backoff_doubles_up_to_its_cap_and_jitter_stays_within_its_fraction():
    assert waits_for(*[(500, {})] * 4) == [0.5, 1, 2, 4]
    waits: list[float] = []
    policy = RetryPolicy(attempts=7, backoff=1, backoff_cap=60, jitter=0.25)
    transport = Transport(answering(*[(502, {})] * 6), policy, sleep=waits.append)
    transport.get("http://x/oai", {})
    bases = [1, 2, 4, 8, 16, 32]
    assert all(0.75 * b <= w <= 1.25 * b for w, b in zip(waits, bases, strict=True))
    assert len({round(w / b, 6) for w, b in zip(waits, bases, strict=True)}) > 1  # jittered


def test_a_connection_lost_every_time_fails_naming_the_error_and_the_attempts():
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Connection refused")

    waits: list[float] = []
    http = httpx.Client(transport=httpx.MockTransport(refuse))
    transport = Transport(http, RetryPolicy(attempts=3, jitter=0), sleep=waits.append)
    with pytest.raises(TransportError) as raised:
        transport.get("http://x/oai", {})
    assert str(raised.value) == "http://x/oai: ConnectError: Connection refused after 3 attempts"
    assert waits == [1, 2]


def test_each_retry_is_logged_with_its_cause_and_wait(caplog):
    waits_for((503, {"Retry-After": "86400"}), (500, {}))
    assert [r.getMessage() for r in caplog.records] == [
        "http://x/oai: HTTP 503; retry 1 in 30.0 s",
        "http://x/oai: HTTP 500; retry 2 in 1.0 s",
    ]


def test_a_client_error_is_not_retried():
    waits: list[float] = []
    transport = Transport(answering((404, {})), RetryPolicy(), sleep=waits.append)
    with pytest.raises(TransportError, match=r"^http://x/oai: HTTP 404$"):
        transport.get("http://x/oai", {})
    assert waits == []


def test_a_clean_list_comes_page_by_page(provider):
    _, running = provider
    records = harvest_all(client(running.url))
    assert [r.identifier for r in records] == [f"oai:test:{n}" for n in range(1, 26)]
    assert all(r.metadata is not None and not r.problem for r in records)


@pytest.mark.parametrize(("fault", "expected_wait"), [("503", 1.0), ("429", 1.0)])
def test_retry_after_in_seconds_is_obeyed(provider, fault, expected_wait):
    fake, running = provider
    fake.faults = {2: fault}
    waits: list[float] = []
    assert len(harvest_all(client(running.url, waits))) == 25
    assert waits == [expected_wait]


def test_retry_after_as_an_http_date_is_obeyed_and_capped(provider):
    fake, running = provider
    fake.faults = {1: "503-date"}  # a date in 2100
    waits: list[float] = []
    assert len(harvest_all(client(running.url, waits))) == 25
    assert waits == [30]  # the client's cap


@pytest.mark.parametrize("fault", ["500", "502", "drop"])
def test_server_errors_and_lost_connections_back_off_exponentially(provider, fault):
    fake, running = provider
    fake.faults = {2: fault, 3: fault}
    waits: list[float] = []
    assert len(harvest_all(client(running.url, waits))) == 25
    assert len(waits) == 2
    assert 0.375 <= waits[0] <= 0.625 and 0.75 <= waits[1] <= 1.25  # 0.5 s, 1 s, ±25 %


def test_a_provider_that_stays_down_fails_cleanly(provider):
    fake, running = provider
    fake.faults = {n: "503" for n in range(2, 10)}
    with pytest.raises(TransportError, match="HTTP 503 after 4 attempts"):
        harvest_all(client(running.url, []))


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("html", "HTML page"),
        ("truncated", "does not parse"),
        ("latin1", "must be UTF-8"),
        ("invalid-char", "does not parse"),
    ],
)
def test_a_page_that_is_not_good_xml_is_an_error_with_its_reason(provider, fault, reason):
    fake, running = provider
    fake.faults = {2: fault}
    with pytest.raises(ResponseError, match=reason):
        harvest_all(client(running.url))


def test_a_token_that_comes_back_is_stopped(provider):
    fake, running = provider
    fake.faults = {2: "loop"}  # the second page hands out the token of the second page again
    with pytest.raises(TokenLoopError):
        harvest_all(client(running.url))
    assert len(fake.requests) == 2


def test_bad_resumption_token_is_raised_for_the_harvest_to_restart(provider):
    fake, running = provider
    fake.faults = {2: "badtoken"}
    with pytest.raises(BadResumptionToken):
        harvest_all(client(running.url))


def test_no_records_match_is_an_empty_list(provider):
    _, running = provider
    later = datetime(2030, 1, 1, tzinfo=UTC)
    assert harvest_all(client(running.url), start=later) == []


def test_from_asks_only_for_what_changed(provider):
    _, running = provider
    start = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=20)
    assert [r.identifier for r in harvest_all(client(running.url), start=start)] == [
        f"oai:test:{n}" for n in range(20, 26)
    ]


def test_broken_records_come_back_marked_not_raised(provider):
    fake, _ = provider
    fake.items[3].extra = "x" * 10  # fine
    huge = "<dc:description>" + "á" * (6 * 1024 * 1024) + "</dc:description>"
    fake.items[4].extra = huge  # about 12 MB of UTF-8
    body = fake.answer({"verb": "ListRecords", "metadataPrefix": "oai_dc"})[2]
    body = body.replace(b"<metadata>", b"", 1).replace(b"</metadata>", b"", 1)  # first record
    page = parse.list_page(body, "ListRecords")
    assert page.records[0].problem == "a record without <metadata>"
    big = page.records[4]
    assert (big.identifier, big.datestamp, big.deleted, big.set_specs, big.metadata) == (
        "oai:test:5",
        "2025-01-01T00:00:05Z",
        False,
        (),
        None,
    )
    limit = r"metadata of 12,\d{3},\d{3} bytes, over the 4,194,304-byte limit"  # UTF-8 bytes
    assert re.fullmatch(limit, big.problem)
    assert not page.records[1].problem and page.records[1].metadata is not None


LIST = {"verb": "ListRecords", "metadataPrefix": "oai_dc"}


def test_a_page_over_the_size_cap_is_refused_while_it_streams(provider):
    fake, running = provider
    fake.faults = {1: "flood"}  # 256 MB, no Content-Length
    transport = Transport(httpx.Client(timeout=5), RetryPolicy(attempts=3), max_bytes=1 << 20)
    with pytest.raises(TransportError, match="over the 1,048,576-byte cap"):
        transport.get(running.url, LIST)
    assert len(fake.requests) == 1  # the answer is the problem: no retry
    assert fake.flooded < 32 << 20  # the client hung up instead of reading on


def test_a_page_that_trickles_past_its_deadline_is_abandoned_not_retried(provider):
    fake, running = provider
    fake.trickle = {"/oai": 0.1}  # a page of ten records in about six seconds
    waits: list[float] = []
    transport = Transport(httpx.Client(timeout=30), RetryPolicy(), sleep=waits.append, deadline=1)
    started = time.monotonic()
    with pytest.raises(TransportError, match="not finished within the 1-second deadline"):
        transport.get(running.url, LIST)
    assert time.monotonic() - started < 2.5
    assert waits == [] and len(fake.requests) == 1


def test_a_page_that_stalls_wakes_up_at_its_deadline_not_at_the_next_byte(provider):
    fake, running = provider
    fake.trickle = {"/oai": 20.0}  # a piece, then nothing for 20 s
    transport = Transport(httpx.Client(timeout=30), RetryPolicy(), deadline=1)
    started = time.monotonic()
    with pytest.raises(TransportError, match="not finished within the 1-second deadline"):
        transport.get(running.url, LIST)
    assert time.monotonic() - started < 2.5  # the socket's timeout was cut to the deadline


def test_the_record_size_limit_counts_utf8_bytes_not_escaped_characters(provider):
    fake, _ = provider
    for item in fake.items[:2]:  # 3 MB of UTF-8 each, 9 MB as &#225; references
        item.extra = "<dc:description>" + "á" * (1536 * 1024) + "</dc:description>"
    body = fake.answer({"verb": "ListRecords", "metadataPrefix": "oai_dc"})[2]
    assert len(body) > parse.MAX_RECORD_BYTES  # so each record is measured
    page = parse.list_page(body, "ListRecords")
    assert [r.problem for r in page.records[:2]] == ["", ""]
    assert all(r.metadata is not None for r in page.records[:2])


SAMPLES = Path(__file__).parent / "samples"


class Recorded:
    """A transport that answers with saved responses in turn and keeps what it was asked."""

    def __init__(self, *samples: str) -> None:
        self.answers = [(SAMPLES / name).read_bytes() for name in samples]
        self.asked: list[dict[str, str]] = []

    def get(self, url: str, params: dict[str, str]) -> bytes:
        assert url == "https://thuvien.example.edu.vn/oai/request"
        self.asked.append(dict(params))
        return self.answers.pop(0)


def recorded(*samples: str, **kwargs) -> tuple[OAIClient, Recorded]:
    transport = Recorded(*samples)
    # It answers like a Transport, from files: enough for what these tests ask of it.
    client = OAIClient(
        "https://thuvien.example.edu.vn/oai/request", cast(Transport, transport), **kwargs
    )
    return client, transport


def test_identify_reads_the_repository_and_its_granularity():
    c, transport = recorded("identify.xml")
    assert c.identify() == Identity(
        repository_name="Thư viện số Đại học Cần Thơ",
        granularity="YYYY-MM-DDThh:mm:ssZ",
        base_url="https://thuvien.example.edu.vn/oai/request",
        repository_identifier="",  # it gives no oai-identifier description
    )
    assert transport.asked == [{"verb": "Identify"}]


def test_a_repository_that_names_no_granularity_has_days():
    c, _ = recorded("identify_without_granularity.xml")
    identity = c.identify()
    assert identity.granularity == "YYYY-MM-DD"
    assert identity.repository_name == "Kho tài liệu Sở KH&CN An Giang"


@pytest.mark.parametrize(("call", "verb"), [("identify", "Identify"), ("list_sets", "ListSets")])
def test_an_answer_without_the_verbs_element_is_an_error(call, verb):
    c, _ = recorded("no_verb_element.xml")
    with pytest.raises(ResponseError, match=f"^no <{verb}> element in the response$"):
        getattr(c, call)()


def test_sets_are_listed_across_pages():
    c, transport = recorded("list_sets_first_page.xml", "list_sets_last_page.xml")
    assert c.list_sets() == [
        ("com_123456789_1", "Khoa Thủy sản"),
        ("col_123456789_7", "Luận văn thạc sĩ"),
        ("col_123456789_9", "col_123456789_9"),  # a set without a name is called by its spec
    ]
    assert transport.asked == [
        {"verb": "ListSets"},
        {"verb": "ListSets", "resumptionToken": "///sets/2"},
    ]


def test_sets_that_fit_on_one_page_have_no_token_at_all():
    c, transport = recorded("list_sets_single_page.xml")
    assert c.list_sets() == [("nong-nghiep", "Nông nghiệp")]
    assert transport.asked == [{"verb": "ListSets"}]


def test_metadata_formats_are_their_prefixes():
    c, transport = recorded("list_metadata_formats.xml")
    assert c.list_metadata_formats() == ["oai_dc", "mods"]
    assert transport.asked == [{"verb": "ListMetadataFormats"}]


def test_the_delay_a_provider_asks_for_comes_between_requests_not_before_the_first():
    waits: list[float] = []
    c, _ = recorded(
        "identify.xml", "list_metadata_formats.xml", "identify.xml", delay=2.5, sleep=waits.append
    )
    c.identify()
    assert waits == []
    c.list_metadata_formats()
    c.identify()
    assert waits == [2.5, 2.5]


def test_no_delay_means_no_sleep():
    waits: list[float] = []
    c, _ = recorded("identify.xml", "identify.xml", sleep=waits.append)
    c.identify()
    c.identify()
    assert waits == []


def test_a_list_asks_for_its_format_set_and_start_then_follows_its_tokens():
    c, transport = recorded("list_records_each_kind_of_record.xml", "list_records_last_page.xml")
    start = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    pages = list(c.pages("ListRecords", "mods", set_spec="col_123456789_7", start=start))
    assert [(len(p.records), token) for p, token in pages] == [(10, None), (1, "oai_dc////100")]
    assert transport.asked == [
        {
            "verb": "ListRecords",
            "metadataPrefix": "mods",
            "set": "col_123456789_7",
            "from": "2025-01-02T03:04:05Z",
        },
        {"verb": "ListRecords", "resumptionToken": "oai_dc////100"},
    ]


def test_a_list_asks_for_oai_dc_by_default_and_days_from_a_day_granularity_provider():
    c, transport = recorded("list_records_last_page.xml")
    start = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    list(c.pages("ListRecords", start=start, granularity="YYYY-MM-DD"))
    assert transport.asked == [
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2025-01-02"}
    ]


def test_a_list_resumes_from_a_token():
    c, transport = recorded("list_identifiers_second_page.xml")
    page, token = next(c.pages("ListIdentifiers", token="trang-2"))
    assert token == "trang-2" and page.token == "trang-3"
    assert transport.asked == [{"verb": "ListIdentifiers", "resumptionToken": "trang-2"}]


def test_a_page_that_hands_back_the_token_it_was_resumed_with_is_a_loop():
    c, transport = recorded("list_identifiers_second_page.xml")  # its token is "trang-3"
    with pytest.raises(TokenLoopError, match=r"^resumptionToken 'trang-3' came back$"):
        list(c.pages("ListIdentifiers", token="trang-3"))
    assert len(transport.asked) == 1


def test_a_token_seen_two_pages_back_is_a_loop():
    c, transport = recorded(
        "list_identifiers_first_page.xml",
        "list_identifiers_second_page.xml",
        "list_identifiers_first_page.xml",
    )
    with pytest.raises(TokenLoopError, match=r"^resumptionToken 'trang-2' came back$"):
        list(c.pages("ListIdentifiers"))
    assert len(transport.asked) == 3
