"""The Wagtail blocks that edit a document's repeatable Dublin Core values (library.dublin_core
says how the values are kept)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .vocabulary import DC_ELEMENTS, language_tag

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


def validate_language_tag(value: str) -> None:
    """A language is exported as xml:lang, which the OAI-PMH schemas hold to xs:language."""
    if value and language_tag(value) is None:
        raise ValidationError(
            _("“%(value)s” không phải mã ngôn ngữ BCP 47 (ví dụ vi, en, en-US)."),
            code="invalid",
            params={"value": value},
        )


class DCValueBlock(blocks.StructBlock):
    value = blocks.TextBlock(label=_("Giá trị"))
    lang = blocks.CharBlock(
        required=False,
        max_length=16,
        validators=[validate_language_tag],
        label=_("Ngôn ngữ"),
        help_text=_("Mã ngôn ngữ BCP 47 nếu biết, ví dụ vi, en."),
    )

    class Meta:
        icon = "list-ul"


def metadata_blocks() -> list[tuple[str, DCValueBlock]]:
    return [(name, DCValueBlock(label=LABELS[name])) for name in DC_ELEMENTS]
