"""The independent floor for HTTP benchmarks: a minimal Django app (CommonMiddleware only, no database).

Served by the same gunicorn settings as the project in the same run (bench.common.compare); what the
project's own views cost is read against this, not against a view behind the project's middleware.
"""

SECRET_KEY = "bench-floor-not-secret"  # noqa: S105 - serves one constant JSON body on loopback
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.floor.urls"
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
INSTALLED_APPS: list[str] = []
DATABASES: dict = {}
USE_TZ = True
