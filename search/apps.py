from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Tìm kiếm")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (keeps the index in step with saves)
