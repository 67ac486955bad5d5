"""Publishing, unpublishing or deleting a news page updates its entry in the search index."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from search.signals import index_later

from .models import NewsPage
from .search import KIND


@receiver(page_published, sender=NewsPage)
@receiver(page_unpublished, sender=NewsPage)
@receiver(post_delete, sender=NewsPage)
def news_changed(sender, instance: NewsPage, **kwargs) -> None:
    index_later(KIND, instance.pk)
