"""`yangguang services pages`: render every published item's public guide page again (after a release
that changes the guide's templates or translations, or a bulk load that bypassed the actions)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Render the public item guide pages again (services pages)."

    def add_arguments(self, parser):
        parser.add_argument("verb", choices=["pages"])

    def handle(self, verb, **opts):
        from yangguang.services import itempages

        self.stdout.write(f"{itempages.rebuild()} item pages rendered (build {itempages.build()})")
