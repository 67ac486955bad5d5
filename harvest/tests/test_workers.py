"""Extraction in worker processes: a file that hangs, crashes or eats memory costs only its own
worker. Workers come from a forkserver and run a job they import by name, so the misbehaving
parsers here are module-level jobs given to extract_many (a monkeypatch would not reach them)."""

import ctypes
import faulthandler
import multiprocessing
import os
import time
from pathlib import Path

from harvest.fulltext import workers
from harvest.fulltext.extract import Extraction, extract, read_pdf
from harvest.fulltext.workers import Limits, extract_many

TEXT_PDF = (Path(__file__).parent / "samples" / "text_layer_vietnamese.pdf").read_bytes()
MB = 1024 * 1024


def hangs_on_one(data: bytes) -> Extraction:
    if data == b"hang":
        time.sleep(60)
    return extract(data)


def exits(data: bytes) -> Extraction:
    os._exit(3)


def segfaults(data: bytes) -> Extraction:
    faulthandler.disable()  # pytest's handler would print the worker's stack on the terminal
    ctypes.string_at(0)  # reads address 0, as a C parser's bug would
    return Extraction("ok")


def leaves_a_child(data: bytes) -> Extraction:
    if os.fork() == 0:  # the grandchild keeps the pipe open a while, then goes quietly
        time.sleep(1.5)
        os._exit(0)
    os._exit(5)


def greedy(data: bytes) -> Extraction:
    bytearray(1024 * MB)  # address space only: the limit refuses it before any page is used
    return Extraction("ok", text="no limit")


def pid_or_hang(data: bytes) -> Extraction:
    """The worker's pid; but it hangs on b"hang", crashes on b"crash", eats memory on b"eat"."""
    if data == b"hang":
        time.sleep(60)
    if data == b"crash":
        os._exit(9)
    if data == b"eat":
        return greedy(data)
    return Extraction("ok", text=str(os.getpid()))


def test_one_worker_reads_file_after_file():
    results = list(extract_many([(n, b"") for n in range(4)], 1, job=pid_or_hang))
    assert [key for key, _ in results] == [0, 1, 2, 3]
    assert len({result.text for _, result in results}) == 1


def test_a_reused_worker_is_killed_on_a_hung_file_and_the_next_file_is_read_by_a_new_one():
    started = time.monotonic()
    items = [("before", b""), ("hung", b"hang"), ("after", b""), ("crash", b"crash"), ("last", b"")]
    results = dict(extract_many(items, 1, Limits(seconds=1), job=pid_or_hang))
    assert results["hung"] == Extraction("failed", reason="timed out after 1 s")
    assert results["crash"] == Extraction("failed", reason="the worker died (exit code 9)")
    pids = [results[key].text for key in ("before", "after", "last")]
    assert len(set(pids)) == 3  # each one after a killed or dead worker: a new process
    assert time.monotonic() - started < 5


def test_an_idle_worker_reads_on_in_the_next_call():
    [(_, first)] = extract_many([("a", b"")], 1, job=pid_or_hang)
    [(_, second)] = extract_many([("b", b"")], 1, job=pid_or_hang)
    # another time limit (OCR's), the same memory limit: the same worker
    [(_, third)] = extract_many([("c", b"")], 1, Limits(seconds=5), job=pid_or_hang)
    assert first.text == second.text == third.text


def test_a_call_given_up_kills_its_busy_worker_and_keeps_the_idle_one():
    limits = Limits(seconds=30)
    calls = extract_many([("quick", b""), ("hung", b"hang")], 2, limits, job=pid_or_hang)
    key, quick = next(calls)
    calls.close()  # the caller stops reading while "hung" is being read
    assert key == "quick"
    assert [child.pid for child in multiprocessing.active_children()] == [int(quick.text)]
    [(_, again)] = extract_many([("next", b"")], 2, limits, job=pid_or_hang)
    assert again.text == quick.text


def test_idle_workers_end_when_no_call_comes(monkeypatch):
    monkeypatch.setattr(workers, "IDLE_SECONDS", 0.3)
    [(_, first)] = extract_many([("a", b"")], 1, job=pid_or_hang)
    [(_, second)] = extract_many([("b", b"")], 1, job=pid_or_hang)  # in time: the same worker
    assert first.text == second.text
    time.sleep(1.5)
    assert multiprocessing.active_children() == [] and not workers._IDLE
    [(_, third)] = extract_many([("c", b"")], 1, job=pid_or_hang)
    assert third.text != first.text


def test_a_worker_retires_after_its_share_of_files(monkeypatch):
    monkeypatch.setattr(workers, "FILES_PER_WORKER", 2)
    results = list(extract_many([(n, b"") for n in range(5)], 1, job=pid_or_hang))
    pids = [result.text for _, result in results]
    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4]


def test_a_worker_over_its_memory_limit_is_replaced_for_the_next_file():
    limits = Limits(seconds=5, memory_bytes=256 * MB)
    items = [("first", b""), ("greedy", b"eat"), ("next", b"")]
    results = dict(extract_many(items, 1, limits, job=pid_or_hang))
    assert results["greedy"] == Extraction("failed", reason="over the memory limit")
    assert results["next"].status == "ok" and results["next"].text != results["first"].text


def test_the_worker_reads_the_text_it_extracts():
    legacy = (Path(__file__).parent / "samples" / "legacy_tcvn3.pdf").read_bytes()
    [(_, result)] = extract_many([("k", legacy)], job=read_pdf)
    assert result.reading is not None and result.reading.encodings == ("tcvn3",)
    assert result.reading.text != result.text and (result.reading.quality or 0) > 0.9


def test_each_file_comes_back_under_its_key():
    results = dict(extract_many([("a", TEXT_PDF), ("b", b"not a pdf")], workers=2))
    assert results["a"] == extract(TEXT_PDF)
    assert results["b"].status == "failed"


def test_a_hung_parser_is_killed_at_the_time_limit_and_the_others_go_on():
    started = time.monotonic()
    items = [("hung", b"hang"), ("fine", TEXT_PDF)]
    results = list(extract_many(items, 2, Limits(seconds=1), job=hangs_on_one))
    assert [key for key, _ in results] == ["fine", "hung"]  # as they finish
    assert results[0][1].status == "ok"
    assert results[1][1] == Extraction("failed", reason="timed out after 1 s")
    assert time.monotonic() - started < 5


def test_a_worker_that_exits_is_reported_with_its_exit_code():
    assert list(extract_many([("k", TEXT_PDF)], limits=Limits(seconds=1), job=exits)) == [
        ("k", Extraction("failed", reason="the worker died (exit code 3)"))
    ]


def test_a_parser_that_crashes_the_worker_is_reported_with_the_signal():
    assert list(extract_many([("k", TEXT_PDF)], limits=Limits(seconds=1), job=segfaults)) == [
        ("k", Extraction("failed", reason="the worker died (SIGSEGV)"))
    ]


def test_a_worker_dead_while_its_own_child_holds_the_pipe_is_still_reported():
    started = time.monotonic()
    results = list(extract_many([("k", TEXT_PDF)], limits=Limits(seconds=1), job=leaves_a_child))
    assert results == [("k", Extraction("failed", reason="the worker died (exit code 5)"))]
    assert time.monotonic() - started < 0.9  # seen dead, not timed out


def test_a_parser_that_asks_for_more_than_the_memory_limit_fails_alone():
    limits = Limits(seconds=5, memory_bytes=256 * MB)
    assert list(extract_many([("k", TEXT_PDF)], limits=limits, job=greedy)) == [
        ("k", Extraction("failed", reason="over the memory limit"))
    ]
