"""The test suite: fast hashing, throw-away media; DATABASE_URL still picks the engine."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-media-"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The test providers run on loopback; the tests of the refusal turn this off again.
HARVEST_ALLOW_PRIVATE_NETWORKS = True

# A throw-away embedded index; the search tests point SEARCH at each engine in turn.
SEARCH = {
    "ELASTICSEARCH_URL": "",
    "INDEX_NAME": "portal-test",
    "INDEX_DIR": tempfile.mkdtemp(prefix="portal-test-index-"),
}
