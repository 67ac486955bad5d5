"""A small library whose documents differ in exactly the ways the search behaviour tests ask."""

from library.dublin_core import dc_value
from library.models import DocumentText
from library.tests.factories import make_collection, make_document, make_source
from search import indexing

FILLER = " ".join(["Nội dung tham khảo chung của tài liệu."] * 12)


def doc(
    title,
    *,
    text="",
    authors=("Nguyễn Văn An",),
    subjects=("Nông nghiệp",),
    description=None,
    **fields,
):
    metadata = [dc_value("creator", a) for a in authors]
    metadata += [dc_value("subject", s, "vi") for s in subjects]
    metadata.append(dc_value("description", description or f"Giới thiệu: {title}.", "vi"))
    document = make_document(title=title, metadata=metadata, **fields)
    DocumentText.objects.create(document=document, text=f"{text} {FILLER}", status="ok")
    return document


def build() -> dict:
    can_tho = make_source(name="Thư viện Cần Thơ", slug="cantho", province="Cần Thơ")
    an_giang = make_source(name="Thư viện An Giang", slug="angiang", province="An Giang")
    make_collection(name="Thủy sản", slug="thuy-san")
    # One document a row or two, so the corpus reads as a table (the formatter would give each
    # call five lines or more).
    docs = {
        "khoa_hoc": doc("Phát triển khoa học biển", text="Nghiên cứu khoa học về biển Cà Mau.",
                        source=can_tho, date="2012", doc_type="article"),
        "scattered": doc("Khoa đào tạo và việc học", text="Khoa nông học mở lớp; sinh viên học.",
                         source=an_giang, date="2014", doc_type="report"),
        "ban_grave": doc("Thiết kế bàn ghế học đường", source=can_tho, date="2001",
                         subjects=("Giáo dục",)),
        "ban_plain": doc("Ban chỉ đạo phòng chống thiên tai", source=an_giang, date="2003",
                         subjects=("Môi trường",)),
        "ban_acute": doc("Bán lẻ nông sản tại chợ nổi", source=an_giang, date="2005",
                         subjects=("Kinh tế",)),
        "thuy_old": doc("Nuôi trồng thuỷ sản nước lợ", source=can_tho, date="2018",
                        subjects=("Thuỷ sản",), doc_type="project"),
        "thuy_new": doc("Quản lý thủy lợi nội đồng", source=can_tho, date="2019",
                        subjects=("Thủy sản",), authors=("Trần Thị Hoà",)),
        "hoa_old": doc("Hoà giải tranh chấp đất đai", source=an_giang, date="1995",
                       subjects=("Xã hội",), authors=("Lê Văn Đông",)),
        "dong_bang": doc("Đồng bằng sông Cửu Long thích ứng", text="Đồng bằng chịu xâm nhập mặn.",
                         source=can_tho, date="2021", language="vi"),
        "tom_lua": doc("Mô hình tôm lúa luân canh", source=an_giang, date="2016",
                       subjects=("Thủy sản", "Nông nghiệp")),
        "tom_only": doc("Nuôi tôm sú thâm canh", source=can_tho, date="2017",
                        subjects=("Thủy sản",)),
        "english": doc("Salinity intrusion in the Mekong Delta", source=can_tho, date="2020",
                       language="en", title_lang="en", subjects=("Môi trường",)),
        "markup": doc("Tác động <script>alert(1)</script> & <b>mặn</b>", source=an_giang,
                      date="2010", authors=("<i>Lê</i> & Co",),
                      subjects=("Nông nghiệp", "<u>Mặn</u>")),
    }  # fmt: skip
    indexing.rebuild()
    return docs
