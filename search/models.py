"""How far the index has caught up with the library, per engine; what it owes (search.backlog)
and what a rebuild must write again; and the readers' e-mail alerts."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IndexCheckpoint(models.Model):
    """Every document changed at or after `indexed_through` may be missing from the index;
    `search_index update` re-indexes those and moves the checkpoint."""

    engine = models.CharField(max_length=500, primary_key=True)
    indexed_through = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.engine}: {self.indexed_through:%Y-%m-%d %H:%M:%S}"


class IndexBacklog(models.Model):
    """An item (of a kind: search.kinds) saved since the index last wrote it (search.backlog).
    A drain that takes it sets `claim` and `claimed_at`; a save after that makes it owed again.
    An item the engine refused for good keeps why in `refused`, and no drain takes it until it
    is saved again (search.indexing)."""

    kind = models.CharField(max_length=32)
    item = models.BigIntegerField()
    queued_at = models.DateTimeField(default=timezone.now)
    claim = models.CharField(max_length=32, blank=True, default="")
    claimed_at = models.DateTimeField(null=True, blank=True)
    refused = models.TextField(blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "item"], name="owed_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.item}"

    @staticmethod
    def record(rows: list["IndexBacklog"]) -> None:
        """Write these rows, each over its item's row if it has one: unclaimed (a drain that
        had taken the item leaves it), queued now, refused or not as the row says."""
        IndexBacklog.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["kind", "item"],
            update_fields=["queued_at", "claim", "claimed_at", "refused"],
        )


class RebuildJournal(models.Model):
    """An item (of a kind: search.kinds) written to the index while a rebuild of it ran: to the
    index the rebuild replaces, since saves are not held back for it. Once its new index is live,
    the rebuild writes each item again there (search.indexing.rebuild), whatever its datestamp
    says: a save stamps the datestamp as it saves and writes the index once it commits, so one
    that began before the rebuild and committed after the rebuild read the item is older than
    the rebuild's start, and a catch-up by datestamp alone passes it by."""

    kind = models.CharField(max_length=32)
    item = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "item"], name="journaled_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.item}"


class HitCard(models.Model):
    """What a search hit shows of an active document, in one row (search.documents). Reading
    the document, its full text and its files instead took 5.1 ms (p50) for a page of 10 hits
    from a cold disk at 229k, the cards 1.8 (benchmarks/hit_cards.py); under load the portal
    read about 200-270 KB from the disk a search before the cards, 25-40 KB after. A card is
    written with its document's index record, so it is as fresh as the index; the full text's
    start (`head`) is the last column, so that SQLite reads the others without its overflow
    pages."""

    document = models.OneToOneField(
        "library.Document", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    local_id = models.CharField(max_length=64)
    title = models.TextField()
    year = models.PositiveSmallIntegerField(null=True)
    doc_type = models.CharField(max_length=32)
    source = models.ForeignKey(
        "library.Source", null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    has_pdf = models.BooleanField(default=False)
    authors = models.JSONField(default=list)
    abstract = models.TextField(blank=True)
    head = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.local_id


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
        # Plain B-trees (db_index would add PostgreSQL's LIKE indexes, which no lookup uses),
        # each with the count: SQLite sorts a prefix's range by the index's counts and reads
        # only the rows it keeps. By the text alone it read every row of the range to sort
        # them (28,900 for "th" at 229,000 documents: 19-22 ms, now 7; /api/suggest's p95
        # 27.5 -> 13-16 ms, benchmarks/autocomplete.py).
        indexes = [
            models.Index(fields=["key", "count"], name="suggestion_key_count"),
            models.Index(fields=["exact", "count"], name="suggestion_exact_count"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text} ({self.count})"


class SuggestionUse(models.Model):
    """Which documents carry a suggestion, so that a document's edit moves only its own."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="uses")
    document = models.ForeignKey("library.Document", on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.suggestion_id} ← document {self.document_id}"


class SearchAlert(models.Model):
    """A reader's wish to be sent a search's new documents by e-mail. Only the address is kept
    of the reader (no name, no IP); an alert unconfirmed for alerts.PENDING is deleted, and an
    unsubscribed one is deleted at once."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Hằng ngày")
        WEEKLY = "weekly", _("Hằng tuần")

    email = models.EmailField(_("địa chỉ e-mail"), max_length=254, db_index=True)
    query = models.CharField(_("tìm kiếm"), max_length=2000)  # the /search/ query string
    frequency = models.CharField(_("tần suất"), max_length=8, choices=Frequency.choices)
    created_at = models.DateTimeField(_("ngày đăng ký"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("ngày xác nhận"), null=True, blank=True)
    # The digest's cut-off: documents added before it have been considered (sent or not
    # matching). Set at confirmation, moved after each successful send.
    last_sent_at = models.DateTimeField(_("lần gửi gần nhất"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo tìm kiếm")
        verbose_name_plural = _("thông báo tìm kiếm")
        indexes = [models.Index(fields=["confirmed_at", "last_sent_at"], name="alert_due")]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()}: {self.query}"


class VocabularyEntry(models.Model):
    """How often the library writes a word, or a pair of adjacent words ("chăn_nuôi"), in this
    exact form: what did-you-mean (search.spelling) chooses among, by folded form."""

    exact = models.CharField(max_length=100, primary_key=True)
    folded = models.CharField(max_length=100, db_index=True)
    count = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.exact}: {self.count}"
