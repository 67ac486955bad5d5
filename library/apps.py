from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = _("Thư viện số")

    def ready(self) -> None:
        from .signals import normalise_text_of

        normalise_text_of(self.label)
