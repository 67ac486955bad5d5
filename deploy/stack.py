"""The production web stack on loopback, for the smoke test (deploy/smoke.py) and the load
benchmark (benchmarks/load.py): gunicorn with deploy/gunicorn.conf.py behind nginx with
deploy/nginx's site parts, in a scratch folder."""

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"  # Debian's, outside a user's PATH


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def nginx_conf(root: Path, port: int, sock: Path, rate_limits: bool = True) -> Path:
    """deploy/nginx's two parts in a minimal nginx.conf: a loopback port instead of TLS, the
    scratch socket instead of /run/portal's; `rate_limits=False` lifts the limits (load tests
    measure the application, not nginx turning clients away)."""
    http_part = (ROOT / "deploy/nginx/portal-http.conf").read_text()
    http_part = http_part.replace("unix:/run/portal/gunicorn.sock", f"unix:{sock}")
    server_part = ROOT / "deploy/nginx/portal-server.conf"
    if not rate_limits:  # nginx counts in milliseconds: a burst within one needs room too
        http_part = re.sub(r"rate=\d+r/s", "rate=100000r/s", http_part)
        lifted = re.sub(r"burst=\d+", "burst=100000", server_part.read_text())
        server_part = root / "portal-server-unlimited.conf"
        server_part.write_text(lifted)
    user = "user root root;" if os.geteuid() == 0 else ""
    conf = root / "nginx.conf"
    conf.write_text(f"""{user}
worker_processes 2;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log {root}/nginx-access.log;
    client_body_temp_path {root}/nginx-body;
    proxy_temp_path {root}/nginx-proxy;
    {http_part}
    server {{
        listen 127.0.0.1:{port};
        set $portal_root {root};
        include {server_part};
    }}
}}
""")
    return conf


def manage(env: dict[str, str], *args: str, timeout: float = 1800) -> str:
    """Run a management command of this checkout in `env`; its output, or an error with it."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        timeout=timeout,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def production_env(root: Path, **extra: str) -> dict[str, str]:
    """Production settings on loopback, without TLS, with static/ and media/ in `root`, nginx
    sending the PDFs and background work queued for workers; `extra` adds or overrides."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MEDIA_ROOT": str(root / "media"),
        "STATIC_ROOT": str(root / "static"),
        "PORTAL_TLS": "false",
        "PDF_X_ACCEL_REDIRECT": "true",
        "PORTAL_TASKS": "database",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:  # 502 until gunicorn is up
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


@contextmanager
def web_stack(
    root: Path, env: dict[str, str], workers: int = 2, rate_limits: bool = True
) -> Iterator[str]:
    """gunicorn + nginx serving `env`'s portal; yields nginx's base URL. `root` holds static/
    and media/ (STATIC_ROOT and MEDIA_ROOT) and gets the socket, configuration and logs."""
    sock = root / "gunicorn.sock"
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy/gunicorn.conf.py")],
        cwd=ROOT,
        env={
            **env,
            "GUNICORN_BIND": f"unix:{sock}",
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_ACCESSLOG": str(root / "gunicorn-access.log"),
        },
    )
    conf = nginx_conf(root, free_port(), sock, rate_limits)
    port = conf.read_text().split("listen 127.0.0.1:")[1].split(";")[0]
    try:
        subprocess.run([NGINX, "-t", "-q", "-c", str(conf)], check=True)
        subprocess.run([NGINX, "-c", str(conf)], check=True)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/oai/?verb=Identify")
            yield base
        finally:
            subprocess.run([NGINX, "-c", str(conf), "-s", "quit"], check=False)
    finally:
        stop(gunicorn)
