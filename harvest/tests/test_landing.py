"""The full-text links on the landing pages partner repositories really serve (saved pages in
samples/platforms, written from each platform's templates)."""

from pathlib import Path

from harvest.fulltext.landing import pdf_links, signposted

PLATFORMS = Path(__file__).parent / "samples" / "platforms"


def link_headers(name: str) -> list[str]:
    lines = (PLATFORMS / name).read_text(encoding="utf-8").splitlines()
    return [line.split(":", 1)[1] for line in lines if line.startswith("Link:")]


def test_a_dspace_item_page_signposts_every_original_pdf_before_its_citation_pdf_url():
    links = pdf_links(
        "https://kho.ctu.edu.vn/handle/123456789/8512",
        link_headers("dspace7_item_signposting_headers.txt"),
        (PLATFORMS / "dspace7_item_page.html").read_bytes(),
    )
    assert links == [
        "https://kho.ctu.edu.vn/bitstreams/b2bf9bcf-082b-4f67-939b-6d7fcc9f0725/download",
        "https://kho.ctu.edu.vn/bitstreams/6537238d-30c2-4515-b93a-6f1bed589a38/download",
    ]


def test_only_rel_item_links_of_a_pdf_type_are_full_text():
    headers = [
        '<https://kho.vn/handle/1> ; rel="cite-as" , <https://kho.vn/x.xml> ; rel="describedby" ;'
        ' type="application/vnd.datacite.datacite+xml" , <https://kho.vn/a/download> ; rel="item"'
        ' ; type="application/pdf" , <https://kho.vn/b.jpg> ; rel="item" ; type="image/jpeg" ,'
        ' </relative/c> ; rel="item"'
    ]
    assert signposted("https://kho.vn/handle/1", headers) == [
        "https://kho.vn/a/download",
        "https://kho.vn/relative/c",  # no type given: the fetch will judge it by content
    ]


def test_an_eprints_abstract_page_gives_its_documents_citation_pdf_urls():
    links = pdf_links(
        "https://eprints.hcmut.example.vn/1342/",
        [],
        (PLATFORMS / "eprints3_abstract_page.html").read_bytes(),
    )
    assert links[0] == (
        "https://eprints.hcmut.example.vn/id/eprint/1342/1/Nguyen_2023_xam_nhap_man_Co_Chien.pdf"
    )  # the .xlsx after it is refused by its content when fetched


def test_an_ojs_article_page_names_its_pdf_galley_and_the_galley_viewer_names_nothing():
    article = (PLATFORMS / "ojs3_article_page.html").read_bytes()
    viewer = (PLATFORMS / "ojs3_galley_view.html").read_bytes()  # filled in by JavaScript
    assert pdf_links("https://tapchi.agu.edu.vn/a", [], article) == [
        "https://tapchi.agu.edu.vn/index.php/agujs/article/download/142/310"
    ]
    assert pdf_links("https://tapchi.agu.edu.vn/a", [], viewer) == []


def test_a_page_that_is_not_html_gives_no_link():
    assert pdf_links("https://kho.vn/", [], b"\x00\x01binary") == []
