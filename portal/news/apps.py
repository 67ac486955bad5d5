from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "portal.news"
    label = "news"
    verbose_name = _("Tin tức")

    def ready(self) -> None:
        from library.demo.registry import register_demo
        from library.signals import normalise_text_of

        from . import search, signals  # noqa: F401  (signals keep the index in step)
        from .demo import seed_news

        search.register()
        normalise_text_of(self.label)
        register_demo(
            "news",
            seed_news,
            default=12,
            noun="bài tin",
            help="Số bài tin tức tiếng Việt có ảnh, đăng trong trang Tin tức",
        )
