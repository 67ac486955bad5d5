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
