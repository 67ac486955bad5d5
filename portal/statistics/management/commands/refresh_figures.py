from django.core.management.base import BaseCommand

from portal.statistics.refresh import refresh


class Command(BaseCommand):
    help = (
        "Compute and store the library's figures (statistics, member libraries) for its current "
        "state, so no visitor waits for them: after a seed, and nightly (documents entered by "
        "hand, full texts read since the last harvest run)."
    )

    def handle(self, *args, **options) -> None:
        generation = refresh()
        self.stdout.write(f"figures stored for generation {generation}")
