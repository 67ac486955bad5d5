from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = _("Thư viện số")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the NFC and datestamp receivers)
