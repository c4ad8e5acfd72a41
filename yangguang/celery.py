"""Celery: a broker only when REDIS_URL is set; otherwise tasks run inline (eager)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yangguang.settings")

app = Celery("yangguang")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
