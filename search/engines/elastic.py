"""The Elasticsearch engine, through the official client.

The mapping uses only what every distribution has, the minimal integ-test build included: the
`whitespace` analyzer on the words and pairs of words search.analysis wrote (a query asks for
them as terms: the `standard` analyzer, which the words had before, split a run of Chinese
characters into one term each, so that a word of them was never found), keyword and integer
fields. The live index is reached through an alias; a rebuild fills a new index and swaps the
alias in one atomic request, so searches never see a half-built index.
"""

import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers

from .. import plan as p
from .base import (
    FACET_INDEX_FIELD,
    INTEGER_FIELDS,
    KEYWORD_FIELDS,
    MAX_RESULT_WINDOW,
    REASON,
    SORTS,
    EngineHit,
    EngineResult,
    EngineUnavailable,
    IndexRecord,
    estimates,
    facet_sizes,
)
from .elastic_lease import lease, leased

logger = logging.getLogger(__name__)
# A search's top hits come from a search that neither counts nor aggregates, so that Lucene may
# skip the documents that cannot enter them: one search doing all three took the API's p95 to
# 123-140 ms at 229k, the three apart 101-103 (benchmarks/search_queries.py, seed 139). Beside
# it, on these threads, one search counts the matches and their facets, and another their exact
# facets (below); neither scores.
_SIDE_SEARCHES = ThreadPoolExecutor(max_workers=4, thread_name_prefix="es-side")
FORCE_MERGE_TIMEOUT = 3600  # seconds: merging 229,000 documents takes minutes
MERGE_ROOM = 1.0  # the free disk a force-merge needs on a node, per byte of the index
# A bulk request the cluster turns away while busy is sent again, after 2, 4, … seconds,
# BUSY_RETRIES times: a node refuses (429) what would take its indexing memory past a tenth of
# its heap, counting the requests of other writers, so a drain that came during a rebuild could
# fail, or a rebuild lose documents and start over.
BUSY_RETRIES = 4
BUSY = 429
# Facets over more matches than a plan's estimate_facets_above are counted by a random_sampler
# aggregation on 1 match in 16 (in the search that counts), as the embedded engine counts its
# sample, and base.estimates() scales them to the exact total. A third search counts the facets
# exactly but stops (terminate_after) once it has seen more matches than that: if it finished,
# its exact counts are used. All three run at once.
SAMPLED = "sampled"
SAMPLE_PROBABILITY = 1 / 16
SAMPLE_SEED = 17  # the same sample for every search: counts do not change on a reload
# Positions are indexed only where a phrase reads them (plan.POSITIONS): among them the folded
# pairs, for quoted phrases. An index an earlier release built (PAIR_POSITIONS False) has the
# positions of every field's words and none of its pairs, and its phrases are matched by the
# positions of words until it is rebuilt.
PAIR_POSITIONS = True


@dataclass(frozen=True)
class Requests:
    """The searches that answer a plan, sent at once: the top hits, which neither count nor
    aggregate; the count with the facets (sampled where `exact` is given); the facets counted
    exactly, but only up to the plan's estimate_facets_above matches; and the facets' names."""

    top: dict[str, Any]
    counting: dict[str, Any]
    exact: dict[str, Any] | None
    facets: tuple[str, ...]


def mapping() -> dict[str, Any]:
    properties: dict[str, Any] = {name: {"type": "keyword"} for name in KEYWORD_FIELDS}
    for name in FACET_INDEX_FIELD.values():  # counted by every search: ordinals ready on refresh
        if name in KEYWORD_FIELDS:
            properties[name]["eager_global_ordinals"] = True
    properties.update({name: {"type": "long"} for name in INTEGER_FIELDS})
    for field, _ in p.INDEX_FIELDS:
        indexed = "positions" if p.has_positions(field, PAIR_POSITIONS) else "freqs"
        properties[field] = {"type": "text", "analyzer": "whitespace", "index_options": indexed}
    # Pairs are only searched: kept out of _source, which would hold the whole text once more.
    pairs = [field for field, paired in p.INDEX_FIELDS if paired]
    return {"dynamic": "strict", "_source": {"excludes": pairs}, "properties": properties}


def index_body(shards: int = 1, replicas: int = 0) -> dict[str, Any]:
    """What every new index is created with (deploy/elasticsearch/index.json shows it for a
    3-node cluster)."""
    return {
        "settings": {
            "number_of_shards": shards,
            "number_of_replicas": replicas,
            "max_result_window": MAX_RESULT_WINDOW,
        },
        "mappings": mapping(),
    }


def compile_node(node: p.Node, pair_positions: bool = True) -> dict[str, Any]:
    """The query of a plan node; without `pair_positions`, for an index whose folded pairs
    have no positions."""
    match node:
        case p.Term(field, value, boost):
            return {"term": {field: {"value": value, "boost": boost}}}
        case p.Phrase() if not pair_positions and node.field.endswith("_f2"):
            return compile_node(p.without_pair_positions(node))
        case p.Phrase(field, words, boost):
            return {"match_phrase": {field: {"query": " ".join(words), "boost": boost}}}
        case p.TermSet(field, values):
            return {"terms": {field: list(values)}}
        case p.Range(field, low, high):
            bounds = {k: v for k, v in (("gte", low), ("lte", high)) if v is not None}
            return {"range": {field: bounds}} if bounds else {"match_all": {}}
        case p.MatchAll():
            return {"match_all": {}}
        case p.Bool(must, should, must_not, filter_):
            query: dict[str, Any] = {}
            occurrences = {"must": must, "should": should, "must_not": must_not, "filter": filter_}
            for key, nodes in occurrences.items():
                if nodes:
                    query[key] = [compile_node(n, pair_positions) for n in nodes]
            if should and not must:  # as in tantivy: should-only means at least one
                query["minimum_should_match"] = 1
            return {"bool": query}
    raise TypeError(f"unknown plan node {node!r}")


def _counts(aggregation: dict[str, Any]) -> list[tuple[str, int]]:
    """A terms aggregation's values with their counts."""
    return [(str(b["key"]), int(b["doc_count"])) for b in aggregation["buckets"]]


def client_options(url: str) -> dict[str, Any]:
    """A cluster is a comma-separated list of nodes. A request that finds a node dead (refused,
    reset, timed out) or overloaded (429, 502-504) is sent again to the next node, until every
    node has had one try: a reader's search survives the loss of a node
    (benchmarks/es_cluster.py kills one under load)."""
    nodes = [node.strip() for node in url.split(",") if node.strip()]
    return {
        "hosts": nodes,
        "request_timeout": 60,
        "retry_on_timeout": True,
        "max_retries": max(3, len(nodes)),
    }


class ElasticsearchEngine:
    name = "elasticsearch"

    def __init__(self, url: str, alias: str, shards: int = 1, replicas: int = 0) -> None:
        self.client = Elasticsearch(**client_options(url))
        self.alias = alias
        self.shards, self.replicas = shards, replicas
        self._ready = False  # the alias is known to exist: a search need not ask first
        self._pair_positions = True  # the live index's folded pairs have positions

    @property
    def key(self) -> str:
        return f"{self.name}:{self.alias}"

    def _ensure(self) -> None:
        if self._ready:
            return
        if not self.client.indices.exists_alias(name=self.alias):
            self._publish(self._create())
        field = f"{p.PAIR_FIELDS[0]}_f2"
        found = self.client.indices.get_field_mapping(index=self.alias, fields=field)
        options = [
            index["mappings"].get(field, {}).get("mapping", {}).get(field, {}).get("index_options")
            for index in found.values()
        ]
        self._pair_positions = not {"docs", "freqs"} & set(options)  # text's default: positions
        self._ready = True

    def _create(self, loading: bool = False) -> str:
        """A new index; `loading` one is made for a bulk load: no refreshes, no replicas yet."""
        name = f"{self.alias}-{time.time_ns()}"
        body = index_body(self.shards, 0 if loading else self.replicas)
        if loading:
            body["settings"]["refresh_interval"] = "-1"
        self.client.indices.create(index=name, **body)
        return name

    def _live(self) -> list[str]:
        try:
            return list(self.client.indices.get_alias(name=self.alias))
        except NotFoundError:
            return []

    def _publish(self, name: str) -> None:
        previous = self._live()
        actions: list[dict[str, Any]] = [
            {"remove": {"index": old, "alias": self.alias}} for old in previous
        ]
        actions.append({"add": {"index": name, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        for old in previous:
            if old != name:
                self.client.indices.delete(index=old, ignore_unavailable=True)

    def search(self, plan: p.Plan) -> EngineResult:
        try:
            return self._answer(plan)
        except TransportError as err:  # no node answered: refused, reset, timed out
            raise EngineUnavailable(f"Elasticsearch: {err}") from err
        except ApiError as err:
            if err.status_code < 500 and err.status_code != 429:
                raise  # the request was wrong: a bug, not an outage
            raise EngineUnavailable(f"Elasticsearch: {err}") from err

    def requests(self, plan: p.Plan) -> Requests:
        """The searches that answer `plan` (benchmarks/search_costs.py times each alone)."""
        self._ensure()
        # A shard whose node died mid-search is an error the client retries, never a silently
        # shorter answer.
        query = compile_node(plan.query, self._pair_positions)
        common = {"query": query, "allow_partial_search_results": False}
        terms = {
            name: {"terms": {"field": FACET_INDEX_FIELD[name], "size": size}}
            for name, size in facet_sizes(plan).items()
        }
        above = plan.estimate_facets_above
        counting: dict[str, Any] = {**common, "size": 0, "track_total_hits": True}
        exact = None
        if plan.facets and above is not None:
            bounded = {"size": 0, "track_total_hits": False, "terminate_after": above + 1}
            exact = {**common, **bounded, "aggs": terms}
            sampler = {"probability": SAMPLE_PROBABILITY, "seed": SAMPLE_SEED}
            counting["aggs"] = {SAMPLED: {"random_sampler": sampler, "aggs": terms}}
        elif plan.facets:
            counting["aggs"] = terms
        top: dict[str, Any] = {
            **common,
            "from": plan.offset,
            "size": plan.limit,
            "track_total_hits": False,
            # the uid from its doc values: filtering _source would read each hit's whole text
            "_source": False,
            "docvalue_fields": ["uid"],
        }
        if plan.sort != "relevance":
            field, descending = SORTS[plan.sort]
            top["sort"] = [{field: {"order": "desc" if descending else "asc"}}]
        return Requests(top, counting, exact, tuple(terms))

    def _answer(self, plan: p.Plan) -> EngineResult:
        asked = self.requests(plan)
        exact = _SIDE_SEARCHES.submit(self._search, asked.exact) if asked.exact else None
        counted_answer = _SIDE_SEARCHES.submit(self._search, asked.counting)
        hits = [
            EngineHit(uid=h["fields"]["uid"][0], score=float(h["_score"] or 0.0))
            for h in self._search(asked.top)["hits"]["hits"]
        ]
        answer = counted_answer.result()
        total = answer["hits"]["total"]["value"]
        if not plan.facets:
            return EngineResult(total, hits)
        counted, estimated = answer["aggregations"], False
        if exact is not None:
            bounded_answer = exact.result()
            estimated = bool(bounded_answer.get("terminated_early"))
            counted = counted[SAMPLED] if estimated else bounded_answer["aggregations"]
        facets = {name: _counts(counted[name]) for name in asked.facets}
        if not estimated:
            return EngineResult(total, hits, facets)
        # the sampler's doc_count is how many matches it sampled, and its buckets' counts come
        # multiplied by 1 / probability: the sample's size is put in the same unit
        sampled = round(int(counted["doc_count"]) / SAMPLE_PROBABILITY)
        return EngineResult(total, hits, estimates(facets, sampled, total), facets_estimated=True)

    def _search(self, body: dict[str, Any]) -> dict[str, Any]:
        try:
            return dict(self.client.search(index=self.alias, **body))
        except NotFoundError:  # the alias went (an index deleted by hand): make it again
            self._ready = False
            self._ensure()
            return dict(self.client.search(index=self.alias, **body))

    def count(self) -> int:
        self._ensure()
        return int(self.client.count(index=self.alias)["count"])

    def upsert(self, records: Iterable[IndexRecord]) -> dict[str, str]:
        self._ensure()
        actions = ({"_index": self.alias, "_id": r["uid"], "_source": r} for r in records)
        refused = self._send(actions, refresh="wait_for")  # the others are indexed
        if busy := sum(status == BUSY for status, _ in refused.values()):  # may pass: again
            raise RuntimeError(f"Elasticsearch was too busy to index {busy} documents")
        return {item: why for item, (_, why) in refused.items()}

    def _send(
        self,
        actions: Iterable[dict[str, Any]],
        progress: Callable[[int], None] | None = None,
        **options: Any,
    ) -> dict[str, tuple[int, str]]:
        """Send index actions in bulk requests, each again while the cluster is busy; every
        document it refused is logged (not only the first request's) and returned: its uid,
        the status and the reason."""
        refused: dict[str, tuple[int, str]] = {}
        for ok, item in helpers.streaming_bulk(
            self.client,
            actions,
            chunk_size=1000,
            raise_on_error=False,
            max_retries=BUSY_RETRIES,
            initial_backoff=2,
            **options,
        ):
            if not ok:
                answer = item.get("index", {})
                why = f"{answer.get('error')}"[:REASON]
                refused[str(answer.get("_id"))] = (int(answer.get("status", 0)), why)
                logger.error("not indexed: %s: %s", answer.get("_id"), why)
            if progress:
                progress(1)
        return refused

    def delete(self, uids: Iterable[str]) -> None:
        self._ensure()
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": uid} for uid in uids)
        helpers.bulk(self.client, actions, refresh="wait_for", raise_on_error=False)

    def rebuild(
        self,
        records: Iterable[IndexRecord],
        progress: Callable[[int], None] | None = None,
        then: Callable[[], None] | None = None,
    ) -> None:
        """A new index from `records`, published (the alias swapped to it) when complete and
        merged, then `then()`; one rebuild at a time (elastic_lease: RebuildRunning if another
        runs, or took this one's lease over)."""
        with lease(self.client, self.alias) as held:
            self._remove_leftovers()
            name = self._create(loading=True)  # faster without refreshes and replica copies
            try:
                self._load(name, records, progress)
                held.check()
            except BaseException:  # refused, an outage, an interrupt: its disk goes with it
                self.client.indices.delete(index=name, ignore_unavailable=True)
                raise
            self._publish(name)
            if then:
                then()

    def rebuilding(self) -> bool:
        return leased(self.client, self.alias)

    def _load(
        self, name: str, records: Iterable[IndexRecord], progress: Callable[[int], None] | None
    ) -> None:
        """Fill the new index `name`, merged and with its replicas: ready to publish."""
        actions = ({"_index": name, "_id": r["uid"], "_source": r} for r in records)
        if refused := self._send(actions, progress):  # a rebuild that lost documents is none
            raise RuntimeError(f"Elasticsearch refused {len(refused)} documents; see the log")
        self.client.indices.refresh(index=name)
        self._merge(name)
        self.client.indices.refresh(index=name)
        self.client.indices.put_settings(
            index=name, settings={"refresh_interval": "1s", "number_of_replicas": self.replicas}
        )
        self._wait_for_copies(name)

    def _merge(self, name: str) -> None:
        """One segment, before replicas copy it: a search then walks one term dictionary, not
        dozens (the index is only appended to until the next rebuild). The merged segment is
        written beside the others, so a node needs free disk about the size of the index (15 GB
        at a million documents) or the merge waits for it: without that room the index is
        published unmerged (complete, its searches slower), with a warning of what to free."""
        store = self.client.indices.stats(index=name, metric="store")["indices"][name]
        needed = MERGE_ROOM * store["primaries"]["store"]["size_in_bytes"]
        shards = self.client.search_shards(index=name)["shards"]
        holders = {copy["node"] for group in shards for copy in group}  # node ids
        nodes = self.client.nodes.stats(metric="fs")["nodes"]
        free = min(
            (nodes[n]["fs"]["total"]["available_in_bytes"] for n in holders if n in nodes),
            default=needed,  # no node found: merged as before
        )
        if free < needed:
            logger.warning(
                "%s not merged: merging needs %.1f GiB free on its node, %.1f GiB is; free "
                "disk and rebuild for faster searches",
                name,
                needed / 2**30,
                free / 2**30,
            )
            return
        self.client.options(request_timeout=FORCE_MERGE_TIMEOUT).indices.forcemerge(
            index=name, max_num_segments=1
        )

    def _remove_leftovers(self) -> None:
        """Delete the indices of rebuilds that never finished (a process killed, a machine
        restarted): as large as the live one, they would hold the cluster's disk until deleted
        by hand. Called holding the lease: no other rebuild is loading one."""
        live = set(self._live())
        found = self.client.indices.stats(index=f"{self.alias}-*", metric="store")["indices"]
        for name, stats in found.items():
            if name not in live and name.removeprefix(f"{self.alias}-").isdigit():
                size = stats["total"]["store"]["size_in_bytes"] / 2**30
                logger.warning(
                    "deleting %s (%.2f GiB), left by a rebuild that did not finish", name, size
                )
                self.client.indices.delete(index=name, ignore_unavailable=True)

    def _wait_for_copies(self, name: str) -> None:
        """Publish an index only once its replicas are in place: a node lost right after the
        swap must find a copy of each shard to promote. Replicas that no node is left to hold
        (more than the data nodes less one) would never come: then its primaries are enough."""
        nodes = int(self.client.cluster.health()["number_of_data_nodes"])
        if self.replicas >= nodes:
            logger.warning(
                "%d replicas need %d data nodes; %d in the cluster",
                self.replicas,
                self.replicas + 1,
                nodes,
            )
        status = "green" if self.replicas < nodes else "yellow"
        waiting = self.client.options(request_timeout=30 * 60 + 10)  # beyond the wait itself
        waiting.cluster.health(index=name, wait_for_status=status, timeout="30m")

    def clear(self) -> None:
        self._publish(self._create())
