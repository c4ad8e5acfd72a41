from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from yangguang.api.actions import token_issue


class Command(BaseCommand):
    help = "Issue an API token for a user: yangguang token USERNAME --name NAME [--days N]"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")
        parser.add_argument("--days", type=int, default=365)

    def handle(self, username, name, days, **opts):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户不存在 / no such user: {username}")
        admin = User.objects.filter(is_superuser=True).order_by("pk").first()
        _token, raw = token_issue(actor=admin, user=user, name=name, days=days)
        self.stdout.write(raw)
