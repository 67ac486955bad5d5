"""deploy/nightly.sh: a step that fails does not stop the steps after it, and the script still
reports the failure; the harvests are no longer its job (harvest --due runs every minute)."""

import subprocess
from pathlib import Path

NIGHTLY = Path(__file__).resolve().parents[1] / "nightly.sh"


def test_the_steps_after_a_failed_one_still_run_and_the_failure_is_the_exit_status(tmp_path):
    calls = tmp_path / "calls"
    python = tmp_path / "python"  # stands for manage.py: records each step, fails the requeue
    python.write_text(
        f'#!/bin/sh\necho "$*" >> {calls}\n[ "$*" != "manage.py harvest --requeue" ]\n'
    )
    python.chmod(0o755)
    done = subprocess.run(
        [str(NIGHTLY)],
        env={"PYTHON": str(python), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1
    assert calls.read_text().splitlines() == [
        "manage.py harvest --requeue",
        "manage.py search_index update",
        "manage.py refresh_figures",
        "manage.py send_alerts",
        "manage.py purge_enquiries",
        "manage.py prune_db_task_results --min-age-days 7 --failed-min-age-days 30",
    ]
