"""Settings for Samverkan, read from the environment.

With nothing set, the app runs as a development configuration on SQLite. With DEBUG=false it is a
production configuration: SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL are then required.
"""

import importlib.util
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from samverkan.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", "django-insecure-development-only-never-in-production")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
else:
    SECRET_KEY = env_str("SECRET_KEY", required=True)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("The environment variable ALLOWED_HOSTS must be set in production.")
    if env_str("DATABASE_URL") is None:
        raise ImproperlyConfigured("The environment variable DATABASE_URL must be set in production.")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks_db",
    "accounts",
    "collaborations",
    "checklist",
    "documents",
    "agreements",
    "archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A stored agreement PDF whose download grant holds is served here, as a static file is
    # (agreements/grants.py); every other request goes on.
    "agreements.grants.DownloadGrantMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # With the database down, answer a 503 page instead of a 500, and recover once it is back. It loads
    # the session and the user itself, so that it sees the first failing query of a request.
    "samverkan.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # An organisation admin without an authenticator app is sent to set one up, when required.
    "accounts.middleware.RequireAdminTwoFactorMiddleware",
]

ROOT_URLCONF = "samverkan.urls"
WSGI_APPLICATION = "samverkan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "collaborations.context_processors.organisations",
            ],
            # The error summary of a failed form, used by templates/base.html on every page.
            "libraries": {"form_errors": "samverkan.templatetags.form_errors"},
        },
    },
]


def database_from_url(
    url: str,
    *,
    conn_max_age: int,
    connect_timeout: int,
    statement_timeout: int,
    sqlite_busy_timeout: int,
    prepared_statements: bool = True,
) -> dict:
    """DATABASES["default"] from DATABASE_URL, with limits, so that a database that cannot answer
    fails a request within seconds (the 503 page, samverkan.middleware) instead of hanging it.

    PostgreSQL: connecting gives up after `connect_timeout` seconds; the server cancels a statement
    after `statement_timeout` seconds (0: no limit), and data the server leaves unacknowledged as long
    drops the connection (a server gone from the network; TCP alone retries for about 15 minutes).
    PostgreSQL with `prepared_statements`: the queries that samverkan/compiled.py asks to prepare are
    prepared once per connection (psycopg's prepare_threshold is set, but no other query is prepared:
    Django's cursors bind values on the client, which psycopg never prepares); without, none is.
    SQLite is written to at once by the web process, the task worker and send_reminders: in WAL mode
    readers go on beside the writer, and IMMEDIATE transactions take the write lock when they begin, so
    a read-then-write waits its turn (up to `sqlite_busy_timeout` seconds) instead of failing at once
    with "database is locked" when another writer got in between.
    Options given in the URL's query string win."""
    config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    given = config.get("OPTIONS", {})
    if config["ENGINE"] == "django.db.backends.postgresql":
        # psycopg prepares a statement after this many runs on a cursor that binds on the server, or at
        # once when asked to; None: never. Only samverkan/compiled.py's cursors bind on the server.
        ours = {
            "connect_timeout": connect_timeout,
            "prepare_threshold": PREPARE_WHEN_ASKED if prepared_statements else None,
        }
        if statement_timeout:
            ours["options"] = f"-c statement_timeout={statement_timeout * 1000}"
            ours["tcp_user_timeout"] = statement_timeout * 1000
            if "options" in given:  # e.g. ?currentSchema=, as "-c search_path=..."
                given = {**given, "options": f"{ours['options']} {given['options']}"}
    elif config["ENGINE"] == "django.db.backends.sqlite3":
        ours = {
            "timeout": sqlite_busy_timeout,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    else:
        ours = {}
    config["OPTIONS"] = {**ours, **given}
    return config


PREPARE_WHEN_ASKED = 2**31 - 1  # psycopg's prepare_threshold: never by a count of runs


# --- Database: SQLite unless DATABASE_URL says otherwise (postgres://... uses psycopg 3). Timeouts in
# seconds: connecting (PostgreSQL), one statement (PostgreSQL; 0 turns it off, e.g. for a long
# migration), waiting for another writer (SQLite).
DB_CONNECT_TIMEOUT = env_int("DB_CONNECT_TIMEOUT", 5, minimum=1)
DB_STATEMENT_TIMEOUT = env_int("DB_STATEMENT_TIMEOUT", 30, minimum=0)
SQLITE_BUSY_TIMEOUT = env_int("SQLITE_BUSY_TIMEOUT", 20, minimum=1)
# The pages' few queries built once per process (samverkan/compiled.py) are prepared on PostgreSQL; turn
# it off behind a pooler that hands one server connection to many clients per transaction.
DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", default=True)
DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        connect_timeout=DB_CONNECT_TIMEOUT,
        statement_timeout=DB_STATEMENT_TIMEOUT,
        sqlite_busy_timeout=SQLITE_BUSY_TIMEOUT,
        prepared_statements=DB_PREPARED_STATEMENTS,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_from_url(url: str | None) -> dict:
    """CACHES["default"] from CACHE_URL: unset or locmem:// (memory of each process), db://TABLE
    (Django's database cache; `manage.py createcachetable`), redis://HOST:PORT/DB or rediss://
    (needs the `redis` package)."""
    if not url or url == "locmem://":
        # The pages keep what they built here (the checklist's state, its side list, the dashboard's
        # cards, the agreement): Django's default of 300 entries would throw them away under use.
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}}
    scheme, _sep, rest = url.partition("://")
    if scheme == "db" and rest:
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": rest}
    if scheme in ("redis", "rediss"):
        if importlib.util.find_spec("redis") is None:
            raise ImproperlyConfigured("CACHE_URL=redis://... needs the redis package (pip install redis).")
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(f"CACHE_URL must be locmem://, db://TABLE or redis://..., not {url!r}.")


# --- Cache: rate limits and used two-factor codes are counted here. Each process has its own memory
# cache, so with several gunicorn workers set CACHE_URL to a shared one (docs/DEPLOYMENT.md).
CACHES = {"default": cache_from_url(env_str("CACHE_URL"))}

# --- Accounts (django-allauth, login by e-mail).
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Samverkan] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# The login form takes the e-mail address from ?email=, as the signup form does (invitation links).
# The signup form asks for the name (and optionally the title) before the address.
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm", "signup": "accounts.forms.SignupForm"}
# An invitation's link verifies the invited address only for an account signed up with that address.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Rate limits (allauth counts in the cache, see CACHES): "amount/period/per", per client IP or per
# "key" (the e-mail address). Failed logins lock an address for five minutes after five attempts.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,3/5m/key",
    "reset_password_from_key": "20/m/ip",
}
# Behind a reverse proxy every request comes from the proxy's address, which would put all users in
# one rate-limit bucket: set the number of proxies that append to X-Forwarded-For (docs/DEPLOYMENT.md).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# --- Two-factor authentication (allauth.mfa): an authenticator app (TOTP) and recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Samverkan"
# The operator's choice: organisation admins must set up an authenticator app before doing anything
# else (accounts.middleware.RequireAdminTwoFactorMiddleware).
REQUIRE_MFA_FOR_ORGANISATION_ADMINS = env_bool("REQUIRE_MFA_FOR_ORGANISATION_ADMINS", default=False)

# --- Language: Swedish first, English selectable.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Static files, served by whitenoise from our own folder (no CDN).
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = BASE_DIR / "var" / "media"

# --- Uploaded documents (documents/). Stored under MEDIA_ROOT, which no URL serves: a file is only
# served by documents.views.document_download, after the same permission check as its collaboration.
DOCUMENT_MAX_UPLOAD_SIZE = env_int("DOCUMENT_MAX_UPLOAD_MB", 10) * 1024 * 1024
# The first handler stops storing a file once it passes DOCUMENT_MAX_UPLOAD_SIZE, so an oversized
# upload never fills the disk; the form then says that the file is too big.
FILE_UPLOAD_HANDLERS = [
    "documents.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger files are streamed to a temporary file
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # the request body apart from its files
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 5
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail: printed to the console in development (unless EMAIL_HOST is set), SMTP otherwise.
if DEBUG and env_str("EMAIL_HOST") is None:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 25),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=False),
                "timeout": env_int("EMAIL_TIMEOUT", 20),
            },
        }
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Samverkan <noreply@samverkan.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- The seal on approved agreements (agreements/sealing.py): the service signs the approved PDF with
# this key and certificate (PEM). In development `manage.py make_seal_certificate` (run by `make run`)
# writes a self-signed pair under var/seal/; in production the operator sets the paths to the
# organisation's own certificate. Unset in production: agreements are not sealed (the page says so).
AGREEMENT_SEAL_KEY_FILE = env_str(
    "AGREEMENT_SEAL_KEY_FILE", str(BASE_DIR / "var" / "seal" / "key.pem") if DEBUG else None
)
AGREEMENT_SEAL_CERT_FILE = env_str(
    "AGREEMENT_SEAL_CERT_FILE", str(BASE_DIR / "var" / "seal" / "cert.pem") if DEBUG else None
)
AGREEMENT_SEAL_KEY_PASSPHRASE = env_str("AGREEMENT_SEAL_KEY_PASSPHRASE")

# --- Background tasks: the database-backed worker (`manage.py db_worker`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The agreement page asks the task worker to render a text that has no PDF yet (agreements/tasks.py).
AGREEMENT_RENDER_AHEAD = env_bool("AGREEMENT_RENDER_AHEAD", default=True)

# --- Security. Production values are on whenever DEBUG is off.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Preloading commits the whole domain and its subdomains to HTTPS for a long time, so it is opt-in;
# the deploy check's reminder about it is silenced because the choice is made here on purpose.
SECURE_HSTS_PRELOAD = not DEBUG and env_bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Load balancers probe the health endpoint over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# --- Product settings.
DASHBOARD_PAGE_SIZE = 20

# --- Confirmations (collaborations/confirmations/, collaborations/tasks.py).
# The service's own address for links in e-mails sent without a request (automatic reminders, retries),
# e.g. https://samverkan.example.se. Unset, the address the sender used is kept with each invitation.
SITE_URL = env_str("SITE_URL", "")
# A party that has not answered gets an automatic reminder this many days after it was last asked,
# at most this many times (`manage.py send_reminders`, run periodically).
CONFIRMATION_REMINDER_DAYS = env_int("CONFIRMATION_REMINDER_DAYS", 5)
CONFIRMATION_MAX_AUTOMATIC_REMINDERS = env_int("CONFIRMATION_MAX_AUTOMATIC_REMINDERS", 3)
# Minutes to wait before each new attempt to send an invitation that failed; then staff resend it.
CONFIRMATION_MAIL_RETRY_MINUTES = [5, 15, 60, 180, 720]
# An invitation e-mail whose sending started this many minutes ago and was never recorded (the worker
# died) is sent again by `send_reminders`. Keep it well above EMAIL_TIMEOUT.
CONFIRMATION_MAIL_CLAIM_MINUTES = env_int("CONFIRMATION_MAIL_CLAIM_MINUTES", 10)
# Ended invitations (used, expired, revoked, replaced) are deleted this many days after they ended
# (`manage.py purge_invitations`, also run by `send_reminders`). The answers are kept.
INVITATION_RETENTION_DAYS = env_int("INVITATION_RETENTION_DAYS", 90)

# Every line goes through a filter that takes invitation tokens out of paths (samverkan/logging.py),
# runserver's request log too.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "samverkan.logging.RedactTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]}},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint announces every rendering step, already when it is imported (which the admin's
        # archive action does before agreements/apps.py can quiet it): its warnings and errors still show.
        "weasyprint.progress": {"level": "WARNING"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
