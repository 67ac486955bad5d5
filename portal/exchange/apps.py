from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "portal.exchange"
    label = "exchange"
    verbose_name = _("Sàn giao dịch công nghệ")

    def ready(self) -> None:
        from library.demo.registry import register_demo
        from library.signals import normalise_text_of

        from . import search, signals  # noqa: F401  (signals keep the index in step)
        from .demo import seed_offers, seed_requests

        search.register()
        normalise_text_of(self.label)
        register_demo(
            "offers",
            seed_offers,
            default=150,
            noun="công nghệ chào bán",
            help="Số công nghệ chào bán (của khoảng 30 tổ chức, cùng một triển lãm công nghệ)",
        )
        register_demo(
            "requests",
            seed_requests,
            default=40,
            noun="nhu cầu công nghệ",
            help="Số nhu cầu công nghệ của doanh nghiệp",
        )
