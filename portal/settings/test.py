"""The test suite: fast hashing, throw-away media; DATABASE_URL still picks the engine."""

import atexit
import os
import secrets
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def scratch_dir(prefix: str) -> str:
    """A temporary directory of this process's own (every test run, and every subprocess a
    test starts), removed when the process ends. It is made where it is first used (file
    storage and the embedded index make their directories): made up front, one was left
    behind by every process that read these settings and ended without its exit hooks, as
    mypy's Django plugin does at each `make lint`."""
    path = Path(tempfile.gettempdir()) / f"{prefix}{os.getpid()}-{secrets.token_hex(4)}"
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return str(path)


MEDIA_ROOT = Path(scratch_dir("portal-test-media-"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The test providers run on loopback; the tests of the refusal turn this off again.
HARVEST_ALLOW_PRIVATE_NETWORKS = True

# A throw-away embedded index; the search tests point SEARCH at each engine in turn.
SEARCH = {
    "ELASTICSEARCH_URL": "",
    "INDEX_NAME": "portal-test",
    "INDEX_DIR": scratch_dir("portal-test-index-"),
}
