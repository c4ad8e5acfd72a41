"""Keep the public lookup's read model (publicview.py) in step with every change to a case.

Every case action ends by writing a CaseEvent (a rating writes a Rating): those rewrite the row.
Any other save or delete of what the lookup shows drops the row, so the lookup reads the case
tables until the next event; a stale row is never served. All of it runs inside the change's
own transaction.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import publicview
from .models import Case, CaseEvent, Extension, Pause, Rating


@receiver(post_save, sender=CaseEvent)
@receiver(post_save, sender=Rating)
def case_recorded(sender, instance, raw=False, **kwargs):
    if not raw:
        publicview.refresh(instance.case_id)


@receiver(post_save, sender=Case)
@receiver(post_delete, sender=Case)
def case_changed(sender, instance, **kwargs):
    publicview.drop(instance.pk)


@receiver(post_save, sender=Pause)
@receiver(post_save, sender=Extension)
@receiver(post_delete, sender=CaseEvent)
@receiver(post_delete, sender=Pause)
@receiver(post_delete, sender=Extension)
@receiver(post_delete, sender=Rating)
def part_changed(sender, instance, **kwargs):
    publicview.drop(instance.case_id)
