"""Extraction in worker processes, one per core by default, each file under a time and a
memory limit: a PDF that hangs a parser or eats memory costs its own process, nothing else."""

import multiprocessing
import multiprocessing.connection
import os
import resource
import signal
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .extract import Extraction, extract


@dataclass(frozen=True)
class Limits:
    seconds: float = 60.0
    memory_bytes: int = 1024 * 1024 * 1024


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _died(exitcode: int | None) -> str:
    """A worker that ended without an answer: its exit code, or the signal that ended it
    (SIGKILL from the kernel, SIGSEGV or SIGABRT from a parser that could not allocate)."""
    if exitcode is not None and exitcode < 0:
        try:
            return f"the worker died ({signal.Signals(-exitcode).name})"
        except ValueError:
            pass
    return f"the worker died (exit code {exitcode})"


def _child(data: bytes, limits: Limits, pipe) -> None:
    # A forked child starts with its parent's address space (threads, mapped indexes): the
    # limit is what it may add to that.
    ceiling = _address_space() + limits.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    try:
        pipe.send(extract(data))
    except MemoryError:
        pipe.send(Extraction("failed", reason="over the memory limit"))
    finally:
        pipe.close()


def extract_many(
    items: Iterable[tuple[object, bytes]], workers: int | None = None, limits: Limits = Limits()
) -> Iterator[tuple[object, Extraction]]:
    """(key, Extraction) for each (key, PDF bytes), as they finish."""
    context = multiprocessing.get_context("fork")
    workers = workers or os.cpu_count() or 1
    running: list[tuple[object, multiprocessing.Process, object, float]] = []
    queue = iter(items)
    exhausted = False
    while running or not exhausted:
        while not exhausted and len(running) < workers:
            try:
                key, data = next(queue)
            except StopIteration:
                exhausted = True
                break
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(data, limits, send), daemon=True)
            process.start()
            send.close()
            running.append((key, process, receive, time.monotonic() + limits.seconds))
        if not running:
            break
        multiprocessing.connection.wait([r for _, _, r, _ in running], timeout=0.05)
        still = []
        for key, process, receive, deadline in running:
            if receive.poll():
                try:
                    result = receive.recv()
                except EOFError:  # it ended without a word: its end of the pipe closed with it
                    process.join()
                    result = Extraction("failed", reason=_died(process.exitcode))
                process.join()
                yield key, result
            elif not process.is_alive():  # dead, but a process it started holds the pipe open
                process.join()
                yield key, Extraction("failed", reason=_died(process.exitcode))
            elif time.monotonic() > deadline:
                process.kill()
                process.join()
                yield key, Extraction("failed", reason=f"timed out after {limits.seconds:.0f} s")
            else:
                still.append((key, process, receive, deadline))
        running = still
