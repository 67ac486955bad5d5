import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FULL_ENV = {
    "SECRET_KEY": "tests-only-Qm7vR2xK9pL4wT8zN3bH6jD1fS5gY0cA-uE-Vn4Zo8",
    "DATABASE_URL": "sqlite:////tmp/portal-production-check.sqlite3",
    "ALLOWED_HOSTS": "thuvien.example.vn",
    "MEDIA_ROOT": "/tmp/portal-media",
    "STATIC_ROOT": "/tmp/portal-static",
}


def run_with(settings: str, env: dict[str, str], code: str) -> subprocess.CompletedProcess:
    """`code` run in a new interpreter with the settings module `settings` and `env`."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": settings},
        capture_output=True,
        text=True,
        timeout=60,
    )


def load_production(
    env: dict[str, str], code: str = "import django; django.setup(); print('started')"
) -> subprocess.CompletedProcess:
    """`code` run in a new interpreter with production's settings and `env`."""
    clean = {k: v for k, v in os.environ.items() if k not in FULL_ENV}
    return run_with("portal.settings.production", {**clean, **env}, code)


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


def test_check_deploy_is_clean_with_production_settings():
    clean = {k: v for k, v in os.environ.items() if k not in FULL_ENV}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**clean, **FULL_ENV, "DJANGO_SETTINGS_MODULE": "portal.settings.production"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_env_example_names_every_variable_the_settings_read():
    read = set()
    for path in (ROOT / "portal/settings").glob("*.py"):
        read |= set(re.findall(r"os\.environ(?:\.get\(|\[)\"([A-Z_]+)\"", path.read_text()))
    for gunicorn in ("deploy/gunicorn.conf.py", "deploy/gunicorn_worker.py"):
        text = (ROOT / gunicorn).read_text()
        read |= set(re.findall(r"os\.environ\.get\(\"([A-Z_]+)\"", text))
    example = (ROOT / "deploy/env.example").read_text()
    named = set(re.findall(r"^#? ?([A-Z_]+)=", example, re.MULTILINE))
    assert "SECRET_KEY" in read and "GUNICORN_WORKERS" in read  # the pattern finds them
    assert read - named == set()


def test_interface_is_vietnamese_and_storage_utc(settings):
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ is True


def test_the_test_settings_leave_no_scratch_directory_behind():
    clean = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import django; django.setup(); from django.conf import settings;"
        " print(settings.MEDIA_ROOT); print(settings.SEARCH['INDEX_DIR'])"
    )
    result = run_with("portal.settings.test", clean, code)
    assert result.returncode == 0, result.stderr
    made = result.stdout.split()
    assert len(made) == 2
    assert [Path(path).exists() for path in made] == [False, False]


# One writer reads first and writes after another has written meanwhile: two db_workers storing
# their batches. On SQLite a transaction that reads before it writes is refused ("database is
# locked") without waiting, unless it takes the write lock as it begins.
TWO_WRITERS = """
import threading
import django
django.setup()
from django.db import connection, transaction
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS batches (n INTEGER)")
read, written, errors = threading.Event(), threading.Event(), []

def other():
    read.wait(5)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO batches VALUES (1)")
        written.set()
    except Exception as err:
        errors.append(repr(err))
    finally:
        connection.close()

thread = threading.Thread(target=other)
thread.start()
try:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM batches")
        read.set()
        written.wait(1)  # with the write lock held from the start, the other waits for it
        cursor.execute("INSERT INTO batches VALUES (2)")
except Exception as err:
    errors.append(repr(err))
thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM batches")
    print(errors, cursor.fetchone()[0])
"""


def test_production_on_sqlite_lets_two_writers_wait_for_each_other(tmp_path):
    env = {**FULL_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = load_production(env, TWO_WRITERS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["[]", "2"]


# Two requests one after the other, as Django's request signals frame them.
TWO_REQUESTS = """
import django; django.setup()
from django.core.signals import request_finished, request_started
from django.db import connection
opened = []
for _ in range(2):
    request_started.send(sender=None)
    connection.ensure_connection()
    opened.append(connection.connection)
    request_finished.send(sender=None)
print(opened[0] is opened[1])
"""


def test_production_on_sqlite_keeps_its_connection_between_requests(tmp_path):
    """Opening SQLite again for each request cost a search 3 ms (issue #17)."""
    env = {**FULL_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = load_production(env, TWO_REQUESTS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True"]


def test_an_empty_directory_variable_means_its_default_not_the_working_directory(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.SEARCH['INDEX_DIR'], s.MEDIA_ROOT, s.STATIC_ROOT, sep='|')"
    )
    empty = {"SEARCH_INDEX_DIR": "", "MEDIA_ROOT": "", "STATIC_ROOT": ""}
    env = {**os.environ, "PORTAL_VAR_DIR": str(tmp_path), **empty}
    result = run_with("portal.settings.dev", env, code)
    assert result.returncode == 0, result.stderr
    index, media, static = result.stdout.strip().split("|")
    assert (index, media) == (str(tmp_path / "search"), str(tmp_path / "media"))
    assert static == str(ROOT / "static")
