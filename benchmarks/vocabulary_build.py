"""What did-you-mean's vocabulary costs a rebuild: counting time, storing time, memory, size.

    .venv/bin/python benchmarks/vocabulary_build.py --var-dir DIR

DIR holds a seeded db.sqlite3 (benchmarks/seed_demo.py --keep DIR). Reads every document's
index record as `search_index rebuild` does, counts it (search.vocabulary.Tally), then stores
the vocabulary; the reading itself is timed apart, as the rebuild pays it anyway.
"""

import argparse
import os
import resource
import time
from pathlib import Path

import _server  # noqa: F401  (puts the project on sys.path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--var-dir", type=Path, required=True)
    args = parser.parse_args()
    os.environ["PORTAL_VAR_DIR"] = str(args.var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    import django

    django.setup()
    from library.models import Document
    from search.documents import document_records
    from search.models import VocabularyEntry
    from search.vocabulary import Tally

    tally = Tally()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    counting = 0.0
    records = 0
    for record in document_records(Document.objects.all()):
        began = time.perf_counter()
        tally.add(record)
        counting += time.perf_counter() - began
        records += 1
    reading = time.perf_counter() - started - counting
    began = time.perf_counter()
    stored = tally.replace()
    storing = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{records} records: read {reading:.1f} s (the rebuild pays this anyway)")
    print(f"  counting {counting:.1f} s, storing {stored} entries {storing:.1f} s")
    print(f"  {len(tally.words)} words, {len(tally.pairs)} pairs counted")
    print(f"  peak RSS {peak / 1024:.0f} MiB (before reading: {before / 1024:.0f} MiB)")
    print(f"  table rows now {VocabularyEntry.objects.count()}")


if __name__ == "__main__":
    main()
