"""A document's Dublin Core record, from its columns and its raw StreamField values.

A Document keeps its title, date, type and main language in columns (they are listed, filtered
and sorted on); every other value, repeatable and with an optional language tag, is one block in
its `metadata` StreamField (library.blocks edits them). `Document.dublin_core()` merges both into
the exported record. No Django in here: the harvester and the indexer read the raw JSON.

Language tags are exported as xml:lang, which OAI-PMH's schemas hold to xs:language: a stored
tag that is not one (kept from before the harvester checked them, or written past the admin's
validator) is left out of the record, and the others are given in their usual case.
"""

import json
from typing import Any

from .vocabulary import DC_ELEMENTS, language_tag


def record(
    *,
    title: str,
    title_lang: str,
    date: str,
    type_label: str,
    language: str,
    metadata: list[dict[str, Any]],
) -> dict[str, list[tuple[str, str]]]:
    """All fifteen elements as {element: [(value, lang), ...]}, in the exported order.

    `metadata` is the raw StreamField data: [{"type": element, "value": {"value", "lang"}}].
    """
    dc: dict[str, list[tuple[str, str]]] = {name: [] for name in DC_ELEMENTS}
    dc["title"].append((title, _lang(title_lang)))
    if date:
        dc["date"].append((date, ""))
    dc["type"].append((type_label, "vi"))
    dc["language"].append((language, ""))
    for item in metadata:
        value = item["value"]
        dc[item["type"]].append((value["value"], _lang(value.get("lang") or "")))
    return dc


def _lang(tag: str) -> str:
    return (language_tag(tag) or "") if tag else ""


def values_by_element(metadata_json: str | None) -> dict[str, list[str]]:
    """The raw StreamField JSON as {element: [value, ...]}, languages left out."""
    values: dict[str, list[str]] = {}
    for item in json.loads(metadata_json) if metadata_json else []:
        values.setdefault(item["type"], []).append(item["value"]["value"])
    return values


def dc_value(element: str, value: str, lang: str = "") -> dict[str, Any]:
    """One raw StreamField item, as seed_demo and the harvester write them."""
    return {"type": element, "value": {"value": value, "lang": lang}}
