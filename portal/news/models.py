"""News for the portal's readers, written by editors in Wagtail (drafts, review, scheduling)."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page

PER_PAGE = 10


def with_renditions(articles):
    """News pages with their lead images and the images' renditions, read in two queries: the
    list shows each image without a query of its own (settings.CACHES["renditions"])."""
    return articles.select_related("lead_image").prefetch_related("lead_image__renditions")


class NewsIndexPage(Page):
    intro = RichTextField(_("lời giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]

    class Meta:
        verbose_name = _("trang danh sách tin")

    def articles(self, topic: str | None = None):
        articles = NewsPage.objects.live().public().descendant_of(self).order_by("-date", "-id")
        if topic:
            articles = articles.filter(topics__slug=topic)
        return with_renditions(articles)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        topic = request.GET.get("topic") or None
        # get_page() turns ?page=abc into page 1 and ?page=9999 into the last page.
        context["articles"] = Paginator(self.articles(topic), PER_PAGE).get_page(
            request.GET.get("page")
        )
        context["topic"] = topic
        return context


class NewsPageTopic(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(Page):
    date = models.DateField(_("ngày đăng"), default=timezone.localdate)
    lead = models.TextField(_("tóm tắt"), blank=True)
    author = models.CharField(_("tác giả"), max_length=255, blank=True)
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ảnh đại diện"),
    )
    topics = ClusterTaggableManager(through=NewsPageTopic, blank=True, verbose_name=_("chủ đề"))
    body = StreamField(
        [
            ("paragraph", blocks.RichTextBlock(label=_("Đoạn văn"))),
            ("image", ImageChooserBlock(label=_("Ảnh"))),
            ("quote", blocks.BlockQuoteBlock(label=_("Trích dẫn"))),
            ("embed", EmbedBlock(label=_("Nhúng (video, bản đồ)"))),
        ],
        blank=True,
        verbose_name=_("nội dung"),
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("author")]),
        FieldPanel("lead"),
        FieldPanel("lead_image"),
        FieldPanel("topics"),
        FieldPanel("body"),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("bài tin")
        verbose_name_plural = _("bài tin")

    def plain_text(self) -> str:
        """The body's words, for search: paragraphs and quotes, without markup."""
        parts = []
        for block in self.body:
            if block.block_type == "paragraph":
                parts.append(strip_tags(block.value.source))
            elif block.block_type == "quote":
                parts.append(str(block.value))
        return "\n".join(parts)
