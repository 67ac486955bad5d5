from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "portal.home"
    label = "home"

    def ready(self) -> None:
        from library.signals import normalise_text_of

        normalise_text_of(self.label)
