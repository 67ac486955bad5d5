"""How far the index has caught up with the library, per engine."""

from django.db import models


class IndexCheckpoint(models.Model):
    """Every document changed at or after `indexed_through` may be missing from the index;
    `search_index update` re-indexes those and moves the checkpoint."""

    engine = models.CharField(max_length=500, primary_key=True)
    indexed_through = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.engine}: {self.indexed_through:%Y-%m-%d %H:%M:%S}"
