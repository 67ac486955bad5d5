"""The protocol layer alone, against the fault-injecting provider: no Django involved."""

import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from harvest.oai import parse
from harvest.oai.client import OAIClient
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
    assert retry_after("Wed, 01 Jan 2025 12:00:30 GMT", now) == 30
    assert retry_after("Wed, 01 Jan 2025 11:00:00 GMT", now) == 0
    assert retry_after("soon", now) is None and retry_after(None) is None


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
    fake.faults = {1: "503-date"}
    waits: list[float] = []
    harvest_all(client(running.url, waits))
    assert len(waits) == 1 and 0 <= waits[0] <= 30


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
    assert "over the" in page.records[4].problem
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
