import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FULL_ENV = {
    "SECRET_KEY": "x" * 50,
    "DATABASE_URL": "sqlite:////tmp/portal-production-check.sqlite3",
    "ALLOWED_HOSTS": "thuvien.example.vn",
    "MEDIA_ROOT": "/tmp/portal-media",
    "STATIC_ROOT": "/tmp/portal-static",
}


def load_production(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in FULL_ENV}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "portal.settings.production"},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("missing", sorted(FULL_ENV))
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {k: v for k, v in FULL_ENV.items() if k != missing}
    result = load_production(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_starts_with_every_variable_and_debug_off():
    result = load_production(FULL_ENV)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_interface_is_vietnamese_and_storage_utc(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ is True
