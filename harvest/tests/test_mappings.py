"""The readers' limits (harvest.mappings.dublin_core.LIMITS): what is cut, what is left out,
and the note each leaves for the run."""

import pytest

from harvest.mappings import dublin_core
from harvest.mappings.dublin_core import LIMITS, OTHER_LIMIT, Values, empty_values, from_values
from harvest.models import FulltextTask
from library.models import Document, DocumentFile
from library.vocabulary import LANGUAGE_TAG_MAX

WORDS = "tôm sú " * 5_000  # 35,000 characters, a word every 4


def record(**elements: list[tuple[str, str]]) -> Values:
    values = empty_values()
    values["title"] = [("Nuôi tôm sú", "vi")]
    values.update(elements)
    return values


def field_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def test_the_column_limits_are_the_columns():
    assert dublin_core.DATE_LIMIT == field_length(Document, "date")
    assert dublin_core.LANGUAGE_LIMIT == field_length(Document, "language")
    assert LANGUAGE_TAG_MAX == field_length(Document, "title_lang")
    assert dublin_core.PDF_LINK_LIMIT == field_length(FulltextTask, "url")
    assert dublin_core.PDF_LINK_LIMIT == field_length(DocumentFile, "original_url")


@pytest.mark.parametrize(
    ("element", "limit"),
    [("creator", 500), ("subject", 500), ("description", 20_000), ("coverage", OTHER_LIMIT)],
)
def test_a_long_value_is_cut_at_a_word_with_a_note(element, limit):
    mapped = from_values(record(**{element: [(WORDS, "vi")]}))
    [stored] = [m["value"]["value"] for m in mapped.metadata if m["type"] == element]
    assert len(stored) <= limit == LIMITS.get(element, OTHER_LIMIT)
    assert stored.endswith(("tôm…", "sú…")) and WORDS.startswith(stored[:-1] + " ")
    [note] = mapped.notes
    assert not note.dropped and f"dc:{element} of 35,000 characters cut to {limit:,}" in note.text


def test_a_long_title_is_cut_in_its_column_and_among_the_other_titles():
    mapped = from_values(record(title=[(WORDS, "vi"), (WORDS, "en")]))
    assert len(mapped.title) <= 2_000 and mapped.title.endswith("…")
    assert len(mapped.metadata[0]["value"]["value"]) <= 2_000
    assert len(mapped.notes) == 2


def test_a_long_identifier_or_link_is_left_out_not_cut():
    long_link = "https://thuvien.example.vn/" + "a" * 2_000
    mapped = from_values(
        record(identifier=[(long_link, ""), ("ISBN 978-604", "")], relation=[(long_link, "")])
    )
    assert [m["value"]["value"] for m in mapped.metadata] == ["ISBN 978-604"]
    assert [note.dropped for note in mapped.notes] == [True, True]


def test_a_pdf_link_over_its_column_is_left_out_and_one_within_kept():
    pdf = "https://thuvien.example.vn/bitstream/1/tai-lieu.pdf"
    long_pdf = "https://thuvien.example.vn/bitstream/" + "a" * 1_000 + ".pdf"
    mapped = from_values(record(identifier=[(long_pdf, ""), (pdf, "")]))
    assert [f.url for f in mapped.files] == [pdf] and mapped.metadata == []
    [note] = mapped.notes
    assert note.dropped and "PDF link of 1,041 characters" in note.text


def test_the_date_and_language_columns_are_cut_to_their_size():
    mapped = from_values(
        record(
            date=[("ngày 2 tháng 3 năm 2015 (tái bản)", "")],
            language=[("Tiếng Việt và tiếng Anh", "")],
        )
    )
    assert mapped.date == "ngày 2 tháng 3 năm 2015 (tái…"
    assert mapped.language == "Tiếng Việt và…"
    assert len(mapped.notes) == 2


def test_language_tags_are_checked_and_given_in_their_usual_case():
    mapped = from_values(
        record(
            title=[("Shrimp farming", "EN-us")],
            creator=[("Lê Thị Hoa", 'vi" onmouseover=')],
            subject=[("Thủy sản", "vi_VN")],
        )
    )
    assert mapped.title_lang == "en-US"
    assert [m["value"]["lang"] for m in mapped.metadata] == ["", "vi-VN"]
    [note] = mapped.notes
    assert note.dropped and "xml:lang 'vi\" onmouseover=' of a dc:creator" in note.text


def test_a_record_within_every_limit_leaves_no_note():
    mapped = from_values(record(creator=[("Lê Thị Hoa", "")], description=[("Tóm tắt.", "vi")]))
    assert mapped.notes == []


def test_double_encoded_utf8_is_repaired_with_a_note():
    broken = "Nghiên cứu ảnh hưởng của độ mặn".encode().decode("cp1252", errors="strict")
    creator = "Lê Thị Hồng".encode().decode("latin-1")
    mapped = from_values(record(title=[(broken, "vi")], creator=[(creator, "")]))
    assert mapped.title == "Nghiên cứu ảnh hưởng của độ mặn"
    assert mapped.metadata[0]["value"]["value"] == "Lê Thị Hồng"
    assert [note.repaired for note in mapped.notes] == [True, True]
    assert "double-encoded UTF-8 ('NghiÃªn cá»©u" in mapped.notes[0].text


def test_correct_text_is_never_repaired():
    # Vietnamese and English as the demo library has them (titles, abstracts, full text),
    # and the letters the repair looks for where they belong.
    from library.demo.generator import make_record

    texts = ["cô… “Ô–Ư”", "Ánh — ½ ©2020", "GIẢI PHÁP Ã", "naïve café ñ"]
    for index in range(300):
        demo = make_record(2026, index)
        texts += [demo.title, demo.abstract, demo.fulltext[:2000]]
        texts += [m["value"]["value"] for m in demo.metadata]
    assert [t for t in texts if dublin_core.repaired(t) != t] == []
