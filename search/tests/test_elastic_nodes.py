"""Elasticsearch reached as a cluster: several nodes in ELASTICSEARCH_URL, one of them down, and
more replicas asked for than the nodes can hold. The cluster itself (a node killed under load,
a rebuild's alias swap, a node added) is proven by benchmarks/es_cluster.py, which needs more
nodes than the suite's one."""

import socket
import uuid

import pytest
from elasticsearch import ApiError

from conftest import elasticsearch_url
from search import plan as p
from search.engines.base import EngineUnavailable
from search.engines.elastic import ElasticsearchEngine


@pytest.fixture
def node():
    return elasticsearch_url("the cluster tests")


@pytest.fixture
def alias(node):
    name = f"test-{uuid.uuid4().hex}"
    yield name
    ElasticsearchEngine(node, name).client.indices.delete(index=f"{name}-*")


def dead_node() -> str:
    """The address of a port nothing listens on: connections to it are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


RECORDS = [{"uid": f"document:{pk}", "kind": "document", "pk": pk} for pk in range(1, 4)]


def test_every_search_succeeds_when_a_listed_node_is_down(node, alias):
    engine = ElasticsearchEngine(f"{dead_node()}, {node}", alias)
    engine.rebuild(RECORDS)
    # The client starts from a random node and takes them in turn, so the dead one is tried
    # within the first two requests and again after each of its back-offs.
    for _ in range(6):
        assert engine.search(p.Plan(p.MatchAll(), facets=False)).total == 3


@pytest.mark.timeout(120)
def test_a_rebuild_asking_more_replicas_than_the_nodes_can_hold_is_still_published(node, alias):
    engine = ElasticsearchEngine(node, alias, replicas=1)  # one node: the replica has no home
    engine.rebuild(RECORDS)
    assert engine.count() == 3


def test_a_shard_that_cannot_answer_makes_an_error_not_fewer_hits(node, alias):
    engine = ElasticsearchEngine(node, alias)
    engine.rebuild(RECORDS)
    # A second index under the alias whose only shard no node may hold: as a shard whose
    # every copy was lost, it cannot answer.
    unplaced = f"{alias}-unplaced"
    engine.client.indices.create(
        index=unplaced,
        settings={"index.routing.allocation.require._name": "no-such-node"},
        wait_for_active_shards="0",
    )
    engine.client.indices.update_aliases(actions=[{"add": {"index": unplaced, "alias": alias}}])
    with pytest.raises(EngineUnavailable) as raised:  # an outage (503), never fewer hits
        engine.search(p.Plan(p.MatchAll(), facets=False))
    assert isinstance(raised.value.__cause__, ApiError)
