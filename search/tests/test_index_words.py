"""The engines index the words search.analysis wrote, as it wrote them, splitting text fields
on white space alone, and a query asks for those words as terms. Tantivy's default tokenizer,
which the embedded index's word fields had before, dropped a word over 40 bytes (the analysis
keeps 40 characters): a word with diacritics lost its exact spelling's rank at 14 letters or
so. Elasticsearch's standard analyzer, which its word fields had, made a term of each Chinese
character, so that a word of them (a Hán Nôm title, say) was never found. An embedded index
built with the default tokenizer serves searches and updates until it is rebuilt."""

import tantivy

from search import plan, query
from search.engines.embedded import EmbeddedEngine, schema
from search.records import texts

LONG = "trường" * 6  # 36 characters, 54 bytes


def record(pk: int, body: str) -> dict[str, object]:
    return {"uid": f"document:{pk}", "kind": "document", "pk": pk, **texts("body", [body])}


LIBRARY = [
    record(1, f"{LONG} ở Cà Mau"),
    record(2, "truong" * 6),  # folded, shorter: first where the exact spelling counts no more
    record(3, "Nuôi tôm sú"),
    record(4, "Văn bia 大越史記 chữ Hán"),
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


def test_a_word_of_chinese_characters_is_found_whole(engine):
    engine.upsert(LIBRARY)
    assert ranked(engine, "大越史記") == ["document:4"]
    assert ranked(engine, '"大越史記 chữ"') == ["document:4"]
    assert ranked(engine, "大越") == []  # the run whole, as the analysis wrote it: no segmenting


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
