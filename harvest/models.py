"""Harvest sources (a provincial library's OAI-PMH endpoint) and the record of every run.

A run checkpoints after every page, in the same transaction as that page's records: a run
killed at any point resumes from its last committed page and ends where a clean run would.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from library.models import Source

from .mappings import READERS
from .outbound import validate_base_url

PDF_MAX_BYTES = 100 * 1024 * 1024  # a source's default cap


class HarvestSource(models.Model):
    source = models.OneToOneField(
        Source, on_delete=models.PROTECT, related_name="harvest", verbose_name=_("nguồn dữ liệu")
    )
    base_url = models.URLField(
        _("địa chỉ OAI-PMH"), max_length=500, unique=True, validators=[validate_base_url]
    )
    metadata_prefix = models.CharField(
        _("định dạng siêu dữ liệu"),
        max_length=64,
        default="oai_dc",
        # the formats the harvester has readers for; their labels are translated in locale/
        choices=[(prefix, _(label)) for prefix, (label, _reader) in READERS.items()],
    )
    sets = models.JSONField(
        _("tập hợp (set)"), default=list, blank=True,
        help_text=_("Danh sách setSpec; để trống để thu thập tất cả."),
    )  # fmt: skip
    enabled = models.BooleanField(_("đang bật"), default=True)
    fulltext = models.BooleanField(_("thu thập toàn văn PDF"), default=True)
    pdf_max_bytes = models.PositiveBigIntegerField(
        _("dung lượng PDF tối đa (byte)"), default=PDF_MAX_BYTES
    )
    delay_seconds = models.FloatField(_("giãn cách giữa các yêu cầu (giây)"), default=0.0)
    oai_max_bytes = models.PositiveBigIntegerField(
        _("dung lượng tối đa một trang OAI-PMH (byte)"), null=True, blank=True,
        help_text=_("Để trống để dùng mức chung HARVEST_OAI_MAX_BYTES (mặc định 64 MB)."),
    )  # fmt: skip
    granularity = models.CharField(max_length=32, default="YYYY-MM-DDThh:mm:ssZ", editable=False)
    last_success_at = models.DateTimeField(_("lần thành công gần nhất"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    last_error_at = models.DateTimeField(_("thời điểm lỗi"), null=True, blank=True)

    panels = [
        FieldPanel("source"),
        FieldPanel("base_url"),
        FieldRowPanel([FieldPanel("metadata_prefix"), FieldPanel("enabled")]),
        FieldPanel("sets"),
        MultiFieldPanel(
            [
                FieldPanel("fulltext"),
                FieldPanel("pdf_max_bytes"),
                FieldPanel("oai_max_bytes"),
                FieldPanel("delay_seconds"),
            ],
            heading=_("Toàn văn và tốc độ"),
        ),
    ]

    class Meta:
        verbose_name = _("nguồn thu thập")
        verbose_name_plural = _("nguồn thu thập")

    def __str__(self) -> str:
        return f"{self.source.name} ({self.base_url})"

    @property
    def health(self) -> str:
        if self.last_error_at and (
            not self.last_success_at or self.last_error_at > self.last_success_at
        ):
            return "error"
        return "ok" if self.last_success_at else "never"


class HarvestRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Đang chạy")
        SUCCEEDED = "succeeded", _("Thành công")
        FAILED = "failed", _("Thất bại")

    source = models.ForeignKey(HarvestSource, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    full = models.BooleanField(default=False)
    window_from = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The checkpoint, committed with each page's records:
    set_index = models.PositiveIntegerField(default=0)  # which of the source's sets
    token = models.TextField(blank=True)  # the resumptionToken of the next page
    last_datestamp = models.DateTimeField(null=True, blank=True)  # newest seen
    pages = models.PositiveIntegerField(default=0)
    new = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    deleted = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    pdfs_fetched = models.PositiveIntegerField(default=0)
    pdfs_extracted = models.PositiveIntegerField(default=0)
    pdfs_failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # the first ones, with identifiers
    message = models.TextField(blank=True)

    MAX_ERRORS = 50
    # What the harvest process writes; the PDF counters belong to the extraction tasks.
    CHECKPOINT = ["set_index", "token", "last_datestamp", "pages", "new", "updated", "deleted",
                  "unchanged", "failed", "errors"]  # fmt: skip

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("lượt thu thập")
        verbose_name_plural = _("lượt thu thập")

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M} {self.status}"

    def note_error(self, identifier: str, reason: str) -> None:
        self.failed += 1
        if len(self.errors) < self.MAX_ERRORS:
            self.errors.append({"identifier": identifier, "reason": reason[:500]})

    def summary(self) -> str:
        seconds = ((self.finished_at or timezone.now()) - self.started_at).total_seconds()
        return (
            f"{self.new} mới, {self.updated} cập nhật, {self.deleted} xoá, "
            f"{self.unchanged} không đổi, {self.failed} lỗi; PDF: {self.pdfs_fetched} tải, "
            f"{self.pdfs_extracted} trích xuất, {self.pdfs_failed} lỗi; {seconds:.1f} giây"
        )


class FulltextTask(models.Model):
    """A PDF link of a harvested record, waiting to be fetched and read."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ tải")
        DONE = "done", _("Xong")
        FAILED = "failed", _("Lỗi")

    document = models.ForeignKey(
        "library.Document", on_delete=models.CASCADE, related_name="fulltext_tasks"
    )
    url = models.URLField(max_length=1000)
    run = models.ForeignKey(HarvestRun, on_delete=models.SET_NULL, null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    queued_at = models.DateTimeField(null=True, blank=True)  # see harvest.tasks: the lease

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "url"], name="fulltext_task_unique")
        ]

    def __str__(self) -> str:
        return self.url

    def done(self) -> None:
        self.status, self.reason = self.Status.DONE, ""
        self.attempts += 1
        self.save(update_fields=["status", "reason", "attempts"])

    def fail(self, reason: str) -> None:
        self.attempts += 1
        self.status, self.reason = self.Status.FAILED, reason[:500]
        self.save(update_fields=["status", "reason", "attempts"])
