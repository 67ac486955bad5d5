"""Create the local demo's admin account once and say how to log in."""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Tạo tài khoản quản trị cho bản demo chạy trên máy (tên: admin, mật khẩu ngẫu nhiên lưu "
        "trong var/demo-admin.txt) và in cách đăng nhập. Chỉ dùng với cấu hình dev."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin", help="Tên đăng nhập (default: admin).")

    def handle(self, *args, username, **options):
        password_file = getattr(settings, "DEMO_ADMIN_PASSWORD_FILE", None)
        if password_file is None:
            raise CommandError("demo_admin chỉ chạy với cấu hình dev (portal.settings.dev).")
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None or not password_file.exists():
            password = secrets.token_urlsafe(12)
            if user is None:
                user = User.objects.create_superuser(username, "", password)
            else:
                user.set_password(password)
                user.save()
            password_file.write_text(f"{username}\n{password}\n", encoding="utf-8")
            password_file.chmod(0o600)
        username, password = password_file.read_text(encoding="utf-8").split()[:2]
        port = os.environ.get("PORT", "8000")
        self.stdout.write(
            f"Quản trị: http://127.0.0.1:{port}/admin/  tài khoản: {username}  "
            f"mật khẩu: {password}  (lưu trong {password_file})"
        )
