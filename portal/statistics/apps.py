from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "portal.statistics"
    label = "statistics"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (a harvest that changed the library refreshes them)
