"""Publishing, unpublishing or deleting a news page, or restricting who may view it (a password,
logged-in users, groups), updates its entry in the search index: only public pages are found."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from search.signals import index_later

from .models import NewsPage
from .search import KIND


@receiver(page_published, sender=NewsPage)
@receiver(page_unpublished, sender=NewsPage)
@receiver(post_delete, sender=NewsPage)
def news_changed(sender, instance: NewsPage, **kwargs) -> None:
    index_later(KIND, instance.pk)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def privacy_changed(sender, instance: PageViewRestriction, **kwargs) -> None:
    for page in NewsPage.objects.descendant_of(instance.page, inclusive=True):
        index_later(KIND, page.pk)
