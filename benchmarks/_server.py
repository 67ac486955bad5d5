"""Start the portal under gunicorn with production settings on a loopback port, for benchmarks
that measure the application alone (benchmarks/load.py puts nginx in front: deploy/stack.py)."""

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deploy.stack import free_port, production_env, stop, wait_for  # noqa: E402


@contextlib.contextmanager
def serve(var_dir: Path, workers: int = 1) -> Iterator[str]:
    """Serve the database in `var_dir` (or DATABASE_URL) at the yielded base URL."""
    port = free_port()
    env = production_env(
        var_dir,
        DATABASE_URL=os.environ.get("DATABASE_URL", f"sqlite:///{var_dir / 'db.sqlite3'}"),
        PDF_X_ACCEL_REDIRECT="false",  # no nginx here to send the files
    )
    options = ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning"]
    command = [sys.executable, "-m", "gunicorn", "portal.wsgi", *options]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/oai/?verb=Identify")
        yield base
    finally:
        stop(server)
