"""What the index owes, written in few writes (search.backlog): at once when the index is idle,
coalesced while it is busy, and never lost when a drain fails, dies or meets a new save."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from library.models import Document
from library.signals import writes_ended
from search import backlog, indexing, service, signals, tasks
from search.models import IndexBacklog
from search.tests import corpus
from search.tests.test_index_priority import QUEUE

pytestmark = pytest.mark.django_db


@pytest.fixture
def writes(search_index, monkeypatch) -> list[tuple[str, list[int]]]:
    """Each index write a drain makes, (kind, pks), on a fresh throttle."""
    cache.delete_many([backlog.LAST_DRAIN, signals.SCHEDULED])
    made: list[tuple[str, list[int]]] = []
    write = indexing.index_items

    def recording(kind, pks):
        made.append((kind, sorted(pks)))
        return write(kind, pks)

    monkeypatch.setattr(indexing, "index_items", recording)
    return made


def drains() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path="search.tasks.drain_backlog"))


def found(q: str) -> set[str]:
    return {hit.id for hit in service.search(q, size=50).hits}


@override_settings(TASKS=QUEUE)
def test_an_idle_index_writes_a_save_at_once_and_a_busy_one_coalesces_saves(
    writes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = corpus.doc("Giống lúa chịu mặn")
    [now] = drains()
    assert DBTaskResult.objects.ready().filter(pk=now.pk).exists()  # at once
    assert backlog.drain() == 1 and writes == [("document", [first.pk])]
    began = cache.get(backlog.LAST_DRAIN)
    later = []
    for title in ("Nuôi tôm sú", "Tôm càng xanh"):  # two transactions while the index is busy
        with django_capture_on_commit_callbacks(execute=True):
            later.append(corpus.doc(title).pk)
    waiting = [d for d in drains() if d.pk != now.pk]
    assert [d.run_after for d in waiting] == [began + backlog.THROTTLE]  # one drain, not two
    assert not DBTaskResult.objects.ready().filter(pk=waiting[0].pk).exists()
    assert backlog.drain() == 2
    assert writes[1:] == [("document", sorted(later))]  # both saves, one write
    assert found("tom") == set(
        Document.objects.filter(pk__in=later).values_list("local_id", flat=True)
    )
    assert not IndexBacklog.objects.exists()


@override_settings(TASKS=QUEUE)
def test_the_end_of_a_run_of_writes_drains_at_once_even_while_busy(
    writes, django_capture_on_commit_callbacks
):
    cache.set(backlog.LAST_DRAIN, timezone.now())  # busy: a save would wait
    with django_capture_on_commit_callbacks(execute=True):
        corpus.doc("Nuôi tôm sú")
    assert not DBTaskResult.objects.ready().exists()
    with django_capture_on_commit_callbacks(execute=True):
        writes_ended.send(sender=None)
    assert [d.task_path for d in DBTaskResult.objects.ready()] == ["search.tasks.drain_backlog"]


@override_settings(TASKS=QUEUE)
def test_a_drain_that_finds_nothing_leaves_the_next_save_written_at_once(
    writes, django_capture_on_commit_callbacks
):
    assert backlog.drain() == 0  # a run's end, or search_index update, with nothing owed
    with django_capture_on_commit_callbacks(execute=True):
        saved = corpus.doc("Giống lúa chịu mặn")
    [queued] = drains()
    assert DBTaskResult.objects.ready().filter(pk=queued.pk).exists()  # at once, not waiting
    assert backlog.drain() == 1 and writes == [("document", [saved.pk])]


def test_enough_owed_items_are_written_without_waiting(writes, monkeypatch):
    monkeypatch.setattr(backlog, "COALESCE", 3)
    now = timezone.now()
    cache.set(backlog.LAST_DRAIN, now)
    backlog.owe({"document": {1, 2}})
    assert backlog.due(now) == now + backlog.THROTTLE  # busy: wait for the rest
    assert backlog.due(now + backlog.THROTTLE) is None  # idle again
    backlog.owe({"document": {3}})
    assert backlog.due(now) is None  # busy, but enough to write


def test_an_item_saved_again_during_a_drain_stays_owed(writes, monkeypatch):
    documents = [corpus.doc(t) for t in ("Lúa mùa", "Lúa mùa Sóc Trăng")]
    IndexBacklog.objects.all().delete()  # what their saves owed: written at once already
    again = documents[0].pk
    write = indexing.index_items

    def saved_meanwhile(kind, pks):
        write(kind, pks)
        backlog.owe({kind: {again}})

    monkeypatch.setattr(indexing, "index_items", saved_meanwhile)
    backlog.owe({"document": {d.pk for d in documents}})
    assert backlog.drain() == 2
    assert list(IndexBacklog.objects.values_list("item", "claim")) == [(again, "")]


def test_a_failed_write_leaves_its_items_owed_for_the_next_drain(writes, monkeypatch):
    document = corpus.doc("Sầu riêng Cái Mơn")
    IndexBacklog.objects.all().delete()
    backlog.owe({"document": {document.pk}})
    write = indexing.index_items

    def broken(kind, pks):
        raise ConnectionError("engine down")

    monkeypatch.setattr(indexing, "index_items", broken)
    with pytest.raises(ConnectionError):
        backlog.drain()
    assert list(IndexBacklog.objects.values_list("item", "claim")) == [(document.pk, "")]
    monkeypatch.setattr(indexing, "index_items", write)
    assert backlog.drain() == 1 and found("sau rieng") == {document.local_id}


def test_two_drains_never_take_the_same_items_and_a_dead_drains_claim_goes_stale(writes):
    backlog.owe({"document": {1, 2, 3}})
    token, taken = backlog._claim(2)
    assert taken == {"document": [1, 2]}
    assert backlog._claim(10)[1] == {"document": [3]}
    assert backlog._claim(10)[1] == {}
    old = timezone.now() - backlog.STALE - timedelta(seconds=1)
    IndexBacklog.objects.filter(claim=token).update(claimed_at=old)  # its drain died
    assert backlog._claim(10)[1] == {"document": [1, 2]}


def test_a_drain_goes_on_while_it_finds_a_full_claim(writes, monkeypatch):
    monkeypatch.setattr(backlog, "CLAIM", 2)
    backlog.owe({"document": {11, 12, 13, 14, 15}})
    assert backlog.drain() == 5
    assert writes == [("document", [11, 12]), ("document", [13, 14]), ("document", [15])]


@override_settings(TASKS=QUEUE)
def test_a_failed_drain_is_retried_later_and_later_one_retry_at_a_time(writes, monkeypatch):
    cache.delete(tasks.RETRYING)
    backlog.owe({"document": {1}})

    def broken(kind, pks):
        raise ConnectionError("engine down")

    monkeypatch.setattr(indexing, "index_items", broken)
    began = timezone.now()
    for _ in range(2):  # the second: a save's drain failing while the retry waits
        with pytest.raises(ConnectionError):
            tasks.drain_backlog.call()
    [retry] = drains()
    assert retry.args_kwargs["args"] == [1]
    assert began + tasks.RETRY <= retry.run_after <= timezone.now() + tasks.RETRY
    retry.delete()
    with pytest.raises(ConnectionError):
        tasks.drain_backlog.call(1)  # the retry fails too: the next waits twice as long
    [again] = drains()
    assert again.args_kwargs["args"] == [2]
    assert again.run_after >= timezone.now() + tasks.RETRY * 2 - timedelta(seconds=5)
    again.delete()
    monkeypatch.setattr(indexing, "index_items", lambda kind, pks: [])
    assert tasks.drain_backlog.call(2) == 1  # the engine is back: written, nothing queued
    assert not drains() and not IndexBacklog.objects.exists()
