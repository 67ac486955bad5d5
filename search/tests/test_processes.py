"""search.processes: work spread over processes comes back whole, in order, and lazily."""

import os

import pytest

from search import processes


def doubled_where(batch: list[int]) -> list[tuple[int, int]]:
    if 13 in batch:
        raise ValueError("a record that cannot be analysed")
    return [(value * 2, os.getpid()) for value in batch]


def test_the_work_comes_back_in_order_and_whole_from_other_processes():
    batches = [[n, n + 1] for n in range(20, 60, 2)]
    results = list(processes.mapped(doubled_where, batches, processes=2))
    assert [value for value, _ in results] == [n * 2 for n in range(20, 60)]
    assert os.getpid() not in {pid for _, pid in results}
    alone = list(processes.mapped(doubled_where, batches, processes=1))
    assert {pid for _, pid in alone} == {os.getpid()}


def test_an_error_in_the_work_is_raised_to_the_caller():
    with pytest.raises(ValueError, match="cannot be analysed"):
        list(processes.mapped(doubled_where, [[1], [7], [13], [21]], processes=2))


def test_batches_are_read_as_results_are_taken():
    read = []

    def batches():
        for n in range(1000):
            read.append(n)
            yield [n]

    results = processes.mapped(doubled_where, batches(), processes=2)
    assert next(results)[0] == 0
    assert len(read) <= 2 * processes.IN_FLIGHT + 1
    results.close()
