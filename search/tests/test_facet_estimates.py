"""Facet counts over many matches, estimated from a sample (plan.Plan's estimate_facets_above;
the embedded index's SAMPLE field, Elasticsearch's random_sampler): close to the exact counts,
flagged, with the total still exact; fewer matches, or an embedded index built before the
sample existed, count exactly."""

import json
import math
import random
from dataclasses import replace

import pytest
import tantivy

from search import analysis, plan, query, service
from search.engines.base import EngineResult
from search.engines.embedded import EmbeddedEngine, sample_of, schema

SOURCES = ("angiang", "cantho", "travinh", "soctrang")
SHARES = (6, 4, 3, 3)  # of every 16 documents
RICE = 6_400  # documents of "lúa", in those shares of the sources
SHRIMP = 40  # documents of "tôm", all from the first source


def record(pk: int, title: str, source: str) -> dict[str, object]:
    exact, folded = analysis.analyse(title)
    return {
        "uid": f"document:{pk}",
        "kind": "document",
        "pk": pk,
        "source_key": source,
        "body_x": exact,
        "body_f": folded,
    }


def library() -> list[dict[str, object]]:
    """The sources in their shares, shuffled (by a fixed seed): Elasticsearch's random_sampler
    skips the same offsets in every segment of a shard, so a layout that repeats with the
    segments' length (sources by pk % 16, bulk requests of 1,000) samples the same sources over
    and over: its estimates spread 1.4 times as far as a random sample's (30 indexes; 1.1
    shuffled), and an estimate fell outside 4 standard deviations in 1 run of 8."""
    sources = [s for s, share in zip(SOURCES, SHARES, strict=True) for _ in range(share)]
    sources *= RICE // 16
    random.Random(16).shuffle(sources)
    rice = [record(pk, "Giống lúa chịu mặn", sources[pk - 1]) for pk in range(1, RICE + 1)]
    shrimp = [record(RICE + pk, "Nuôi tôm sú", SOURCES[0]) for pk in range(1, SHRIMP + 1)]
    return rice + shrimp


def ask(
    engine, words: str, above: int | None, selected: dict[str, list[str]] | None = None
) -> EngineResult:
    built = plan.build(query.parse(words), selected or {}, "relevance", 0, 10)
    return engine.search(replace(built, estimate_facets_above=above))


def sources(result: EngineResult) -> dict[str, int]:
    return dict(result.facets["source"])


EXACT_RICE = {s: RICE * share // 16 for s, share in zip(SOURCES, SHARES, strict=True)}


def test_facets_over_many_matches_are_estimated_from_the_sample(engine):
    engine.upsert(library())
    estimated = ask(engine, "lua", above=1_000)
    assert estimated.facets_estimated
    assert estimated.total == RICE  # counted exactly, apart from the sample
    assert set(sources(estimated)) == set(SOURCES)
    # each value's share of the sample, times the exact total: one value a document, so the
    # estimates add up to the total, whatever the size of the sample (but for rounding)
    assert abs(sum(sources(estimated).values()) - RICE) <= len(SOURCES) / 2
    for source, count in sources(estimated).items():
        # Elasticsearch's sample is random (its seed fixes it for one layout of the index only):
        # a share s of a sample of RICE / 16 is off by sqrt(s (1 - s) / (RICE / 16)) at one
        # standard deviation; allow four
        share = EXACT_RICE[source] / RICE
        deviation = RICE * math.sqrt(share * (1 - share) / (RICE / 16))
        assert abs(count - EXACT_RICE[source]) <= 4 * deviation, source
    assert sources(estimated) != EXACT_RICE  # counted on the sample, not on every match
    assert estimated.hits[0].uid.startswith("document:")
    filtered = ask(engine, "lua", above=1_000, selected={"source": ["angiang"]})
    assert filtered.facets_estimated and filtered.total == EXACT_RICE["angiang"]  # exact too


def test_fewer_matches_or_no_threshold_count_exactly(engine):
    engine.upsert(library())
    few = ask(engine, "tom", above=1_000)
    assert not few.facets_estimated and few.total == SHRIMP
    assert sources(few) == {SOURCES[0]: SHRIMP}
    exact = ask(engine, "lua", above=None)
    assert not exact.facets_estimated and sources(exact) == EXACT_RICE


def test_a_sample_that_misjudges_the_matches_still_counts_exactly(tmp_path):
    """The embedded engine's sample says whether to estimate, and the exact total has the last
    word: where the sample holds far more or far fewer matches than 1 in 16, every match is
    counted."""
    pks = range(1, 5_000)
    in_sample = [pk for pk in pks if sample_of(f"document:{pk}") == 0][:SHRIMP]
    outside = [pk for pk in pks if sample_of(f"document:{pk}") != 0][:SHRIMP]
    engine = EmbeddedEngine(tmp_path)
    engine.rebuild(
        [record(pk, "Nuôi tôm sú", SOURCES[pk % 4]) for pk in in_sample]
        + [record(pk, "Giống lúa", SOURCES[pk % 4]) for pk in outside]
    )
    for words, group, above in (("tom", in_sample, 100), ("lua", outside, 10)):
        exact = {s: sum(SOURCES[pk % 4] == s for pk in group) for s in SOURCES}
        found = ask(engine, words, above=above)
        assert found.total == SHRIMP and not found.facets_estimated, words
        assert sources(found) == {s: n for s, n in exact.items() if n}, words


def test_an_index_built_before_the_sample_serves_exact_counts_until_rebuilt(tmp_path):
    (tmp_path / "index-old").mkdir()
    tantivy.Index(schema(sample=False), path=str(tmp_path / "index-old"))
    (tmp_path / "CURRENT").write_text("index-old")
    engine = EmbeddedEngine(tmp_path)
    engine.upsert(library())  # updates still reach the old index
    old = ask(engine, "lua", above=1_000)
    assert not old.facets_estimated and sources(old) == EXACT_RICE
    engine.rebuild(library())
    assert ask(engine, "lua", above=1_000).facets_estimated


@pytest.mark.django_db
def test_the_search_page_and_api_mark_estimated_counts(client, search_index, monkeypatch):
    search_index.upsert(library())  # index records only: the facets need no documents
    monkeypatch.setattr(service, "ESTIMATE_FACETS_ABOVE", 1_000)
    body = client.get("/api/search", {"q": "lua"}).json()
    assert body["facets_estimated"] is True and body["total"] == RICE
    counts = {v["value"]: v["count"] for v in body["facets"]["source"]}
    assert counts.keys() == EXACT_RICE.keys() and counts != EXACT_RICE
    page = client.get("/search/", {"q": "lua"}).content.decode()
    assert f'<span class="count">(≈{counts["angiang"]})</span>' in page
    assert "ước tính" in page
    monkeypatch.setattr(service, "ESTIMATE_FACETS_ABOVE", 2 * RICE)
    body = json.loads(client.get("/api/search", {"q": "lua"}).content)
    assert body["facets_estimated"] is False
    assert {v["value"]: v["count"] for v in body["facets"]["source"]} == EXACT_RICE
    assert "≈" not in client.get("/search/", {"q": "lua"}).content.decode()


def test_the_facet_pass_leaves_out_only_what_scores_the_matches():
    """plan.unscored, which the embedded facet pass counts by: the should-clauses of a root
    with must-clauses go (they add to scores, never to matches); should-clauses that are what
    a Bool matches stay."""
    built = plan.build(query.parse('lúa "chịu mặn" -tôm 2020'), {"source": ["cantho"]})
    root = built.query
    assert isinstance(root, plan.Bool) and root.should
    counted = plan.unscored(root)
    assert isinstance(counted, plan.Bool) and not counted.should
    assert (counted.must, counted.must_not, counted.filter) == (
        root.must,
        root.must_not,
        root.filter,
    )
    either = plan.Bool(should=(plan.Term("body_f", "lua"), plan.Term("body_f", "gao")))
    assert plan.unscored(either) == either
    assert plan.unscored(plan.Term("body_f", "lua")) == plan.Term("body_f", "lua")


def test_a_value_below_every_segments_top_is_still_counted_exactly(engine):
    """Three writes, three segments: in each, 25 subjects of two documents each outnumber one
    document of "Zz", which all three together make the library's commonest subject. Asked for
    the top value, each segment must count it all the same (tantivy's terms aggregation asked
    only 10 × size values of each segment, and browsing's top subjects undercounted)."""
    for segment in range(3):
        batch = []
        for n in range(25):
            for copy in range(2):
                pk = segment * 100 + n * 2 + copy + 1
                batch.append(
                    {**record(pk, "Lúa", "cantho"), "subject_key": [f"S{segment}-{n:02d}"]}
                )
        batch.append({**record(segment * 100 + 99, "Lúa", "cantho"), "subject_key": ["Zz"]})
        engine.upsert(batch)
    built = plan.build(query.parse(""), {}, "relevance", 0, 1)
    answer = engine.search(replace(built, facet_sizes=(("subject", 1),)))
    assert answer.facets["subject"] == [("Zz", 3)]
