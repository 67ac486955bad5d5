"""A metadata-only harvest of a whole loopback provider into a fresh database, end to end:
fetch, parse, upsert and checkpoint every page, queueing the changes for the index; then,
timed apart, the index catching up (`search_index update`, what the worker or timer runs).

    .venv/bin/python benchmarks/harvest_metadata.py --var-dir DIR [--limit-pages N]

The provider is the portal's own /oai/ serving DIR's database (benchmarks/seed_demo.py --keep
DIR) under gunicorn; the harvest is `manage.py harvest --url … --no-fulltext --no-index` into a new
SQLite database in a scratch directory, with the embedded search index beside it.
"""

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _server import ROOT, harvest_env, serve


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-harvest-"))
    env = harvest_env(scratch)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    with serve(args.var_dir) as base:
        started = time.perf_counter()
        subprocess.run(
            [*manage, "harvest", "--url", f"{base}/oai/", "--no-fulltext", "--no-index"],
            env=env,
            check=True,
        )
        elapsed = time.perf_counter() - started
    started = time.perf_counter()
    subprocess.run([*manage, "search_index", "update"], env=env, check=True)
    indexed = time.perf_counter() - started
    count_code = "from library.models import Document; print(Document.objects.count())"
    count = subprocess.run(
        [*manage, "shell", "-c", count_code], env=env, check=True, capture_output=True, text=True
    ).stdout.split()[-1]
    print(f"harvested {count} records in {elapsed:.1f} s: {int(count) / elapsed:,.0f} records/s")
    print(f"then indexed them in {indexed:.1f} s; both: {int(count) / (elapsed + indexed):,.0f}/s")
    print(f"  (scratch database and index in {scratch})")


if __name__ == "__main__":
    main()
