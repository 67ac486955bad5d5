"""One Elasticsearch rebuild at a time (search.engines.elastic_lease): a second one started while
the first loads is refused, instead of deleting the first one's index as a killed rebuild's
leftover; a lease whose rebuild went silent (killed) is taken over; a running rebuild renews it."""

import logging
import time

import pytest

from search import plan as p
from search.engines import elastic_lease
from search.engines.base import RebuildRunning
from search.engines.elastic import ElasticsearchEngine
from search.tests.test_elastic_nodes import RECORDS, alias, node  # noqa: F401 (fixtures)
from search.tests.test_embedded_rebuild_writes import pausing


def indexes(engine: ElasticsearchEngine) -> set[str]:
    return set(engine.client.indices.get(index=f"{engine.alias}-*"))


def test_a_second_rebuild_while_one_loads_is_refused_and_the_first_completes(node, alias):  # noqa: F811
    engine = ElasticsearchEngine(node, alias)
    engine.rebuild(RECORDS)
    refused: list[str] = []

    def rebuild_again() -> None:
        with pytest.raises(RebuildRunning) as raised:
            ElasticsearchEngine(node, alias).rebuild(RECORDS)
        refused.append(str(raised.value))

    engine.rebuild(pausing(RECORDS, rebuild_again))
    assert refused and "đang được dựng lại" in refused[0]
    assert engine.search(p.Plan(p.MatchAll(), facets=False)).total == 3
    assert indexes(engine) == set(engine.client.indices.get_alias(name=alias))  # lease gone


@pytest.mark.parametrize("signs_of_life", [True, False], ids=["beat", "killed-at-once"])
def test_a_lease_whose_rebuild_went_silent_is_taken_over(
    node,  # noqa: F811
    alias,  # noqa: F811
    signs_of_life,
    monkeypatch,
    caplog,
):
    engine = ElasticsearchEngine(node, alias)
    engine.rebuild(RECORDS)
    lease = f"{alias}-rebuilding"
    engine.client.indices.create(index=lease)
    if signs_of_life:
        said = {"owner": "killed", "at": time.time()}
        engine.client.index(index=lease, id=elastic_lease.MARK, document=said)
        with pytest.raises(RebuildRunning):  # still within STALE: held
            engine.rebuild(RECORDS)
    monkeypatch.setattr(elastic_lease, "clock", lambda: time.time() + elastic_lease.STALE + 5)
    with caplog.at_level(logging.WARNING):
        engine.rebuild(RECORDS[:2])
    assert any("took over" in r.getMessage() for r in caplog.records)
    assert engine.search(p.Plan(p.MatchAll(), facets=False)).total == 2
    assert lease not in indexes(engine)


def test_a_running_rebuild_renews_its_lease(node, alias, monkeypatch):  # noqa: F811
    monkeypatch.setattr(elastic_lease, "BEAT", 0.05)
    engine = ElasticsearchEngine(node, alias)
    lease = f"{alias}-rebuilding"
    said: list[float] = []

    def read_twice() -> None:
        for _ in range(2):
            said.append(engine.client.get(index=lease, id=elastic_lease.MARK)["_source"]["at"])
            time.sleep(0.5)

    engine.rebuild(pausing(RECORDS, read_twice))
    assert said[1] > said[0]


def test_of_two_rebuilds_taking_over_a_silent_lease_one_runs(node, alias):  # noqa: F811
    """Both find the lease silent; the first takes it over (its conditional write wins), and the
    second, started while the first loads, is refused rather than taking it from the first."""
    engine = ElasticsearchEngine(node, alias)
    lease = f"{alias}-rebuilding"
    engine.client.indices.create(index=lease)
    said = {"owner": "killed", "at": time.time() - elastic_lease.STALE - 5}
    engine.client.index(index=lease, id=elastic_lease.MARK, document=said)
    found = elastic_lease.Lease(engine.client, lease, "second", {})  # both read it silent
    stale = engine.client.get(index=lease, id=elastic_lease.MARK)
    seen = {"if_seq_no": stale["_seq_no"], "if_primary_term": stale["_primary_term"]}
    refused: list[bool] = []

    def second_writes_what_it_saw() -> None:
        found.version = seen
        found.renew()  # the second's take-over, conditional on the stale version
        refused.append(found.lost.is_set())

    engine.rebuild(pausing(RECORDS, second_writes_what_it_saw))
    assert refused == [True]
    assert engine.search(p.Plan(p.MatchAll(), facets=False)).total == 3
    assert lease not in indexes(engine)


def test_a_rebuild_whose_lease_was_taken_over_stops_and_leaves_the_lease(node, alias, monkeypatch):  # noqa: F811
    monkeypatch.setattr(elastic_lease, "BEAT", 0.05)
    engine = ElasticsearchEngine(node, alias)
    engine.rebuild(RECORDS)
    live = set(engine.client.indices.get_alias(name=alias))
    lease = f"{alias}-rebuilding"

    def taken_over() -> None:
        engine.client.index(
            index=lease, id=elastic_lease.MARK, document={"owner": "other", "at": time.time()}
        )
        time.sleep(0.5)  # the holder's next renewal finds it

    with pytest.raises(RebuildRunning, match="taken over"):
        engine.rebuild(pausing(RECORDS, taken_over))
    assert set(engine.client.indices.get_alias(name=alias)) == live  # not published
    assert indexes(engine) == live | {lease}  # its index deleted; the other's lease kept
    engine.client.indices.delete(index=lease)
