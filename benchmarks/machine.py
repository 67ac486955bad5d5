"""What the machine did during a measurement, from /proc: the disk's reads and the CPU's time;
and how much of some files the page cache holds (util-linux's fincore). This VM pages out what
it has not touched for a minute (DAMON reclaim) and reads its disk slowly at random, so a run
whose pages were not cached can wait on the disk rather than compute: these lines say which
kind of run a figure comes from."""

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

SECTOR = 512  # /proc/diskstats counts 512-byte sectors, whatever the device's own
TICK = os.sysconf("SC_CLK_TCK")  # /proc/PID/stat counts CPU time in these


class ProcessStat(NamedTuple):
    parent: int
    cpu: float  # seconds used, user and system


def process_stat(pid: int) -> ProcessStat | None:
    """A process's parent and the CPU it has used so far, or None once it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return ProcessStat(int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK)


def resident(paths: list[Path]) -> str:
    """How much of these files the page cache holds, as "R of T GiB"."""
    answer = subprocess.run(
        ["fincore", "--bytes", "--noheadings", "--raw", "--output", "RES,SIZE", *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
    )
    sizes = [tuple(map(int, line.split())) for line in answer.stdout.splitlines()]
    held, total = (sum(column) for column in zip(*sizes, strict=True))
    return f"{held / 2**30:.2f} of {total / 2**30:.2f} GiB"


@dataclass(frozen=True)
class Usage:
    read: int  # bytes read from the disk that holds the measured files
    busy: int  # CPU ticks of every core spent computing
    waiting: int  # … idle while a read or write was outstanding (iowait)
    total: int


def usage(path: Path) -> Usage:
    """The counters now, for the disk that holds `path`."""
    device = os.stat(path).st_dev
    wanted = (os.major(device), os.minor(device))
    read = 0
    for line in Path("/proc/diskstats").read_text().splitlines():
        fields = line.split()
        if (int(fields[0]), int(fields[1])) == wanted:
            read = int(fields[5]) * SECTOR
    ticks = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    user, nice, system, _idle, iowait, irq, softirq, _steal = ticks
    return Usage(read, user + nice + system + irq + softirq, iowait, sum(ticks))


def during(before: Usage, after: Usage, count: int, each: str = "request") -> str:
    """What a run between two readings did: how much it read from the disk, and for each of its
    `count` requests (or what `each` names), and how busy the cores were (and how idle waiting
    for the disk)."""
    read = after.read - before.read
    ticks = max(1, after.total - before.total)
    return (
        f"read {read / 2**20:.0f} MB from the disk ({read / 1024 / max(1, count):.0f} KB a"
        f" {each}); the cores {100 * (after.busy - before.busy) / ticks:.0f}% busy,"
        f" {100 * (after.waiting - before.waiting) / ticks:.0f}% idle waiting for the disk"
    )
