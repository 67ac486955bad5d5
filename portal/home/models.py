"""The site's root page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from library.models import Document, Source
from portal.cached import generation
from portal.news.models import NewsPage, with_renditions
from portal.statistics.views import content_figures


class HomePage(Page):
    intro = models.TextField(_("lời giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1

    class Meta:
        verbose_name = _("trang chủ")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # the count the statistics hold (portal.cached): counting 229,000 rows was a third of
        # the page's time
        context["document_count"] = content_figures(generation())["total"]
        context["source_count"] = Source.objects.count()
        context["recent_documents"] = (
            Document.objects.active().select_related("source").order_by("-created_at", "-id")[:10]
        )
        context["latest_news"] = with_renditions(
            NewsPage.objects.live()
            .public()  # a private or password-protected page is nowhere public
            .filter(locale=self.locale)  # the English home lists the English news
            .order_by("-date", "-id")
        )[:5]
        return context
