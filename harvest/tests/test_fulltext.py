"""What a hostile or broken server or file may cost the full-text work: bounded in time, in
memory, and in what of it reaches the admin. The protocol layer alone, no Django involved."""

import mmap
import multiprocessing
import resource
import time

import httpx
import pytest

from harvest.fulltext import workers
from harvest.fulltext.extract import Extraction, extract
from harvest.fulltext.fetch import FetchError
from harvest.tests.test_http import fetch_pdf
from library.demo.pdf import render_pdf


def fetch(url: str, **kwargs) -> bytes:
    with httpx.Client(timeout=30) as http:  # a read timeout far longer than any deadline here
        return fetch_pdf(http, url, 1 << 20, **kwargs).data


def test_a_non_pdf_answer_is_described_not_echoed(provider):
    fake, running = provider
    fake.pdfs = {"/pdf/login.pdf": b"<html>token=SECRET-1234 " + b"x" * 500 + b"</html>"}
    with pytest.raises(FetchError) as caught:
        fetch(f"{running.root}/pdf/login.pdf")
    assert str(caught.value) == "not a PDF (text/html, 531 bytes)"


def test_a_pdf_that_trickles_is_given_up_at_its_deadline(provider):
    fake, running = provider
    fake.pdfs = {"/pdf/slow.pdf": b"%PDF-1.4 " + b"x" * 20_000}
    fake.trickle = {"/pdf/": 0.02}  # 100 bytes every 20 ms: four seconds for the file
    started = time.monotonic()
    with pytest.raises(FetchError, match="not finished within the 1-second deadline"):
        fetch(f"{running.root}/pdf/slow.pdf", deadline=1)
    assert time.monotonic() - started < 2.5


def test_a_download_that_stalls_wakes_up_at_its_deadline(provider):
    fake, running = provider
    fake.pdfs = {"/pdf/stalled.pdf": b"%PDF-1.4 " + b"x" * 1000}
    fake.trickle = {"/pdf/": 30}  # a hundred bytes, then half a minute of silence
    started = time.monotonic()
    with pytest.raises(FetchError, match="not finished within the 1-second deadline"):
        fetch(f"{running.root}/pdf/stalled.pdf", deadline=1)
    assert time.monotonic() - started < 2.5


def report_limit(data: bytes) -> Extraction:
    """A job for a worker: its address-space limit, and its size as it starts the job."""
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    return Extraction("ok", text=f"{soft} {workers.address_space()}")


def test_each_worker_has_an_absolute_memory_limit_whatever_the_parents_size():
    limit = 512 * 1024 * 1024
    with mmap.mmap(-1, 2 * limit):  # the parent maps more than the limit (a search index...)
        [(_, result)] = workers.extract_many(
            [(1, b"")], limits=workers.Limits(memory_bytes=limit), job=report_limit
        )
    soft, size = map(int, result.text.split())
    assert soft == limit
    assert size < 200 * 1024 * 1024  # a fresh process, not a copy of the parent


def test_a_memory_limit_below_a_workers_starting_size_is_a_configuration_error():
    data, _ = render_pdf("Lúa", ["Trần Thị B"], "Giống lúa. " * 10)
    with pytest.raises(Exception, match=r"worker starts at .* over its 16,777,216-byte limit"):
        list(workers.extract_many([(1, data)], limits=workers.Limits(memory_bytes=16 << 20)))


def test_a_worker_that_ended_before_its_first_file_still_says_why():
    """The race behind the test above: a worker too big to start says so and ends, sometimes
    before it is given its file; the error it sent, not the broken pipe, is the answer."""
    data, _ = render_pdf("Lúa", ["Trần Thị B"], "Giống lúa. " * 10)
    limits = workers.Limits(memory_bytes=16 << 20)
    worker: workers._Worker[int] = workers._Worker(
        multiprocessing.get_context("forkserver"), limits
    )
    worker.process.join()  # it has said why and ended
    worker.give(1, extract, data, limits.seconds)
    answer = workers._answer(worker, limits)
    worker.stop(kill=True)
    assert answer is not None
    error, going_on = answer
    assert isinstance(error, workers.WorkerMemoryError) and not going_on
    assert "over its 16,777,216-byte limit" in str(error)


def test_extraction_still_reads_a_pdf_within_the_limits():
    data, pages = render_pdf("Lúa mùa", ["Trần Thị B"], "Giống lúa mùa ở Sóc Trăng. " * 40)
    [(key, result)] = workers.extract_many([("a", data)])
    assert key == "a" and result.status == "ok" and result.pages == pages
    assert "Sóc Trăng" in result.text
