"""Keep the public lookup's read model (publicview.py) in step with every change to a case, and the
item guide's stored pages (itempages.py) with every change of a unit or of joint units they show.

Every case action ends by writing a CaseEvent (a rating writes a Rating): those rewrite the row.
Any other save or delete of what the lookup shows drops the row, so the lookup reads the case
tables until the next event; a stale row is never served. All of it runs inside the change's
own transaction.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from yangguang.orgs.models import Unit

from . import itempages, publicview
from .models import Case, CaseEvent, Extension, Pause, Rating, ServiceItem


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


# -- the public item guide's stored pages (itempages.py) -------------------------------------------
@receiver(post_save, sender=Unit, dispatch_uid="services.itempages.unit")
def unit_changed(sender, instance, raw=False, created=False, **kwargs):
    """A renamed implementing or joint unit: the pages naming it are rendered again on next read."""
    if not raw and not created:
        itempages.drop_for_unit(instance.pk)


@receiver(m2m_changed, sender=ServiceItem.joint_units.through, dispatch_uid="services.itempages.joint")
def joint_units_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        itempages.drop([instance.pk])
    elif pk_set:
        itempages.drop(pk_set)
    else:  # a unit's joint items cleared: which they were is gone, so drop what names the unit
        itempages.drop_for_unit(instance.pk)
