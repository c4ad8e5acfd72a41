import time

from django.core.management.base import BaseCommand
from django.db import transaction

from yangguang.core.plugins import modules


class Command(BaseCommand):
    help = "Build the demo world from the seed documents (idempotent: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", help="only these apps (e.g. orgs services)")

    def handle(self, *args, only=None, **opts):
        for app, mod in modules("demo"):
            if only and app not in only:
                continue
            t = time.perf_counter()
            with transaction.atomic():
                summary = mod.build(stdout=self.stdout) or {}
            self.stdout.write(f"demo {app}: {summary} ({time.perf_counter() - t:.1f}s)")
