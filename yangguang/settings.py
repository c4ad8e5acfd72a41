"""One environment-driven settings module (DESIGN.md).

DATABASE_URL   default sqlite:///var/yangguang.sqlite3
SECRET_KEY     generated once into var/secret_key when unset
REDIS_URL      optional: Celery broker and shared cache; without it tasks run inline
ALLOWED_HOSTS  comma-separated, default localhost names
DEBUG          off unless set to 1/true
"""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("YANGGUANG_VAR", Path.cwd() / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# Keys the audit chain and the results ledger; defaults to SECRET_KEY. Set it to keep both verifiable
# across a SECRET_KEY rotation, and keep it as safe as SECRET_KEY (backups carry only a fingerprint).
AUDIT_KEY = os.environ.get("AUDIT_KEY", "")
DEBUG = _flag("DEBUG")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "treebeard",
    "axes",
    "yangguang.core",
    "yangguang.workdays",
    "yangguang.audit",
    "yangguang.orgs",
    "yangguang.services",
    "yangguang.disclosure",
    "yangguang.contests",
    "yangguang.exams",
    "yangguang.supervision",
    "yangguang.portal",
    "yangguang.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "yangguang.core.middleware.LeanSessionMiddleware",  # session, auth, messages: not for
    "yangguang.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "yangguang.api.checks.ApiRequestChecks",
    "django.middleware.csrf.CsrfViewMiddleware",
    "yangguang.core.middleware.LeanAuthenticationMiddleware",  # anonymous public GETs (issue 15)
    "yangguang.core.middleware.LeanMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "yangguang.core.middleware.SecurityPolicyMiddleware",  # django-csp's, the header built once
    "axes.middleware.AxesMiddleware",
    "yangguang.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "yangguang.urls"
WSGI_APPLICATION = "yangguang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "yangguang.core.context.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'yangguang.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers run beside the one writer; the timeout rides out short write bursts.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "yangguang.core.cache.SharedClientRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "yangguang"}
    }

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL or _flag("CELERY_EAGER")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE = {
    "tick": {"task": "yangguang.core.tasks.tick", "schedule": 300.0},
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Behind nginx: the media gate (core.views.media) answers with X-Accel-Redirect to this `internal`
# location instead of streaming the file itself (docs/deploy.md); empty: the app streams it.
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "").strip()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# No external origin, ever: every script, style, font and chart is served by the app.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "yangguang.core.views.csrf_failure"  # the 403 page in the site's layout
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and _flag("HTTPS", False):
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _flag("BEHIND_PROXY") else None
# How many proxies in front of the app append to X-Forwarded-For (nginx alone: 1). The client's address
# is the one the outermost of them saw, counted from the right; 0 (no proxy): the peer's address.
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "1" if _flag("BEHIND_PROXY") else "0"))

# /bench/bare, the load benchmarks' baseline, exists only when the benchmarks turn it on.
BENCH_ENDPOINTS = _flag("BENCH_ENDPOINTS")

# Rate limit for public (anonymous) endpoints: requests per minute per client address, counted in
# Redis when configured ("cache"), else in the database ("database"): shared by every process.
PUBLIC_RATE_LIMIT = int(os.environ.get("PUBLIC_RATE_LIMIT", "60"))
# Seconds the front door reuses a search's answer (retired at once by any index change through the
# shared cache). Without Redis every process would keep its own version: off unless asked for.
SEARCH_CACHE_SECONDS = int(os.environ.get("SEARCH_CACHE_SECONDS", "300" if REDIS_URL else "0"))
RATELIMIT_STORE = os.environ.get("RATELIMIT_STORE", "cache" if REDIS_URL else "database")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # The daily audit chain head (audit.sweeps) must reach the log whatever LOG_LEVEL says.
    "loggers": {"yangguang.audit.head": {"level": "INFO"}},
}

SITE_NAME = os.environ.get("SITE_NAME", "")  # empty: the translated default name

# Covering indexes (INCLUDE) serve PostgreSQL; SQLite simply builds the plain index.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
