"""The library: documents described in Dublin Core, their files and text, sources, collections.

Documents are never hard-deleted. Withdrawing or deleting one turns it into a tombstone that the
OAI-PMH provider reports as deleted for ever (deletedRecord "persistent").
"""

import re

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField

from . import dublin_core
from .blocks import metadata_blocks, validate_language_tag
from .planner import Unindexed
from .vocabulary import new_local_id, oai_identifier


# Document's base, modelcluster's ClusterableModel, is untyped (Any) to mypy, so django-stubs
# cannot find the default manager behind Source.documents.
class Source(models.Model):  # type: ignore[django-manager-missing]
    """A provincial library or information centre whose holdings the portal carries."""

    name = models.CharField(_("tên"), max_length=255)
    province = models.CharField(_("tỉnh / thành phố"), max_length=100)
    slug = models.SlugField(_("mã"), max_length=64, unique=True)
    website = models.URLField(_("trang web"), blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    panels = [FieldPanel("name"), FieldPanel("province"), FieldPanel("slug"), FieldPanel("website")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("nguồn dữ liệu")
        verbose_name_plural = _("nguồn dữ liệu")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # The source's name is part of every exported record of its documents.
        renamed = (
            self.pk is not None
            and Source.objects.filter(pk=self.pk).exclude(name=self.name).exists()
        )
        super().save(*args, **kwargs)
        if renamed:
            Document.objects.filter(source=self).update(datestamp=timezone.now())


class Collection(models.Model):
    """A subject area (nông nghiệp, thủy sản, …); also an OAI set."""

    name = models.CharField(_("tên"), max_length=255)
    slug = models.SlugField(_("mã"), max_length=64, unique=True)
    description = models.TextField(_("mô tả"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("bộ sưu tập")
        verbose_name_plural = _("bộ sưu tập")

    def __str__(self) -> str:
        return self.name


class DocumentType(models.TextChoices):
    ARTICLE = "article", _("Bài báo khoa học")
    PROJECT = "project", _("Đề tài, dự án KH&CN")
    REPORT = "report", _("Báo cáo")
    MASTER_THESIS = "master-thesis", _("Luận văn thạc sĩ")
    DOCTORAL_THESIS = "doctoral-thesis", _("Luận án tiến sĩ")
    PROCEEDINGS = "proceedings", _("Kỷ yếu hội thảo")
    BOOK = "book", _("Sách chuyên khảo")


class DocumentQuerySet(models.QuerySet):
    def active(self) -> "DocumentQuerySet":
        return self.filter(status=Document.Status.ACTIVE)

    def active_by_id(self) -> "DocumentQuerySet":
        """The active ones, each tested as it is read by its id (or in id order), not found by
        the status index: asked for the active documents among 32 ids, SQLite walked that index
        through every active document (30 ms at 229,000; library.planner)."""
        status = Unindexed(models.F("status"), output_field=models.CharField())
        return self.alias(status_as_read=status).filter(status_as_read=Document.Status.ACTIVE)

    def delete(self) -> tuple[int, dict[str, int]]:
        """Tombstone every document in the queryset instead of deleting rows."""
        count = self.exclude(status=Document.Status.DELETED).update(
            status=Document.Status.DELETED, datestamp=timezone.now()
        )
        return count, {self.model._meta.label: count}

    delete.queryset_only = True  # type: ignore[attr-defined]


YEAR_RE = re.compile(r"\b(\d{4})\b")


def year_of(date: str) -> int | None:
    """The year a dc:date names ("2015", "2015-03", "2015-03-02"), if any."""
    match = YEAR_RE.search(date or "")
    return int(match.group(1)) if match else None


class Document(ClusterableModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang hiển thị")
        WITHDRAWN = "withdrawn", _("Đã rút")
        DELETED = "deleted", _("Đã xoá")

    local_id = models.CharField(
        _("mã định danh"), max_length=64, unique=True, default=new_local_id, editable=False
    )
    datestamp = models.DateTimeField(_("dấu thời gian"), default=timezone.now, editable=False)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    status_reason = models.CharField(_("lý do rút / xoá"), max_length=500, blank=True)
    title = models.TextField(_("nhan đề"))
    title_lang = models.CharField(
        _("ngôn ngữ nhan đề"),
        max_length=16,
        blank=True,
        default="vi",
        validators=[validate_language_tag],
    )
    date = models.CharField(
        _("ngày công bố"), max_length=32, blank=True, help_text=_("YYYY, YYYY-MM hoặc YYYY-MM-DD")
    )
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True, editable=False)
    doc_type = models.CharField(
        _("loại tài liệu"),
        max_length=32,
        choices=DocumentType.choices,
        default=DocumentType.ARTICLE,
    )
    language = models.CharField(_("ngôn ngữ"), max_length=16, default="vi")
    metadata = StreamField(metadata_blocks(), blank=True, verbose_name=_("Dublin Core"))
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("nguồn"),
    )
    collections = ParentalManyToManyField(
        Collection, blank=True, related_name="documents", verbose_name=_("bộ sưu tập")
    )
    origin_identifier = models.CharField(_("định danh tại nguồn"), max_length=500, blank=True)
    origin_datestamp = models.DateTimeField(_("dấu thời gian tại nguồn"), null=True, blank=True)
    created_at = models.DateTimeField(_("ngày nhập"), default=timezone.now, editable=False)

    objects = DocumentQuerySet.as_manager()
    # Documents link to nothing Wagtail tracks; indexing references on every save of a
    # 229k-row table would only cost time.
    wagtail_reference_index_ignore = True

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("title_lang"), FieldPanel("date"), FieldPanel("language")]),
        FieldRowPanel([FieldPanel("doc_type"), FieldPanel("source")]),
        FieldPanel("collections", widget=forms.CheckboxSelectMultiple),
        FieldPanel("metadata"),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("status_reason")], heading=_("Trạng thái")
        ),
    ]

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        indexes = [
            models.Index(fields=["datestamp", "id"], name="doc_datestamp_id"),
            models.Index(fields=["source", "datestamp", "id"], name="doc_source_datestamp_id"),
            # By year or type, and in datestamp order within one (the admin's list filtered
            # to one: not a sort of every document of that type, 0.74 s at 229,000)
            models.Index(fields=["year", "datestamp", "id"], name="doc_year_datestamp"),
            models.Index(fields=["doc_type", "datestamp", "id"], name="doc_type_datestamp"),
            models.Index(fields=["created_at"], name="doc_created"),
            # By status, and the newest of a status in order (the home page): not sorted from
            # every row, as with an index of the status alone.
            models.Index(fields=["status", "created_at", "id"], name="doc_status_created"),
            # The harvester's lookup; the unique constraint's partial index is not used for it.
            models.Index(fields=["source", "origin_identifier"], name="doc_source_origin"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "origin_identifier"],
                condition=~models.Q(origin_identifier=""),
                name="doc_unique_origin",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def oai_identifier(self) -> str:
        return oai_identifier(settings.OAI_REPOSITORY_IDENTIFIER, self.local_id)

    @property
    def is_tombstone(self) -> bool:
        return self.status != self.Status.ACTIVE

    def save(self, *args, **kwargs) -> None:
        # Any save may change the exported record, so it moves the datestamp (OAI-PMH 2.0 §2.7.1).
        self.datestamp = timezone.now()
        self.year = year_of(self.date)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs) -> tuple[int, dict[str, int]]:
        """Make a tombstone; the row stays so harvesters learn of the deletion."""
        if self.status == self.Status.DELETED:
            return 0, {}
        self.status = self.Status.DELETED
        self.save()
        return 1, {self._meta.label: 1}

    def withdraw(self, reason: str = "") -> None:
        self.status = self.Status.WITHDRAWN
        self.status_reason = reason
        self.save()

    def dublin_core(self) -> dict[str, list[tuple[str, str]]]:
        """All fifteen elements as {element: [(value, lang), ...]}, in the exported order."""
        return dublin_core.record(
            title=self.title,
            title_lang=self.title_lang,
            date=self.date,
            type_label=str(self.get_doc_type_display()),
            language=self.language,
            metadata=list(self.metadata.raw_data),
        )


class TextReading(models.Model):
    """What reading a text found beyond the text itself (library.fulltext fills these in):
    legacy encodings converted to Unicode and its quality (library.vietnamese)."""

    # The legacy encodings converted ("tcvn3", "vni", "viqr", comma-separated), and how many
    # of the text's words were converted.
    encodings = models.CharField(_("bảng mã cũ đã chuyển"), max_length=32, blank=True)
    converted = models.PositiveIntegerField(_("số từ đã chuyển mã"), default=0)
    # The share of words that are Vietnamese syllables or English words; None: too short to tell
    quality = models.FloatField(_("chất lượng văn bản"), null=True, blank=True)

    class Meta:
        abstract = True


class DocumentFile(TextReading):
    """A file of a document; the bytes live once per sha256, however many records point there."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("tệp"), upload_to="pdf/", max_length=255)
    size = models.PositiveBigIntegerField(_("kích thước (byte)"))
    sha256 = models.CharField(max_length=64, db_index=True)
    page_count = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    mime_type = models.CharField(max_length=100, default="application/pdf")
    original_url = models.URLField(_("địa chỉ gốc"), max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # A record may have several files: the main text first (lowest position), attachments after.
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    # How reading this file went (DocumentText.Status's values). Its text is kept here, except
    # the main file's, which is the document's DocumentText (library.fulltext keeps them so).
    status = models.CharField(_("trạng thái trích xuất"), max_length=16, blank=True)
    extractor = models.CharField(_("bộ trích xuất"), max_length=32, blank=True)
    text = models.TextField(_("toàn văn của tệp đính kèm"), blank=True)
    # Which version of the reading (library.fulltext.READING_VERSION) produced `text`: a file
    # read poorly by an older one is read again (`harvest --reread`).
    read_version = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("tệp tài liệu")
        verbose_name_plural = _("tệp tài liệu")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.file.name or ""


class DocumentText(TextReading):
    """The extracted full text of a document and how its extraction went."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ trích xuất")
        OK = "ok", _("Thành công")
        SCANNED = "scanned", _("Bản quét, không có lớp chữ")
        ENCRYPTED = "encrypted", _("Tệp mã hoá")
        FAILED = "failed", _("Lỗi")
        # Not a wait but a state: no link, restricted (401/403), not a PDF (`reason` says which)
        NONE = "none", _("Không có toàn văn")

    document = models.OneToOneField(
        Document, on_delete=models.CASCADE, primary_key=True, related_name="fulltext"
    )
    main_file = models.ForeignKey(
        DocumentFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )  # whose text `text` is
    text = models.TextField(_("toàn văn"), blank=True)
    status = models.CharField(
        _("trạng thái trích xuất"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    reason = models.CharField(_("lý do"), max_length=500, blank=True)
    extractor = models.CharField(_("bộ trích xuất"), max_length=32, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("toàn văn")
        verbose_name_plural = _("toàn văn")
        indexes = [
            # search_index update reads the texts changed since its checkpoint by this column
            models.Index(fields=["updated_at"], name="doctext_updated"),
            # the librarians' dashboard links the documents whose texts failed, by status
            models.Index(fields=["status"], name="doctext_status"),
            # the sources' lists count their flagged texts from here (library.poor_texts)
            models.Index(fields=["quality"], name="doctext_quality"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.status}"


class DocumentUsage(models.Model):
    """How often a document was read on one day (UTC): its page views and full-text downloads,
    counted by portal.usage under COUNTER's rules. It holds counts only: no address, agent,
    cookie or any other trace of who read."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="usage")
    day = models.DateField(_("ngày"))
    views = models.PositiveIntegerField(_("lượt xem"), default=0)
    downloads = models.PositiveIntegerField(_("lượt tải"), default=0)

    class Meta:
        verbose_name = _("lượt dùng tài liệu")
        verbose_name_plural = _("lượt dùng tài liệu")
        constraints = [
            models.UniqueConstraint(fields=["document", "day"], name="document_usage_unique")
        ]
        indexes = [models.Index(fields=["day"], name="document_usage_day")]

    def __str__(self) -> str:
        return f"{self.document_id} {self.day}: {self.views}/{self.downloads}"
