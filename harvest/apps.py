from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HarvestConfig(AppConfig):
    name = "harvest"
    verbose_name = _("Thu thập dữ liệu")

    def ready(self) -> None:
        from library.signals import normalise_text_of

        normalise_text_of(self.label)
