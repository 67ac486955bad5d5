"""Writes while the embedded engine rebuilds: a save is written at once to the live index, not
held until the rebuild ends (78 minutes at a million documents; on one machine the save's
request waits for it), and a second rebuild at once is refused, not run over the first."""

import threading
from collections.abc import Iterator

import pytest

from search.engines.base import RebuildRunning
from search.engines.embedded import EmbeddedEngine
from search.tests.test_embedded_reader import found, record

OLD = [record(1, "Nuôi tôm sú"), record(2, "Lúa chịu mặn")]
NEW = [record(1, "Nuôi tôm sú"), record(2, "Lúa chịu mặn"), record(3, "Rừng đước")]
WAIT = 10  # seconds a write may take before it counts as held back by the rebuild


def pausing(records: list[dict[str, object]], midway) -> Iterator[dict[str, object]]:
    """`records`, with `midway()` run once the first has been read."""
    yield records[0]
    midway()
    yield from records[1:]


def test_a_save_during_a_rebuild_is_written_to_the_live_index_at_once(tmp_path):
    engine = EmbeddedEngine(tmp_path)
    engine.rebuild(OLD)
    saver = EmbeddedEngine(tmp_path)  # another worker's engine, on another thread
    seen: list[list[str]] = []

    def save():
        writing = threading.Thread(target=saver.upsert, args=([record(4, "Cá tra giống")],))
        writing.start()
        writing.join(WAIT)
        assert not writing.is_alive(), "the save waited for the rebuild"
        seen.append(found(saver, "cá tra"))

    engine.rebuild(pausing(NEW, save))
    assert seen == [["document:4"]]  # found in the live index during the rebuild
    # the rebuilt index is what the rebuild read: indexing.rebuild's catch-up adds the save
    assert found(saver, "rừng đước") == ["document:3"]
    assert found(saver, "cá tra") == []


def test_a_second_rebuild_during_one_is_refused_and_the_first_completes(tmp_path):
    engine = EmbeddedEngine(tmp_path)
    engine.rebuild(OLD)
    refused: list[str] = []

    def rebuild_again():
        with pytest.raises(RebuildRunning) as raised:
            EmbeddedEngine(tmp_path).rebuild(OLD)
        refused.append(str(raised.value))

    engine.rebuild(pausing(NEW, rebuild_again))
    assert refused and "đang dựng lại" in refused[0]
    assert found(engine, "rừng đước") == ["document:3"]
    assert [p.name for p in tmp_path.glob("index-*")] == [engine._live_name()]
