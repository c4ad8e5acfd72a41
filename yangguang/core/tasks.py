from celery import shared_task
from django.utils import timezone


# Safe to repeat (each domain's sweep claims its work with a conditional UPDATE), so acknowledged
# only when done: a worker killed mid-sweep gets the message re-delivered, not lost until the next beat.
@shared_task(name="yangguang.core.tasks.tick", acks_late=True, reject_on_worker_lost=True)
def tick():
    from .ticker import tick as run

    return run(timezone.now())


# A job is claimed by id and a finished one is skipped, so a re-delivery after a lost worker is safe.
@shared_task(name="yangguang.core.tasks.run_job", acks_late=True, reject_on_worker_lost=True)
def run_job(job_id: int):
    from .jobs import run

    return run(job_id)
