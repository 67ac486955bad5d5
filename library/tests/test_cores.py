"""The cores a process may use: its affinity, capped by its cgroup's CPU quota."""

import os

import pytest

from library.cores import usable_cores


@pytest.fixture
def eight_allowed(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)


@pytest.mark.parametrize(
    ("cpu_max", "cores"),
    [
        ("150000 100000\n", 2),  # --cpus=1.5: a second core, part-time
        ("200000 100000\n", 2),
        ("1000000 100000\n", 8),  # a quota above the CPUs allowed: the CPUs
        ("max 100000\n", 8),  # no quota
        ("1000 100000\n", 1),  # a hundredth of a core: still one
        ("", 8),  # unreadable: the affinity alone
        ("garbage here\n", 8),
    ],
)
def test_the_quota_caps_the_cpus_allowed(tmp_path, eight_allowed, cpu_max, cores):
    path = tmp_path / "cpu.max"
    path.write_text(cpu_max)
    assert usable_cores(path) == cores


def test_without_a_cgroup_file_the_cpus_allowed_not_the_machines(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 3}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert usable_cores(tmp_path / "missing") == 2
