"""Time `seed_demo` at full scale in a scratch database.

    .venv/bin/python benchmarks/seed_demo.py [--documents 229000] [--keep DIR]

Prints wall time, documents per second and the database size. With DATABASE_URL set, the
database given there is used (it must be empty); otherwise a new SQLite file in a scratch dir.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=229_000)
    parser.add_argument("--pdfs", type=int, default=30)
    parser.add_argument("--keep", type=Path, help="scratch directory to use and keep")
    args = parser.parse_args()
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="bench-seed-"))
    scratch.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "PORTAL_VAR_DIR": str(scratch),
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    started = time.perf_counter()
    subprocess.run(
        [*manage, "seed_demo", "--documents", str(args.documents), "--pdfs", str(args.pdfs)],
        env=env,
        check=True,
    )
    elapsed = time.perf_counter() - started
    database = scratch / "db.sqlite3"
    size = database.stat().st_size / 2**30 if database.exists() else float("nan")
    print(f"seed_demo --documents {args.documents}: {elapsed:.1f} s wall")
    print(f"  {args.documents / elapsed:,.0f} documents/s; SQLite file {size:.2f} GiB in {scratch}")


if __name__ == "__main__":
    main()
