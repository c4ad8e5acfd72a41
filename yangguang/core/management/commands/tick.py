import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from yangguang.core.ticker import tick


class Command(BaseCommand):
    help = "Run every domain's periodic sweep once (idempotent; cron or Celery beat calls it)."

    def handle(self, *args, **opts):
        self.stdout.write(json.dumps(tick(timezone.now()), ensure_ascii=False, default=str))
