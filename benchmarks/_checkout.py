"""Django set up on a benchmarked library with a checkout's code, as production runs it."""

import os
import sys
from pathlib import Path


def set_up(var_dir: Path, checkout: Path) -> None:
    """Django on the library in `var_dir` (its db.sqlite3), running the code of `checkout` (this
    one, or a `git worktree` of an earlier version, to set the two side by side), DEBUG off:
    with DEBUG, Django keeps every query it runs (search_queries.py's in-process p50 at 229k:
    8.0 ms with it, 7.1 without)."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        LOG_LEVEL="WARNING",
        PORTAL_VAR_DIR=str(var_dir.resolve()),
    )
    sys.path.insert(0, str(checkout.resolve()))
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
