"""deploy/nightly.sh: a failed harvest (one source failed; harvest itself goes on to the next)
does not stop the nightly steps after it, and the script still reports the failure."""

import subprocess
from pathlib import Path

NIGHTLY = Path(__file__).resolve().parents[1] / "nightly.sh"


def test_the_steps_after_a_failed_harvest_still_run_and_the_failure_is_the_exit_status(tmp_path):
    calls = tmp_path / "calls"
    python = tmp_path / "python"  # stands for manage.py: records each step, fails the harvest
    python.write_text(f'#!/bin/sh\necho "$*" >> {calls}\n[ "$*" != "manage.py harvest" ]\n')
    python.chmod(0o755)
    done = subprocess.run(
        [str(NIGHTLY)],
        env={"PYTHON": str(python), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1
    assert [line.split()[1] for line in calls.read_text().splitlines()] == [
        "harvest",
        "harvest",
        "search_index",
        "send_alerts",
        "prune_db_task_results",
    ]
    assert "--requeue" in calls.read_text()
