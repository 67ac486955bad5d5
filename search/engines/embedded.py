"""The embedded engine: tantivy, an index on local disk, no server.

Layout of INDEX_DIR: `CURRENT` names the live index directory (`index-<time>`); a rebuild
writes a new directory and then replaces CURRENT atomically, so readers never see a half-built
index. Tantivy allows one writer per index: every write holds an exclusive lock on
`write.lock`, so web workers, commands and workers can all update it safely; readers
reload the newest commit before each search. A rebuild holds `rebuild.lock`, so that one runs
at a time, and the write lock only for its first and last moments; `REBUILDING` says to writers
that it runs (a writer that tried `rebuild.lock` to learn it would hold it for that instant, and
a rebuild starting then would be refused).
"""

import fcntl
import logging
import os
import shutil
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import tantivy

from .. import plan as p
from .base import (
    FACET_INDEX_FIELD,
    INTEGER_FIELDS,
    KEYWORD_FIELDS,
    SORTS,
    EngineHit,
    EngineResult,
    IndexRecord,
    RebuildRunning,
    estimates,
    facet_sizes,
)

logger = logging.getLogger(__name__)
_FACET_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="facets")
# The memory tantivy may fill before it writes a segment, in an index write; it takes only what
# the write needs (a one-document write peaked 13 MB above its start at 64 MB and at 256 MB). At
# 64 MB a write of 256 full texts (45,000 characters each) made three segments, for tantivy to
# merge again; at 256 MB one, with a peak 27 MB higher: index CPU per document over 10,240 such
# texts, in writes of 256, fell from 24.0 to 19.4 ms (benchmarks/index_commits.py).
WRITER_HEAP = 256_000_000
REBUILD_HEAP = 1_000_000_000


REBUILDING = "REBUILDING"  # in the index directory while a rebuild runs
STORED = ("uid", "kind", "pk")  # what a hit is read back by
# The tokenizer of every text field: on whitespace, as search.analysis wrote the words and their
# pairs (named for the pair fields, which had it first). Tantivy's "default", which the word
# fields had before, split them again and lower-cased them again (the words of search.analysis
# never split: its word characters are all alphanumeric to Rust), and dropped words over 40
# bytes, where the analysis keeps those of 40 characters (a Vietnamese word of 20 letters may
# pass 40 bytes). Tantivy's CPU a 15-page full text: 15-17 → 9-12 ms (harvest_fulltext.py).
PAIRS = "pairs"
FEW_TERMS = 8  # a term set this small is looked up term by term
TOTAL = "_matches"  # the facet pass's count of the matches (no facet has that name)
# Facet counts over many matches are estimated from a fixed sample, 1 item in SAMPLE_EVERY
# (those whose SAMPLE field is 0, from a hash of the uid), as Elasticsearch's random_sampler
# aggregation does: counting the values of over 100,000 matches took 17.7 ms (p50) at 229k,
# their sample 2.9 ms. A plan says above how many matches it accepts an estimate.
SAMPLE = "sample"
SAMPLE_EVERY = 16
# How many values of a facet each segment of the index reports to the count: all it has, up to
# this many. Tantivy's default, 10 × the values asked, left out a value that was never among one
# segment's top though common across them (browsing's top 2 subjects undercounted). At 229k the
# facet pass took the same time either way (p50 2.05 against 2.06 ms), with the same counts.
SEGMENT_VALUES = 65_536


def schema(
    sample: bool = True, pair_positions: bool = True, words_split: str = PAIRS
) -> tantivy.Schema:
    """The index's fields; without SAMPLE (`sample` False), with the positions of every
    field's words and none of its pairs (`pair_positions` False), or with words split by another
    tokenizer (`words_split` "default"), as earlier releases built it."""
    builder = tantivy.SchemaBuilder()
    for name in KEYWORD_FIELDS:  # uid is looked up by term, the others filtered and counted
        builder.add_text_field(
            name, stored=name in STORED, tokenizer_name="raw", fast=name != "uid"
        )
    for name in INTEGER_FIELDS:  # order is only sorted on
        builder.add_integer_field(name, stored=name in STORED, indexed=name != "order", fast=True)
    if sample:
        builder.add_integer_field(SAMPLE, indexed=True)
    for field, paired in p.INDEX_FIELDS:
        indexed = "position" if p.has_positions(field, pair_positions) else "freq"
        tokenizer = PAIRS if paired else words_split
        builder.add_text_field(field, tokenizer_name=tokenizer, index_option=indexed)
    return builder.build()


SCHEMA = schema()


def open_index(path: Path) -> tantivy.Index:
    """The index at `path`, with the pair fields' tokenizer registered (tantivy keeps a
    tokenizer with the index object, not on disk). An index an earlier release built, whose
    schema lacks SAMPLE or the positions of the folded pairs, is opened with its own schema: it
    serves searches (with exact facet counts, phrases by the positions of words) and updates
    until `search_index rebuild` replaces it."""
    try:
        index = tantivy.Index(SCHEMA, path=str(path))
    except ValueError as error:  # "An index exists but the schema does not match."
        logger.warning(
            "search index %s has an older schema (%s): run search_index rebuild", path, error
        )
        index = tantivy.Index.open(str(path))
    whitespace = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
    index.register_tokenizer(PAIRS, whitespace)
    return index


def samples(schema: tantivy.Schema) -> bool:
    """Whether an index of this schema has the SAMPLE field."""
    try:
        tantivy.Query.term_query(schema, SAMPLE, 0)
    except ValueError:
        return False
    return True


def positions_indexed(index: tantivy.Index, field: str) -> bool:
    """Whether the index has the positions of this field (a phrase there needs them): the
    folded pairs of an index built before they had any do not, nor do the words of fields with
    pairs in one built since (plan.POSITIONS)."""
    phrase = tantivy.Query.phrase_query(index.schema, field, ["a", "b"])
    try:
        index.searcher().search(phrase, 1)
    except ValueError:  # "Applied phrase query on field … which does not have positions"
        return False
    return True


Stamp = tuple[int, int, int]


def _stamp(path: Path) -> Stamp | None:
    """What changes when the file at `path` is replaced or rewritten: inode, mtime, size."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_ino, found.st_mtime_ns, found.st_size


def sample_of(uid: str) -> int:
    """The SAMPLE value of the item `uid`: 0 for the sample's 1 in SAMPLE_EVERY."""
    return zlib.crc32(uid.encode()) % SAMPLE_EVERY


def to_document(record: IndexRecord) -> tantivy.Document:
    """The record as a tantivy document, with its SAMPLE value (which an index built before
    the field existed ignores)."""
    document = tantivy.Document()
    document.add_integer(SAMPLE, sample_of(str(record["uid"])))
    for name, value in record.items():
        if value is None or value == "":
            continue
        if name in INTEGER_FIELDS:
            document.add_integer(name, int(value))  # type: ignore[call-overload]
        elif isinstance(value, list):
            for item in value:
                document.add_text(name, str(item))
        else:
            document.add_text(name, str(value))
    return document


class Compiler:
    def __init__(self, schema: tantivy.Schema, pair_positions: bool = True) -> None:
        self.schema = schema
        self.pair_positions = pair_positions

    def __call__(self, node: p.Node) -> tantivy.Query:
        match node:
            case p.Term(field, value, boost):
                return self.boost(tantivy.Query.term_query(self.schema, field, value), boost)
            case p.Phrase() if not self.pair_positions and node.field.endswith("_f2"):
                return self(p.without_pair_positions(node))
            case p.Phrase(field, words, boost):
                query = tantivy.Query.phrase_query(self.schema, field, list(words))
                return self.boost(query, boost)
            case p.TermSet(field, values) if 0 < len(values) <= FEW_TERMS:
                # a few posting lists, walked as needed: a term set query marks its documents
                # in a bitset of the whole index first (half a millisecond at 20,000)
                terms = [tantivy.Query.term_query(self.schema, field, v) for v in values]
                if len(terms) == 1:
                    return terms[0]
                return tantivy.Query.boolean_query([(tantivy.Occur.Should, t) for t in terms])
            case p.TermSet(field, values):
                return tantivy.Query.term_set_query(self.schema, field, list(values))
            case p.Range(field, low, high):
                if low is None and high is None:
                    return tantivy.Query.all_query()
                return tantivy.Query.range_query(
                    self.schema, field, tantivy.FieldType.Integer, low, high
                )
            case p.MatchAll():
                return tantivy.Query.all_query()
            case p.Bool(must, should, must_not, filter_):
                clauses = [(tantivy.Occur.Must, self(n)) for n in must]
                clauses += [(tantivy.Occur.Should, self(n)) for n in should]
                clauses += [(tantivy.Occur.MustNot, self(n)) for n in must_not]
                clauses += [
                    (tantivy.Occur.Must, tantivy.Query.const_score_query(self(n), 0.0))
                    for n in filter_
                ]
                if must_not and not must and not should:
                    clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))
                return tantivy.Query.boolean_query(clauses)
        raise TypeError(f"unknown plan node {node!r}")

    @staticmethod
    def boost(query: tantivy.Query, boost: float) -> tantivy.Query:
        return query if boost == 1.0 else tantivy.Query.boost_query(query, boost)


class EmbeddedEngine:
    name = "embedded"

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.root = Path(directory)
        self._index: tantivy.Index | None = None
        self._current = ""
        self._commit: Stamp | None = None  # the live meta.json we last loaded
        self._pointer: tuple[Stamp | None, str] = (None, "")  # CURRENT as last read, and its name
        self._schema = SCHEMA  # the live index's own (an older index's lacks SAMPLE)
        self._samples = True
        self._pair_positions = True

    @property
    def key(self) -> str:
        return f"{self.name}:{self.root}"

    # -- reading ---------------------------------------------------------------------------
    def _live_name(self) -> str:
        try:
            return (self.root / "CURRENT").read_text().strip()
        except FileNotFoundError:
            return ""

    def _pointed(self) -> str:
        """The live index's name, read from CURRENT only when a rebuild or `clear` has replaced
        it since (a new file, renamed into place): its stat is a third of reading it, and
        reading it was 70% of a search's own cost of opening the index at 229k."""
        stamp = _stamp(self.root / "CURRENT")
        read, name = self._pointer
        if stamp != read:
            name = self._live_name()
            self._pointer = (stamp, name)
        return name

    def _open(self, locked: bool = False) -> tantivy.Index:
        name = self._pointed()
        if not name:
            if locked:  # flock is per open file: taking it again here would wait for ever
                self._create_empty()
            else:
                with self._write_lock():
                    if not self._live_name():
                        self._create_empty()
            name = self._live_name()
        # Every commit replaces meta.json (a new file, renamed into place): reloading only when
        # it changed spares a search the reader's own check, about a millisecond.
        commit = _stamp(self.root / name / "meta.json")
        if self._index is None or name != self._current:
            self._index = open_index(self.root / name)
            self._current = name
            self._schema = self._index.schema
            self._samples = samples(self._schema)
            self._pair_positions = positions_indexed(self._index, f"{p.PAIR_FIELDS[0]}_f2")
        elif commit != self._commit:
            self._index.reload()
        self._commit = commit
        return self._index

    def search(self, plan: p.Plan) -> EngineResult:
        index = self._open()
        searcher = index.searcher()
        compile_ = Compiler(self._schema, self._pair_positions)
        # the exact words this index spells one way only are scored with their folded ones
        query = compile_(p.merge_sole_spellings(plan.query, searcher.doc_freq))
        # Tantivy releases the GIL: the facet pass runs beside the top-hits pass, on another core.
        # The top hits count the matches (that costs their pass 0.4-1.5 ms at p50 and about 3 ms
        # at p95, at 229k), so that the facet pass, where it may estimate, visits only the
        # sample's matches: 1 in SAMPLE_EVERY (p50 2.3 against 5.0 ms, for the same counts).
        # Less CPU a search (throughput), at about the same latency for one reader.
        above = plan.estimate_facets_above if self._samples else None
        facets = None
        if plan.facets:
            sizes = facet_sizes(plan)
            counted_by = p.unscored(plan.query)  # counted, never scored
            matching = query if counted_by is plan.query else compile_(counted_by)
            facets = _FACET_POOL.submit(self._facets, searcher, matching, sizes, above)
        field, descending = SORTS.get(plan.sort, (None, True))  # no field: by relevance
        result = searcher.search(
            query,
            plan.limit,
            count=True,
            offset=plan.offset,
            order_by_field=field,
            order=tantivy.Order.Desc if descending else tantivy.Order.Asc,
        )
        hits = [
            EngineHit(uid=searcher.doc(address)["uid"][0], score=float(score))
            for score, address in result.hits
        ]
        # tantivy 0.27's stub (tantivy.pyi) lacks SearchResult.count, which count=True fills.
        total: int = result.count  # type: ignore[attr-defined]
        if facets is None:
            return EngineResult(total=total, hits=hits)
        counted, sampled = facets.result()
        if sampled is not None and above is not None and total <= above:  # the sample misjudged
            counted, sampled = self._aggregate(searcher, matching, sizes)[0], None
        if sampled is not None:
            counted = estimates(counted, sampled, total)
        return EngineResult(total, hits, counted, facets_estimated=sampled is not None)

    def _facets(
        self,
        searcher: tantivy.Searcher,
        query: tantivy.Query,
        sizes: dict[str, int],
        above: int | None,
    ) -> tuple[dict[str, list[tuple[str, int]]], int | None]:
        """Each facet's values with their counts: among the sample's matches where the sample
        says that more than `above` match, with how many of them the sample holds (for
        estimates()); else among every match, with None."""
        if above is not None:
            in_sample = tantivy.Query.term_query(self._schema, SAMPLE, 0)
            sampled = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, query), (tantivy.Occur.Must, in_sample)]
            )
            counted, matches = self._aggregate(searcher, sampled, sizes, count=True)
            if matches * SAMPLE_EVERY > above:
                return counted, matches
        return self._aggregate(searcher, query, sizes)[0], None

    @staticmethod
    def _aggregate(
        searcher: tantivy.Searcher,
        query: tantivy.Query,
        sizes: dict[str, int],
        count: bool = False,
    ) -> tuple[dict[str, list[tuple[str, int]]], int]:
        """Each facet's values with their counts among the matches, and (with `count`, else
        0) how many match."""
        spec: dict[str, object] = {
            name: {
                "terms": {
                    "field": FACET_INDEX_FIELD[name],
                    "size": size,
                    "segment_size": max(size, SEGMENT_VALUES),
                }
            }
            for name, size in sizes.items()
        }
        if count:
            spec[TOTAL] = {"value_count": {"field": "pk"}}  # every item has one pk
        answer = searcher.aggregate(query, spec)
        counted = {
            name: [(str(b["key"]), int(b["doc_count"])) for b in answer[name]["buckets"]]
            for name in sizes
        }
        return counted, int(answer[TOTAL]["value"]) if count else 0

    def count(self) -> int:
        return self._open().searcher().num_docs

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def _locked(self, name: str, busy: str = "") -> Iterator[None]:
        """An exclusive lock on the file `name` in the index directory for the block: waited
        for, or, given `busy`, RebuildRunning(busy) at once if another process holds it."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / name, "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (fcntl.LOCK_NB if busy else 0))
            except BlockingIOError:
                raise RebuildRunning(busy) from None
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _write_lock(self) -> AbstractContextManager[None]:
        return self._locked("write.lock")

    def _create_empty(self) -> str:
        name = f"index-{time.time_ns()}"
        (self.root / name).mkdir(parents=True)
        open_index(self.root / name)
        self._publish(name)
        return name

    def _publish(self, name: str) -> None:
        pointer = self.root / "CURRENT.tmp"
        pointer.write_text(name)
        os.replace(pointer, self.root / "CURRENT")

    def upsert(self, records: Iterable[IndexRecord]) -> dict[str, str]:
        self._write(records, ())
        return {}  # tantivy indexes any record (what it cannot take fails the whole write)

    def delete(self, uids: Iterable[str]) -> None:
        self._write((), uids)

    def _write(self, records: Iterable[IndexRecord], uids: Iterable[str]) -> None:
        records, uids = list(records), list(uids)
        if not records and not uids:
            return
        with self._write_lock():
            index = self._open(locked=True)
            writer = index.writer(heap_size=WRITER_HEAP, num_threads=1)
            for uid in uids:
                writer.delete_documents_by_term("uid", uid)
            for record in records:
                writer.delete_documents_by_term("uid", str(record["uid"]))
                writer.add_document(to_document(record))
            writer.commit()
            writer.wait_merging_threads()

    def rebuild(
        self,
        records: Iterable[IndexRecord],
        progress: Callable[[int], None] | None = None,
        then: Callable[[], None] | None = None,
    ) -> None:
        """A new index from `records`, made live when complete, then `then()`. It is written
        without the write lock, which it takes only to clear leftovers and to go live: saves
        meanwhile are written to the live index at once (search.indexing.rebuild catches the new
        one up on them), not held for the whole rebuild, 78 minutes at a million documents, in
        their request on one machine. A second rebuild while one runs, `then()` included, is
        refused (RebuildRunning)."""
        busy = (
            f"chỉ mục {self.root} đang dựng lại trong một tiến trình khác; chờ nó xong rồi chạy lại"
        )
        with self._locked("rebuild.lock", busy), self._marked_rebuilding():
            with self._write_lock():
                self._remove_leftovers()
                name = f"index-{time.time_ns()}"
                path = self.root / name
                path.mkdir(parents=True)  # under the lock: a leftover to no one from here on
            try:
                done = self._load(path, records, progress)
            except BaseException:  # a failure, an interrupt: its disk goes with it
                shutil.rmtree(path, ignore_errors=True)
                raise
            with self._write_lock():
                previous = self._live_name()
                self._publish(name)
                if previous and previous != name:
                    shutil.rmtree(self.root / previous, ignore_errors=True)
            logger.info("embedded index rebuilt: %s documents in %s", done, path)
            if then:
                then()

    @contextmanager
    def _marked_rebuilding(self) -> Iterator[None]:
        """REBUILDING in the index directory for the block (see rebuilding()). A rebuild killed
        on the way leaves it, until the next one."""
        marker = self.root / REBUILDING
        marker.touch()
        try:
            yield
        finally:
            marker.unlink(missing_ok=True)

    def rebuilding(self) -> bool:
        return (self.root / REBUILDING).exists()

    @staticmethod
    def _load(
        path: Path, records: Iterable[IndexRecord], progress: Callable[[int], None] | None
    ) -> int:
        """Write a new index at `path` (an empty directory), complete and merged; how many
        records it holds."""
        writer = open_index(path).writer(heap_size=REBUILD_HEAP)
        done = 0
        try:
            for record in records:
                writer.add_document(to_document(record))
                done += 1
                if progress and done % 1000 == 0:
                    progress(1000)
        except BaseException:
            # The traceback would keep the writer alive, and its indexing threads writing files
            # into `path` after it is deleted: dropping it joins them.
            del writer
            raise
        writer.commit()
        writer.wait_merging_threads()
        if progress:
            progress(done % 1000)
        return done

    def _remove_leftovers(self) -> None:
        """Delete the directories of rebuilds that never finished (a process killed, a machine
        restarted): as large as the live index. Called holding the rebuild lock (no other
        rebuild is writing one) and the write lock (no `clear` is making one; a `clear` during a
        rebuild is undone when the rebuild goes live)."""
        live = self._live_name()
        for path in self.root.glob("index-*"):
            if path.name != live and path.is_dir():
                logger.warning("deleting %s, left by a rebuild that did not finish", path)
                shutil.rmtree(path, ignore_errors=True)

    def clear(self) -> None:
        with self._write_lock():
            previous = self._live_name()
            self._create_empty()
            if previous:
                shutil.rmtree(self.root / previous, ignore_errors=True)
