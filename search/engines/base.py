"""What every engine offers. Pure Python: the engines know nothing of Django models."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from ..plan import Plan

# One indexed item, flat: uid ("document:12"), kind, pk, year, order (the sort key), the
# keyword fields (source_key, type, language, subject_key: list) and for each text field of
# plan.TEXT_FIELDS its exact and folded text (title_x, title_f, ...), and for each field of
# plan.PAIR_FIELDS its pairs of adjacent words, exact and folded (title_x2, title_f2, ...).
IndexRecord = dict[str, object]

FACET_FIELDS = {"source": 50, "type": 20, "language": 20, "subject": 20, "year": 200}
FACET_INDEX_FIELD = {
    "source": "source_key",
    "type": "type",
    "language": "language",
    "subject": "subject_key",
    "year": "year",
}


def facet_sizes(plan: Plan) -> dict[str, int]:
    """Each facet the plan counts, with how many of its values: FACET_FIELDS unless it asks."""
    return dict(plan.facet_sizes) or FACET_FIELDS


def estimates(
    sampled_counts: dict[str, list[tuple[str, int]]], sampled: int, total: int
) -> dict[str, list[tuple[str, int]]]:
    """Facet counts among `sampled` matches of a sample, estimated for all `total` matches:
    each value's share of the sample times the exact total. Scaling by the sampling rate alone
    carried the error in the sample's own size into every count: Elasticsearch's random_sampler
    skips the same offsets in each segment of a shard, so its sample of 6,400 matches in
    segments of 1,000 held 345 to 476 of them where 400 ± 19 were due, and a count drifted by
    3.7 standard deviations (search/tests/test_facet_estimates.py)."""
    return {
        name: [(value, round(count * total / max(sampled, 1))) for value, count in values]
        for name, values in sampled_counts.items()
    }


KEYWORD_FIELDS = ("uid", "kind", "source_key", "type", "language", "subject_key")
INTEGER_FIELDS = ("pk", "year", "order")
# Each sort but relevance: (index field, descending). "added" is the order documents came into
# the library: ids are given in insertion order, with created_at, so the newest id is the
# newest arrival, and pk is already a fast field of every index (no re-index needed).
SORTS = {"newest": ("order", True), "oldest": ("order", False), "added": ("pk", True)}
# The deepest result (offset + limit) a search may ask for: Elasticsearch refuses more (its
# index.max_result_window), so every engine is held to it.
MAX_RESULT_WINDOW = 1_000_000
REASON = 500  # characters of an engine's reason for refusing an item: logged, and kept


class RebuildRunning(RuntimeError):
    """Another process is rebuilding this index: one rebuild runs at a time."""


class EngineUnavailable(Exception):
    """The engine did not answer (every Elasticsearch node down or overloaded): an outage to
    tell the reader of, not a bug."""


@dataclass(frozen=True)
class EngineHit:
    uid: str
    score: float


@dataclass
class EngineResult:
    total: int
    hits: list[EngineHit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    facets_estimated: bool = False  # counted on a sample, estimates() (see Plan)


class Engine(Protocol):
    name: str  # "embedded", "elasticsearch"

    @property
    def key(self) -> str:
        """Which index this is ("embedded:/srv/portal/var/search"), for its checkpoint."""
        ...

    def search(self, plan: Plan) -> EngineResult: ...

    def upsert(self, records: Iterable[IndexRecord]) -> dict[str, str]:
        """Index the records; the uids of those the engine refused for good (a record it
        cannot index, however often it is sent), with why (at most REASON characters). The
        others are indexed. A failure that may pass (the engine down or busy) raises."""
        ...

    def delete(self, uids: Iterable[str]) -> None: ...

    def rebuild(
        self,
        records: Iterable[IndexRecord],
        progress: Callable[[int], None] | None = None,
        then: Callable[[], None] | None = None,
    ) -> None:
        """A new index from `records`, made live when complete; `then()` runs once it is, still
        within the rebuild (one runs at a time: RebuildRunning if another does)."""
        ...

    def rebuilding(self) -> bool:
        """Whether a rebuild of this index is under way (in any process): from before it reads
        the first record until after its `then()`; also after a rebuild killed on the way,
        until the next one starts."""
        ...

    def count(self) -> int: ...

    def clear(self) -> None: ...


def sort_key(year: int | None, pk: int) -> int:
    """One integer both engines sort on: year, then id; "newest" is descending."""
    return (year or 0) * 10_000_000_000 + pk
