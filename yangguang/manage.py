"""The `yangguang` command: the project's manage.py."""

import os
import sys


def _offline() -> None:
    """`yangguang contest …` works on files only: settings must not create var/, a secret key or a static
    folder in the working directory, so they go to a temporary folder removed at exit."""
    import atexit
    import secrets
    import shutil
    import tempfile

    if "YANGGUANG_VAR" not in os.environ:
        tmp = tempfile.mkdtemp(prefix="yangguang-contest-")
        atexit.register(shutil.rmtree, tmp, True)
        os.environ["YANGGUANG_VAR"] = tmp
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))


def main() -> None:
    if sys.argv[1:2] == ["contest"]:
        _offline()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yangguang.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
