"""One settings module, driven by the environment (see README, "Configuration")."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from article3 import datadir


def envbool(name: str, default: str = "False") -> bool:
    return os.environ.get(name, default).lower() in ("1", "true", "yes", "on")


def envsecret(name: str, default: str = "") -> str:
    """A secret from NAME, or from the file NAME_FILE points at."""
    file = os.environ.get(f"{name}_FILE")
    if file:
        return Path(file).read_text().strip()
    return os.environ.get(name, default)


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = datadir.root()

DEBUG = envbool("ARTICLE3_DEBUG")
SECRET_KEY = envsecret("ARTICLE3_SECRET_KEY") or datadir.secret_key()
ALLOWED_HOSTS = os.environ.get("ARTICLE3_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
# A separate origin for uploaded files (see article3/evidence/delivery.py); empty: served here.
DOWNLOAD_HOST = os.environ.get("ARTICLE3_DOWNLOAD_HOST", "")
if DOWNLOAD_HOST:
    ALLOWED_HOSTS.append(DOWNLOAD_HOST)
SITE_URL = os.environ.get("ARTICLE3_SITE_URL", "http://127.0.0.1:8000")
SECURE = envbool("ARTICLE3_SECURE")  # served over HTTPS: secure cookies, HSTS, redirect

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "article3.accounts",
    "article3.audit",
    "article3.cases",
    "article3.evidence",
    "article3.claims",
    "article3.chronology",
    "article3.deadlines",
    "article3.bundles",
    "article3.coi",
    "article3.interchange",
    "article3.docs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "article3.accounts.middleware.session_timeouts",
    "article3.accounts.middleware.second_factor_required",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "article3.accounts.middleware.security_headers",
]

ROOT_URLCONF = "article3.urls"
WSGI_APPLICATION = "article3.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'article3.sqlite3'}", conn_max_age=0
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer commits; FULL makes each commit durable;
    # secure_delete overwrites deleted content, so purged or re-encrypted text leaves no trace
    # in free pages (on by default in some SQLite builds only).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
        "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA secure_delete=ON;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "article3.accounts.passwords.BreachedPasswordValidator"},
]
# A local list of breached passwords (plain, or HIBP's SHA-1 file); see article3/accounts/passwords.py.
BREACHED_PASSWORDS_FILE = os.environ.get("ARTICLE3_BREACHED_PASSWORDS_FILE", "")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: failures allowed per minute, per account and per address.
LOGIN_FAILURES_PER_MINUTE = int(os.environ.get("ARTICLE3_LOGIN_FAILURES_PER_MINUTE", "5"))

# Sessions: idle timeout (cookie age, renewed on each request) and an absolute cap.
SESSION_COOKIE_AGE = int(os.environ.get("ARTICLE3_SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("ARTICLE3_SESSION_ABSOLUTE_SECONDS", str(12 * 3600)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("ARTICLE3_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = os.environ.get("ARTICLE3_STATIC_ROOT") or None  # set it to use collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Where the evidence vault keeps its sealed files: "local" (the data folder) or "s3" (a bucket;
# README, "Object storage (S3)"). S3 credentials are left to boto3 (AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY, a profile or a role) so that they never sit in the settings.
ARTICLE3_VAULT = os.environ.get("ARTICLE3_VAULT", "local").strip().lower() or "local"
ARTICLE3_S3 = {
    "bucket": os.environ.get("ARTICLE3_S3_BUCKET", "").strip(),
    "endpoint_url": os.environ.get("ARTICLE3_S3_ENDPOINT_URL", "").strip() or None,
    "region": os.environ.get("ARTICLE3_S3_REGION", "").strip() or None,
    "prefix": os.environ.get("ARTICLE3_S3_PREFIX", "vault").strip(),
}
if ARTICLE3_VAULT not in ("local", "s3"):
    raise ImproperlyConfigured(f"ARTICLE3_VAULT must be 'local' or 's3', not {ARTICLE3_VAULT!r}.")
if ARTICLE3_VAULT == "s3" and not ARTICLE3_S3["bucket"]:
    raise ImproperlyConfigured("ARTICLE3_VAULT=s3 needs ARTICLE3_S3_BUCKET, the name of the bucket "
                               "to keep the vault in; it is not set.")

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "ARTICLE3_TASK_BACKEND", "django_tasks_db.DatabaseBackend"
        ),
    }
}

EMAIL_BACKEND = os.environ.get(
    "ARTICLE3_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("ARTICLE3_FROM_EMAIL", "article3@localhost")

# Upload limits (bytes).
MAX_FILE_BYTES = int(os.environ.get("ARTICLE3_MAX_FILE_BYTES", str(200 * 1024 * 1024)))
MAX_CASE_BYTES = int(os.environ.get("ARTICLE3_MAX_CASE_BYTES", str(5 * 1024 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Chronology checks: how far an "approximately" date may be off, in days, on either side.
ARTICLE3_APPROX_MARGIN_DAYS = int(os.environ.get("ARTICLE3_APPROX_MARGIN_DAYS", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # Request logs name paths, never bodies; paths hold ids, never names.
    "root": {"handlers": ["console"], "level": os.environ.get("ARTICLE3_LOG_LEVEL", "WARNING")},
}
