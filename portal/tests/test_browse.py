import re
from html import unescape

import pytest

from library.dublin_core import dc_value
from library.tests.factories import make_document, make_source
from portal.browse import views
from search import indexing

pytestmark = pytest.mark.django_db


def doc(title, subjects, **fields):
    metadata = [dc_value("creator", "Nguyễn Văn An")]
    metadata += [dc_value("subject", s, "vi") for s in subjects]
    return make_document(title=title, metadata=metadata, **fields)


@pytest.fixture
def library(search_index):
    can_tho = make_source(name="Thư viện Cần Thơ", slug="cantho")
    soc_trang = make_source(name="Thư viện Sóc Trăng", slug="soctrang")
    doc("Đất phèn Hậu Giang", ["Đất phèn", "Nông nghiệp"], source=can_tho, date="2015")
    doc("Tôm càng xanh", ["Ấu trùng tôm", "Nông nghiệp"], source=can_tho, date="2016")
    doc("Chợ nổi", ["an ninh lương thực"], source=soc_trang, date="2009", doc_type="report")
    sun = "Ánh sáng <b>mặt trời</b>"
    doc("In 3D", ["3D", sun], source=soc_trang, date="1998", doc_type="report")
    doc("Ốc bươu vàng", ["Ốc bươu"], source=can_tho, date="2016")
    make_document(title="Tài liệu đã rút", source=can_tho, date="2016").withdraw()
    indexing.rebuild()


def links(html: str) -> dict[str, str]:
    """Each link's text → its address."""
    found = re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', html)
    return {unescape(text): unescape(url) for url, text in found}


def counted(html: str) -> dict[str, int]:
    """Each listed value → the count shown beside it."""
    found = re.findall(r'<li><a href="[^"]+">(.*?)</a> <span class="count">\((\d+)\)', html)
    return {unescape(text): int(count) for text, count in found}


def total(client, url: str) -> int:
    return client.get(url).context["results"].total


def test_sources_types_and_subjects_list_counts_that_the_search_they_link_to_agrees_with(
    client, library
):
    for page, expected in [
        ("/duyet/nguon/", {"Thư viện Cần Thơ": 3, "Thư viện Sóc Trăng": 2}),
        ("/duyet/loai/", {"Bài báo khoa học": 3, "Báo cáo": 2}),
        ("/duyet/chu-de/", {"Nông nghiệp": 2, "Đất phèn": 1, "Ánh sáng <b>mặt trời</b>": 1}),
    ]:
        html = client.get(page).content.decode()
        shown = counted(html)
        assert expected.items() <= shown.items(), page  # the withdrawn one is counted nowhere
        for label, count in shown.items():
            assert total(client, links(html)[label]) == count, (page, label)
    assert links(client.get("/duyet/nguon/").content.decode())["Thư viện Cần Thơ"] == (
        "/search/?source=cantho"
    )


def test_years_go_decade_then_year_and_each_links_to_its_search(client, library):
    decades = client.get("/duyet/nam/").content.decode()
    assert counted(decades) == {"2010–2019": 3, "2000–2009": 1, "1990–1999": 1}
    assert links(decades)["2010–2019"] == "/duyet/nam/2010/"
    years = client.get("/duyet/nam/2010/").content.decode()
    assert counted(years) == {"2015": 1, "2016": 2}
    assert total(client, links(years)["2016"]) == 2
    assert total(client, links(years)["Mọi tài liệu của thập niên"]) == 3


def test_subjects_are_filed_by_first_letter_without_marks(client, library):
    html = client.get("/duyet/chu-de/").content.decode()
    letters = re.findall(r'<a href="/duyet/chu-de/([^/]+)/"', html)
    assert letters == ["a", "d", "n", "o", "khac"]
    assert set(counted(client.get("/duyet/chu-de/a/").content.decode())) == {
        "an ninh lương thực",
        "Ánh sáng <b>mặt trời</b>",
        "Ấu trùng tôm",
    }
    assert set(counted(client.get("/duyet/chu-de/d/").content.decode())) == {"Đất phèn"}
    assert set(counted(client.get("/duyet/chu-de/khac/").content.decode())) == {"3D"}


def test_a_letter_s_subjects_come_a_page_at_a_time(client, library, monkeypatch):
    monkeypatch.setattr(views, "SUBJECTS_PER_PAGE", 2)
    first = client.get("/duyet/chu-de/a/").content.decode()
    assert list(counted(first)) == ["an ninh lương thực", "Ánh sáng <b>mặt trời</b>"]
    assert 'rel="next" href="?page=2"' in first
    assert list(counted(client.get("/duyet/chu-de/a/", {"page": "2"}).content.decode())) == [
        "Ấu trùng tôm"
    ]
    for nonsense, shown in [("abc", 1), ("999999999999999999999", 2), ("-1", 2)]:
        page = client.get("/duyet/chu-de/a/", {"page": nonsense})
        assert page.status_code == 200 and page.context["page"].number == shown


def test_the_subject_page_shows_only_the_most_frequent_and_every_letter(
    client, library, monkeypatch
):
    monkeypatch.setattr(views, "TOP_SUBJECTS", 1)
    html = client.get("/duyet/chu-de/").content.decode()
    assert counted(html) == {"Nông nghiệp": 2}
    assert "/duyet/chu-de/khac/" in html


def test_harvested_values_are_escaped(client, library):
    html = client.get("/duyet/chu-de/a/").content.decode()
    assert "Ánh sáng &lt;b&gt;mặt trời&lt;/b&gt;" in html and "<b>mặt trời</b>" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/duyet/chu-de/zz/",
        "/duyet/chu-de/%00/",
        "/duyet/chu-de/" + "a" * 5000 + "/",
        "/duyet/nam/2015/",
        "/duyet/nam/1970/",  # a decade without documents
        "/duyet/nam/" + "9" * 40 + "/",
    ],
)
def test_nonsense_addresses_are_404(client, library, url):
    assert client.get(url).status_code == 404


def test_browsing_is_linked_from_the_home_page_and_every_page(client, library):
    home = links(client.get("/").content.decode())
    assert home["theo nguồn dữ liệu"] == "/duyet/nguon/"
    assert home["theo chủ đề"] == "/duyet/chu-de/"
    assert home["theo loại tài liệu"] == "/duyet/loai/"
    assert home["theo năm"] == "/duyet/nam/"
    assert links(client.get("/search/").content.decode())["Duyệt tài liệu"] == "/duyet/"
    index = client.get("/duyet/").content.decode()
    assert {"Thư viện Cần Thơ", "Báo cáo", "2010–2019", "Nông nghiệp"} <= set(counted(index))
