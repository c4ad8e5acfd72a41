from django.core.management.base import BaseCommand

from yangguang.audit.queries import verify


class Command(BaseCommand):
    help = "Audit trail tools. `yangguang audit verify` exits 1 naming the first broken entry."

    def add_arguments(self, parser):
        parser.add_argument("verb", choices=["verify"])

    def handle(self, *args, **opts):
        result = verify()
        if result.ok:
            self.stdout.write(f"审计链完整 / audit chain intact: {result.checked} entries")
            return
        self.stderr.write(
            f"审计链断裂 / audit chain broken at entry #{result.broken_id} "
            f"(after {result.checked} good entries): {result.reason}"
        )
        raise SystemExit(1)
