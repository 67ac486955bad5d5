"""A quoted phrase is looked for only in the documents that have each pair of its adjacent
words (plan._sieve): the same documents as before, on both engines, but for a phrase that ran
across two values of a field, which positions allowed and pairs never did. A phrase of two words
in a field with pairs is that pair, a term: no positions are read at all."""

from search import analysis, plan, query
from search.records import texts


def record(pk: int, values: list[str]) -> dict[str, object]:
    return {"uid": f"document:{pk}", "kind": "document", "pk": pk, **texts("body", values)}


def found(engine, words: str) -> list[str]:
    built = plan.build(query.parse(words), {}, "relevance", 0, 10)
    return sorted(hit.uid for hit in engine.search(built).hits)


def test_a_phrase_is_found_within_a_value_and_not_across_two(engine):
    engine.upsert(
        [
            record(1, ["Cây thuốc", "Y dược", "Dược liệu bản địa"]),  # subjects side by side
            record(2, ["Dược liệu dược thảo"]),
            record(3, ["Nuôi tôm sú trong ao đất", "Giống lúa chịu mặn"]),
            record(4, ["Tôm sú nuôi trong ruộng lúa"]),
        ]
    )
    assert found(engine, '"dược dược"') == []  # "Y dược" | "Dược liệu": two values
    assert found(engine, '"liệu dược"') == ["document:2"]
    assert found(engine, '"nuôi tôm sú"') == ["document:3"]
    assert found(engine, '"tom su nuoi"') == ["document:4"]
    assert found(engine, '"ao đất giống"') == []  # across the two values of document 3
    assert found(engine, "tôm sú") == ["document:3", "document:4"]
    assert found(engine, '"tôm sú"') == ["document:3", "document:4"]
    assert found(engine, '"sú nuôi"') == ["document:4"]
    assert found(engine, '"sú tôm"') == []


def test_the_sieve_holds_each_pair_of_a_phrase_in_its_fields_pairs():
    parsed = query.parse('"nuôi tôm sú" title:"biến đổi" subject:"thủy sản"')
    root = plan.build(parsed, {}).query
    assert isinstance(root, plan.Bool)
    joiner = analysis.JOINER
    pairs = [(n.field, n.value) for n in root.filter if isinstance(n, plan.Term)]
    assert pairs == [("body_f2", f"nuoi{joiner}tom"), ("body_f2", f"tom{joiner}su")]
    phrases = [(n.field, n.words) for n in root.must if isinstance(n, plan.Phrase)]
    # subjects have no pairs: their phrase is looked for by positions alone
    assert phrases == [("body_f", ("nuoi", "tom", "su")), ("subject_f", ("thuy", "san"))]
    terms = [(n.field, n.value, n.boost) for n in root.must if isinstance(n, plan.Term)]
    assert terms == [("title_f2", f"bien{joiner}doi", plan.TEXT_FIELDS["title"])]
