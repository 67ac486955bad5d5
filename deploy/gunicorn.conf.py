"""gunicorn settings for the portal (systemd: deploy/systemd/portal-web.service; compose: web).

Each value can be overridden from the environment, as named beside it."""

import os
import sys
from pathlib import Path

# gunicorn reads this file before it puts its directory on the path: the project, for library.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from library.cores import usable_cores

# A unix socket that nginx proxies to (deploy/nginx/portal-http.conf); GUNICORN_BIND=0.0.0.0:8000
# in a container.
bind = os.environ.get("GUNICORN_BIND", "unix:/run/portal/gunicorn.sock")
# Requests wait on the database and the search engine more than on the CPU.
workers = int(os.environ.get("GUNICORN_WORKERS", usable_cores() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# gthread, taking a new connection only while a thread is free (deploy/gunicorn_worker.py)
worker_class = "deploy.gunicorn_worker.FreeThreadWorker"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so that a slow leak never grows for weeks.
max_requests = 5000
max_requests_jitter = 500
# nginx on this machine sets X-Forwarded-Proto; trust it only from there.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
wsgi_app = "portal.wsgi:application"
