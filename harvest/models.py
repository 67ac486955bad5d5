"""Harvest sources (a provincial library's OAI-PMH endpoint) and the record of every run.

A run checkpoints after every page, in the same transaction as that page's records: a run
killed at any point resumes from its last committed page and ends where a clean run would.
"""

from datetime import datetime, timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from library.models import Source

from .forms import HarvestSourceForm, IntervalInput
from .mappings import AUTO, READERS
from .mappings.dublin_core import Note
from .oai.urls import base_url_key
from .outbound import validate_base_url

PDF_MAX_BYTES = 100 * 1024 * 1024  # a source's default cap


class HarvestSource(models.Model):
    source = models.OneToOneField(
        Source, on_delete=models.PROTECT, related_name="harvest", verbose_name=_("nguồn dữ liệu")
    )
    base_url = models.URLField(
        _("địa chỉ OAI-PMH"), max_length=500, unique=True, validators=[validate_base_url]
    )
    # From its Identify: the same repository under another address is recognised by it.
    repository_identifier = models.CharField(
        _("mã kho (repositoryIdentifier)"), max_length=255, blank=True, editable=False
    )
    metadata_prefix = models.CharField(
        _("định dạng siêu dữ liệu"),
        max_length=64,
        default=AUTO,
        # the formats the harvester has readers for; their labels are translated in locale/
        choices=[(AUTO, _("Tự chọn: định dạng giàu nhất nguồn có"))]
        + [(prefix, _(label)) for prefix, (label, _reader) in READERS.items()],
        help_text=_(
            "Tự chọn đọc ListMetadataFormats của nguồn mỗi lượt và lấy định dạng giàu "
            "nhất trình thu thập đọc được (xoai, mets, marcxml, mods, ore, oai_dc)."
        ),
    )
    chosen_prefix = models.CharField(
        _("định dạng đang dùng"), max_length=64, blank=True, editable=False
    )  # what the last run harvested
    sets = models.JSONField(
        _("tập hợp (set)"),
        default=list,
        blank=True,
        help_text=_("Danh sách setSpec; để trống để thu thập tất cả."),
    )
    enabled = models.BooleanField(_("đang bật"), default=True)
    fulltext = models.BooleanField(_("thu thập toàn văn PDF"), default=True)
    pdf_max_bytes = models.PositiveBigIntegerField(
        _("dung lượng PDF tối đa (byte)"), default=PDF_MAX_BYTES
    )
    delay_seconds = models.FloatField(_("giãn cách giữa các yêu cầu (giây)"), default=0.0)
    oai_max_bytes = models.PositiveBigIntegerField(
        _("dung lượng tối đa một trang OAI-PMH (byte)"),
        null=True,
        blank=True,
        help_text=_("Để trống để dùng mức chung HARVEST_OAI_MAX_BYTES (mặc định 64 MB)."),
    )
    ocr_enabled = models.BooleanField(
        _("nhận dạng chữ (OCR) trang quét"),
        default=True,
        help_text=_("Đọc bằng Tesseract các trang PDF không có lớp chữ (bản quét)."),
    )
    ocr_pages_per_day = models.PositiveIntegerField(
        _("số trang OCR tối đa mỗi ngày"),
        default=300,
        help_text=_("Trang vượt mức này chờ đến hôm sau."),
    )
    # The budget's day (UTC) and the pages taken from it: see harvest.tasks.take_budget.
    ocr_day = models.DateField(null=True, blank=True, editable=False)
    ocr_pages_today = models.PositiveIntegerField(default=0, editable=False)
    granularity = models.CharField(max_length=32, default="YYYY-MM-DDThh:mm:ssZ", editable=False)
    interval_minutes = models.PositiveIntegerField(
        _("chu kỳ thu thập (phút)"),
        default=24 * 60,
        validators=[MinValueValidator(1), MaxValueValidator(31 * 24 * 60)],
        help_text=_(
            "`harvest --due` (mỗi phút) thu thập nguồn khi đã qua chừng ấy phút kể từ lượt "
            "trước: 15, 60 (mỗi giờ), 360 (6 giờ), 1440 (hằng ngày) hay số phút tuỳ chọn."
        ),
    )
    # The scheduler's (harvest.schedule): when a run last began, and the lock of the run going
    # on, a lease its holder renews page by page: a killed run's lock lapses with it.
    last_started_at = models.DateTimeField(
        _("lượt gần nhất bắt đầu"), null=True, blank=True, editable=False
    )
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    locked_by = models.CharField(max_length=64, blank=True, editable=False)
    last_success_at = models.DateTimeField(_("lần thành công gần nhất"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    last_error_at = models.DateTimeField(_("thời điểm lỗi"), null=True, blank=True)

    panels = [
        FieldPanel("source"),
        FieldPanel("base_url"),
        FieldRowPanel([FieldPanel("metadata_prefix"), FieldPanel("enabled")]),
        FieldPanel("interval_minutes", widget=IntervalInput),
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
        MultiFieldPanel(
            [FieldPanel("ocr_enabled"), FieldPanel("ocr_pages_per_day")],
            heading=_("Nhận dạng chữ (OCR)"),
        ),
    ]

    base_form_class = HarvestSourceForm

    class Meta:
        verbose_name = _("nguồn thu thập")
        verbose_name_plural = _("nguồn thu thập")

    def __str__(self) -> str:
        return f"{self.source.name} ({self.base_url})"

    @classmethod
    def same_repository(
        cls, base_url: str, repository_identifier: str = "", excluding: int | None = None
    ) -> "HarvestSource | None":
        """The source registered for this repository: the same base URL however spelled
        (case, default port, trailing slash, localhost), or the same Identify
        repositoryIdentifier. `excluding`: a source's own pk, when it is the one edited."""
        key = base_url_key(base_url) if base_url else None
        for source in cls.objects.exclude(pk=excluding).select_related("source"):
            if base_url_key(source.base_url) == key or (
                repository_identifier and source.repository_identifier == repository_identifier
            ):
                return source
        return None

    @property
    def health(self) -> str:
        if self.last_error_at and (
            not self.last_success_at or self.last_error_at > self.last_success_at
        ):
            return "error"
        return "ok" if self.last_success_at else "never"

    def is_late(self, now: datetime) -> bool:
        """No success within twice its interval (or none yet, once it has been tried)."""
        if self.last_success_at is None:
            return self.last_started_at is not None
        return self.last_success_at < now - 2 * timedelta(minutes=self.interval_minutes)


class HarvestPosition(models.Model):
    """Where the next incremental harvest of one list starts: the newest datestamp seen over a
    complete list of this source, set and format (the next run asks `from` it, less an overlap).
    One per list, since a set's records are no older or newer than another's."""

    source = models.ForeignKey(HarvestSource, on_delete=models.CASCADE, related_name="positions")
    set_spec = models.CharField(_("set"), max_length=255, blank=True)  # "": the whole repository
    metadata_prefix = models.CharField(_("định dạng"), max_length=64)
    datestamp = models.DateTimeField(_("dấu thời gian mới nhất"))
    # The start of the last run that read the list to its end (harvest.runs.window_from).
    listed_at = models.DateTimeField(_("đọc hết lần cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("mốc thu thập")
        verbose_name_plural = _("mốc thu thập")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "set_spec", "metadata_prefix"], name="harvest_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.set_spec or '*'} {self.metadata_prefix}: {self.datestamp}"


# A run that changed the library (HarvestRun.last_change). Runs start every minute and are kept:
# the table grows by a row a source a minute, and its indexes keep the pages that read it from
# reading it whole.
CHANGED = models.Q(new__gt=0) | models.Q(updated__gt=0) | models.Q(deleted__gt=0)


class HarvestRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Đang chạy")
        AWAITING_FULLTEXT = "fulltext", _("Chờ toàn văn")
        SUCCEEDED = "succeeded", _("Thành công")
        FAILED = "failed", _("Thất bại")

    source = models.ForeignKey(
        HarvestSource, on_delete=models.CASCADE, related_name="runs", verbose_name=_("nguồn")
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.RUNNING
    )
    full = models.BooleanField(_("thu thập lại toàn bộ"), default=False)
    metadata_prefix = models.CharField(_("định dạng"), max_length=64, blank=True)
    window_from = models.DateTimeField(_("từ (from) của danh sách đang đọc"), null=True, blank=True)
    started_at = models.DateTimeField(_("bắt đầu"), default=timezone.now)
    resumed_at = models.DateTimeField(_("chạy tiếp lúc"), null=True, blank=True)
    listed_at = models.DateTimeField(_("đọc xong danh sách"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    seconds = models.FloatField(_("thời gian chạy (giây)"), default=0.0)  # over every resumption
    # The checkpoint, committed with each page's records:
    set_index = models.PositiveIntegerField(default=0)  # which of the source's sets
    set_pages = models.PositiveIntegerField(default=0)  # pages read of that set's list
    token = models.TextField(blank=True)  # the resumptionToken of the next page
    last_datestamp = models.DateTimeField(null=True, blank=True)  # newest seen in this list
    pages = models.PositiveIntegerField(_("số trang"), default=0)
    new = models.PositiveIntegerField(_("mới"), default=0)
    updated = models.PositiveIntegerField(_("cập nhật"), default=0)
    deleted = models.PositiveIntegerField(_("xoá"), default=0)
    unchanged = models.PositiveIntegerField(_("không đổi"), default=0)
    failed = models.PositiveIntegerField(_("lỗi"), default=0)
    outside_set = models.PositiveIntegerField(_("ngoài set yêu cầu"), default=0)
    # Values of stored records cut short or left out (harvest.mappings.dublin_core.LIMITS):
    truncated = models.PositiveIntegerField(_("giá trị bị cắt ngắn"), default=0)
    dropped = models.PositiveIntegerField(_("giá trị bị bỏ"), default=0)
    repaired = models.PositiveIntegerField(_("giá trị sửa mã hoá"), default=0)  # mojibake undone
    pdfs_fetched = models.PositiveIntegerField(_("PDF đã tải"), default=0)
    pdfs_extracted = models.PositiveIntegerField(_("PDF đã trích xuất"), default=0)
    pdfs_failed = models.PositiveIntegerField(_("PDF lỗi"), default=0)
    # The first failures and notes, with identifiers; a note ("stored": true) is a record
    # stored with values cut short or left out.
    errors = models.JSONField(_("lỗi theo bản ghi"), default=list, blank=True)
    message = models.TextField(_("thông báo"), blank=True)
    log = models.TextField(_("nhật ký"), blank=True)  # what the run did beyond counting

    MAX_ERRORS = 50  # notes take at most half: failures matter more
    # What the harvest process writes; the PDF counters belong to the extraction tasks.
    CHECKPOINT = [
        "set_index",
        "set_pages",
        "token",
        "last_datestamp",
        "window_from",
        "pages",
        "new",
        "updated",
        "deleted",
        "unchanged",
        "failed",
        "outside_set",
        "truncated",
        "dropped",
        "repaired",
        "errors",
        "log",
    ]

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("lượt thu thập")
        verbose_name_plural = _("lượt thu thập")
        indexes = [
            # each source's last run (/mang-luoi/), the runs of the last 24 hours (dashboard)
            models.Index(fields=["source", "started_at"], name="harvestrun_source_started"),
            models.Index(fields=["started_at"], name="harvestrun_started"),
            models.Index(
                fields=["finished_at"], condition=CHANGED, name="harvestrun_changed_finished"
            ),
        ]

    def __str__(self) -> str:
        started = timezone.localtime(self.started_at)
        return f"{self.source} {started:%Y-%m-%d %H:%M} {self.get_status_display()}"

    @classmethod
    def last_change(cls) -> str:
        """The end of the last run that changed the library, as a cache key's part: what the
        figures computed over the library (portal.cached, the dashboard) are kept under."""
        last = cls.objects.filter(CHANGED).aggregate(last=models.Max("finished_at"))["last"]
        return str(last.timestamp() if last else 0)

    def note_error(self, identifier: str, reason: str) -> None:
        """A record that was not stored, and why."""
        self.failed += 1
        if len(self.errors) < self.MAX_ERRORS:
            self.errors.append({"identifier": identifier[:1000], "reason": reason[:500]})

    def note_changes(self, identifier: str, notes: list[Note]) -> None:
        """A record stored with values cut short or left out (harvest.mappings says which)."""
        dropped = sum(note.dropped for note in notes)
        fixed = sum(note.repaired for note in notes)
        self.dropped += dropped
        self.repaired += fixed
        self.truncated += len(notes) - dropped - fixed
        stored = sum(1 for entry in self.errors if entry.get("stored"))
        if len(self.errors) < self.MAX_ERRORS and stored < self.MAX_ERRORS // 2:
            reason = "; ".join(note.text for note in notes)[:500]
            self.errors.append({"identifier": identifier[:1000], "reason": reason, "stored": True})

    def note(self, line: str) -> None:
        """A line in the run's log, stamped in UTC."""
        self.log += f"{timezone.now():%Y-%m-%d %H:%M:%S}Z {line}\n"

    def summary(self) -> str:
        outside = f", {self.outside_set} ngoài set" if self.outside_set else ""
        return (
            f"{self.new} mới, {self.updated} cập nhật, {self.deleted} xoá, "
            f"{self.unchanged} không đổi, {self.failed} lỗi{outside}; {self.truncated} giá trị "
            f"bị cắt ngắn, {self.dropped} bị bỏ, {self.repaired} sửa mã hoá; "
            f"PDF: {self.pdfs_fetched} tải, "
            f"{self.pdfs_extracted} trích xuất, {self.pdfs_failed} lỗi; {self.seconds:.1f} giây"
        )


class FulltextTask(models.Model):
    """A link to a harvested record's full text, waiting to be fetched and read: a file the
    record names, or a page that may lead to one (`kind`). What it is is decided by what it
    serves (harvest.fulltext.fetch): a PDF is read; an HTML page's full-text links become
    tasks of their own, one hop only (`hops`)."""

    class Kind(models.TextChoices):
        FILE = "file", _("Tệp")
        PAGE = "page", _("Trang dẫn tới tệp")

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
    fetched = models.BooleanField(default=False)  # its bytes are stored (the PDF counters)
    queued_at = models.DateTimeField(null=True, blank=True)  # see harvest.tasks: the lease
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.FILE)
    position = models.PositiveIntegerField(default=0)  # the record's order: the main text first
    hops = models.PositiveSmallIntegerField(default=0)  # 1: found on a landing page

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "url"], name="fulltext_task_unique")
        ]

    def __str__(self) -> str:
        return self.url

    def done(self, reason: str = "") -> None:
        self.status, self.reason = self.Status.DONE, reason[:500]
        self.attempts += 1
        self.save(update_fields=["status", "reason", "attempts"])

    def fail(self, reason: str) -> None:
        self.attempts += 1
        self.status, self.reason = self.Status.FAILED, reason[:500]
        self.save(update_fields=["status", "reason", "attempts"])

    RESTRICTED = "restricted"  # how a 401/403's reason starts: tried again on a full harvest


class OcrTask(models.Model):
    """The pages of one stored PDF that have no usable text layer, owed to OCR
    (harvest.ocr_tasks.recognise_pages), and what it made of them. `texts` holds every page's text
    by page number (0-based, as a string: JSON's keys), the text layer's to begin with; once
    no page is owed the file's text is all of them in page order."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ nhận dạng")
        DONE = "done", _("Xong")
        FAILED = "failed", _("Lỗi")

    file = models.OneToOneField(
        "library.DocumentFile", on_delete=models.CASCADE, related_name="ocr_task"
    )
    source = models.ForeignKey(
        HarvestSource, on_delete=models.CASCADE, related_name="ocr_tasks", verbose_name=_("nguồn")
    )
    fulltext_task = models.ForeignKey(
        FulltextTask, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    page_count = models.PositiveIntegerField(_("số trang của tệp"), default=0)
    owed = models.JSONField(_("trang còn chờ"), default=list)  # 0-based page numbers
    texts = models.JSONField(default=dict)  # {"0": text, ...}
    failures = models.JSONField(_("trang lỗi"), default=dict)  # {"3": reason, ...}
    pages_done = models.PositiveIntegerField(_("trang đã nhận dạng"), default=0)
    pages_failed = models.PositiveIntegerField(_("trang lỗi"), default=0)
    pages_owed = models.PositiveIntegerField(_("trang còn chờ"), default=0)
    reason = models.CharField(_("lý do"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lượt"), default=0)
    seconds = models.FloatField(_("thời gian nhận dạng (giây)"), default=0.0)
    queued_at = models.DateTimeField(null=True, blank=True)  # the lease, as FulltextTask's
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("việc nhận dạng chữ (OCR)")
        verbose_name_plural = _("việc nhận dạng chữ (OCR)")

    def __str__(self) -> str:
        return f"OCR {self.file_id}: {self.pages_owed} trang chờ"
