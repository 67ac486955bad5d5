"""What an incremental run over an unchanged provider costs after a bulk import: N records
whose datestamps all lie in the same few minutes, harvested once, then asked again by each due
run. Side by side in one run: the overlap as it was (OVERLAP before the newest datestamp, for
ever: the position's `listed_at` left empty) and as it is (what was settled when the list was
last read is not read again: harvest.runs.window_from).

    .venv/bin/python benchmarks/overlap.py [--records 10000] [--runs 3]

The provider is the test provider (harvest/testing/provider.py) on loopback, 100 records a
page, the import an hour ago; the database a scratch SQLite file (removed after); no full text,
no indexing.
"""

import argparse
import shutil
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from _server import scratch_site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3, help="incremental runs of each kind")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="overlap-"))
    scratch_site(var_dir, LOG_LEVEL="WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from harvest.models import HarvestPosition, HarvestSource
    from harvest.runs import run_harvest
    from harvest.testing.provider import Item, Provider, Running
    from library.models import Source

    call_command("migrate", "--noinput", verbosity=0)
    imported = timezone.now().replace(microsecond=0) - timedelta(hours=1)
    spread = timedelta(minutes=5) / args.records  # all in five minutes
    provider = Provider(
        items=[
            Item(n, f"Nhập hàng loạt {n}", stamp=imported + n * spread) for n in range(args.records)
        ],
        page_size=100,
    )
    running = Running(provider)
    try:
        library = Source.objects.create(name="Thư viện thử", province="Cần Thơ", slug="thu")
        source = HarvestSource.objects.create(
            source=library, base_url=running.url, fulltext=False, metadata_prefix="oai_dc"
        )
        began = time.perf_counter()
        first = run_harvest(source, index=False)
        print(f"bulk import: {first.new} records harvested in {time.perf_counter() - began:.1f} s")
        print(f"{'overlap':34} {'requests':>8} {'records read':>12} {'seconds (median)':>17}")
        for label, forget in [
            ("as it was (OVERLAP, for ever)", True),
            ("as it is (settled)", False),
        ]:
            requests, read, seconds = [], [], []
            for _ in range(args.runs):
                if forget:
                    HarvestPosition.objects.update(listed_at=None)
                provider.requests.clear()
                began = time.perf_counter()
                run = run_harvest(HarvestSource.objects.get(pk=source.pk), index=False)
                seconds.append(time.perf_counter() - began)
                requests.append(len(provider.requests))
                read.append(run.new + run.updated + run.unchanged)
            print(f"{label:34} {max(requests):8} {max(read):12} {statistics.median(seconds):17.2f}")
    finally:
        running.stop()
        shutil.rmtree(var_dir)
    print(
        f"{args.records} records in 5 minutes, an hour ago; scratch SQLite; shared 2-core machine"
    )


if __name__ == "__main__":
    main()
