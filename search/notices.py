"""What the query parser changed in a query, worded for the reader."""

from django.utils.translation import gettext as _


def notice(code: str, detail: str) -> str:
    """A query-parser notice (search.query's codes) in the reader's language."""
    texts = {
        "too-long": _("Câu truy vấn quá dài; chỉ dùng %(detail)s ký tự đầu."),
        "unclosed-quote": _("Thiếu dấu ngoặc kép đóng; cụm từ được hiểu đến hết câu."),
        "bad-years": _("Không hiểu khoảng năm “%(detail)s”; ví dụ đúng: year:2010-2015."),
        "too-many": _("Chỉ dùng %(detail)s điều kiện đầu tiên."),
        "only-exclusions": _("Chỉ có điều kiện loại trừ; hãy thêm từ cần tìm."),
    }
    return texts.get(code, code) % {"detail": detail}


def bad_filter(name: str, value: str) -> str:
    """A filter value that was ignored because it cannot be one (a year of letters)."""
    label = _("năm") if name == "year" else _("thập niên")
    return _("Bỏ qua bộ lọc %(label)s không hợp lệ: “%(value)s”.") % {
        "label": label,
        "value": value[:40],
    }


def page_beyond_results() -> str:
    return _("Trang này vượt quá số kết quả.")
