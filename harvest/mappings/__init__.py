"""Harvested records → the library's Dublin Core: one reader per metadataPrefix the harvester
accepts. Pure Python on lxml (and pymarc for MARC), no Django."""

from collections.abc import Callable

from lxml import etree

from .dublin_core import LibraryRecord, from_oai_dc
from .marc import from_marcxml
from .mets import from_mets
from .mods import from_mods
from .ore import from_ore
from .xoai import from_xoai

Reader = Callable[[etree._Element], LibraryRecord]

# metadataPrefix → (what the admin calls it, its reader)
READERS: dict[str, tuple[str, Reader]] = {
    "oai_dc": ("Dublin Core (oai_dc)", from_oai_dc),
    "mods": ("MODS 3 (mods): có liên kết PDF", from_mods),
    "xoai": ("DSpace xoai (xoai): đủ siêu dữ liệu và tệp PDF gốc", from_xoai),
    "mets": ("DSpace METS (mets): MODS và tệp PDF gốc", from_mets),
    "ore": ("DSpace ORE Atom (ore): tệp PDF gốc", from_ore),
    "marcxml": ("MARC 21 (marcxml, Koha): tác giả tách khỏi vai trò, liên kết 856", from_marcxml),
    "marc21": ("MARC 21 (marc21): tác giả tách khỏi vai trò, liên kết 856", from_marcxml),
}

AUTO = "auto"  # a source's format: chosen by what its provider offers (see best_format)
# Best first, on a tie: DSpace's raw item (xoai: every field and file), METS (MODS and its
# files), MARC (Koha: names apart from their roles), MODS, ORE (files, little else), Dublin Core.
PREFERENCE = ("xoai", "mets", "marcxml", "marc21", "mods", "ore", "oai_dc")


def candidates(offered: list[str]) -> list[str]:
    """The formats worth trying, among those a provider offers, best first; oai_dc, which
    every provider must offer, always among them."""
    found = [p for p in PREFERENCE if p in offered and p in READERS]
    return found if "oai_dc" in found else [*found, "oai_dc"]


def score(prefix: str, records: list[etree._Element]) -> tuple[int, int]:
    """(records whose files it names, records it reads) of a sample of a format's records: a
    format is as rich as what it finds. The same platform's formats differ: OJS's marcxml names
    only the article page where its oai_dc names the PDF galleys; EPrints' METS is not DSpace's
    and reads nothing."""
    reader = READERS[prefix][1]
    read = with_files = 0
    for record in records:
        try:
            mapped = reader(record)
        except ValueError:
            continue
        read += 1
        with_files += bool(mapped.files)
    return with_files, read


def best_format(scores: dict[str, tuple[int, int]]) -> str:
    """The format whose sample (scored by `score`) names files for the most records, then
    reads the most, then comes first in PREFERENCE."""
    return max(scores, key=lambda p: (*scores[p], -PREFERENCE.index(p)))
