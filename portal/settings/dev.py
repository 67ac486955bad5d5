"""Local development: `make run` serves these on 127.0.0.1."""

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
# A development-only key, never used by production settings (which require SECRET_KEY).
SECRET_KEY = "dev-only-insecure-key-for-the-local-demo"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEMO_ADMIN_PASSWORD_FILE = VAR_DIR / "demo-admin.txt"

VAR_DIR.mkdir(parents=True, exist_ok=True)
