"""A list ends where the provider's list ends, never earlier and never in a loop: what real
providers do with tokens, empty pages and error codes (the protocol layer alone, no Django)."""

import httpx
import pytest

from harvest.oai import parse
from harvest.oai.client import LoopGuard, OAIClient
from harvest.oai.errors import ResponseError, TokenLoopError
from harvest.oai.transport import RetryPolicy, Transport


def listing(url: str, waits: list[float] | None = None) -> list[str]:
    policy = RetryPolicy(attempts=4, backoff=0.5, backoff_cap=4)
    sleep = waits.append if waits is not None else (lambda s: None)
    client = OAIClient(url, Transport(httpx.Client(timeout=5), policy, sleep=sleep))
    return [r.identifier for page, _ in client.pages("ListRecords") for r in page.records]


ALL = [f"oai:test:{n}" for n in range(1, 26)]


def test_no_records_match_on_a_resumption_is_retried_not_taken_for_the_end(provider):
    fake, running = provider
    fake.faults = {2: "nomatch"}
    waits: list[float] = []
    assert listing(running.url, waits) == ALL
    assert len(waits) == 1 and 0.3 < waits[0] < 0.7  # the first backoff, 0.5 s ± jitter


def test_no_records_match_on_every_retry_of_a_resumption_fails_the_list(provider):
    fake, running = provider
    fake.faults = {n: "nomatch" for n in range(2, 10)}
    with pytest.raises(ResponseError, match=r"noRecordsMatch: no message \(still after 4 attempts"):
        listing(running.url)
    assert len(fake.requests) == 1 + 4  # the first page, then the resumption four times


def test_an_unknown_error_code_keeps_its_code_and_text_and_is_retried(provider):
    fake, running = provider
    fake.faults = {2: "unknown-code", 3: "unknown-code"}
    waits: list[float] = []
    assert listing(running.url, waits) == ALL
    assert len(waits) == 2
    fake.faults = {n: "unknown-code" for n in range(1, 10)}
    with pytest.raises(ResponseError, match="serverBusy: Could not send Message"):
        listing(running.url)


def test_an_empty_last_page_with_its_token_again_ends_the_list(provider):
    fake, running = provider
    fake.empty_last_page = True
    assert listing(running.url) == ALL
    assert len(fake.requests) == 4  # three pages of records, then the empty one


def test_a_provider_answering_the_same_page_for_ever_is_stopped_at_once(provider):
    fake, running = provider
    fake.stuck = True
    with pytest.raises(TokenLoopError, match="10 records all listed before"):
        listing(running.url)
    assert len(fake.requests) == 2


def page(identifiers: range, token: str | None, size: int | None) -> parse.Page:
    records = [parse.Record(f"oai:x:{n}", "2025-01-01") for n in identifiers]
    return parse.Page("", records, token, size)


def test_a_list_running_far_past_its_complete_size_is_a_loop():
    guard = LoopGuard()
    number = 0
    with pytest.raises(TokenLoopError, match="records listed of a list of 20"):
        while True:  # new identifiers and tokens each page, but the list never ends
            assert not guard.ends(page(range(number, number + 10), f"t{number}", 20), None)
            number += 10
    assert number == 140  # 2 × 20 + 100 listed, then stopped


def test_a_token_that_comes_back_on_a_page_of_new_records_is_a_loop():
    guard = LoopGuard()
    assert not guard.ends(page(range(0, 10), "a", None), None)
    assert not guard.ends(page(range(10, 20), "b", None), "a")
    with pytest.raises(TokenLoopError, match="'a' came back"):
        guard.ends(page(range(20, 30), "a", None), "b")


def test_an_empty_page_with_a_new_token_ends_the_list_only_once_it_is_complete():
    guard = LoopGuard()
    assert not guard.ends(page(range(0, 10), "a", 20), None)
    assert not guard.ends(page(range(0, 0), "b", 20), "a")  # 10 of 20: an empty page mid-list
    assert not guard.ends(page(range(10, 20), "c", 20), "b")
    assert guard.ends(page(range(0, 0), "d", 20), "c")  # 20 of 20, a new token: the end


def test_an_empty_page_repeating_its_token_ends_even_without_a_size():
    guard = LoopGuard()
    assert not guard.ends(page(range(0, 10), "a", None), None)
    assert guard.ends(page(range(0, 0), "a", None), "a")


def test_a_page_of_records_listed_pages_before_is_a_loop():
    guard = LoopGuard()
    assert not guard.ends(page(range(0, 10), "a", None), None)
    assert not guard.ends(page(range(10, 20), "b", None), "a")
    with pytest.raises(TokenLoopError, match="10 records all listed before"):
        guard.ends(page(range(0, 10), "c", None), "b")  # the first page again


def test_identify_reads_the_repository_identifier_of_its_oai_identifier(provider):
    _, running = provider
    client = OAIClient(running.url, Transport(httpx.Client(timeout=5)))
    identity = client.identify()
    assert (identity.repository_identifier, identity.repository_name) == (
        "kho.thu.vn",
        "Kho thử nghiệm",
    )
