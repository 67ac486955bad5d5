"""The technology exchange: offers of technology, requests from businesses, the organisations
that supply them and the showroom, as Wagtail pages under /cong-nghe/ (so editors write them
with the news' moderation workflow); and the visitors' enquiries about them (personal data:
never public, deleted after ENQUIRY_RETENTION_DAYS by `purge_enquiries`)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Orderable, Page

from .choices import PROVINCE_CHOICES, Field, OrganisationType, Readiness, TransferMode

LISTINGS = ["exchange.TechnologyOfferPage", "exchange.TechnologyRequestPage"]


class TechnologyIndexPage(Page):
    """/cong-nghe/: offers and requests browsed with facets and searched (see .browse)."""

    intro = RichTextField(_("lời giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["exchange.OrganisationPage", "exchange.ShowroomPage", *LISTINGS]

    class Meta:
        verbose_name = _("sàn giao dịch công nghệ")

    def get_context(self, request, *args, **kwargs):
        from .browse import browse  # browse reads these models

        context = super().get_context(request, *args, **kwargs)
        context.update(browse(self, request.GET))
        return context


class OrganisationPage(Page):
    """A research institute, university, centre or business, with its offers."""

    organisation_type = models.CharField(
        _("loại tổ chức"), max_length=20, choices=OrganisationType.choices
    )
    province = models.CharField(_("tỉnh / thành phố"), max_length=100, choices=PROVINCE_CHOICES)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    website = models.URLField(_("trang web"), blank=True)
    email = models.EmailField(_("e-mail liên hệ"), blank=True)
    description = models.TextField(_("giới thiệu"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("organisation_type"), FieldPanel("province")]),
        FieldPanel("address"),
        FieldRowPanel([FieldPanel("website"), FieldPanel("email")]),
        FieldPanel("description"),
    ]
    parent_page_types = ["exchange.TechnologyIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        offers = TechnologyOfferPage.objects.live().public().filter(organisation=self)
        context["offers"] = offers.select_related("organisation").order_by("title")
        return context


class Listing(Page):
    """What an offer and a request share: a summary, a field, a province, a contact."""

    summary = models.TextField(_("tóm tắt"), max_length=1000)
    description = RichTextField(_("mô tả chi tiết"), blank=True)
    field = models.CharField(_("lĩnh vực"), max_length=20, choices=Field.choices)
    province = models.CharField(_("tỉnh / thành phố"), max_length=100, choices=PROVINCE_CHOICES)
    contact_email = models.EmailField(
        _("e-mail nhận yêu cầu kết nối"),
        blank=True,
        help_text=_(
            "Không hiển thị công khai; yêu cầu kết nối được gửi đến địa chỉ này "
            "(công nghệ chào bán: để trống thì gửi đến e-mail của tổ chức cung cấp)."
        ),
    )

    parent_page_types = ["exchange.TechnologyIndexPage"]
    subpage_types: list[str] = []

    is_request = False  # the enquiry form's wording: an enquiry, or a response

    class Meta:
        abstract = True

    @property
    def contact_address(self) -> str:
        """Where the listing's enquiries are mailed besides the Editors ("" for nowhere)."""
        return self.contact_email

    def get_context(self, request, *args, **kwargs):
        from .enquiries import EnquiryForm  # the form's module reads Enquiry
        from .matching import matches  # matching reads these models

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("form", EnquiryForm(listing=self))
        context["retention_days"] = settings.ENQUIRY_RETENTION_DAYS
        context["matches"] = matches(self)
        return context


class TechnologyOfferPage(Listing):
    organisation = models.ForeignKey(
        OrganisationPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
        verbose_name=_("tổ chức cung cấp"),
    )
    readiness = models.PositiveSmallIntegerField(
        _("mức độ sẵn sàng (TRL)"), choices=Readiness.choices
    )
    transfer_mode = models.CharField(
        _("hình thức chuyển giao"), max_length=20, choices=TransferMode.choices
    )
    price = models.PositiveBigIntegerField(_("giá tham khảo (đồng)"), null=True, blank=True)
    negotiable = models.BooleanField(_("giá thỏa thuận"), default=False)
    images = StreamField(
        [("image", ImageChooserBlock(label=_("Ảnh")))], blank=True, verbose_name=_("ảnh")
    )
    documents = StreamField(
        [("document", DocumentChooserBlock(label=_("Tài liệu")))],
        blank=True,
        verbose_name=_("tài liệu kèm theo"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("field"), FieldPanel("readiness")]),
        FieldRowPanel([FieldPanel("transfer_mode"), FieldPanel("province")]),
        FieldRowPanel([FieldPanel("price"), FieldPanel("negotiable")]),
        MultiFieldPanel([FieldPanel("organisation"), FieldPanel("contact_email")], _("Liên hệ")),
        FieldPanel("description"),
        FieldPanel("images"),
        FieldPanel("documents"),
        InlinePanel("library_documents", label=_("Tài liệu liên quan trong thư viện")),
    ]

    class Meta:
        verbose_name = _("công nghệ chào bán")
        verbose_name_plural = _("công nghệ chào bán")

    @property
    def contact_address(self) -> str:
        """The offer's own address, else its organisation's."""
        organisation = self.organisation.email if self.organisation else ""
        return self.contact_email or organisation

    @property
    def price_text(self) -> str:
        if self.price is None or self.negotiable:
            return str(_("Thỏa thuận"))
        return f"{self.price:,}".replace(",", ".") + " đ"


class OfferDocument(Orderable):
    """A document of the library about the offer's technology."""

    offer = ParentalKey(
        TechnologyOfferPage, on_delete=models.CASCADE, related_name="library_documents"
    )
    document = models.ForeignKey(
        "library.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("tài liệu")
    )

    panels = [FieldPanel("document")]


class TechnologyRequestPage(Listing):
    business = models.CharField(_("doanh nghiệp có nhu cầu"), max_length=255)
    budget_min = models.PositiveBigIntegerField(_("ngân sách từ (đồng)"), null=True, blank=True)
    budget_max = models.PositiveBigIntegerField(_("ngân sách đến (đồng)"), null=True, blank=True)
    deadline = models.DateField(_("hạn tiếp nhận"), null=True, blank=True)

    is_request = True

    content_panels = [
        *Page.content_panels,
        FieldPanel("business"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("field"), FieldPanel("province")]),
        FieldRowPanel([FieldPanel("budget_min"), FieldPanel("budget_max")]),
        FieldRowPanel([FieldPanel("deadline"), FieldPanel("contact_email")]),
        FieldPanel("description"),
    ]

    class Meta:
        verbose_name = _("nhu cầu công nghệ")
        verbose_name_plural = _("nhu cầu công nghệ")

    @property
    def budget_text(self) -> str:
        amounts = [
            f"{a:,}".replace(",", ".") + " đ" for a in (self.budget_min, self.budget_max) if a
        ]
        return " – ".join(amounts)


class ShowroomPage(Page):
    """The showroom: a curated list of offers, each with its showroom code."""

    intro = RichTextField(_("lời giới thiệu"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("items", label=_("Công nghệ trưng bày")),
    ]
    parent_page_types = ["exchange.TechnologyIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("triển lãm công nghệ")

    def shown(self):
        """The items whose offer is live and public, in the editors' order."""
        live = TechnologyOfferPage.objects.live().public()
        return self.items.filter(offer__in=live).select_related("offer", "offer__organisation")


class ShowroomItem(Orderable):
    showroom = ParentalKey(ShowroomPage, on_delete=models.CASCADE, related_name="items")
    offer = models.ForeignKey(
        TechnologyOfferPage,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("công nghệ"),
    )
    code = models.CharField(_("mã trưng bày"), max_length=20)

    panels = [FieldPanel("offer"), FieldPanel("code")]


class Enquiry(models.Model):
    """A visitor's enquiry about an offer, or response to a request: only what the form asks."""

    class Kind(models.TextChoices):
        ENQUIRY = "enquiry", _("Hỏi về công nghệ")
        RESPONSE = "response", _("Đáp ứng nhu cầu")

    class Status(models.TextChoices):
        NEW = "new", _("Mới")
        FORWARDED = "forwarded", _("Đã chuyển tiếp")
        CLOSED = "closed", _("Đã đóng")

    listing = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("tin đăng")
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("họ tên"), max_length=100)
    organisation = models.CharField(_("đơn vị"), max_length=200, blank=True)
    contact = models.CharField(_("e-mail hoặc điện thoại"), max_length=200)
    message = models.TextField(_("nội dung"), max_length=4000)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    created_at = models.DateTimeField(_("ngày gửi"), default=timezone.now, db_index=True)
    # When an editor first marked it forwarded: a connection made, counted by this month on the
    # statistics page even after the enquiry is closed.
    forwarded_at = models.DateTimeField(_("ngày chuyển tiếp"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("yêu cầu kết nối")
        verbose_name_plural = _("yêu cầu kết nối")

    def __str__(self) -> str:
        return f"{self.name} → {self.listing.title}"

    def save(self, *args, **kwargs) -> None:
        if self.status == self.Status.FORWARDED and self.forwarded_at is None:
            self.forwarded_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "forwarded_at"}
        super().save(*args, **kwargs)
