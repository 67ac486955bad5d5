"""Reading MODS records of other libraries (DSpace-style) into the library's Dublin Core."""

import pytest
from lxml import etree

from harvest.mappings.mods import from_mods

RECORD = """<mods xmlns="http://www.loc.gov/mods/v3" xmlns:xlink="http://www.w3.org/1999/xlink">
  <titleInfo xml:lang="vi"><title>Thủy sản Bạc Liêu</title>
    <subTitle>hiện trạng</subTitle></titleInfo>
  <titleInfo type="translated" xml:lang="en"><title>Bac Lieu fisheries</title></titleInfo>
  <name type="personal"><namePart>Lê</namePart><namePart>Văn A</namePart>
    <role><roleTerm type="code" authority="marcrelator">aut</roleTerm></role></name>
  <name type="personal"><namePart>Trần Thị B</namePart>
    <role><roleTerm type="text">advisor</roleTerm></role></name>
  <genre>Luận án tiến sĩ</genre>
  <originInfo><dateIssued>2021-06</dateIssued><dateCreated>2020</dateCreated></originInfo>
  <language><languageTerm type="code" authority="iso639-2b">vie</languageTerm></language>
  <subject><topic xml:lang="vi">tôm sú</topic><temporal>2015-2020</temporal></subject>
  <identifier type="uri">http://hdl.handle.net/123/45</identifier>
  <location>
    <url access="object in context">https://kho.example.edu.vn/handle/123/45</url>
    <url access="raw object">https://kho.example.edu.vn/retrieve/9876</url>
  </location>
</mods>"""


def test_a_dspace_style_record_maps_and_names_its_full_text():
    mapped = from_mods(etree.fromstring(RECORD))
    assert (mapped.title, mapped.title_lang) == ("Thủy sản Bạc Liêu: hiện trạng", "vi")
    assert (mapped.date, mapped.doc_type, mapped.language) == ("2021-06", "doctoral-thesis", "vi")
    # The raw object is the full text though its address does not look like a PDF's.
    assert [f.url for f in mapped.files] == ["https://kho.example.edu.vn/retrieve/9876"]
    values = {(m["type"], m["value"]["value"]) for m in mapped.metadata}
    assert ("creator", "Lê Văn A") in values and ("contributor", "Trần Thị B") in values
    assert ("title", "Bac Lieu fisheries") in values
    assert {("subject", "tôm sú"), ("coverage", "2015-2020")} <= values
    assert ("identifier", "https://kho.example.edu.vn/handle/123/45") in values
    assert ("identifier", "http://hdl.handle.net/123/45") in values


def test_a_record_in_another_format_or_without_a_title_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="expected a MODS record"):
        from_mods(etree.fromstring('<dc xmlns="http://purl.org/dc/elements/1.1/"/>'))
    with pytest.raises(ValueError, match="no title"):
        from_mods(
            etree.fromstring('<mods xmlns="http://www.loc.gov/mods/v3"><genre>x</genre></mods>')
        )
