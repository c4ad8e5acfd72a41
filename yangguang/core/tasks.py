from celery import shared_task
from django.utils import timezone


@shared_task(name="yangguang.core.tasks.tick")
def tick():
    from .ticker import tick as run

    return run(timezone.now())
