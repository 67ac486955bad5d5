"""Keeping every stored text in NFC, and telling other apps when documents changed in bulk.

Apps whose models hold text call `normalise_text_of(label)` from their AppConfig.ready(): the
library cannot list the apps above it, so they register themselves (as Wagtail apps register
hooks). `documents_changed` is sent after writes that bypass model signals (bulk inserts and
updates of a harvest); search listens and catches its index up. A harvest run sends `run`, and
the documents it wrote: those of library source `source_id` written (datestamp) at or after
`since`; without these, any document may have changed. `writes_ended` says that no more
writes of a run are coming.
"""

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal, receiver
from wagtail.fields import StreamField

from .source_names import forget_source_names
from .text import nfc

documents_changed = Signal()
# Sent when a run of writes has ended (a harvest run's last PDF settled): what the index owes is
# written at once, not when its wait for more writes ends (search.backlog).
writes_ended = Signal()
_NFC_APPS: set[str] = set()


def normalise_text_of(app_label: str) -> None:
    """Store every text field of this app's models in NFC."""
    _NFC_APPS.add(app_label)


@receiver(pre_save)
def normalise_text_fields(sender, instance, **kwargs) -> None:
    if sender._meta.app_label not in _NFC_APPS:
        return
    for field in sender._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(field, StreamField):
            setattr(instance, field.attname, nfc(value.get_prep_value()))
        elif isinstance(field, (models.CharField, models.TextField, models.JSONField)):
            setattr(instance, field.attname, nfc(value))


@receiver(post_save, sender="library.Source")
@receiver(post_delete, sender="library.Source")
def source_changed(sender, **kwargs) -> None:
    forget_source_names()
