"""Yangguang (阳光政务): open government and public-sector competitions."""

from .celery import app as celery_app

__all__ = ["celery_app"]
