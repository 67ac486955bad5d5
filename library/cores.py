"""How many cores this process may use, for the defaults that start a process or a worker per
core. os.cpu_count() is the machine's: in a container given 2 of a host's 64 cores it said 64,
and each full-text batch would start 64 extraction workers and gunicorn 129 web workers."""

import math
import os
from pathlib import Path

CPU_MAX = Path("/sys/fs/cgroup/cpu.max")  # cgroup v2: "<quota> <period>", or "max <period>"


def usable_cores(cpu_max: Path = CPU_MAX) -> int:
    """The CPUs this process may run on (its affinity: taskset, a container's --cpuset-cpus),
    and no more than its cgroup's CPU quota, rounded up (a container's --cpus); at least 1."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # a platform without affinity (macOS)
        cores = os.cpu_count() or 1
    try:
        quota, period = cpu_max.read_text().split()[:2]
        if quota != "max":
            cores = min(cores, math.ceil(int(quota) / int(period)))
    except (OSError, ValueError):
        pass  # no cgroup v2 quota to read (cgroup v1, not Linux): the affinity alone
    return max(1, cores)
