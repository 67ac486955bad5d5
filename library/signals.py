"""Receivers that keep every stored text in NFC, for the portal's own apps, and the cached
source names in step with the sources."""

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.fields import StreamField

from .models import Source, forget_source_names
from .text import nfc

PORTAL_APPS = {"library", "harvest", "home", "news"}


@receiver(pre_save)
def normalise_text_fields(sender, instance, **kwargs) -> None:
    if sender._meta.app_label not in PORTAL_APPS:
        return
    for field in sender._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(field, StreamField):
            setattr(instance, field.attname, nfc(value.get_prep_value()))
        elif isinstance(field, (models.CharField, models.TextField, models.JSONField)):
            setattr(instance, field.attname, nfc(value))


@receiver(post_save, sender=Source)
@receiver(post_delete, sender=Source)
def source_changed(sender, **kwargs) -> None:
    forget_source_names()
