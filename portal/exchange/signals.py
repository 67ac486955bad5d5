"""Publishing, unpublishing or deleting an offer or a request, or restricting who may view it,
updates its entry in the search index; so does publishing an organisation's page, whose name
its offers' entries hold."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from search.signals import index_later

from .models import OrganisationPage, TechnologyOfferPage
from .search import MODELS, OFFER

KIND_OF = {model: kind for kind, model in MODELS.items()}


def listing_changed(sender, instance, **kwargs) -> None:
    index_later(KIND_OF[sender], instance.pk)


for _model in KIND_OF:
    for _signal in (page_published, page_unpublished, post_delete):
        _signal.connect(listing_changed, sender=_model, dispatch_uid=f"exchange-{_model.__name__}")


@receiver(page_published, sender=OrganisationPage)
def organisation_changed(sender, instance: OrganisationPage, **kwargs) -> None:
    for pk in TechnologyOfferPage.objects.filter(organisation=instance).values_list(
        "pk", flat=True
    ):
        index_later(OFFER, pk)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def privacy_changed(sender, instance: PageViewRestriction, **kwargs) -> None:
    for model, kind in KIND_OF.items():
        below = model.objects.descendant_of(instance.page, inclusive=True)
        for pk in below.values_list("pk", flat=True):
            index_later(kind, pk)
