"""DSpace's METS package (metadataPrefix mets, its mets.xsl): the MODS in the dmdSec, read as
harvest.mappings.mods reads any MODS, and the files of the ORIGINAL fileGrp, each with the
MIME type, size and checksum METS gives it and the name its PREMIS object gives. The TEXT
fileGrp beside it holds the text DSpace extracted, not the work. Pure Python on lxml."""

from lxml import etree

from library.vocabulary import METS, MODS, PREMIS, XLINK

from .dublin_core import (
    FileLink,
    LibraryRecord,
    file_link,
    from_values,
    is_pdf_type,
    is_web_link,
    number,
)
from .mods import read_mods

NS = {"m": METS, "mods": MODS, "p": PREMIS}
HREF = f"{{{XLINK}}}href"


def from_mets(record: etree._Element) -> LibraryRecord:
    """The record's values and its ORIGINAL PDFs; raises ValueError when it is not METS, wraps
    no MODS, or has no title."""
    if record.tag != f"{{{METS}}}mets":
        raise ValueError(f"expected a METS record, found <{etree.QName(record).localname}>")
    mods = record.find("m:dmdSec/m:mdWrap/m:xmlData/mods:mods", NS)
    if mods is None:
        raise ValueError("a METS record without MODS in its dmdSec")
    values, links = read_mods(mods)
    return from_values(values, original_pdfs(record) + links)


def original_pdfs(record: etree._Element) -> list[FileLink]:
    """The PDFs of the ORIGINAL fileGrp in SEQ order."""
    names = {
        amd.get("ID"): amd.findtext(".//p:originalName", "", NS)
        for amd in record.iterfind("m:amdSec", NS)
    }
    files = [
        file
        for file in record.iterfind("m:fileSec/m:fileGrp[@USE='ORIGINAL']/m:file", NS)
        if is_pdf_type(file.get("MIMETYPE", "")) and is_web_link(_href(file))
    ]
    files.sort(key=lambda file: number(file.get("SEQ", "")) or 0)
    return [
        file_link(
            _href(file),
            file.get("MIMETYPE", ""),
            file.get("SIZE", ""),
            next(filter(None, map(names.get, file.get("ADMID", "").split())), ""),
            file.get("CHECKSUMTYPE", ""),
            file.get("CHECKSUM", ""),
        )
        for file in files
    ]


def _href(file: etree._Element) -> str:
    location = file.find("m:FLocat", NS)
    return "" if location is None else location.get(HREF, "").strip()
