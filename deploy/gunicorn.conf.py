"""gunicorn settings for the portal (systemd: deploy/systemd/portal-web.service; compose: web).

Each value can be overridden from the environment, as named beside it."""

import os
import sys
from pathlib import Path

# gunicorn reads this file before it puts its directory on the path: the project, for library.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from deploy.gunicorn_worker import on_reload  # noqa: F401 (a hook gunicorn reads from here)
from library.cores import usable_cores

# A unix socket that nginx proxies to (deploy/nginx/portal-http.conf); GUNICORN_BIND=0.0.0.0:8000
# in a container.
bind = os.environ.get("GUNICORN_BIND", "unix:/run/portal/gunicorn.sock")
# Requests wait on the database and the search engine more than on the CPU.
workers = int(os.environ.get("GUNICORN_WORKERS", usable_cores() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# gthread, spreading connections over the workers and replacing one at a time
# (deploy/gunicorn_worker.py)
worker_class = "deploy.gunicorn_worker.FreeThreadWorker"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so that a slow leak never grows for weeks; rarely, since a new
# worker costs about 2 s of a core to start (Django, Wagtail and the apps imported) and its first
# search another 0.2, and requests wait for it when the others are busy. At 5,000 under a steady
# search load (benchmarks/search_throughput.py --connections 8 --rounds 4 --duration 45 at 229k
# documents) both workers were replaced every 90 s or so, and each run in which they were
# answered 1% of its requests in 2.2-3.5 s (p99; 150-163 ms in the runs without); a worker's
# anonymous memory stayed at 142-145 MB over 10,000 requests, so no leak calls for it sooner.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
# nginx on this machine sets X-Forwarded-Proto; trust it only from there.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
wsgi_app = "portal.wsgi:application"
