"""Send the readers' e-mail alerts that are due (the nightly timer runs it)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from search import alerts


class Command(BaseCommand):
    help = (
        "Gửi thư thông báo tài liệu mới của các tìm kiếm đã đăng ký (hằng ngày / hằng tuần) "
        "đến hạn, và xoá các đăng ký chưa xác nhận quá hạn. Một thư lỗi không dừng các thư khác."
    )

    def handle(self, *args, **options):
        summary = alerts.send_all(timezone.now())
        self.stdout.write(
            f"Đã gửi {summary.sent}; không có gì mới {summary.nothing_new}; "
            f"lỗi {summary.failed}; xoá {summary.expired} đăng ký chưa xác nhận."
        )
        if summary.failed:
            raise CommandError(f"{summary.failed} thông báo không gửi được (xem nhật ký).")
