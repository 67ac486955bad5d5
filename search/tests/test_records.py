"""Index records of long and hostile full texts: bounded, whatever the text."""

import json

from search import records
from search.analysis import fold

ROW = (1, "Sách", 2020, "book", "vi", None, "active", "{}")


def size(record: dict) -> int:
    return len(json.dumps(record, ensure_ascii=False).encode())


def test_a_record_is_bounded_however_long_its_text():
    """The words of the text past IN_ORDER characters are indexed once each, without pairs."""
    text = "Biến đổi khí hậu ở đồng bằng sông Cửu Long. " * 100_000 + "Cá lóc"  # 4.4 M
    in_order, _ = records.split_text(text)
    assert records.IN_ORDER - 50 < len(in_order) <= records.IN_ORDER
    long = records.document_record(ROW, text, {})
    first = records.document_record(ROW, in_order, {})
    assert size(long) < size(first) + 200
    sentence = {"biến", "đổi", "khí", "hậu", "ở", "đồng", "bằng", "sông", "cửu", "long"}
    for field, words in (("body_x", sentence), ("body_f", set(map(fold, sentence)))):
        later = str(long[field]).removeprefix(str(first[field])).split()  # the rest: once each
        assert len(later) == len(set(later)) == 12  # (not a list: its diff would be huge)
        assert set(later) == words | ({"cá", "lóc"} if field == "body_x" else {"ca", "loc"})
    assert "cá_lóc" not in str(long["body_x2"]) and "ca_loc" not in str(long["body_f2"])


def test_a_hostile_text_of_endless_distinct_words_keeps_at_most_later_words_of_them():
    words = " ".join(f"từ{n}" for n in range(150_000))  # three times LATER_WORDS
    record = records.document_record(ROW, "x " * records.IN_ORDER + words, {})
    later = str(record["body_x"]).split()[-records.LATER_WORDS - 1 :]  # the rest's first ones
    assert (later[:3], later[-1]) == (["x", "x", "từ0"], f"từ{records.LATER_WORDS - 2}")
    assert size(record) < 5_000_000
