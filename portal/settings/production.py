"""Production: configuration comes only from the environment, and nothing is invented.

Start-up stops with ImproperlyConfigured naming every required variable that is missing.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import shared_sqlite

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
    "default": shared_sqlite(
        dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=600, conn_health_checks=True)
    )
}
TASKS = tasks_setting("database")  # noqa: F405
MEDIA_ROOT = Path(os.environ["MEDIA_ROOT"])
STATIC_ROOT = Path(os.environ["STATIC_ROOT"])
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}

# Readers' search alerts go out by SMTP; nothing here is required (a local MTA on port 25 is the
# default), and DEFAULT_FROM_EMAIL should be an address the relay may send from.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false").lower() == "true"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "thuvien@dbscl.vn")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

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
