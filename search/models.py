"""How far the index has caught up with the library, per engine."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexCheckpoint(models.Model):
    """Every document changed at or after `indexed_through` may be missing from the index;
    `search_index update` re-indexes those and moves the checkpoint."""

    engine = models.CharField(max_length=500, primary_key=True)
    indexed_through = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.engine}: {self.indexed_through:%Y-%m-%d %H:%M:%S}"


class Suggestion(models.Model):
    """A title, subject or author the search box offers, once however many documents carry it.

    `key` is the text folded (search.analysis.fold) for an accent-insensitive prefix lookup,
    done as a range (key >= prefix AND key < the prefix's successor) on its B-tree index, which
    SQLite and PostgreSQL both answer by an index range scan; `exact` keeps the diacritics for
    the same lookup when the reader typed them."""

    class Kind(models.TextChoices):
        TITLE = "title", _("Nhan đề")
        SUBJECT = "subject", _("Chủ đề")
        AUTHOR = "author", _("Tác giả")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    text = models.CharField(max_length=300)
    key = models.CharField(max_length=300)
    exact = models.CharField(max_length=300)
    count = models.PositiveIntegerField(default=0)  # active documents that carry it

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "text"], name="one_suggestion")]
        # Plain B-trees (db_index would add PostgreSQL's LIKE indexes, which no lookup uses).
        indexes = [
            models.Index(fields=["key"], name="suggestion_key"),
            models.Index(fields=["exact"], name="suggestion_exact"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text} ({self.count})"


class SuggestionUse(models.Model):
    """Which documents carry a suggestion, so that a document's edit moves only its own."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="uses")
    document = models.ForeignKey("library.Document", on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.suggestion_id} ← document {self.document_id}"
