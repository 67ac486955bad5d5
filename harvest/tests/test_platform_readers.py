"""What the readers make of what DSpace 7/8, OJS 3, Koha and EPrints 3 send, held to the table
of samples/platforms/README.md ("What a correct harvester must find"): per record the title,
the authors as stored, the year, and the full-text files, main text first. Pure: no database,
nothing fetched; the pages a reader names are counted, not followed."""

import copy
from pathlib import Path
from typing import NamedTuple

import pytest
from lxml import etree

from harvest import mappings
from harvest.mappings import READERS
from harvest.mappings.dublin_core import LibraryRecord
from harvest.oai import parse
from harvest.oai.parse import list_page
from library.models import year_of
from library.vocabulary import ATOM, DC, DCTERMS, MARC21, METS, XOAI

SAMPLES = Path(__file__).parent / "samples" / "platforms"


class Expected(NamedTuple):
    title: str
    creators: list[str]
    year: int | None
    doc_type: str = "article"
    contributors: tuple[str, ...] = ()


def read(sample: str, prefix: str) -> dict[str, LibraryRecord]:
    """The live records of a saved ListRecords page, by OAI identifier, as `prefix`'s reader
    maps them."""
    return {
        identifier: READERS[prefix][1](metadata) for identifier, metadata in records(sample).items()
    }


def records(sample: str) -> dict[str, etree._Element]:
    page = list_page((SAMPLES / sample).read_bytes(), "ListRecords")
    return {r.identifier: r.metadata for r in page.records if r.metadata is not None}


def values(mapped: LibraryRecord, element: str) -> list[str]:
    return [m["value"]["value"] for m in mapped.metadata if m["type"] == element]


def urls(mapped: LibraryRecord) -> list[str]:
    return [f.url for f in mapped.files]


def assert_expected(mapped: dict[str, LibraryRecord], expected: dict[str, Expected]) -> None:
    assert set(mapped) == set(expected)
    for identifier, record in mapped.items():
        want = expected[identifier]
        assert record.title == want.title, identifier
        assert values(record, "creator") == want.creators, identifier
        assert year_of(record.date) == want.year, identifier
        assert record.doc_type == want.doc_type, identifier


# DSpace 7.6 (kho.ctu.edu.vn): the same four items in every format
DSPACE_ID = "oai:kho.ctu.edu.vn:123456789/"
BITSTREAM = "https://kho.ctu.edu.vn/bitstreams/{}/download"
HANDLE = "https://kho.ctu.edu.vn/handle/123456789/{}"
DSPACE = {
    f"{DSPACE_ID}8475": Expected(
        "Hiện trạng nuôi tôm càng xanh (Macrobrachium rosenbergii) trong ruộng lúa ở tỉnh An Giang",
        ["Huỳnh Thanh Tùng", "Đặng Thị Ngọc Hân"],
        2019,
    ),
    f"{DSPACE_ID}8512": Expected(
        "Ảnh hưởng của xâm nhập mặn đến năng suất lúa vụ Đông Xuân tại tỉnh Sóc Trăng",
        ["Nguyễn Văn Nam", "Trần Thị Thu Hà", "Lê Hoàng Phúc"],
        2021,
    ),
    f"{DSPACE_ID}8530": Expected(
        "Đánh giá hiệu quả mô hình tôm – lúa ở huyện Thới Bình, tỉnh Cà Mau",
        ["Phạm Minh Khoa"],
        2020,
        "master-thesis",
        ("Võ Thị Kim Loan",),  # the advisor
    ),
    f"{DSPACE_ID}8544": Expected(
        "Báo cáo tổng kết đề tài: Giải pháp thích ứng với hạn mặn cho vùng ven biển An Giang "
        "– Kiên Giang",
        ["Viện Nghiên cứu Biến đổi khí hậu"],
        2019,
        "report",
    ),
}
DSPACE_FILES = {
    f"{DSPACE_ID}8475": [BITSTREAM.format("e866a573-8956-4760-855d-6981006e19e1")],
    f"{DSPACE_ID}8512": [
        BITSTREAM.format("b2bf9bcf-082b-4f67-939b-6d7fcc9f0725"),  # the article
        BITSTREAM.format("6537238d-30c2-4515-b93a-6f1bed589a38"),  # its appendix
    ],
    f"{DSPACE_ID}8530": [BITSTREAM.format("477b350e-6fe2-4dab-bdd5-15b018c0f9c6")],  # restricted
    f"{DSPACE_ID}8544": [],  # no ORIGINAL bundle
}

# OJS 3.4 (tapchi.agu.edu.vn)
OJS_ID = "oai:tapchi.agu.edu.vn:article/"
ARTICLE = "https://tapchi.agu.edu.vn/index.php/agujs/article/{}"
OJS = {
    f"{OJS_ID}142": Expected(
        "Hiệu quả kinh tế của mô hình luân canh lúa – tôm càng xanh ở huyện Tri Tôn, tỉnh An Giang",
        ["Nguyễn Văn Nam", "Trần Thị Mỹ Tiên", "Lê Hoàng Phúc"],
        2024,
    ),
    f"{OJS_ID}157": Expected(
        "Diễn biến xâm nhập mặn mùa khô 2023–2024 trên sông Hậu đoạn chảy qua An Giang – Cần Thơ",
        ["Phan Thị Thanh Trúc", "Nguyễn Hữu Thiện"],  # written once per locale: stored once
        2024,
    ),
    f"{OJS_ID}163": Expected(
        "Tuyển chọn dòng lúa chịu mặn từ tổ hợp lai OM5451 × Pokkali",
        ["Đỗ Quốc Bảo", "Võ Thị Kim Loan"],
        2024,
    ),
    f"{OJS_ID}171": Expected(
        "Ứng dụng ảnh Sentinel-1 giám sát diện tích lúa vụ Hè Thu tỉnh An Giang",
        ["Huỳnh Minh Tâm"],
        2024,
    ),
}

# Koha (opac.thuvien-camau.vn)
KOHA_ID = "KOHA-OAI-TEST:"
RETRIEVE = "https://opac.thuvien-camau.vn/cgi-bin/koha/opac-retrieve-file.pl?id={}"
KOHA = {
    f"{KOHA_ID}2041": Expected(
        "Kỹ thuật nuôi tôm sú thâm canh vùng ven biển Cà Mau",
        ["Nguyễn Văn Nam"],
        2019,
        "book",
        ("Lê Thị Mai",),  # hiệu đính: the reviser
    ),
    f"{KOHA_ID}2056": Expected(
        "Hiệu quả kinh tế của mô hình luân canh lúa – tôm càng xanh ở huyện Tri Tôn, tỉnh An Giang",
        ["Nguyễn Văn Nam", "Trần Thị Mỹ Tiên", "Lê Hoàng Phúc"],
        2024,  # 264 $c: Koha's oai_dc reads 260 only
    ),
    f"{KOHA_ID}2063": Expected(
        "Sổ tay canh tác lúa thích ứng biến đổi khí hậu vùng Đồng bằng sông Cửu Long",
        ["Trung tâm Khuyến nông Quốc gia"],
        2018,  # "c2018."
        "book",
    ),
    f"{KOHA_ID}2078": Expected(
        "Ảnh hưởng của độ mặn đến tỷ lệ sống của cua biển (Scylla paramamosain) giai đoạn cua "
        "con: luận văn thạc sĩ Nuôi trồng thủy sản",
        ["Phạm Thị Hồng Nhung"],
        2021,
        "master-thesis",
        ("Trương Quốc Phú",),  # người hướng dẫn: the advisor
    ),
    f"{KOHA_ID}2085": Expected(
        "Ảnh hưởng của xâm nhập mặn đến năng suất lúa vụ Đông Xuân tại tỉnh Sóc Trăng",
        ["Nguyễn Văn Nam", "Trần Thị Thu Hà", "Lê Hoàng Phúc"],
        2021,
    ),
}

# EPrints 3.4.7 (eprints.hcmut.example.vn)
EPRINTS_ID = "oai:eprints.hcmut.example.vn:"
EPRINT = "https://eprints.hcmut.example.vn/id/eprint/{}"
EPRINTS = {
    f"{EPRINTS_ID}1342": Expected(
        "Mô phỏng xâm nhập mặn trên hệ thống sông Cổ Chiên bằng mô hình MIKE 11 trong điều kiện "
        "nước biển dâng",
        ["Nguyễn Thị Lan", "Huỳnh Văn Hiệp"],
        2023,
    ),
    f"{EPRINTS_ID}1350": Expected(
        "Đánh giá khả năng chịu mặn của một số giống lúa mùa địa phương tỉnh Bạc Liêu",
        ["Nguyễn Thị Lan"],
        2022,
        "master-thesis",
    ),
    f"{EPRINTS_ID}1361": Expected(
        "Hiện trạng sụt lún đất và xâm nhập mặn ở bán đảo Cà Mau giai đoạn 2015–2023",
        ["Trần Quốc Việt", "Lâm Thị Ngọc"],
        2023,
        "proceedings",
    ),
    f"{EPRINTS_ID}1377": Expected(
        "Tăng trưởng và tỷ lệ sống của tôm thẻ chân trắng nuôi ở độ mặn thấp tại Sóc Trăng",
        ["Võ Minh Trí", "Nguyễn Văn Nam"],
        2022,
    ),
}

# The links that exist but give an anonymous client no PDF (the README's "none (restricted)").
RESTRICTED = {
    BITSTREAM.format("477b350e-6fe2-4dab-bdd5-15b018c0f9c6"),  # DSpace 8530: embargo to 2027
    ARTICLE.format("download/163/345"),  # OJS 163: subscription
    RETRIEVE.format("a91f0e2d7c4b3a5968e1d0c2b4a6f8e0"),  # Koha 2078: not a public upload
    EPRINT.format("1350/1/Lu%E1%BA%ADn_v%C4%83n_Nguy%E1%BB%85n_Th%E1%BB%8B_Lan_2022.pdf"),
}


def test_dspace_oai_dc_dates_are_the_issue_date_not_the_accession():
    mapped = read("dspace7_oai_dc_listrecords.xml", "oai_dc")
    assert_expected(mapped, DSPACE)
    assert [mapped[i].date for i in DSPACE] == ["2019", "2021-06-30", "2020-12", "2019"]
    # the accession and availability timestamps written before dc.date.issued stay, once
    assert values(mapped[f"{DSPACE_ID}8512"], "date") == ["2022-03-14T02:15:40Z"]
    assert values(mapped[f"{DSPACE_ID}8530"], "contributor") == ["Võ Thị Kim Loan"]
    # DSpace's oai_dc names no file, only the handle: a page that may lead to one
    for number, record in zip((8475, 8512, 8530, 8544), mapped.values(), strict=True):
        assert (record.files, record.pages) == ([], [HANDLE.format(number)])


def test_dspace_mods_names_no_file_only_the_handle():
    mapped = read("dspace7_mods_listrecords.xml", "mods")
    assert_expected(mapped, {i: e._replace(contributors=()) for i, e in DSPACE.items()})
    for number, record in zip((8475, 8512, 8530, 8544), mapped.values(), strict=True):
        assert (record.files, record.pages) == ([], [HANDLE.format(number)])


def test_dspace_xoai_names_the_original_pdfs_main_first():
    mapped = read("dspace7_xoai_listrecords.xml", "xoai")
    assert_expected(mapped, DSPACE)
    assert {i: urls(record) for i, record in mapped.items()} == DSPACE_FILES
    main, appendix = mapped[f"{DSPACE_ID}8512"].files
    assert (main.name, main.mime_type, main.size, main.checksum) == (
        "CTU_JVN_2021_57_3_45-56.pdf",
        "application/pdf",
        1_048_576,
        "md5:5f2b8c1d9e3a4b7c6d0e1f2a3b4c5d6e",
    )
    assert (appendix.name, appendix.size) == ("Phu_luc_so_lieu_do_man_2019-2020.pdf", 231_902)
    record = mapped[f"{DSPACE_ID}8475"]
    assert (record.date, values(record, "date")) == ("2019", [])  # no accession date kept
    assert (values(record, "title"), record.title_lang) == (
        [
            "Current status of giant freshwater prawn (Macrobrachium rosenbergii) culture in "
            "rice fields in An Giang province"
        ],
        "vi",
    )
    assert values(mapped[f"{DSPACE_ID}8530"], "contributor") == ["Võ Thị Kim Loan"]
    languages = {(m["type"], m["value"]["lang"]) for m in record.metadata}
    assert ("creator", "") in languages and ("subject", "vi") in languages  # "none": no tag
    assert record.language == "vi"


def test_dspace8_xoai_leaves_out_a_pdf_anonymous_cannot_read_yet():
    mapped = read("dspace8_xoai_listrecords.xml", "xoai")
    assert_expected(mapped, DSPACE)
    assert {i: urls(record) for i, record in mapped.items()} == {
        **DSPACE_FILES,
        f"{DSPACE_ID}8530": [],
    }


def test_dspace8_xoai_puts_the_primary_bitstream_first():
    item = copy.deepcopy(records("dspace8_xoai_listrecords.xml")[f"{DSPACE_ID}8512"])
    for primary in item.iter(f"{{{XOAI}}}field"):
        if primary.get("name") == "primary":  # the appendix becomes the primary bitstream
            primary.text = {"true": "false", "false": "true"}[primary.text or "false"]
    assert urls(READERS["xoai"][1](item))[0] == DSPACE_FILES[f"{DSPACE_ID}8512"][1]


def test_dspace_xoai_date_issued_goes_before_the_other_dates():
    item = copy.deepcopy(records("dspace7_xoai_listrecords.xml")[f"{DSPACE_ID}8475"])
    [date] = item.iterfind("x:element[@name='dc']/x:element[@name='date']", {"x": XOAI})
    [issued] = date.iterfind("x:element[@name='issued']", {"x": XOAI})
    created = copy.deepcopy(issued)
    created.set("name", "created")  # dc.date.created, which DSpace writes before .issued
    created[0][0].text = "2017"
    date.insert(0, created)
    mapped = READERS["xoai"][1](item)
    assert (mapped.date, values(mapped, "date")) == ("2019", ["2017"])


# Edits of a saved record, for what the samples do not show: a PDF outside the ORIGINAL
# bundle (the TEXT bundle's extracted text said to be one), an ORIGINAL file that is not a PDF.
def xoai_text_as_pdf(item: etree._Element) -> None:
    for bundle in item.iter(f"{{{XOAI}}}element"):
        if bundle.findtext(f"{{{XOAI}}}field[@name='name']") == "TEXT":
            for field in bundle.iter(f"{{{XOAI}}}field"):
                if field.get("name") == "format":
                    field.text = "application/pdf"


def mets_text_as_pdf(item: etree._Element) -> None:
    for file in item.iterfind("m:fileSec/m:fileGrp[@USE='TEXT']/m:file", {"m": METS}):
        file.set("MIMETYPE", "application/pdf")


def ore_pdf_in_text_bundle(item: etree._Element) -> None:
    for bundle in item.iter(f"{{{DCTERMS}}}description"):
        bundle.text = "TEXT"


def xoai_appendix_as_spreadsheet(item: etree._Element) -> None:
    for bitstream in item.iter(f"{{{XOAI}}}element"):
        if bitstream.findtext(f"{{{XOAI}}}field[@name='name']", "").startswith("Phu_luc"):
            for field in bitstream.iterfind(f"{{{XOAI}}}field[@name='format']"):
                field.text = SPREADSHEET


def mets_appendix_as_spreadsheet(item: etree._Element) -> None:
    for file in item.iterfind("m:fileSec/m:fileGrp[@USE='ORIGINAL']/m:file[@SEQ='2']", {"m": METS}):
        file.set("MIMETYPE", SPREADSHEET)


def ore_appendix_as_spreadsheet(item: etree._Element) -> None:
    for link in item.iterfind(f"{{{ATOM}}}link[@title]"):
        if link.get("title", "").startswith("Phu_luc"):
            link.set("type", SPREADSHEET)


SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize(
    ("prefix", "sample", "identifier", "edit", "files"),
    [
        ("xoai", "dspace7_xoai_listrecords.xml", "8475", xoai_text_as_pdf, 1),
        ("mets", "dspace7_mets_listrecords.xml", "8475", mets_text_as_pdf, 1),
        ("ore", "dspace7_ore_listrecords.xml", "8475", ore_pdf_in_text_bundle, 0),
        ("xoai", "dspace7_xoai_listrecords.xml", "8512", xoai_appendix_as_spreadsheet, 1),
        ("mets", "dspace7_mets_listrecords.xml", "8512", mets_appendix_as_spreadsheet, 1),
        ("ore", "dspace7_ore_listrecords.xml", "8512", ore_appendix_as_spreadsheet, 1),
    ],
)
def test_the_full_text_is_the_original_bundles_pdfs_only(prefix, sample, identifier, edit, files):
    item = copy.deepcopy(records(sample)[f"{DSPACE_ID}{identifier}"])
    edit(item)
    assert urls(READERS[prefix][1](item)) == DSPACE_FILES[f"{DSPACE_ID}{identifier}"][:files]


def test_dspace_mets_reads_the_mods_and_the_original_file_group():
    mapped = read("dspace7_mets_listrecords.xml", "mets")
    assert_expected(mapped, DSPACE)
    assert {i: urls(record) for i, record in mapped.items()} == DSPACE_FILES  # not USE="TEXT"
    main = mapped[f"{DSPACE_ID}8512"].files[0]
    assert (main.name, main.size, main.checksum) == (
        "CTU_JVN_2021_57_3_45-56.pdf",  # from its PREMIS object
        1_048_576,
        "md5:5f2b8c1d9e3a4b7c6d0e1f2a3b4c5d6e",
    )
    assert values(mapped[f"{DSPACE_ID}8530"], "contributor") == ["Võ Thị Kim Loan"]


def test_dspace_ore_keeps_the_original_pdfs_of_the_aggregation():
    mapped = read("dspace7_ore_listrecords.xml", "ore")
    # ORE says nothing of the date or kind of the work (atom:published is the deposit)
    assert_expected(
        mapped,
        {i: e._replace(year=None, doc_type="article", contributors=()) for i, e in DSPACE.items()},
    )
    assert {i: urls(record) for i, record in mapped.items()} == DSPACE_FILES
    appendix = mapped[f"{DSPACE_ID}8512"].files[1]
    assert (appendix.name, appendix.size) == ("Phu_luc_so_lieu_do_man_2019-2020.pdf", 231_902)
    assert [record.pages for record in mapped.values()] == [
        [HANDLE.format(n)] for n in (8475, 8512, 8530, 8544)
    ]


def test_ojs_pdf_galleys_become_download_links():
    mapped = read("ojs3_oai_dc_listrecords.xml", "oai_dc")
    assert_expected(mapped, OJS)
    assert {i: urls(record) for i, record in mapped.items()} == {
        f"{OJS_ID}142": [ARTICLE.format("download/142/310")],  # not 142/311, an HTML galley
        f"{OJS_ID}157": [ARTICLE.format("download/man-dbscl-2024/330")],  # the urlPath, not 157
        f"{OJS_ID}163": [ARTICLE.format("download/163/345")],  # subscription: the fetch will see
        f"{OJS_ID}171": [],  # no galley
    }
    assert [f.mime_type for f in mapped[f"{OJS_ID}142"].files] == ["application/pdf"]
    assert mapped[f"{OJS_ID}171"].pages == [ARTICLE.format("view/171")]
    assert mapped[f"{OJS_ID}142"].title_lang == "vi"


def test_ojs_galleys_whose_types_cannot_be_paired_are_left_to_their_pages():
    article = copy.deepcopy(records("ojs3_oai_dc_listrecords.xml")[f"{OJS_ID}142"])
    html = next(f for f in article.iter(f"{{{DC}}}format") if f.text == "text/html")
    article.remove(html)  # a galley without a file type: which view is the PDF's is unknown
    mapped = READERS["oai_dc"][1](article)
    assert mapped.files == []
    assert ARTICLE.format("view/142/310") in mapped.pages


def test_eprints_document_urls_are_the_files_and_the_abstract_page_a_page():
    mapped = read("eprints3_oai_dc_listrecords.xml", "oai_dc")
    assert_expected(mapped, EPRINTS)
    assert {i: urls(record) for i, record in mapped.items()} == {
        f"{EPRINTS_ID}1342": [EPRINT.format("1342/1/Nguyen_2023_xam_nhap_man_Co_Chien.pdf")],
        f"{EPRINTS_ID}1350": [
            EPRINT.format("1350/1/Lu%E1%BA%ADn_v%C4%83n_Nguy%E1%BB%85n_Th%E1%BB%8B_Lan_2022.pdf")
        ],
        f"{EPRINTS_ID}1361": [],
        f"{EPRINTS_ID}1377": [EPRINT.format("1377/1/Vo_2022_tom_the_do_man_thap.pdf")],
    }
    spreadsheet = EPRINT.format("1342/2/So_lieu_do_man_Co_Chien_2016_2020.xlsx")
    assert (
        spreadsheet in mapped[f"{EPRINTS_ID}1342"].pages
    )  # a document, not a PDF: judged if fetched
    assert mapped[f"{EPRINTS_ID}1361"].pages == [
        EPRINT.format("1361/"),  # the abstract page
        "https://hoinghi-bdkh.example.vn/ky-yeu-2023/bai-12",  # the official URL
    ]


def test_koha_oai_dc_upload_links_are_pages_judged_by_their_content():
    mapped = read("koha_oai_dc_listrecords.xml", "oai_dc")
    # the title loses its " /"; the names keep their roles, which oai_dc cannot part
    titles = {i: e.title for i, e in KOHA.items()}
    titles[f"{KOHA_ID}2078"] = (
        "Ảnh hưởng của độ mặn đến tỷ lệ sống của cua biển (Scylla paramamosain) giai đoạn cua "
        "con : luận văn thạc sĩ Nuôi trồng thủy sản"  # 245 $a and $b in one, as Koha joins them
    )
    assert {i: record.title for i, record in mapped.items()} == titles
    assert values(mapped[f"{KOHA_ID}2041"], "creator") == [
        "Nguyễn Văn Nam\n    tác giả",
        "Lê Thị Mai\n    hiệu đính",
    ]
    assert [year_of(record.date) for record in mapped.values()] == [2019, None, 2018, 2021, 2021]
    assert all(record.files == [] for record in mapped.values())
    assert {i: record.pages for i, record in mapped.items()} == {
        f"{KOHA_ID}2041": [RETRIEVE.format("6e3b1c9f2a7d4e8b0c5f1a2d3e4b5c6d")],
        f"{KOHA_ID}2056": [ARTICLE.format("view/142")],
        f"{KOHA_ID}2063": [],
        f"{KOHA_ID}2078": [RETRIEVE.format("a91f0e2d7c4b3a5968e1d0c2b4a6f8e0")],
        f"{KOHA_ID}2085": [HANDLE.format(8512)],
    }


@pytest.mark.parametrize("prefix", ["marcxml", "marc21"])
def test_koha_marcxml_keeps_names_apart_from_their_roles(prefix):
    mapped = read("koha_marcxml_listrecords.xml", prefix)
    assert_expected(mapped, KOHA)
    for identifier, record in mapped.items():
        assert values(record, "contributor") == list(KOHA[identifier].contributors)


def test_koha_marcxml_names_the_856_pdfs_and_leaves_landing_pages_as_pages():
    mapped = read("koha_marcxml_listrecords.xml", "marcxml")
    assert {i: urls(record) for i, record in mapped.items()} == {
        f"{KOHA_ID}2041": [RETRIEVE.format("6e3b1c9f2a7d4e8b0c5f1a2d3e4b5c6d")],  # 856 $q PDF
        f"{KOHA_ID}2056": [],
        f"{KOHA_ID}2063": [],
        f"{KOHA_ID}2078": [RETRIEVE.format("a91f0e2d7c4b3a5968e1d0c2b4a6f8e0")],  # not public
        f"{KOHA_ID}2085": [],
    }
    full_text = mapped[f"{KOHA_ID}2041"].files[0]
    assert (full_text.name, full_text.mime_type) == ("Toàn văn (PDF)", "application/pdf")
    assert mapped[f"{KOHA_ID}2056"].pages == [ARTICLE.format("view/142")]  # one hop: OJS's page
    assert mapped[f"{KOHA_ID}2085"].pages == [HANDLE.format(8512)]  # one hop: DSpace's item
    assert values(mapped[f"{KOHA_ID}2056"], "publisher") == ["Trường Đại học An Giang"]  # 264
    assert values(mapped[f"{KOHA_ID}2063"], "coverage") == ["Đồng bằng sông Cửu Long"]  # 651
    assert values(mapped[f"{KOHA_ID}2085"], "identifier")[0] == "10.5555/ctu.jvn.2021.087"  # 024


def test_koha_marcxml_year_is_the_008s_without_a_260_or_264():
    record = copy.deepcopy(records("koha_marcxml_listrecords.xml")[f"{KOHA_ID}2056"])
    for field in record.iterfind(f"{{{MARC21}}}datafield[@tag='264']"):
        record.remove(field)
    assert READERS["marcxml"][1](record).date == "2024"  # 008/07-10


# platform × format: records read, files the reader names (by URL), and of those the public
# PDFs; the README's summary counts the public PDFs in each file the same way.
MATRIX = [
    ("DSpace 7.6", "oai_dc", "dspace7_oai_dc_listrecords.xml", 4, 0, 0),
    ("DSpace 7.6", "mods", "dspace7_mods_listrecords.xml", 4, 0, 0),
    ("DSpace 7.6", "ore", "dspace7_ore_listrecords.xml", 4, 4, 3),
    ("DSpace 7.6", "mets", "dspace7_mets_listrecords.xml", 4, 4, 3),
    ("DSpace 7.6", "xoai", "dspace7_xoai_listrecords.xml", 4, 4, 3),
    ("DSpace 8", "xoai", "dspace8_xoai_listrecords.xml", 4, 3, 3),
    ("OJS 3.4", "oai_dc", "ojs3_oai_dc_listrecords.xml", 4, 3, 2),
    ("Koha", "oai_dc", "koha_oai_dc_listrecords.xml", 5, 0, 0),
    ("Koha", "marcxml", "koha_marcxml_listrecords.xml", 5, 2, 1),
    ("EPrints 3.4.7", "oai_dc", "eprints3_oai_dc_listrecords.xml", 4, 3, 2),
]


@pytest.mark.parametrize(("platform", "prefix", "sample", "count", "found", "public"), MATRIX)
def test_full_texts_each_reader_finds_per_platform_and_format(
    platform, prefix, sample, count, found, public
):
    mapped = read(sample, prefix)
    links = [url for record in mapped.values() for url in urls(record)]
    assert (len(mapped), len(links), len(set(links) - RESTRICTED)) == (count, found, public)


@pytest.mark.parametrize(
    ("platform", "offered", "chosen"),
    [
        ("dspace7", ["oai_dc", "mods", "ore", "mets", "xoai"], "xoai"),
        ("koha", ["oai_dc", "marcxml"], "marcxml"),
        ("ojs3", ["oai_dc"], "oai_dc"),
        ("eprints3", ["oai_dc"], "oai_dc"),
    ],
)
def test_auto_chooses_the_format_that_names_the_most_files_best_first_on_a_tie(
    platform, offered, chosen
):
    samples = {}
    for prefix in mappings.candidates(offered):
        path = SAMPLES / f"{platform}_{prefix}_listrecords.xml"
        page = parse.list_page(path.read_bytes(), "ListRecords")
        samples[prefix] = [r.metadata for r in page.records if r.metadata is not None]
    scores = {prefix: mappings.score(prefix, records) for prefix, records in samples.items()}
    assert mappings.best_format(scores) == chosen


def test_a_format_that_reads_nothing_loses_to_dublin_core():
    # EPrints' METS is not DSpace's: read as DSpace's, it reads nothing
    eprints = parse.list_page(
        (SAMPLES / "eprints3_oai_dc_listrecords.xml").read_bytes(), "ListRecords"
    )
    dublin_core = [r.metadata for r in eprints.records if r.metadata is not None]
    not_mets = [etree.fromstring('<mets xmlns="http://www.loc.gov/METS/"/>')]
    assert mappings.score("mets", not_mets) == (0, 0)
    scores = {
        "mets": mappings.score("mets", not_mets),
        "oai_dc": mappings.score("oai_dc", dublin_core),
    }
    assert mappings.best_format(scores) == "oai_dc"
