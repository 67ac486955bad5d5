"""A word the index spells (nearly) one way only is scored once, by its folded form weighing what
both forms did (plan.merge_sole_spellings): the same ranking, one posting list fewer. A word
with other spellings keeps its exact match scored apart, so the exact spelling still ranks
first."""

import pytest

from search import plan, query
from search.engines.embedded import EmbeddedEngine
from search.records import texts

FREQUENCIES = {
    ("body_f", "nuoi"): 200,
    ("body_x", "nuôi"): 198,  # 99%: the only spelling, as far as scores go
    ("body_f", "ban"): 200,
    ("body_x", "bàn"): 197,  # 98.5%: "bán" and "ban" are there too
    ("title_f", "nuoi"): 20,
    ("title_x", "nuôi"): 20,
    ("body_f2", "nuoi_ban"): 10,
    ("body_x2", "nuôi_bàn"): 10,
    ("title_f2", "nuoi_ban"): 10,
    ("title_x2", "nuôi_bàn"): 9,
}


def doc_freq(field: str, term: str) -> int:
    return FREQUENCIES.get((field, term), 0)


def root(typed: str) -> plan.Bool:
    built = plan.build(query.parse(typed), {}, "relevance", 0, 10).query
    assert isinstance(built, plan.Bool)
    return built


def test_a_sole_spelling_weighs_in_its_folded_condition_and_others_stay_apart():
    before = root("nuôi bàn")
    merged = plan.merge_sole_spellings(before, doc_freq)
    assert isinstance(merged, plan.Bool)
    assert merged.must == (plan.Term("body_f", "nuoi", 2.5), plan.Term("body_f", "ban", 1.0))
    gone = [
        plan.Term("body_x", "nuôi", 1.5),
        plan.Term("title_x", "nuôi", 4.5),
        plan.Term("body_x2", "nuôi_bàn", 3.0),
    ]
    weigh_more: dict[plan.Node, plan.Node] = {
        plan.Term("title_f", "nuoi", 3.0): plan.Term("title_f", "nuoi", 7.5),
        plan.Term("body_f2", "nuoi_ban", 2.0): plan.Term("body_f2", "nuoi_ban", 5.0),
    }
    assert set(gone) | set(weigh_more) <= set(before.should)
    # the rest as they were, in their order
    kept = [weigh_more.get(n, n) for n in before.should if n not in gone]
    assert merged.should == tuple(kept)
    for still in (
        ("body_x", "bàn", 1.5),
        ("title_x2", "nuôi_bàn", 9.0),
        ("title_f2", "nuoi_ban", 6.0),
    ):
        assert plan.Term(*still) in merged.should


def test_a_word_typed_twice_weighs_twice():
    merged = plan.merge_sole_spellings(root("nuôi nuôi"), doc_freq)
    assert isinstance(merged, plan.Bool)
    nodes = [n for n in merged.must + merged.should if isinstance(n, plan.Term)]
    weight = {f: sum(n.boost for n in nodes if n.field == f) for f in ("body_f", "title_f")}
    assert weight == {"body_f": 2 * 2.5, "title_f": 2 * 7.5}
    assert not [n for n in nodes if n.field in ("body_x", "title_x")]


@pytest.mark.parametrize("typed", ['"nuôi bàn"', "title:nuôi", "nuoi", "cá"])
def test_a_phrase_a_field_a_word_typed_folded_or_unknown_keeps_its_body_words_apart(typed):
    # a phrase's exact words have no folded word to join, nor has a field's; "nuoi" typed
    # folded is its own spelling, in no document as such; "cá" is in none here
    body_only = {key: n for key, n in FREQUENCIES.items() if key[0].startswith("body_")}
    left = plan.merge_sole_spellings(root(typed), lambda *term: body_only.get(term, 0))
    assert left == root(typed)


def record(pk: int, text: str) -> dict[str, object]:
    return {"uid": f"document:{pk}", "kind": "document", "pk": pk, **texts("body", [text])}


def test_the_embedded_engine_ranks_as_with_the_exact_words_scored_apart(tmp_path, monkeypatch):
    engine = EmbeddedEngine(tmp_path)
    engine.upsert(
        [
            record(1, "Nuôi cá tra trong ao đất ven sông Hậu"),
            record(2, "Kỹ thuật nuôi cá lóc, nuôi cá rô, nuôi cá trê trong bể"),
            record(3, "Cá tra xuất khẩu và thị trường châu Âu"),
            record(4, "Mô hình nuôi tôm sú kết hợp trồng lúa ở Bạc Liêu, nuôi cá"),
            record(5, "Bàn về nuôi dưỡng trẻ em và dinh dưỡng học đường, cá biển"),
            record(6, "Cá nuôi"),
        ]
    )
    built = plan.build(query.parse("nuôi cá"), {}, "relevance", 0, 10)
    searched: list[plan.Node] = []
    merge = plan.merge_sole_spellings

    def spy(node: plan.Node, doc_freq) -> plan.Node:
        searched.append(merge(node, doc_freq))
        return searched[-1]

    monkeypatch.setattr(plan, "merge_sole_spellings", spy)
    merged = engine.search(built).hits
    [scored] = searched
    assert isinstance(scored, plan.Bool)
    exact = [n for n in scored.should if isinstance(n, plan.Term) and n.field == "body_x"]
    assert exact == []  # "nuôi" and "cá" have no other spelling here
    monkeypatch.setattr(plan, "SOLE_SHARE", 2.0)  # no word is ever a sole spelling
    apart = engine.search(built).hits
    assert [h.uid for h in merged] == [h.uid for h in apart] and len(merged) == 5
    for one, other in zip(merged, apart, strict=True):
        assert one.score == pytest.approx(other.score, rel=0.02)
