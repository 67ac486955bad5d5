"""deploy/gunicorn_worker.py under gunicorn with production's settings (deploy/gunicorn.conf.py),
serving a test application that says which worker answered."""

import http.client
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.stack import free_port, stop, wait_for

ROOT = Path(__file__).resolve().parents[2]
SLOW = 1.5  # seconds the first request of each pair takes


@pytest.fixture(scope="module")
def address() -> Iterator[str]:
    """Two workers of one thread each, the portal's gunicorn settings otherwise."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy/gunicorn.conf.py")]
    command += ["deploy.tests.slow_app:app"]
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "1",
        "GUNICORN_ACCESSLOG": os.devnull,
        "GUNICORN_LOGLEVEL": "warning",
    }
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        wait_for(f"http://127.0.0.1:{port}/")
        yield f"127.0.0.1:{port}"
    finally:
        stop(server)


def answer(connection: http.client.HTTPConnection) -> str:
    response = connection.getresponse()
    assert response.status == 200
    return response.read().decode()


def test_a_busy_worker_leaves_a_new_connection_to_a_free_one(address):
    # gthread itself lets either worker take the second connection, and the one busy with the
    # first then makes it wait for the first to end: with gthread, this test failed in 3 runs of 3.
    for _ in range(5):
        first = http.client.HTTPConnection(address, timeout=10)
        second = http.client.HTTPConnection(address, timeout=10)
        first.request("GET", f"/?{SLOW}")
        time.sleep(0.3)  # the first worker has taken the first connection and is busy
        began = time.monotonic()
        second.request("GET", "/?0")
        by_second = answer(second)
        waited = time.monotonic() - began
        by_first = answer(first)
        assert by_second != by_first
        assert waited < SLOW / 2
        first.request("GET", "/?0")  # a connection stays with the worker that accepted it
        assert answer(first) == by_first
        first.close()
        second.close()
