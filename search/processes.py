"""Pure-Python work spread over processes: a rebuild's text analysis is CPU-bound and runs on
one core under the GIL, beside tantivy's own indexing threads (on 2 cores, spreading it took a
20,000-document rebuild from 127 to 118 s; more cores gain more).

The processes are spawned, not forked, so they inherit no thread, lock or database connection
of the caller: the work they run (search.records.analysed_documents) needs no Django.
"""

import multiprocessing
from collections import deque
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

Batch = TypeVar("Batch")
Result = TypeVar("Result")
IN_FLIGHT = 3  # batches queued per process: enough to keep each busy, few enough to bound memory


def mapped(
    work: Callable[[Batch], list[Result]], batches: Iterable[Batch], processes: int
) -> Generator[Result]:
    """The results of `work` on each batch, in the batches' order, flattened: on `processes`
    processes, or in this one when that is 1. Batches are read as results are taken, so
    a whole library is never in memory; an error in `work` is raised here, as it would be
    without processes."""
    if processes <= 1:
        for batch in batches:
            yield from work(batch)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(processes, mp_context=context) as pool:
        pending: deque[Future[list[Result]]] = deque()
        try:
            for batch in batches:
                pending.append(pool.submit(work, batch))
                if len(pending) >= processes * IN_FLIGHT:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:  # stopped early (an error, a closed generator): drop what is queued
            for future in pending:
                future.cancel()
