"""deploy/gunicorn_worker.py, as deploy/gunicorn.conf.py runs it, in a real gunicorn."""

import os
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from deploy.stack import free_port, stop

ROOT = Path(__file__).resolve().parents[2]
# Each request holds its thread for the seconds its query string says, and answers its pid.
APP = """
import os, time

def application(environ, start_response):
    time.sleep(float(environ["QUERY_STRING"]))
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "12")])
    return [str(os.getpid()).rjust(12).encode()]
"""


def _serve(app_dir: Path, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "2",
        "GUNICORN_ACCESSLOG": os.devnull,
        "GUNICORN_LOGLEVEL": "warning",
    }
    command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy/gunicorn.conf.py")]
    command += ["--chdir", str(app_dir), "slow:application"]
    return subprocess.Popen(command, env=env)


def _connected(port: int) -> socket.socket:
    for _ in range(100):
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=10)
        except ConnectionRefusedError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start")


def _asked(port: int, seconds: float) -> socket.socket:
    connection = _connected(port)
    connection.sendall(f"GET /?{seconds} HTTP/1.1\r\nHost: test\r\n\r\n".encode())
    return connection


def _pid(connection: socket.socket) -> str:
    answer = b""
    while b"\r\n\r\n" not in answer or len(answer.split(b"\r\n\r\n", 1)[1]) < 12:
        answer += connection.recv(4096)
    return answer.split(b"\r\n\r\n", 1)[1].decode().strip()


def test_a_worker_whose_threads_are_all_busy_leaves_new_connections_to_another(tmp_path):
    """Four keep-alive clients, one after another, on two workers of two threads: each worker
    takes two. gthread as it comes takes them as they come, often three or four in one worker,
    whose interpreter then serves them one at a time while the other idles. Three rounds: by
    chance alone a round splits two and two about 3 times in 8."""
    (tmp_path / "slow.py").write_text(APP)
    port = free_port()
    server = _serve(tmp_path, port)
    try:
        up = _asked(port, 0)
        _pid(up)
        up.close()
        for _ in range(3):
            clients = []
            for _ in range(4):
                clients.append(_asked(port, 1.0))
                time.sleep(0.1)  # taken, and handed to a thread, before the next comes
            served = Counter(_pid(client) for client in clients)
            for client in clients:
                client.close()
            assert sorted(served.values()) == [2, 2], served
            time.sleep(0.3)  # the workers see the connections closed
    finally:
        stop(server)
