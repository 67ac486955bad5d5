"""Full text found the way partner repositories publish it (issue #14): judged by content, not
by address; through a landing page's signposting or citation_pdf_url, one hop; every PDF of a
record kept; and a record without reachable full text ends in a state that says why."""

import pytest

from harvest.models import FulltextTask, HarvestSource
from harvest.testing.fixtures import harvest
from library.demo.pdf import render_pdf
from library.models import DocumentFile, DocumentText

pytestmark = pytest.mark.django_db
MAIN, _ = render_pdf("Xâm nhập mặn Sóc Trăng", ["Nguyễn Văn Nam"], "Độ mặn vụ Đông Xuân. " * 40)
APPENDIX, _ = render_pdf("Phụ lục số liệu", ["Nguyễn Văn Nam"], "Bảng số liệu đo mặn. " * 40)


@pytest.fixture
def partner(provider, source):
    """The provider with full text on; record n's dc:identifier is `link(n, path)`."""
    fake, running = provider
    HarvestSource.objects.filter(pk=source.pk).update(fulltext=True)

    def link(number: int, path: str) -> None:
        fake.items[number - 1].extra = f"<dc:identifier>{running.root}{path}</dc:identifier>"

    return fake, running, link, source


def text_of(number: int) -> DocumentText:
    return DocumentText.objects.get(document__origin_identifier=f"oai:test:{number}")


def page(*metas: str) -> bytes:
    tags = "".join(f'<meta name="citation_pdf_url" content="{m}">' for m in metas)
    return f"<!DOCTYPE html><html><head>{tags}</head><body>Trang tài liệu</body></html>".encode()


def test_a_landing_page_s_signposted_pdfs_are_all_kept_the_first_as_the_main_text(partner):
    fake, running, link, source = partner
    link(1, "/handle/123456789/8512")
    fake.pdfs["/handle/123456789/8512"] = page()
    fake.link_headers["/handle/123456789/8512"] = [
        f'<{running.root}/handle/123456789/8512> ; rel="cite-as" , '
        f'<{running.root}/bitstreams/b2bf/download> ; rel="item" ; type="application/pdf" , '
        f'<{running.root}/bitstreams/6537/download> ; rel="item" ; type="application/pdf"'
    ]
    fake.pdfs["/bitstreams/b2bf/download"] = MAIN  # no .pdf in the address: content decides
    fake.pdfs["/bitstreams/6537/download"] = APPENDIX
    run = harvest(source)
    assert (run.pdfs_fetched, run.pdfs_extracted, run.pdfs_failed) == (2, 2, 0)
    text = text_of(1)
    assert text.status == "ok" and "Độ mặn vụ Đông Xuân" in " ".join(text.text.split())
    files = list(DocumentFile.objects.filter(document=text.document))
    assert [f.original_url.rsplit("/", 2)[1] for f in files] == ["b2bf", "6537"]
    assert text.main_file == files[0] and files[0].text == ""  # the main text is stored once
    assert "Bảng số liệu đo mặn" in " ".join(files[1].text.split())


def test_a_citation_pdf_url_leads_to_the_pdf_and_a_page_without_one_leads_nowhere(partner):
    fake, running, link, source = partner
    link(2, "/article/view/142")
    fake.pdfs["/article/view/142"] = page(f"{running.root}/article/download/142/310")
    fake.pdfs["/article/download/142/310"] = MAIN
    link(3, "/article/view/171")
    fake.pdfs["/article/view/171"] = page()
    harvest(source)
    assert text_of(2).status == "ok"
    three = text_of(3)
    assert (three.status, three.reason) == (
        "none",
        "a page with no link to a full text (no citation_pdf_url, no signposting)",
    )


def test_a_pdf_behind_an_address_without_pdf_in_it_is_read(partner):
    fake, _running, link, source = partner
    link(4, "/cgi-bin/koha/opac-retrieve-file.pl?id=6e3b5c6d")  # Koha's upload tool
    fake.pdfs["/cgi-bin/koha/opac-retrieve-file.pl"] = MAIN
    harvest(source)
    assert text_of(4).status == "ok"


def test_restricted_full_text_is_a_state_tried_again_only_by_a_full_harvest(partner):
    fake, _running, link, source = partner
    link(5, "/bitstreams/dong/download")
    fake.statuses["/bitstreams/dong/download"] = 403
    harvest(source)
    five = text_of(5)
    assert (five.status, five.reason) == ("none", "restricted: restricted (HTTP 403)")
    asked = fake.fetched.count("/bitstreams/dong/download")
    harvest(source)  # incremental: the record is unchanged, the file left alone
    assert fake.fetched.count("/bitstreams/dong/download") == asked
    fake.statuses.pop("/bitstreams/dong/download")
    fake.pdfs["/bitstreams/dong/download"] = MAIN  # opened to the public since
    harvest(source, full=True)
    assert text_of(5).status == "ok"


def test_a_landing_page_robots_txt_forbids_is_not_fetched(partner):
    fake, running, link, source = partner
    link(6, "/handle/123456789/9001")
    fake.pdfs["/robots.txt"] = b"User-agent: *\nDisallow: /handle/\n"
    fake.pdfs["/handle/123456789/9001"] = page(f"{running.root}/pdf/9001.pdf")
    harvest(source)
    assert "/handle/123456789/9001" not in fake.fetched
    six = text_of(6)
    assert (six.status, six.reason) == ("none", "robots.txt asks crawlers to keep off this page")
    assert FulltextTask.objects.get(document=six.document).status == "failed"
