"""Harvests run as real `manage.py` processes against their own SQLite database, so a test can
kill one with SIGKILL or compare two databases."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = "origin_identifier, title, title_lang, date, doc_type, language, metadata, status"


def environment(database: Path, lease: int | None = None) -> dict[str, str]:
    """`lease`: HARVEST_LOCK_LEASE_SECONDS, how long a killed run keeps its source locked."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ELASTICSEARCH_URL")}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.test", DATABASE_URL=f"sqlite:///{database}")
    # The test settings' scratch directories go when their process ends, but not when a test
    # kills it with SIGKILL: there they are made beside the database, in pytest's own tmp_path.
    env["TMPDIR"] = str(database.parent)
    if lease is not None:
        env["HARVEST_LOCK_LEASE_SECONDS"] = str(lease)
    return env


def manage(database: Path, *args: str, lease: int | None = None, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=environment(database, lease),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def migrated(template: Path) -> Path:
    if not template.exists():
        process = manage(template, "migrate", "--noinput", "-v0")
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    return template


def copy(template: Path, target: Path) -> Path:
    shutil.copy(template, target)
    return target


def documents(database: Path) -> list[tuple]:
    """Stored documents; StreamField block ids (random, internal) left out of the metadata."""
    with sqlite3.connect(database) as db:
        rows = db.execute(f"SELECT {COLUMNS} FROM library_document ORDER BY 1").fetchall()
    stored = []
    for row in rows:
        metadata = [{k: v for k, v in m.items() if k != "id"} for m in json.loads(row[6] or "[]")]
        stored.append((*row[:6], json.dumps(metadata), row[7]))
    return stored
