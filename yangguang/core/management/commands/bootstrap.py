import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "First-run set-up for `make run`: migrate, load the demo world once, print an admin login."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true")
        parser.add_argument(
            "--address", default="127.0.0.1:8000", help="host:port that `make run` serves on (HOST=…)"
        )

    def handle(self, *args, no_demo=False, address="127.0.0.1:8000", **opts):
        call_command("migrate", interactive=False, verbosity=0)
        marker = settings.VAR_DIR / "demo-loaded"
        if not no_demo and not marker.exists():
            self.stdout.write("正在生成演示数据 / building the demo world …")
            call_command("demo", stdout=self.stdout)
            marker.write_text("1")
        User = get_user_model()
        pw_file = settings.VAR_DIR / "admin-password"
        if not User.objects.filter(username="admin").exists():
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser("admin", "", password)
            pw_file.write_text(password)
            pw_file.chmod(0o600)
        password = (
            pw_file.read_text().strip()
            if pw_file.exists()
            else "(set earlier; `yangguang changepassword admin`)"
        )
        self.stdout.write("")
        self.stdout.write("管理员 / admin login:  admin / " + password)
        self.stdout.write(
            "演示账号 / demo logins: dali, centre, clerk, jinan, linyi, court  (password: yangguang-demo)"
        )
        self.stdout.write(f"打开 / open: http://{address}/")
