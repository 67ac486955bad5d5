"""The embedded index read by one process while another writes it: each web worker keeps its
index open and must see every commit and every rebuild made elsewhere. No database: two
EmbeddedEngine objects on one directory stand for two processes."""

from search import analysis, plan, query
from search.engines.embedded import EmbeddedEngine


def record(pk: int, title: str) -> dict[str, object]:
    exact, folded = analysis.analyse(title)
    return {
        "uid": f"document:{pk}",
        "kind": "document",
        "pk": pk,
        "title_x": exact,
        "title_f": folded,
        "body_x": exact,
        "body_f": folded,
    }


def found(engine: EmbeddedEngine, words: str) -> list[str]:
    built = plan.build(query.parse(words), {}, "relevance", 0, 10)
    return [hit.uid for hit in engine.search(built).hits]


def test_a_reader_sees_what_another_process_commits_and_rebuilds(tmp_path):
    reader, writer = EmbeddedEngine(tmp_path), EmbeddedEngine(tmp_path)
    writer.upsert([record(1, "Nuôi tôm sú")])
    assert found(reader, "tôm") == ["document:1"]  # the reader now holds the index open

    writer.upsert([record(2, "Tôm càng xanh")])
    assert sorted(found(reader, "tôm")) == ["document:1", "document:2"]

    writer.delete(["document:1"])
    assert found(reader, "tôm") == ["document:2"]

    writer.rebuild([record(3, "Tôm thẻ chân trắng")])
    assert found(reader, "tôm") == ["document:3"]
    writer.upsert([record(4, "Tôm hùm")])
    assert sorted(found(reader, "tôm")) == ["document:3", "document:4"]


def test_searching_an_unchanged_index_does_not_reload_it(tmp_path, monkeypatch):
    engine = EmbeddedEngine(tmp_path)
    engine.upsert([record(1, "Lúa mùa")])
    found(engine, "lúa")
    index = engine._open()
    reloads = []
    monkeypatch.setattr(type(index), "reload", lambda self: reloads.append(1), raising=False)
    found(engine, "lúa")
    found(engine, "mùa")
    assert reloads == []


def test_searching_reads_which_index_is_live_only_after_it_changed(tmp_path, monkeypatch):
    reader, writer = EmbeddedEngine(tmp_path), EmbeddedEngine(tmp_path)
    writer.upsert([record(1, "Lúa mùa")])
    found(reader, "lúa")
    reads: list[str] = []
    read = EmbeddedEngine._live_name

    def counted(self: EmbeddedEngine) -> str:
        reads.append(read(self))
        return reads[-1]

    monkeypatch.setattr(EmbeddedEngine, "_live_name", counted)
    found(reader, "lúa")
    found(reader, "mùa")
    assert reads == []

    writer.rebuild([record(2, "Lúa chiêm")])  # a new CURRENT
    assert found(reader, "chiêm") == ["document:2"] and len(reads) >= 1
