"""Start the portal as production runs it (gunicorn with deploy/gunicorn.conf.py: gthread
workers, keep-alive) with production settings on a loopback port, for benchmarks that measure
the application alone (benchmarks/load.py puts nginx in front: deploy/stack.py)."""

import contextlib
import http.client
import os
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deploy.stack import free_port, manage, production_env, stop, wait_for  # noqa: E402


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[int(share * (len(ordered) - 1))]


def scratch_site(var_dir: Path, **extra: str) -> None:
    """This process's environment made a throwaway site's in `var_dir`: SQLite, the embedded
    index, tasks run at once, loopback providers allowed."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        PORTAL_VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{var_dir / 'db.sqlite3'}",
        SEARCH_INDEX_DIR=str(var_dir / "search"),
        ELASTICSEARCH_URL="",
        PORTAL_TASKS="immediate",
        HARVEST_ALLOW_PRIVATE_NETWORKS="true",
        **extra,
    )


def harvest_env(scratch: Path) -> dict[str, str]:
    """Production's settings for a harvest into `scratch`: a new SQLite database and embedded
    index there, the loopback provider allowed. Not the dev settings: with DEBUG on, Django also
    writes out the SQL of every query (a PDF's text quoted into it) and keeps the last 9,000."""
    env = production_env(
        scratch,
        PORTAL_VAR_DIR=str(scratch),
        DATABASE_URL=f"sqlite:///{scratch / 'db.sqlite3'}",
        HARVEST_ALLOW_PRIVATE_NETWORKS="true",
    )
    env.pop("ELASTICSEARCH_URL", None)
    return env


@contextlib.contextmanager
def serve(var_dir: Path, workers: int = 1, checkout: Path = ROOT, **extra: str) -> Iterator[str]:
    """Serve the database in `var_dir` (or DATABASE_URL) at the yielded base URL, with the code
    of `checkout` (this one, or another of the portal's, run on this interpreter); `extra`
    adds to or overrides the environment."""
    port = free_port()
    env = production_env(
        var_dir,
        DATABASE_URL=os.environ.get("DATABASE_URL", f"sqlite:///{var_dir / 'db.sqlite3'}"),
        PDF_X_ACCEL_REDIRECT="false",  # no nginx here to send the files
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(workers),
        GUNICORN_ACCESSLOG=os.devnull,  # written as production writes it, but not shown
        GUNICORN_LOGLEVEL="warning",
        **extra,
    )
    if not (var_dir / "static" / "staticfiles.json").exists():  # the HTML pages need it
        manage(env, "collectstatic", "--noinput", "-v0")
    command = [sys.executable, "-m", "gunicorn", "-c", str(checkout / "deploy/gunicorn.conf.py")]
    server = subprocess.Popen(command, cwd=checkout, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/oai/?verb=Identify")
        yield base
    finally:
        stop(server)


class Client:
    """One keep-alive HTTP/1.1 connection that counts how often it had to (re)connect: a server
    that closes connections shows as one connection per request."""

    def __init__(self, base: str, timeout: float = 60, headers: dict[str, str] | None = None):
        self.connections = 0
        self.headers = headers or {}
        client = self

        class Counting(http.client.HTTPConnection):
            def connect(self) -> None:
                client.connections += 1
                super().connect()

        self.connection = Counting(urllib.parse.urlsplit(base).netloc, timeout=timeout)

    def get(self, path: str) -> tuple[int, float]:
        """The status and the seconds from request to the last byte of the answer."""
        status, _, seconds = self.fetch(path)
        return status, seconds

    def fetch(self, path: str) -> tuple[int, bytes, float]:
        """The status, the body and the seconds from request to its last byte. A connection
        the server closed while it was idle (gunicorn's keepalive, 5 s: a slow query of another
        runner between two of this one's) is opened again, and the request sent on it, as
        browsers and urllib3 do; the seconds count from then, connecting included."""
        began = time.perf_counter()
        try:
            self.connection.request("GET", path, headers=self.headers)
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            self.connection.close()
            began = time.perf_counter()
            self.connection.request("GET", path, headers=self.headers)
            response = self.connection.getresponse()
        body = response.read()
        return response.status, body, time.perf_counter() - began

    def close(self) -> None:
        self.connection.close()
