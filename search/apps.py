from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Tìm kiếm")

    def ready(self) -> None:
        from . import documents, kinds, signals  # noqa: F401  (signals keep the index in step)

        kinds.register(documents.KIND)
