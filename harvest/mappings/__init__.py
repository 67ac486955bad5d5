"""Harvested records → the library's Dublin Core: one reader per metadataPrefix the harvester
accepts. Pure Python on lxml, no Django."""

from collections.abc import Callable

from lxml import etree

from .dublin_core import LibraryRecord, from_oai_dc
from .mods import from_mods

Reader = Callable[[etree._Element], LibraryRecord]

# metadataPrefix → (what the admin calls it, its reader)
READERS: dict[str, tuple[str, Reader]] = {
    "oai_dc": ("Dublin Core (oai_dc)", from_oai_dc),
    "mods": ("MODS 3 (mods): có liên kết PDF", from_mods),
}

AUTO = "auto"  # a source's format: the richest its provider offers (see PREFERENCE)
# What a source set to AUTO harvests, best first, among what its provider offers and this
# harvester reads: DSpace's raw item (xoai: every field and file), METS (MODS and its files),
# MARC (Koha: names apart from their roles), MODS, ORE (files, little else), Dublin Core.
PREFERENCE = ("xoai", "mets", "marcxml", "marc21", "mods", "ore", "oai_dc")


def richest(offered: list[str]) -> str:
    """The format to harvest among those a provider offers: oai_dc, which every provider must
    offer, when none of the others is there."""
    return next((p for p in PREFERENCE if p in offered and p in READERS), "oai_dc")
