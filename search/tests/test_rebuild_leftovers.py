"""A rebuild that does not finish leaves no index behind: one that fails or is interrupted
deletes its own, and the next rebuild deletes what a killed one left (each as large as the live
index: a million documents make 7 GB on disk, 15 GB in Elasticsearch). Both engines."""

import logging
import uuid
from collections.abc import Callable, Iterator

import pytest

from conftest import elasticsearch_url
from search import plan as p
from search.engines.elastic import ElasticsearchEngine
from search.engines.embedded import EmbeddedEngine, open_index
from search.tests.test_embedded_reader import record

RECORDS = [record(1, "Nuôi tôm sú"), record(2, "Tôm càng xanh"), record(3, "Lúa chịu mặn")]
Engine = EmbeddedEngine | ElasticsearchEngine


@pytest.fixture(params=["embedded", "elasticsearch"])
def built(request, tmp_path) -> Iterator[tuple[Engine, Callable[[], set[str]]]]:
    """An engine with RECORDS rebuilt into it, and what lists every index it has."""
    if request.param == "embedded":
        embedded = EmbeddedEngine(tmp_path)
        embedded.rebuild(RECORDS)
        yield embedded, lambda: {path.name for path in tmp_path.iterdir() if path.is_dir()}
        return
    alias = f"test-{uuid.uuid4().hex}"
    elastic = ElasticsearchEngine(elasticsearch_url("the rebuild leftover tests"), alias)
    elastic.rebuild(RECORDS)
    yield elastic, lambda: set(elastic.client.indices.get(index=f"{alias}-*"))
    elastic.client.indices.delete(index=f"{alias}-*")


def broken(error: BaseException) -> Iterator[dict[str, object]]:
    yield from RECORDS[:2]
    raise error


@pytest.mark.parametrize("error", [OSError("the database went away"), KeyboardInterrupt()])
def test_a_rebuild_that_fails_midway_deletes_its_index_and_leaves_the_live_one(built, error):
    engine, indexes = built
    live = indexes()
    with pytest.raises(type(error)):
        engine.rebuild(broken(error))
    assert indexes() == live
    assert engine.search(p.Plan(p.MatchAll(), facets=False)).total == 3


def test_the_next_rebuild_deletes_what_a_killed_one_left(built, caplog):
    engine, indexes = built
    if isinstance(engine, EmbeddedEngine):
        killed = "index-5"
        (engine.root / killed).mkdir()
        open_index(engine.root / killed)
        others: set[str] = set()
    else:
        killed = engine._create(loading=True)
        engine.client.index(index=killed, id="document:1", document=RECORDS[0])
        others = {f"{engine.alias}-archive"}  # not a rebuild's: its name only starts the same
        engine.client.indices.create(index=f"{engine.alias}-archive")
    before = indexes()
    assert killed in before
    with caplog.at_level(logging.WARNING):
        engine.rebuild(RECORDS)
    after = indexes()
    assert killed not in after
    assert len(after - others) == 1 and others <= after  # the new live index, and the others
    assert [
        r for r in caplog.records if killed in r.getMessage() and "did not finish" in r.getMessage()
    ]
    assert engine.search(p.Plan(p.MatchAll(), facets=False)).total == 3
