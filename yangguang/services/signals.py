"""Drop a case's cached public lookup whenever the case or anything shown with it changes."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Case, CaseEvent, Extension, Pause, Rating
from .queries import lookup_cache_key


def _forget(number: str) -> None:
    key = lookup_cache_key(number)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))  # and again once the change is visible


@receiver([post_save, post_delete], sender=Case)
def case_changed(sender, instance, **kwargs):
    _forget(instance.number)


@receiver([post_save, post_delete], sender=CaseEvent)
@receiver([post_save, post_delete], sender=Pause)
@receiver([post_save, post_delete], sender=Extension)
@receiver([post_save, post_delete], sender=Rating)
def part_changed(sender, instance, **kwargs):
    number = instance.case.number if instance.case_id else None
    if number:
        _forget(number)
