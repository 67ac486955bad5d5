"""Extraction in worker processes, one per core by default, each file under a time and a
memory limit: a PDF that hangs a parser or eats memory costs its own process, nothing else.

The memory limit is absolute: a worker's whole address space (RLIMIT_AS) is at most
`Limits.memory_bytes`, so N workers take at most N times that, whatever the process that starts
them holds. For that the workers are not forked from it: a forked child starts as a copy of its
parent's address space (a harvest or db_worker process: Django, its threads' arenas, the mapped
search index; gigabytes in production), which alone could exceed the limit and which the child
could grow into by writing to it. They come from multiprocessing's 'forkserver': a small server
process, started once and fresh, that has imported the extractors and forks one worker per file.
Measured by benchmarks/harvest_memory.py from a process with Django and the search index open
(217 MB of VmSize): a worker starts at 217 MB by 'fork', 57 MB by 'forkserver' (extractors
imported) and 26 MB by 'spawn' (not yet imported, which it then does for every file), in 20-30
ms by 'forkserver' against 70-140 ms by 'spawn', which starts a new interpreter every time.
Under manage.py a one-page PDF took 10-12 ms through 'forkserver', 15-17 ms by 'fork'.

A limit below what a worker needs to start is a configuration error (WorkerMemoryError), raised
rather than recorded against every PDF as its failure.
"""

import multiprocessing
import multiprocessing.connection
import os
import resource
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar, overload

from .extract import Extraction, extract

# What the server imports once, for all its workers: this module and the extractors, and the
# program's main module, which each worker needs too. Python 3.11 ignores "__main__" here
# (CPython gh-137996, fixed in 3.13) and each worker runs the main module again: manage.py does
# nothing when imported, and a script that starts workers must do no more
# (benchmarks/extraction.py sets Django up in its main()).
PRELOAD = [
    "__main__",
    "harvest.fulltext.workers",
    "harvest.fulltext.ocr",
    "pypdfium2",
    "pdfminer.high_level",
]


@dataclass(frozen=True)
class Limits:
    seconds: float = 60.0
    memory_bytes: int = 768 * 1024 * 1024  # a worker's whole address space


class WorkerMemoryError(Exception):
    """The memory limit is below what a worker needs to start: a configuration error."""


def address_space() -> int:
    """This process's address space (VmSize), in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


K = TypeVar("K")  # what the caller keys its PDFs by
D = TypeVar("D")  # what a job is given: a PDF's bytes, or one of its pages (harvest.fulltext.ocr)


@dataclass(frozen=True)
class _Running(Generic[K]):
    """A child at work: whose PDF, the process, the pipe its Extraction comes down, and when
    it is killed."""

    key: K
    process: BaseProcess
    receive: Connection
    deadline: float


def _died(exitcode: int | None) -> str:
    """A worker that ended without an answer: its exit code, or the signal that ended it
    (SIGKILL from the kernel, SIGSEGV or SIGABRT from a parser that could not allocate)."""
    if exitcode is not None and exitcode < 0:
        try:
            return f"the worker died ({signal.Signals(-exitcode).name})"
        except ValueError:
            pass
    return f"the worker died (exit code {exitcode})"


def _child(data: Any, limits: Limits, job: Callable[[Any], Extraction], pipe: Connection) -> None:
    size = address_space()
    if size >= limits.memory_bytes:
        too_small = (
            f"a worker starts at {size:,} bytes of address space, over its "
            f"{limits.memory_bytes:,}-byte limit: raise the limit"
        )
        pipe.send(WorkerMemoryError(too_small))
        pipe.close()
        return
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    try:
        pipe.send(job(data))
    except MemoryError:
        pipe.send(Extraction("failed", reason="over the memory limit"))
    finally:
        pipe.close()


@overload
def extract_many(
    items: Iterable[tuple[K, bytes]], workers: int | None = None, limits: Limits = Limits()
) -> Iterator[tuple[K, Extraction]]: ...


@overload
def extract_many(
    items: Iterable[tuple[K, D]],
    workers: int | None = None,
    limits: Limits = Limits(),
    *,
    job: Callable[[D], Extraction],
) -> Iterator[tuple[K, Extraction]]: ...


def extract_many(
    items: Iterable[tuple[K, Any]],
    workers: int | None = None,
    limits: Limits = Limits(),
    job: Callable[[Any], Extraction] = extract,
) -> Iterator[tuple[K, Extraction]]:
    """(key, Extraction) for each (key, PDF bytes), as they finish. `job` (extract; OCR's
    recognise_page takes a Page instead of bytes; tests give others) runs in the worker: a
    module-level function, which the worker imports by name."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)  # once started, the server keeps what it has
    workers = workers or os.cpu_count() or 1
    running: list[_Running[K]] = []
    queue = iter(items)
    exhausted = False
    try:
        while running or not exhausted:
            while not exhausted and len(running) < workers:
                try:
                    key, data = next(queue)
                except StopIteration:
                    exhausted = True
                    break
                receive, send = context.Pipe(duplex=False)
                process = context.Process(
                    target=_child, args=(data, limits, job, send), daemon=True
                )
                process.start()
                send.close()
                deadline = time.monotonic() + limits.seconds
                running.append(_Running(key, process, receive, deadline))
            if not running:
                break
            multiprocessing.connection.wait([child.receive for child in running], timeout=0.05)
            still = []
            for child in running:
                if child.receive.poll():
                    try:
                        result = child.receive.recv()
                    except EOFError:  # it ended without a word: its end of the pipe closed
                        child.process.join()
                        result = Extraction("failed", reason=_died(child.process.exitcode))
                    child.process.join()
                    if isinstance(result, WorkerMemoryError):
                        raise result
                    yield child.key, result
                elif not child.process.is_alive():  # dead; a process it started holds the pipe
                    child.process.join()
                    yield child.key, Extraction("failed", reason=_died(child.process.exitcode))
                elif time.monotonic() > child.deadline:
                    child.process.kill()
                    child.process.join()
                    late = f"timed out after {limits.seconds:.0f} s"
                    yield child.key, Extraction("failed", reason=late)
                else:
                    still.append(child)
            running = still
    finally:
        for child in running:  # given up (an error, or the caller stopped reading)
            child.process.kill()
            child.process.join()
