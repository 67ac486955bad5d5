"""Extraction in worker processes, one per core by default, each file under a time and a
memory limit: a PDF that hangs a parser or eats memory costs its own process, nothing else.

A worker is long-lived: it reads file after file from its pipe, so that starting a process (20-30
ms by 'forkserver', below) is not paid per file; and it outlives the call that started it, kept
idle for the process's next call of extract_many (the next batch of a db_worker), where it
reads on with what it has cached. One that overruns a file's time limit is killed
and replaced; one that dies (a parser's crash, the kernel's SIGKILL) is replaced; one whose
parser ran out of memory answers for that file and exits, and so is replaced, as its heap may be
left fragmented. A worker also retires after FILES_PER_WORKER files, so that what a parser leaks
or fragments cannot build up to its limit and fail a later file that would have fit.

The memory limit is absolute: a worker's whole address space (RLIMIT_AS) is at most
`Limits.memory_bytes`, so N workers take at most N times that, whatever the process that starts
them holds. For that the workers are not forked from it: a forked child starts as a copy of its
parent's address space (a harvest or db_worker process: Django, its threads' arenas, the mapped
search index; gigabytes in production), which alone could exceed the limit and which the child
could grow into by writing to it. They come from multiprocessing's 'forkserver': a small server
process, started once and fresh, that has imported the extractors (and loaded the text-reading
tables, harvest.fulltext.reading) and forks the workers. Measured by benchmarks/harvest_memory.py
from a process with Django and the search index open (217 MB of VmSize): a worker starts at 217
MB by 'fork', 57 MB by 'forkserver' (extractors imported) and 26 MB by 'spawn' (not yet
imported, which it then does itself), in 20-30 ms by 'forkserver' against 70-140 ms by 'spawn',
which starts a new interpreter every time.

A limit below what a worker needs to start is a configuration error (WorkerMemoryError), raised
rather than recorded against every PDF as its failure.
"""

import multiprocessing
import multiprocessing.connection
import resource
import signal
import threading
import time
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar, overload

from library.cores import usable_cores

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
    "harvest.fulltext.reading",
    "pypdfium2",
    "pdfminer.high_level",
]


FILES_PER_WORKER = 200


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


class _Worker(Generic[K]):
    """A child and the pipe to it; while it has a file, whose it is and when it is killed."""

    def __init__(self, context: Any, limits: Limits) -> None:
        self.pipe, theirs = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=_serve, args=(limits, theirs), daemon=True
        )
        self.process.start()
        theirs.close()
        self.files = 0
        self.key: Any = None  # a K while busy
        self.busy = False
        self.deadline = 0.0

    def give(self, key: K, job: Callable[[Any], Extraction], data: Any, seconds: float) -> None:
        try:
            self.pipe.send((job, data))
        except ConnectionError:  # it ended before reading: why is in the pipe, or its exit code
            pass
        self.key, self.busy, self.deadline = key, True, time.monotonic() + seconds
        self.files += 1

    def stop(self, kill: bool) -> None:
        """Ends it: killed (hung, dying, or given up), or by closing its pipe (it exits)."""
        if kill and self.process.is_alive():
            self.process.kill()
        self.pipe.close()
        self.process.join()


# Workers left idle by a call of extract_many, by their memory limit (all a worker is given; the
# time limit is the caller's), for the next call in this process, until IDLE_SECONDS pass
# without one. A harvest batch (harvest.tasks.BATCH, 32 PDFs) started workers of its own, each
# with empty text-reading memos, and the cores idled as they started: kept, the harvest ran
# faster in each of four pairs of runs side by side (benchmarks/harvest_fulltext.py, both
# checkouts in one run): 3,000 PDFs at 34.3 and 34.5 PDFs/s against 31.1 and 33.5, 1,000 at
# 32.2 and 29.8 against 27.7 and 28.7, with the same CPU a PDF and the cores busier (92-93%
# against 86-89% at 3,000). A process keeps the workers its last call left idle (one a core by
# default), each within its memory limit, and none once IDLE_SECONDS pass without a call.
IDLE_SECONDS = 60.0
_IDLE: dict[int, list[_Worker[Any]]] = {}
_IDLE_LOCK = threading.Lock()
_expiry: threading.Timer | None = None


def _take_idle(memory_bytes: int) -> list[_Worker[Any]]:
    with _IDLE_LOCK:
        return _IDLE.pop(memory_bytes, [])


def _keep_idle(memory_bytes: int, idle: list[_Worker[Any]]) -> None:
    """Keeps `idle` for the next call, and (again) IDLE_SECONDS before stop_idle ends them."""
    global _expiry
    with _IDLE_LOCK:
        _IDLE.setdefault(memory_bytes, []).extend(idle)
        if _expiry is not None:
            _expiry.cancel()
        _expiry = threading.Timer(IDLE_SECONDS, stop_idle)
        _expiry.daemon = True
        _expiry.start()


def stop_idle() -> None:
    """Ends the workers kept idle (their pipes closed, they exit): IDLE_SECONDS after the last
    call, and in tests between cases."""
    with _IDLE_LOCK:
        kept = [worker for workers in _IDLE.values() for worker in workers]
        _IDLE.clear()
        if _expiry is not None:
            _expiry.cancel()
    for worker in kept:
        worker.stop(kill=False)


def _died(exitcode: int | None) -> str:
    """A worker that ended without an answer: its exit code, or the signal that ended it
    (SIGKILL from the kernel, SIGSEGV or SIGABRT from a parser that could not allocate)."""
    if exitcode is not None and exitcode < 0:
        try:
            return f"the worker died ({signal.Signals(-exitcode).name})"
        except ValueError:
            pass
    return f"the worker died (exit code {exitcode})"


def _serve(limits: Limits, pipe: Connection) -> None:
    """A worker: (job, data) in, (Extraction, whether it goes on) out, until its pipe closes."""
    size = address_space()
    if size >= limits.memory_bytes:
        too_small = (
            f"a worker starts at {size:,} bytes of address space, over its "
            f"{limits.memory_bytes:,}-byte limit: raise the limit"
        )
        pipe.send((WorkerMemoryError(too_small), False))
        return
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    while True:
        try:
            job, data = pipe.recv()
        except EOFError:  # no more files
            return
        try:
            pipe.send((job(data), True))
        except MemoryError:
            del data
            pipe.send((Extraction("failed", reason="over the memory limit"), False))
            return


@overload
def extract_many(
    items: Iterable[tuple[K, bytes]], workers: int | None = None, limits: Limits = Limits()
) -> Generator[tuple[K, Extraction]]: ...


@overload
def extract_many(
    items: Iterable[tuple[K, D]],
    workers: int | None = None,
    limits: Limits = Limits(),
    *,
    job: Callable[[D], Extraction],
) -> Generator[tuple[K, Extraction]]: ...


def extract_many(
    items: Iterable[tuple[K, Any]],
    workers: int | None = None,
    limits: Limits = Limits(),
    job: Callable[[Any], Extraction] = extract,
) -> Generator[tuple[K, Extraction]]:
    """(key, Extraction) for each (key, PDF bytes), as they finish. `job` (extract; OCR's
    recognise_page takes a Page instead of bytes; tests give others) runs in the worker: a
    module-level function, which the worker imports by name."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)  # once started, the server keeps what it has
    size = workers or usable_cores()
    kept = _take_idle(limits.memory_bytes)  # left idle by an earlier call (a dead one goes below)
    pool: list[_Worker[K]] = kept[:size]
    for extra in kept[size:]:
        extra.stop(kill=False)
    queue = iter(items)
    exhausted = False
    try:
        while True:
            while not exhausted and (len(pool) < size or any(not w.busy for w in pool)):
                try:
                    key, data = next(queue)
                except StopIteration:
                    exhausted = True
                    break
                for gone in [w for w in pool if not w.busy and not w.process.is_alive()]:
                    gone.stop(kill=True)  # died between files (the kernel's OOM killer)
                    pool.remove(gone)
                idle = next((w for w in pool if not w.busy), None)
                if idle is None:
                    idle = _Worker(context, limits)
                    pool.append(idle)
                idle.give(key, job, data, limits.seconds)
            busy = [w for w in pool if w.busy]
            if not busy:
                break
            multiprocessing.connection.wait([w.pipe for w in busy], timeout=0.05)
            for worker in busy:
                answer = _answer(worker, limits)
                if answer is None:
                    continue
                result, going_on = answer
                if not isinstance(result, Extraction):  # WorkerMemoryError
                    raise result
                if not going_on or worker.files >= FILES_PER_WORKER:
                    worker.stop(kill=not going_on)
                    pool.remove(worker)
                worker.busy = False
                yield worker.key, result
    finally:
        # done, or given up (an error, or the caller stopped reading): the busy are killed,
        # the idle kept for the next call
        for worker in pool:
            if worker.busy:
                worker.stop(kill=True)
        _keep_idle(limits.memory_bytes, [w for w in pool if not w.busy])


def _answer(worker: _Worker[K], limits: Limits) -> tuple[Extraction | Exception, bool] | None:
    """What a busy worker has to say, if anything yet: its answer; a death or a timeout as a
    failed Extraction (the worker then goes on no further)."""
    if worker.pipe.poll():
        try:
            answer: tuple[Extraction | Exception, bool] = worker.pipe.recv()
            return answer
        except EOFError:  # it ended without a word: its end of the pipe closed
            worker.process.join()
            return Extraction("failed", reason=_died(worker.process.exitcode)), False
    if not worker.process.is_alive():  # dead; a process it started holds the pipe
        worker.process.join()
        return Extraction("failed", reason=_died(worker.process.exitcode)), False
    if time.monotonic() > worker.deadline:
        late = f"timed out after {limits.seconds:.0f} s"
        return Extraction("failed", reason=late), False
    return None
