"""`unit_renamed(unit, old_name)`: sent after a unit's name changed, however it was saved (actions, the
admin, an import), once its transaction commits. The apps that keep a unit's name in their own
copies (the search indexes, the catalogue's department list) listen to it."""

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import Signal, receiver

from .models import Unit

unit_renamed = Signal()


@receiver(pre_save, sender=Unit, dispatch_uid="orgs.unit_name_before")
def _name_before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._name_before = Unit.objects.filter(pk=instance.pk).values_list("name", flat=True).first()


@receiver(post_save, sender=Unit, dispatch_uid="orgs.unit_renamed")
def _renamed(sender, instance, raw=False, created=False, **kwargs):
    old = getattr(instance, "_name_before", None)
    instance._name_before = instance.name
    if raw or created or old is None or old == instance.name:
        return
    transaction.on_commit(lambda: unit_renamed.send(sender=Unit, unit=instance, old_name=old))
