"""The engines index the words search.analysis wrote, as it wrote them: it keeps a word of up
to 40 characters, and the embedded index splits its text fields on white space alone. Tantivy's
default tokenizer, which its word fields had before, dropped a word over 40 bytes from them: a
word with diacritics lost its exact spelling's rank at 14 letters or so. An index built with
that tokenizer serves searches and updates until it is rebuilt."""

import tantivy

from search import plan, query
from search.engines.embedded import EmbeddedEngine, schema
from search.records import texts

LONG = "trường" * 6  # 36 characters, 54 bytes
LIBRARY: list[dict[str, object]] = [
    {"uid": "document:1", "kind": "document", "pk": 1, **texts("body", [f"{LONG} ở Cà Mau"])},
    # the folded spelling, in a shorter text: it ranks first where the exact one counts no more
    {"uid": "document:2", "kind": "document", "pk": 2, **texts("body", ["truong" * 6])},
    {"uid": "document:3", "kind": "document", "pk": 3, **texts("body", ["Nuôi tôm sú"])},
]


def ranked(engine, words: str) -> list[str]:
    built = plan.build(query.parse(words), {}, "relevance", 0, 10)
    return [hit.uid for hit in engine.search(built).hits]


def test_a_word_of_forty_characters_ranks_by_its_exact_spelling_whatever_its_bytes(engine):
    assert len(LONG) <= 40 < len(LONG.encode())
    engine.upsert(LIBRARY)
    assert ranked(engine, LONG) == ["document:1", "document:2"]
    assert ranked(engine, "truong" * 6) == ["document:2", "document:1"]
    assert ranked(engine, f'"{LONG} ở"') == ["document:1"]
    assert ranked(engine, "tôm sú") == ["document:3"]


def test_an_index_whose_words_the_default_tokenizer_split_serves_until_rebuilt(tmp_path):
    (tmp_path / "index-old").mkdir()
    tantivy.Index(schema(words_split="default"), path=str(tmp_path / "index-old"))
    (tmp_path / "CURRENT").write_text("index-old")
    engine = EmbeddedEngine(tmp_path)
    engine.upsert(LIBRARY)  # updates still reach the old index
    assert ranked(engine, "tôm sú") == ["document:3"]
    assert ranked(engine, LONG) == ["document:2", "document:1"]  # as that release ranked them
    engine.rebuild(LIBRARY)
    assert ranked(engine, LONG) == ["document:1", "document:2"]
