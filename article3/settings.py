"""One settings module, driven by the environment (see README, "Configuration")."""

import ipaddress
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
# The address in e-mails and calendar feeds: the public address in production, else this server's port.
SITE_URL = os.environ.get("ARTICLE3_SITE_URL") or f"http://127.0.0.1:{os.environ.get('ARTICLE3_PORT') or 8000}"
SECURE = envbool("ARTICLE3_SECURE")  # served over HTTPS: secure cookies, HSTS, redirect

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # single-use recovery codes
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
    "article3.hearing",
    "article3.interpreters",
    "article3.remedies",
    "article3.exports",
    "article3.portal",
    "article3.selfhelp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the API documentation page's scripts and styles, served from here
    "article3.api",
    "article3.cluster",
    "rosetta",  # the instance operator reviews the catalogues at /translations/ (README, "Reviewing translations")
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "article3.evidence.delivery.download_host_only",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # the cookie, then Accept-Language on a first visit
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "article3.accounts.middleware.session_timeouts",
    "article3.accounts.middleware.language_preference",  # a signed-in person's saved choice wins
    "article3.portal.middleware.client_confinement",  # the client's side reaches the portal and its account only
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "article3.accounts.context.navigation",
            ],
            "builtins": ["article3.cases.templatetags.plain"],  # country, forum and lookup: codes in words
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'article3.sqlite3'}",
        conn_max_age=int(os.environ.get("ARTICLE3_DB_CONN_MAX_AGE", "60")), conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer commits; FULL makes each commit durable;
    # secure_delete overwrites deleted content, so purged or re-encrypted text leaves no trace
    # in free pages (on by default in some SQLite builds only). The busy timeout comes first: the
    # journal-mode statement takes a lock, and under load it would fail at once rather than wait.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA busy_timeout=10000; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
        "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;",
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

# An organisation's own document template is filled in a confined process with these limits.
DOCS_TEMPLATE_TIMEOUT_SECONDS = float(os.environ.get("ARTICLE3_TEMPLATE_TIMEOUT_SECONDS", "60"))
DOCS_TEMPLATE_MAX_MEMORY_MB = int(os.environ.get("ARTICLE3_TEMPLATE_MAX_MEMORY_MB", "768"))

# Login throttling: failures allowed per minute, per account and per address.
# Webhooks may go to private network addresses (an on-premises case management system); off by default.
WEBHOOK_PRIVATE_ADDRESSES = os.environ.get("ARTICLE3_WEBHOOK_PRIVATE_ADDRESSES", "") == "1"
LOGIN_FAILURES_PER_MINUTE = int(os.environ.get("ARTICLE3_LOGIN_FAILURES_PER_MINUTE", "5"))
# The reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For names the
# client. Without it, the connecting address is the client's: behind a proxy, set it, or every
# login comes from the proxy and a few failures lock everyone out.
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("ARTICLE3_TRUSTED_PROXIES", "").split(",") if p.strip()]
for _proxy in TRUSTED_PROXIES:
    ipaddress.ip_network(_proxy, strict=False)  # a typo stops the start, rather than trusting nobody silently

# Sessions: idle timeout (cookie age, renewed as below) and an absolute cap.
SESSION_COOKIE_AGE = int(os.environ.get("ARTICLE3_SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("ARTICLE3_SESSION_ABSOLUTE_SECONDS", str(12 * 3600)))
# The idle limit runs from a session's last save. Reading a page saves it at most once in this many
# seconds (accounts/middleware.py), rather than writing it on every request; 0 saves it on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
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
# The client's pages (the portal, sign-in, the safety plan, the questions, self-help) come in all eight,
# the languages whose OCR packs are installed; the lawyer's pages in English, French and Spanish:
# LAWYER_LANGUAGES is what the switcher offers an organisation's members.
LANGUAGES = [
    ("en", "English"), ("fr", "Français"), ("es", "Español"), ("ar", "العربية"), ("fa", "فارسی"),
    ("ru", "Русский"), ("tr", "Türkçe"), ("pt", "Português"),
]
LAWYER_LANGUAGES: tuple[str, ...] = ("en", "fr", "es")
# The page shell's catalogue, then the command line's (article3/cli and article3/backup are not apps).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "cli" / "locale", BASE_DIR / "backup" / "locale"]
# Reviewing translations in the browser: the operator only (404 for everyone else), this project's
# catalogues only, each saved change audited and compiled at once (article3/accounts/translations.py).
ROSETTA_ACCESS_CONTROL_FUNCTION = "article3.accounts.translations.is_operator"
ROSETTA_LANGUAGES = [(code, name) for code, name in LANGUAGES if code != "en"]
ROSETTA_EXCLUDED_APPLICATIONS = ("rosetta",)
ROSETTA_ENABLE_TRANSLATION_SUGGESTIONS = False  # no text to outside translation services
ROSETTA_AUTO_COMPILE = True
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
FORMAT_MODULE_PATH = ["article3.formats"]  # one date style on every page: 5 December 2026
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

# Where background work is queued (README, "Several hosts"): "database" (the default: in the
# database, for one host) or a Redis URL (redis://host:6379/0), whose RQ workers may run on
# several hosts. ARTICLE3_TASK_BACKEND (a backend's import path) overrides both, for tests.
ARTICLE3_TASKS = os.environ.get("ARTICLE3_TASKS", "database").strip() or "database"
if ARTICLE3_TASKS == "database":
    _task_backend = "django_tasks_db.DatabaseBackend"
elif ARTICLE3_TASKS.startswith(("redis://", "rediss://", "unix://")):
    _task_backend = "article3.rqtasks.RQBackend"
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": ARTICLE3_TASKS, "DEFAULT_TIMEOUT": 4 * 3600}}
else:
    # The value is not repeated: a Redis address may carry its password.
    raise ImproperlyConfigured("ARTICLE3_TASKS must be 'database' or a Redis address starting with redis://, "
                               "rediss:// or unix:// (such as redis://127.0.0.1:6379/0).")
TASKS = {"default": {"BACKEND": os.environ.get("ARTICLE3_TASK_BACKEND", _task_backend)}}
# How often an RQ worker says it is alive; a job whose worker has been silent for two of these
# is queued again by another worker.
ARTICLE3_WORKER_HEARTBEAT_SECONDS = int(os.environ.get("ARTICLE3_WORKER_HEARTBEAT_SECONDS", "30"))

EMAIL_BACKEND = os.environ.get(
    "ARTICLE3_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("ARTICLE3_FROM_EMAIL", "article3@localhost")

# Upload limits (bytes).
MAX_FILE_BYTES = int(os.environ.get("ARTICLE3_MAX_FILE_BYTES", str(200 * 1024 * 1024)))
MAX_CASE_BYTES = int(os.environ.get("ARTICLE3_MAX_CASE_BYTES", str(5 * 1024 * 1024 * 1024)))
# A case package whose documents' originals add up to more than this is made on the worker (its page
# offers the file when it is ready); a smaller one is made within the request, as packaging it takes
# well under a second.
# A chronology with more events than this is drawn as PDF or Word on the worker, not in the request.
ARTICLE3_CHRONOLOGY_IN_REQUEST_EVENTS = int(os.environ.get("ARTICLE3_CHRONOLOGY_IN_REQUEST_EVENTS", "200"))
# Self-help interviews (/help/) for people without a lawyer: the slug of the organisation that hosts
# them; unset, the pages answer 404. Recipients offered for the encrypted package, as
# "Label=age1...;Other label=age1...". An unattended interview's session ends after the idle time.
ARTICLE3_SELF_HELP_ORG = os.environ.get("ARTICLE3_SELF_HELP_ORG", "")
ARTICLE3_SELF_HELP_RECIPIENTS: list[tuple[str, str]] = [
    (label.strip(), key.strip()) for label, _, key in
    (item.rpartition("=") for item in os.environ.get("ARTICLE3_SELF_HELP_RECIPIENTS", "").split(";") if item.strip())
]
ARTICLE3_SELF_HELP_IDLE_SECONDS = int(os.environ.get("ARTICLE3_SELF_HELP_IDLE_SECONDS", str(15 * 60)))
ARTICLE3_PACKAGE_IN_REQUEST_BYTES = int(os.environ.get("ARTICLE3_PACKAGE_IN_REQUEST_BYTES", str(10 * 1024 * 1024)))
# Pages one organisation may have waiting for conversion at once, so one upload cannot starve the rest.
OCR_QUEUE_PAGES = int(os.environ.get("ARTICLE3_OCR_QUEUE_PAGES", "2000"))
# Size of this host's cache of derived files (a bundle's stamped pages, sealed under the
# instance key), in MB; 0 turns it off.
ARTICLE3_CACHE_MB = int(os.environ.get("ARTICLE3_CACHE_MB", "2048"))
# What case pages derive from a whole case (chronology, element matrix, gap report), kept in each
# process's memory until the case changes (article3/snapshots.py): at most this many entries, each
# for at most this long; 0 entries turns it off. Never written anywhere: it holds decrypted text.
ARTICLE3_SNAPSHOT_ENTRIES = int(os.environ.get("ARTICLE3_SNAPSHOT_ENTRIES", "40"))
ARTICLE3_SNAPSHOT_SECONDS = int(os.environ.get("ARTICLE3_SNAPSHOT_SECONDS", "600"))
ARTICLE3_WARM_CASES = int(os.environ.get("ARTICLE3_WARM_CASES", "3"))  # read at a web process's start (warmup.py)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Chronology checks: how far an "approximately" date may be off, in days, on either side.
ARTICLE3_APPROX_MARGIN_DAYS = int(os.environ.get("ARTICLE3_APPROX_MARGIN_DAYS", "30"))

# REST API (README, "REST API"): personal tokens first, then the browser's session (with CSRF).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "article3.api.authentication.BearerTokenAuthentication",
        "article3.api.authentication.SessionWithCsrf",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "article3.api.authentication.TokenScope",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "article3.api.views.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Article3 API",
    "DESCRIPTION": "Cases, evidence, chronology and deadlines of the cases you work on. Send a personal "
                   "token from your account page as `Authorization: Bearer TOKEN`.",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several records have a "kind" or an "outcome", each from its own list: each list gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "EventKindEnum": "article3.chronology.models.EventKind",
        "SupportKindEnum": "article3.claims.models.SupportKind",
        "InterimKindEnum": "article3.deadlines.models.InterimKind",
        "GeneratedKindEnum": "article3.docs.models.DocKind",
        "DocumentKindEnum": "article3.evidence.models.DocumentKind",
        "DecisionOutcomeEnum": "article3.deadlines.models.Outcome",
        "RemedyOutcomeEnum": "article3.chronology.models.RemedyOutcome",
        "ExportKindEnum": "article3.exports.models.ExportKind",
    },
    "APPEND_COMPONENTS": {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}},
    "SECURITY": [{"token": []}],
}
# Requests per minute allowed to one token (counted in the database, so every web process shares it).
API_REQUESTS_PER_MINUTE = int(os.environ.get("ARTICLE3_API_REQUESTS_PER_MINUTE", "600"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # Request logs name paths, never bodies; paths hold ids, never names.
    "root": {"handlers": ["console"], "level": os.environ.get("ARTICLE3_LOG_LEVEL", "WARNING")},
}
