"""Production: configuration comes only from the environment, and nothing is invented.

Start-up stops with ImproperlyConfigured naming every required variable that is missing.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

REQUIRED = ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "MEDIA_ROOT", "STATIC_ROOT")
_missing = [name for name in REQUIRED if not os.environ.get(name, "").strip()]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(_missing)
    )

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = [h.strip() for h in os.environ["ALLOWED_HOSTS"].split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
DATABASES = {
    "default": dj_database_url.parse(
        os.environ["DATABASE_URL"], conn_max_age=600, conn_health_checks=True
    )
}
TASKS = tasks_setting("database")  # noqa: F405
MEDIA_ROOT = Path(os.environ["MEDIA_ROOT"])
STATIC_ROOT = Path(os.environ["STATIC_ROOT"])
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

# Behind TLS (nginx terminates it and sets X-Forwarded-Proto).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
_tls = os.environ.get("PORTAL_TLS", "true").lower() != "false"
SESSION_COOKIE_SECURE = _tls
CSRF_COOKIE_SECURE = _tls
LANGUAGE_COOKIE_SECURE = _tls
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = _tls
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if _tls else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _tls
SECURE_HSTS_PRELOAD = _tls
SECURE_CONTENT_TYPE_NOSNIFF = True
