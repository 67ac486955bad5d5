"""One behaviour suite, run unchanged against every engine (conftest.py's `engine`)."""

import pytest

from search import indexing, service
from search.related import more_like_this
from search.tests import corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs(engine):
    return corpus.build()


def ids(results) -> list[str]:
    return [hit.id for hit in results.hits]


def found(q: str, **kwargs) -> list[str]:
    return ids(service.search(q, size=50, **kwargs))


def test_a_query_without_diacritics_finds_the_words_with_them(docs):
    assert docs["khoa_hoc"].local_id in found("khoa hoc")
    assert docs["dong_bang"].local_id in found("dong bang")  # đ → d
    assert docs["dong_bang"].local_id in found("ĐỒNG BẰNG")


def test_tone_placement_variants_are_one_word(docs):
    old, new = docs["thuy_old"].local_id, docs["thuy_new"].local_id
    assert old in found("thủy") and new in found("thủy")
    assert old in found("thuỷ") and new in found("thuỷ")
    assert docs["hoa_old"].local_id in found("hòa giải")


def test_the_exact_spelling_ranks_first(docs):
    grave, plain, acute = (docs[k].local_id for k in ("ban_grave", "ban_plain", "ban_acute"))
    with_marks = found("bàn")
    assert with_marks[0] == grave
    assert {plain, acute} <= set(with_marks)
    assert found("ban")[0] == plain
    assert found("bán")[0] == acute


def test_words_side_by_side_outrank_the_same_words_apart(docs):
    results = found("khoa học")
    assert results.index(docs["khoa_hoc"].local_id) < results.index(docs["scattered"].local_id)


def test_a_quoted_phrase_needs_the_words_together(docs):
    assert found('"khoa học"') == [docs["khoa_hoc"].local_id]
    assert found('"khoa hoc"') == [docs["khoa_hoc"].local_id]


def test_words_are_all_required_and_minus_excludes(docs):
    assert set(found("tôm")) == {docs["tom_lua"].local_id, docs["tom_only"].local_id}
    assert found("tôm lúa") == [docs["tom_lua"].local_id]
    assert found("tôm -lúa") == [docs["tom_only"].local_id]


def test_field_prefixes_and_year_ranges(docs):
    assert found("title:biển") == [docs["khoa_hoc"].local_id]
    assert found("author:hoa") == [docs["thuy_new"].local_id]
    assert found('author:"Lê Văn Đông"') == [docs["hoa_old"].local_id]
    assert set(found("subject:thuy san")) >= {docs["tom_only"].local_id}
    in_years = set(found("year:2016-2018"))
    assert in_years == {docs[k].local_id for k in ("thuy_old", "tom_lua", "tom_only")}
    assert docs["khoa_hoc"].local_id in found("khoa source:cantho")
    assert docs["scattered"].local_id not in found("khoa source:cantho")


def test_facets_count_and_filters_combine_with_the_query(docs):
    results = service.search("")
    facets = {f.name: {v.value: v.count for v in f.values} for f in results.facets}
    assert results.total == len(docs)
    assert facets["source"] == {"cantho": 7, "angiang": 6}
    assert facets["language"] == {"vi": 12, "en": 1}
    assert facets["subject"]["Thủy sản"] == 4  # "Thuỷ sản" and "Thủy sản" are one value
    assert facets["type"]["project"] == 1
    assert facets["decade"]["2010"] == 7
    assert facets["year"]["2012"] == 1
    narrowed = service.search("tôm", {"source": ["cantho"]})
    assert ids(narrowed) == [docs["tom_only"].local_id]
    by_decade = service.search("", {"decade": ["1990"]})
    assert ids(by_decade) == [docs["hoa_old"].local_id]
    both = service.search("", {"source": ["angiang"], "year": ["2003", "2005"]})
    assert set(ids(both)) == {docs["ban_plain"].local_id, docs["ban_acute"].local_id}


def test_browsing_counts_every_value_of_a_facet_past_the_search_page_s_few(docs):
    many = [f"Chủ đề {n:02d}" for n in range(25)]  # more than the search page's 20 subjects
    for subject in many:
        corpus.doc(f"Tài liệu về {subject}", subjects=(subject,))
    indexing.rebuild()
    subjects = {v.value: v.count for v in service.browse({"subject": 1000})["subject"].values}
    assert set(many) <= set(subjects) and subjects["Thủy sản"] == 4
    assert len(subjects) == len(many) + 7  # the corpus' own seven subjects
    top = service.browse({"subject": 2})["subject"].values
    assert [(v.value, v.count) for v in top] == [("Nông nghiệp", 5), ("Thủy sản", 4)]
    by_year = service.browse({"year": 1000})
    assert set(by_year) == {"year", "decade"}
    assert {v.value: v.count for v in by_year["decade"].values}["2010"] == 7


def years(sort: str) -> list[int]:
    """The years of every hit, in the order `sort` gives; each document of the corpus has one."""
    hit_years = [h.year for h in service.search("", sort=sort, size=50).hits]
    known = [year for year in hit_years if year is not None]
    assert known == hit_years
    return known


def test_sort_by_newest_and_oldest(docs):
    newest = years("newest")
    oldest = years("oldest")
    assert newest == sorted(newest, reverse=True) and newest[0] == 2021
    assert oldest == sorted(oldest) and oldest[0] == 1995


def test_sort_by_added_lists_the_newest_arrivals_first_whatever_their_year(docs):
    arrivals = sorted(docs.values(), key=lambda d: d.created_at, reverse=True)
    assert ids(service.search("", sort="added", size=50)) == [d.local_id for d in arrivals]


def test_document_ids_are_the_pages_order_within_an_id_range(docs):
    page = ids(service.search("thuy", {"source": ["cantho"]}, sort="added", size=50))
    total, pks = service.document_ids("thuy", {"source": ["cantho"]}, "added", limit=50)
    by_pk = {d.pk: d.local_id for d in docs.values()}
    assert total == len(page) >= 3 and [by_pk[pk] for pk in pks] == page
    low, high = sorted(pks)[1], sorted(pks)[-2]
    assert service.document_ids("thuy", {"source": ["cantho"]}, "added", 50, (low, high)) == (
        len(pks) - 2,
        [pk for pk in pks if low <= pk <= high],
    )


def test_the_page_plan_is_the_plan_the_search_page_asks_the_engine(docs, monkeypatch):
    engine, asked = service.get_engine(), []

    class Recording:
        def search(self, built):
            asked.append(built)
            return engine.search(built)

    monkeypatch.setattr(service, "get_engine", Recording)
    service.search("chăn nuôi -tôm", {"source": ["cantho"], "year": ["x"]})
    assert asked[0] == service.page_plan("chăn nuôi -tôm", {"source": ["cantho"], "year": ["x"]})
    assert asked[0].estimate_facets_above == service.ESTIMATE_FACETS_ABOVE


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest", "added"])
def test_pagination_stays_right_to_the_last_page(docs, sort):
    pages = [service.search("", sort=sort, page=p, size=3) for p in range(1, 7)]
    seen = [i for page in pages for i in ids(page)]
    assert len(seen) == len(set(seen)) == len(docs) == 13
    assert [len(page.hits) for page in pages] == [3, 3, 3, 3, 1, 0]
    assert pages[0].pages == 5 and pages[0].notices == []
    assert pages[-1].notices == ["Trang này vượt quá số kết quả."]


def test_more_like_this_finds_documents_on_the_same_subject(docs):
    related = [h.id for h in more_like_this(docs["tom_only"])]
    # "Nuôi tôm sú thâm canh" is most like the other shrimp and aquaculture documents.
    assert {docs["tom_lua"].local_id, docs["thuy_old"].local_id} <= set(related[:3])
    assert docs["tom_only"].local_id not in related


TOO_LONG = "Câu truy vấn quá dài; chỉ dùng 500 ký tự đầu."
UNCLOSED = "Thiếu dấu ngoặc kép đóng; cụm từ được hiểu đến hết câu."
BAD_YEARS = "Không hiểu khoảng năm “abc”; ví dụ đúng: year:2010-2015."
TOO_MANY = "Chỉ dùng 24 điều kiện đầu tiên."
ONLY_EXCLUSIONS = "Chỉ có điều kiện loại trừ; hãy thêm từ cần tìm."


@pytest.mark.parametrize(
    ("typed", "notices"),
    [
        ('"khoa học', [UNCLOSED]),
        ('" " "', [UNCLOSED]),
        ("- - -", []),
        (":", []),
        ("title:", []),
        ("year:abc", [BAD_YEARS]),
        ("x" * 10_000, [TOO_LONG]),
        ("a\x00b\x1b[31m", []),
        ("((( AND OR NOT *?~^", []),
        ("-tôm", [ONLY_EXCLUSIONS]),
        ('title:""', []),
        ("source:*", []),
        ("\\", []),
        ('"a" ' * 30, [TOO_MANY]),
        ("year:abc " + "b" * 600, [TOO_LONG, BAD_YEARS]),
    ],
)
def test_anything_typed_is_answered_and_what_was_changed_is_said(docs, typed, notices):
    results = service.search(typed)
    assert results.notices == notices
    assert results.hits or results.total == 0


def test_a_query_over_500_characters_is_clipped_and_says_so(docs):
    tom = {docs["tom_lua"].local_id, docs["tom_only"].local_id}
    assert found("tôm lúa") == [docs["tom_lua"].local_id]
    clipped = service.search("tôm" + " " * 600 + "lúa")  # "lúa" lies past the 500th character
    assert clipped.notices == [TOO_LONG]
    assert set(ids(clipped)) == tom  # found by "tôm" alone
    at_the_edge = service.search("tôm" + " " * 494 + "lúa")  # 500 characters: all used
    assert ids(at_the_edge) == [docs["tom_lua"].local_id] and at_the_edge.notices == []


def test_only_the_first_24_conditions_are_used_and_that_is_said(docs):
    results = service.search(" ".join(["tôm"] * 24 + ["lúa"]))
    assert results.notices == [TOO_MANY]
    assert set(ids(results)) == {docs["tom_lua"].local_id, docs["tom_only"].local_id}


def test_matches_are_marked_and_everything_else_escaped(docs):
    hit = service.search("mặn", size=20)
    markup = next(h for h in hit.hits if h.id == docs["markup"].local_id)
    assert "&lt;script&gt;" in markup.title_html and "<script>" not in markup.title_html
    assert "<mark>mặn</mark>" in markup.title_html
    folded = service.search("khoa hoc").hits[0]
    assert "<mark>khoa</mark> <mark>học</mark>" in folded.title_html + folded.snippet_html


def test_saving_and_withdrawing_update_the_index(docs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        fresh = corpus.doc("Cây sầu riêng Cái Mơn", subjects=("Nông nghiệp",))
    assert found("sau rieng") == [fresh.local_id]
    with django_capture_on_commit_callbacks(execute=True):
        fresh.withdraw("trùng lặp")
    assert found("sau rieng") == []


def test_update_catches_up_after_a_crash(docs, engine):
    lost = corpus.doc("Dừa sáp Trà Vinh")  # saved while the indexer was down: no callback ran
    assert found("dua sap") == []
    indexing.update()
    assert found("dua sap") == [lost.local_id]


def test_rebuild_swaps_in_a_complete_index(docs, engine):
    before = engine.count()
    indexing.rebuild()
    assert engine.count() == before == len(docs)


def test_the_words_of_a_record_s_other_pdfs_are_found_too(docs):
    from library.fulltext import record_extraction
    from library.models import DocumentFile

    document = docs["tom_only"]
    appendix = DocumentFile.objects.create(
        document=document, file="pdf/phu-luc.pdf", size=1, sha256="b" * 64, position=100
    )
    record_extraction(appendix, "ok", "Bảng số liệu nhiệt kế Hobo", "", "pypdfium2", 3)
    indexing.index_items("document", [document.pk])
    assert found("nhiet ke hobo") == [document.local_id]
    assert document.local_id in found("tôm sú")  # its own text is still its own


def test_a_subject_too_long_for_a_keyword_is_searched_as_text_and_left_out_of_the_facets(
    engine,
):
    """A harvested subject past Lucene's longest term: Elasticsearch refused the whole document,
    and the index write of every document saved with it, until it was left out of the facets."""
    huge = "Nông nghiệp bền vững " * 2000  # 56,000 UTF-8 bytes
    hostile = corpus.doc("Lúa chịu mặn", subjects=(huge, "Trồng trọt"))
    beside = corpus.doc("Tôm sú Cà Mau")
    indexing.index_items("document", [hostile.pk, beside.pk])  # one write: one bulk request
    assert found("tôm sú") == [beside.local_id]
    assert found("subject:bền vững") == [hostile.local_id]
    subjects = {f.name: f for f in service.search("lúa").facets}["subject"]
    assert [v.value for v in subjects.values] == ["Trồng trọt"]
    indexing.rebuild()
    assert set(found("")) == {hostile.local_id, beside.local_id}


def test_a_book_length_text_is_indexed_beside_others_and_each_of_its_words_found(engine):
    """The full text of a 1,000-page book: Elasticsearch refused its record (20 MB) as too much
    at once, with the documents written beside it, and every index write that held it. Its
    first records.IN_ORDER characters are indexed in order, the rest as its distinct words."""
    pages = "Nuôi tôm thẻ chân trắng trong ao đất vùng ven biển. " * 60_000  # 3.1 M characters
    book = corpus.doc("Sổ tay thủy sản", text=f"{pages} Cá lóc đồng")
    beside = corpus.doc("Lúa chịu mặn")
    indexing.index_items("document", [book.pk, beside.pk])  # one write: one bulk request
    assert found("lúa chịu mặn") == [beside.local_id]
    assert found("tôm thẻ chân trắng") == [book.local_id]
    assert found("ca loc dong") == [book.local_id]  # past the first part, exact or folded
    assert found('"cá lóc đồng"') == []  # side by side only in the first part
