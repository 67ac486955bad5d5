"""`harvest --due`: only the sources whose interval has passed, one run per source at a time
(two schedulers racing start one), a killed run's lock lapsing with its lease, and an
incremental run over an unchanged provider costing one request."""

import os
import signal
import sqlite3
import threading
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from harvest.models import HarvestRun, HarvestSource
from harvest.progress import Report
from harvest.schedule import Lock, Renewing, due_sources
from harvest.testing.fixtures import harvest
from harvest.testing.provider import Item, Provider, Running
from harvest.tests import subprocess_db as sub
from library.models import Source


def quiet() -> dict[str, StringIO]:
    return {"stdout": StringIO(), "stderr": StringIO()}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return sub.migrated(tmp_path_factory.mktemp("schedule-db") / "template.sqlite3")


@pytest.mark.django_db
def test_a_source_is_due_when_its_interval_has_passed_since_its_last_start(source):
    now = timezone.now()
    source.interval_minutes = 60
    for started, due in [
        (None, True),
        (now - timedelta(minutes=59), False),
        (now - timedelta(minutes=59, seconds=45), True),  # the next tick came a little early
        (now - timedelta(minutes=60), True),
    ]:
        source.last_started_at = started
        source.save()
        assert (source in due_sources(now)) is due, started
    source.locked_until = now + timedelta(minutes=1)  # due, but a run holds it
    source.save()
    assert due_sources(now) == []
    source.locked_until = now - timedelta(seconds=1)  # a lease that has lapsed
    source.save()
    assert due_sources(now) == [source]


@pytest.mark.django_db
def test_harvest_due_runs_only_the_due_sources_and_frees_them_after(source, provider):
    _, running = provider
    other = Source.objects.create(name="Thư viện khác", province="Hậu Giang", slug="khac")
    not_due = HarvestSource.objects.create(
        source=other,
        base_url=running.url + "?khac",
        fulltext=False,
        interval_minutes=15,
        last_started_at=timezone.now() - timedelta(minutes=10),
    )
    call_command("harvest", due=True, **quiet())
    assert [run.source for run in HarvestRun.objects.all()] == [source]
    source.refresh_from_db()
    assert source.last_started_at is not None and source.locked_until is None
    call_command("harvest", due=True, **quiet())  # the daily source is not due again
    assert HarvestRun.objects.count() == 1
    assert not_due.runs.count() == 0


@pytest.mark.django_db
def test_a_lock_is_taken_once_and_a_stale_read_cannot_start_a_second_run(source):
    first, second = Lock(source), Lock(HarvestSource.objects.get(pk=source.pk))
    assert first.take(due_only=True)
    assert not second.take(due_only=False)  # held
    first.release()
    assert not second.take(due_only=True)  # free, but started since `second` read it
    assert second.take(due_only=False)  # a run asked for by name waits for no interval


@pytest.mark.django_db
def test_a_live_run_renews_its_lease_and_never_another_holders(source, settings):
    settings.HARVEST_LOCK_LEASE_SECONDS = 3  # renewed at most every second

    def lease_end():
        return HarvestSource.objects.get(pk=source.pk).locked_until

    lock = Lock(source)
    assert lock.take(due_only=False)
    progress = Renewing(lock, Report("thu", StringIO()))
    taken = lease_end()
    lock.renewed -= timedelta(seconds=2)  # the next page comes two seconds on
    progress.listed(10, None)
    renewed = lease_end()
    assert renewed > taken
    HarvestSource.objects.filter(pk=source.pk).update(locked_by="another")  # lapsed, retaken
    lock.renewed -= timedelta(seconds=2)
    progress.pdfs(1)
    lock.release()
    assert lease_end() == renewed  # the other holder's lock, untouched


@pytest.mark.django_db
def test_an_unchanged_incremental_run_costs_one_request(provider, source):
    fake, _ = provider
    # records ten minutes apart: the run's overlap (harvest.runs.OVERLAP) re-reads the last
    fake.items = [Item(n * 600, f"Bản ghi {n}") for n in range(1, 26)]
    source.metadata_prefix = "auto"  # the format chosen once, by the first run
    source.save()
    assert harvest(source).status == HarvestRun.Status.SUCCEEDED
    fake.requests.clear()
    run = harvest(source)
    assert run.status == HarvestRun.Status.SUCCEEDED and run.new == run.updated == 0
    assert run.unchanged == 1
    assert [request["verb"] for request in fake.requests] == ["ListRecords"]
    assert "from" in fake.requests[0]


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_that_read_a_source_due_at_once_take_it_once(source):
    """Threads, each with its own connection: the same race on PostgreSQL (DATABASE_URL)."""
    both_read = threading.Barrier(2)
    taken: list[bool] = []

    def scheduler() -> None:
        try:
            [due] = due_sources(timezone.now())
            both_read.wait(timeout=10)
            taken.append(Lock(due).take(due_only=True))
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(taken) == [False, True]


def registered(template, tmp_path, running) -> sqlite3.Connection:
    """A database holding a source for `running`, harvested once, then due again."""
    database = sub.copy(template, tmp_path / "db.sqlite3")
    process = sub.manage(database, "harvest", "--url", running.url, "--no-fulltext")
    assert process.wait(timeout=120) == 0, process.communicate()[1]
    db = sqlite3.connect(database, isolation_level=None)
    db.execute("UPDATE harvest_harvestsource SET last_started_at = NULL")
    return db


def test_two_schedulers_racing_start_one_run(template, tmp_path):
    fake = Provider(items=[Item(n, f"Bản ghi {n}") for n in range(1, 31)], page_size=5)
    running = Running(fake)
    try:
        db = registered(template, tmp_path, running)
        fake.slow = 0.2  # the run lasts while the other scheduler looks
        database = tmp_path / "db.sqlite3"
        racing = [sub.manage(database, "harvest", "--due", "--full") for _ in range(2)]
        for process in racing:
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
    finally:
        running.stop()
    runs = db.execute("SELECT status FROM harvest_harvestrun").fetchall()
    assert runs == [("succeeded",), ("succeeded",)]  # the registration's and one of the two


def test_a_killed_runs_lock_lapses_with_its_lease(template, tmp_path):
    fake = Provider(items=[Item(n, f"Bản ghi {n}") for n in range(1, 31)], page_size=5)
    running = Running(fake)
    try:
        db = registered(template, tmp_path, running)
        database = tmp_path / "db.sqlite3"
        fake.slow, fake.requests[:] = 0.3, []
        # a lease far longer than a process takes to start on a loaded machine
        process = sub.manage(database, "harvest", "--due", "--full", lease=600)
        while len(fake.requests) < 2 and process.poll() is None:
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)  # the lock stays behind, its lease running
        process.wait()
        fake.slow = 0.0
        slug = db.execute("SELECT slug FROM library_source").fetchone()[0]
        again = sub.manage(database, "harvest", slug, "--no-fulltext")
        out, err = again.communicate(timeout=120)
        assert again.returncode == 0, err
        assert "bỏ qua" in out  # still held: no second run of the source
        # the lease runs out (its end moved into the past rather than waited for)
        db.execute("UPDATE harvest_harvestsource SET locked_until = datetime('now', '-1 second')")
        after = sub.manage(database, "harvest", slug, "--no-fulltext")
        _, err = after.communicate(timeout=120)
        assert after.returncode == 0, err
    finally:
        running.stop()
    runs = db.execute("SELECT status FROM harvest_harvestrun ORDER BY id").fetchall()
    assert runs == [("succeeded",), ("succeeded",)]  # the killed run, resumed to its end
    locked = db.execute("SELECT locked_until, locked_by FROM harvest_harvestsource").fetchone()
    assert locked == (None, "")
