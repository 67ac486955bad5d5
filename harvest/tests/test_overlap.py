"""An incremental run re-reads OVERLAP before the newest datestamp it has seen, for records
that become visible late with an older datestamp; but not, run after run, a bulk import whose
records all lie in those minutes: once the list has been read OVERLAP after them, they are
settled."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from harvest.models import HarvestPosition, HarvestRun
from harvest.runs import OVERLAP, window_from
from harvest.testing.fixtures import harvest
from harvest.testing.provider import Item
from library.models import Document

NEWEST = datetime(2025, 1, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("listed_at", "start"),
    [
        (None, NEWEST - OVERLAP),  # never read to its end since the field came
        (NEWEST + timedelta(minutes=1), NEWEST - timedelta(minutes=4)),
        (NEWEST + OVERLAP, NEWEST),
        (NEWEST + timedelta(days=3), NEWEST),  # never after the newest seen
        (NEWEST - timedelta(hours=1), NEWEST - OVERLAP),  # a clock behind: the full overlap
    ],
)
def test_the_window_starts_at_what_is_not_yet_settled(listed_at, start):
    assert window_from(HarvestPosition(datestamp=NEWEST, listed_at=listed_at)) == start


@pytest.mark.django_db
def test_after_a_bulk_import_an_unchanged_run_reads_only_the_newest_records(provider, source):
    fake, _ = provider
    fake.items = [Item(n, f"Nhập hàng loạt {n}") for n in range(1, 301)]  # 300 in 5 minutes
    assert harvest(source).new == 300
    fake.requests.clear()
    run = harvest(source)
    assert (run.status, run.new, run.updated, run.unchanged) == ("succeeded", 0, 0, 1)
    assert len(fake.requests) == 1 and fake.requests[0]["from"] == "2025-01-01T00:05:00Z"


@pytest.mark.django_db
def test_a_record_visible_late_with_an_older_datestamp_is_still_harvested(provider, source):
    fake, _ = provider
    now = timezone.now().replace(microsecond=0)
    fake.items = [
        Item(n, f"Vừa nhập {n}", stamp=now - timedelta(seconds=60 - n)) for n in range(1, 31)
    ]
    assert harvest(source).new == 30
    # committed late: older than the newest seen, visible only now
    fake.items.append(Item(99, "Đến muộn", stamp=now - timedelta(minutes=3)))
    run = harvest(source)
    assert (run.status, run.new) == (HarvestRun.Status.SUCCEEDED, 1)
    assert Document.objects.filter(origin_identifier="oai:test:99").exists()
