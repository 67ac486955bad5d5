"""A quoted phrase in a field with pairs is looked for as a phrase of its pairs (plan._match):
their positions are read only where every pair is, and a common pair occurs far less often in a
document than a common word. It finds the same documents as the phrase of words, on both
engines, but for a phrase across two values of a field, which no pair spans. A phrase of two
words is one pair, a term: no positions at all. An index built before the folded pairs had
positions still finds phrases as that release did (by the positions of words, where each pair
is), until it is rebuilt."""

import tantivy

from search import analysis, plan, query
from search.engines import elastic
from search.engines.embedded import schema
from search.records import texts

J = analysis.JOINER


def record(pk: int, values: list[str]) -> dict[str, object]:
    return {"uid": f"document:{pk}", "kind": "document", "pk": pk, **texts("body", values)}


def found(engine, words: str) -> list[str]:
    built = plan.build(query.parse(words), {}, "relevance", 0, 10)
    return sorted(hit.uid for hit in engine.search(built).hits)


LIBRARY = [
    record(1, ["Cây thuốc", "Y dược", "Dược liệu bản địa"]),  # subjects side by side
    record(2, ["Dược liệu dược thảo"]),
    record(3, ["Nuôi tôm sú trong ao đất", "Giống lúa chịu mặn"]),
    record(4, ["Tôm sú nuôi trong ruộng lúa"]),
]


def test_a_phrase_is_found_within_a_value_and_not_across_two(engine):
    engine.upsert(LIBRARY)
    assert found(engine, '"dược dược"') == []  # "Y dược" | "Dược liệu": two values
    assert found(engine, '"liệu dược"') == ["document:2"]
    assert found(engine, '"nuôi tôm sú"') == ["document:3"]
    assert found(engine, '"tom su nuoi"') == ["document:4"]
    assert found(engine, '"ao đất giống"') == []  # across the two values of document 3
    assert found(engine, '"y dược dược"') == []
    assert found(engine, '"sú trong ao đất"') == ["document:3"]
    assert found(engine, "tôm sú") == ["document:3", "document:4"]
    assert found(engine, '"tôm sú"') == ["document:3", "document:4"]
    assert found(engine, '"sú nuôi"') == ["document:4"]
    assert found(engine, '"sú tôm"') == []
    assert found(engine, 'tôm -"nuôi tôm sú"') == ["document:4"]
    engine.upsert([record(5, ["Nuôi tôm rồi tôm sú nuôi"])])
    assert found(engine, '"tôm sú nuôi tôm"') == []  # each of its pairs, but not side by side
    assert found(engine, '"rồi tôm sú nuôi"') == ["document:5"]


def test_a_phrase_in_a_field_without_pairs_is_found_by_the_positions_of_its_words(engine):
    # The index keeps positions only where a phrase reads them (plan.POSITIONS): subjects and
    # sources have no pairs, and their phrases read the positions of their folded words.
    subjects = {"uid": "document:6", "kind": "document", "pk": 6}
    subjects |= texts("subject", ["Nuôi trồng thủy sản nước lợ", "Kinh tế"])
    subjects |= texts("source", ["Trung tâm Thông tin Cần Thơ"])
    other = {**subjects, "uid": "document:7", "pk": 7, **texts("subject", ["Sản thủy"])}
    engine.upsert([subjects, other])
    assert found(engine, 'subject:"thuy san nuoc"') == ["document:6"]
    assert found(engine, 'subject:"lợ kinh"') == []  # across two values
    assert found(engine, 'subject:"sản thủy"') == ["document:7"]
    assert found(engine, 'source:"thông tin cần thơ"') == ["document:6", "document:7"]
    assert found(engine, 'source:"cần thông"') == []


def test_an_index_without_positions_in_its_pairs_finds_phrases_by_words(engine, monkeypatch):
    if engine.name == "embedded":
        (engine.root / "index-old").mkdir()
        tantivy.Index(schema(pair_positions=False), path=str(engine.root / "index-old"))
        (engine.root / "CURRENT").write_text("index-old")
    else:
        monkeypatch.setattr(elastic, "PAIR_POSITIONS", False)  # as an earlier release mapped
    engine.upsert(LIBRARY)
    assert found(engine, '"nuôi tôm sú"') == ["document:3"]
    assert found(engine, '"tom su nuoi"') == ["document:4"]
    assert found(engine, '"sú trong ao lúa"') == []
    assert found(engine, '"ao đất giống"') == []  # across two values: as the release before
    assert found(engine, 'tôm -"nuôi tôm sú"') == ["document:4"]


def test_a_phrase_in_a_field_with_pairs_is_a_phrase_of_its_pairs():
    parsed = query.parse('"nuôi tôm sú" title:"biến đổi" subject:"thủy sản"')
    root = plan.build(parsed, {}).query
    assert isinstance(root, plan.Bool) and root.filter == ()
    phrases = [(n.field, n.words, n.boost) for n in root.must if isinstance(n, plan.Phrase)]
    body = (f"nuoi{J}tom", f"tom{J}su")
    # subjects have no pairs: their phrase is looked for by positions alone
    subject = ("subject_f", ("thuy", "san"), plan.TEXT_FIELDS["subject"])
    assert phrases == [("body_f2", body, plan.TEXT_FIELDS["body"]), subject]
    terms = [(n.field, n.value, n.boost) for n in root.must if isinstance(n, plan.Term)]
    assert terms == [("title_f2", f"bien{J}doi", plan.TEXT_FIELDS["title"])]
    old = plan.without_pair_positions(plan.Phrase("body_f2", body, 1.5))
    pairs = tuple(plan.Term("body_f2", pair) for pair in body)
    assert old == plan.Bool(must=(plan.Phrase("body_f", ("nuoi", "tom", "su"), 1.5),), filter=pairs)
    assert plan.without_pair_positions(plan.Phrase("subject_f", ("a", "b"))) == plan.Phrase(
        "subject_f", ("a", "b")
    )
