"""How far the index has caught up with the library, per engine."""

from django.db import models


class IndexCheckpoint(models.Model):
    """Every document changed at or after `indexed_through` may be missing from the index;
    `search_index update` re-indexes those and moves the checkpoint."""

    engine = models.CharField(max_length=500, primary_key=True)
    indexed_through = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.engine}: {self.indexed_through:%Y-%m-%d %H:%M:%S}"


class VocabularyEntry(models.Model):
    """How often the library writes a word, or a pair of adjacent words ("chăn_nuôi"), in this
    exact form: what did-you-mean (search.spelling) chooses among, by folded form."""

    exact = models.CharField(max_length=100, primary_key=True)
    folded = models.CharField(max_length=100, db_index=True)
    count = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.exact}: {self.count}"
