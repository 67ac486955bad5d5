"""The fifteen Dublin Core elements, and the blocks that edit the repeatable ones.

A Document keeps its title, date, type and main language in columns (they are listed, filtered
and sorted on); every other value, repeatable and with an optional language tag, is one block in
its `metadata` StreamField. `Document.dublin_core()` merges both into the exported record.
"""

import json

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

ELEMENTS = (
    "title",
    "creator",
    "subject",
    "description",
    "publisher",
    "contributor",
    "date",
    "type",
    "format",
    "identifier",
    "source",
    "language",
    "relation",
    "coverage",
    "rights",
)

LABELS = {
    "title": _("Nhan đề khác"),
    "creator": _("Tác giả"),
    "subject": _("Chủ đề"),
    "description": _("Tóm tắt / mô tả"),
    "publisher": _("Nhà xuất bản"),
    "contributor": _("Người đóng góp"),
    "date": _("Ngày khác"),
    "type": _("Loại hình khác"),
    "format": _("Định dạng"),
    "identifier": _("Định danh (URL, DOI, ISBN)"),
    "source": _("Nguồn gốc"),
    "language": _("Ngôn ngữ khác"),
    "relation": _("Liên kết"),
    "coverage": _("Phạm vi (địa lý, thời gian)"),
    "rights": _("Bản quyền"),
}


class DCValueBlock(blocks.StructBlock):
    value = blocks.TextBlock(label=_("Giá trị"))
    lang = blocks.CharBlock(
        required=False,
        max_length=16,
        label=_("Ngôn ngữ"),
        help_text=_("Mã ngôn ngữ BCP 47 nếu biết, ví dụ vi, en."),
    )

    class Meta:
        icon = "list-ul"


def metadata_blocks() -> list[tuple[str, DCValueBlock]]:
    return [(name, DCValueBlock(label=LABELS[name])) for name in ELEMENTS]


def record(
    *, title: str, title_lang: str, date: str, type_label: str, language: str, metadata: list
) -> dict[str, list[tuple[str, str]]]:
    """All fifteen elements as {element: [(value, lang), ...]}, in the exported order.

    `metadata` is the raw StreamField data: [{"type": element, "value": {"value", "lang"}}].
    """
    dc: dict[str, list[tuple[str, str]]] = {name: [] for name in ELEMENTS}
    dc["title"].append((title, title_lang))
    if date:
        dc["date"].append((date, ""))
    dc["type"].append((type_label, "vi"))
    dc["language"].append((language, ""))
    for item in metadata:
        value = item["value"]
        dc[item["type"]].append((value["value"], value.get("lang") or ""))
    return dc


def values_by_element(metadata_json: str | None) -> dict[str, list[str]]:
    """The raw StreamField JSON as {element: [value, ...]}, languages left out."""
    values: dict[str, list[str]] = {}
    for item in json.loads(metadata_json) if metadata_json else []:
        values.setdefault(item["type"], []).append(item["value"]["value"])
    return values


def dc_value(element: str, value: str, lang: str = "") -> dict:
    """One raw StreamField item, as seed_demo and the harvester write them."""
    return {"type": element, "value": {"value": value, "lang": lang}}
