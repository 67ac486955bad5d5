"""Index writes to Elasticsearch that meet documents the cluster refuses: each is logged. A
rebuild leaves the live index as it was, since a rebuild that lost documents would pass for a
complete one; an update indexes the others and returns the refused (search.indexing sets them
aside)."""

import logging
import time

import pytest

from search import plan as p
from search.engines import elastic
from search.engines.elastic import ElasticsearchEngine
from search.tests.test_elastic_nodes import RECORDS, alias, node  # noqa: F401 (fixtures)

IMMENSE = "x" * (p.MAX_KEYWORD_BYTES + 1)  # past Lucene's longest term: refused


def test_refused_documents_are_each_logged_and_the_live_index_stays(node, alias, caplog):  # noqa: F811
    engine = ElasticsearchEngine(node, alias)
    engine.rebuild(RECORDS)
    live = set(engine.client.indices.get_alias(name=alias))
    refused: list[dict[str, object]] = [
        {"uid": f"document:{pk}", "kind": "document", "pk": pk, "type": IMMENSE} for pk in (11, 12)
    ]
    with caplog.at_level(logging.ERROR), pytest.raises(RuntimeError, match="refused 2 documents"):
        engine.rebuild([*RECORDS, *refused])
    logged = [r.args[0] for r in caplog.records if r.name == "search.engines.elastic"]
    assert sorted(logged) == ["document:11", "document:12"]  # each, and its reason, cut short
    assert all(len(r.getMessage()) < 600 for r in caplog.records)
    assert set(engine.client.indices.get_alias(name=alias)) == live
    assert set(engine.client.indices.get(index=f"{alias}-*")) == live  # the new one is gone
    assert engine.search(p.Plan(p.MatchAll(), facets=False)).total == 3


def test_an_update_indexes_the_others_and_returns_each_refused_document(node, alias, caplog):  # noqa: F811
    engine = ElasticsearchEngine(node, alias)
    engine.rebuild(RECORDS)
    refused = {"uid": "document:11", "kind": "document", "pk": 11, "type": IMMENSE}
    beside = {"uid": "document:12", "kind": "document", "pk": 12, "type": "book"}
    with caplog.at_level(logging.ERROR):
        answer = engine.upsert([refused, beside])
    assert list(answer) == ["document:11"]
    assert "failed to parse field [type]" in answer["document:11"]
    logged = [r.args[0] for r in caplog.records if r.name == "search.engines.elastic"]
    assert logged == ["document:11"]
    books = engine.search(p.Plan(p.TermSet("type", ("book",)), facets=False))
    assert [hit.uid for hit in books.hits] == ["document:12"]


def test_a_write_the_node_is_too_busy_for_is_sent_again_then_fails_and_sets_nothing_aside(
    node,  # noqa: F811
    alias,  # noqa: F811
    monkeypatch,
):
    """A 429 (the node's indexing memory full) may pass: the request is sent again, then the
    write fails, so that the drain is tried again later. Were it returned as refused, the
    document would be set aside, out of search, until someone saved it again."""
    monkeypatch.setattr(elastic, "BUSY_RETRIES", 1)  # one more try, 2 s later
    engine = ElasticsearchEngine(node, alias)
    engine.rebuild(RECORDS)
    # 50 MB: past the indexing memory of the test node's 512 MB heap (a tenth of it), every time
    huge = {"uid": "document:13", "kind": "document", "pk": 13, "body_x": "lúa " * 10_000_000}
    began = time.monotonic()
    with pytest.raises(RuntimeError, match="too busy to index 1 documents"):
        engine.upsert([huge])
    assert time.monotonic() - began >= 2  # the wait before it was sent again


def test_without_the_free_disk_to_merge_a_rebuild_publishes_its_index_unmerged_and_says_so(
    node,  # noqa: F811
    alias,  # noqa: F811
    monkeypatch,
    caplog,
):
    """A force-merge writes the merged segment beside the others: on a node short of the disk
    it waits for it (an hour, at a million documents), then the rebuild fails."""
    monkeypatch.setattr(elastic, "MERGE_ROOM", 10**15)  # more than any node's disk
    engine = ElasticsearchEngine(node, alias)
    with caplog.at_level(logging.WARNING):
        engine.rebuild(RECORDS)
    assert engine.search(p.Plan(p.MatchAll(), facets=False)).total == 3
    [warning] = [r.getMessage() for r in caplog.records if "not merged" in r.getMessage()]
    assert "GiB free on its node" in warning
    monkeypatch.setattr(elastic, "MERGE_ROOM", 1.0)
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        engine.rebuild(RECORDS)  # this test node has room for three documents
    assert not [r for r in caplog.records if "not merged" in r.getMessage()]
