"""Extraction in worker processes, one per core by default, each file under a time and a
memory limit: a PDF that hangs a parser or eats memory costs its own process, nothing else."""

import multiprocessing
import multiprocessing.connection
import os
import resource
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar

from .extract import Extraction, extract


@dataclass(frozen=True)
class Limits:
    seconds: float = 60.0
    memory_bytes: int = 1024 * 1024 * 1024


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


K = TypeVar("K")  # what the caller keys its PDFs by


@dataclass(frozen=True)
class _Running(Generic[K]):
    """A child at work: whose PDF, the process, the pipe its Extraction comes down, and when
    it is killed."""

    key: K
    process: BaseProcess
    receive: Connection
    deadline: float


def _child(data: bytes, limits: Limits, pipe: Connection) -> None:
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
    items: Iterable[tuple[K, bytes]], workers: int | None = None, limits: Limits = Limits()
) -> Iterator[tuple[K, Extraction]]:
    """(key, Extraction) for each (key, PDF bytes), as they finish."""
    context = multiprocessing.get_context("fork")
    workers = workers or os.cpu_count() or 1
    running: list[_Running[K]] = []
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
            running.append(_Running(key, process, receive, time.monotonic() + limits.seconds))
        if not running:
            break
        multiprocessing.connection.wait([child.receive for child in running], timeout=0.05)
        still = []
        for child in running:
            if child.receive.poll():
                try:
                    result: Extraction = child.receive.recv()
                except EOFError:
                    result = Extraction("failed", reason="the worker died (memory limit?)")
                child.process.join()
                yield child.key, result
            elif not child.process.is_alive():
                child.process.join()
                reason = f"the worker died ({child.process.exitcode})"
                yield child.key, Extraction("failed", reason=reason)
            elif time.monotonic() > child.deadline:
                child.process.kill()
                child.process.join()
                reason = f"timed out after {limits.seconds:.0f} s"
                yield child.key, Extraction("failed", reason=reason)
            else:
                still.append(child)
        running = still
