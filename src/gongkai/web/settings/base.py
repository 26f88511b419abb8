"""Settings shared by every deployment. Everything a deployment changes comes from the environment.

Environment:
  DATABASE_URL            e.g. postgres://user@host:5432/gongkai (default: SQLite file var/gongkai.sqlite3)
  GONGKAI_VAR_DIR         where the SQLite file, uploads, generated notices and the cache live (default: ./var)
  DJANGO_SECRET_KEY       required in production
  GONGKAI_ALLOWED_HOSTS   comma-separated host names
  GONGKAI_CALENDAR_DIR    extra working-day calendar files (local holidays, a newly published year)
  GONGKAI_CJK_FONT        the TrueType font embedded in PDF notices
  GONGKAI_RATE_<SCOPE>    public-form rate limits, e.g. GONGKAI_RATE_APPLY=10/h, GONGKAI_RATE_STATUS=30/m, "off"
                          (scopes: apply, status, login, search, open_data)
  GONGKAI_UPLOAD_MAX_MB   largest accepted upload (default 10)
  GONGKAI_EMAIL_HOST      SMTP server that sends notices to applicants (unset: mails are written as files to
                          var/mail, to be read there); GONGKAI_EMAIL_PORT (25), GONGKAI_EMAIL_USER,
                          GONGKAI_EMAIL_PASSWORD, GONGKAI_EMAIL_TLS=1 (STARTTLS) or GONGKAI_EMAIL_SSL=1,
                          GONGKAI_EMAIL_FROM (the sender address)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

# Lets `admin.ModelAdmin[Model]` and other generic Django classes be subscripted at run time (typing).
django_stubs_ext.monkeypatch()

WEB_DIR = Path(__file__).resolve().parent.parent
_REPO_DIR = WEB_DIR.parent.parent.parent


def _default_var_dir() -> Path:
    if (_REPO_DIR / "pyproject.toml").is_file():
        return _REPO_DIR / "var"
    return Path.cwd() / "var"


VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR") or _default_var_dir())

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-development-key-do-not-use-in-production")
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("GONGKAI_ALLOWED_HOSTS", "").split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "gongkai.web.common",
    "gongkai.web.audit",
    "gongkai.web.agencies",
    "gongkai.web.applications",
    "gongkai.web.notices",
    "gongkai.web.reports",
    "gongkai.web.imports",
    "gongkai.web.portal",
    "gongkai.web.disclosure",
    "gongkai.web.catalogue",
    "gongkai.web.appeals",
    "gongkai.web.facts",
    "gongkai.web.annualreports",
    "gongkai.web.supervision",
    "gongkai.web.workdays",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gongkai.web.common.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "gongkai.web.urls"
WSGI_APPLICATION = "gongkai.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.web.common.context_processors.navigation",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    default = f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}"
    config: dict[str, Any] = dict(dj_database_url.config(default=default))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE takes the write lock at BEGIN, so two writers never deadlock upgrading a read lock; WAL lets
        # readers go on while one writes; the timeout queues writers instead of failing them.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON",
        }
    # Persistent connections on both databases: a new SQLite connection per request costs the PRAGMAs, and
    # closing the last one checkpoints and deletes the WAL — together ~3 ms of a ~5 ms page.
    config["CONN_MAX_AGE"] = int(os.environ.get("GONGKAI_CONN_MAX_AGE", "60"))
    config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "GONGKAI_CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"
        ),
        "LOCATION": os.environ.get("GONGKAI_CACHE_LOCATION", str(VAR_DIR / "cache")),
    },
    # The page chrome that is the same for every anonymous visitor in one language (navigation, footer, style
    # links), rendered once per process: it depends only on the code and its translations, which change only
    # with a restart. Per process, so nothing is shared or has to be invalidated (templates/base.html).
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "gongkai-fragments",
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "gongkai.web.common.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gongkai.web.common.passwords.CharacterClassValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "office:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "中文（简体）"), ("en", "English")]
LOCALE_PATHS = [WEB_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded and generated files hold personal data: they are served only through access-checked views,
# never as a public MEDIA_URL.
MEDIA_ROOT = VAR_DIR / "files"
MEDIA_URL = "/never-served-directly/"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Notices e-mailed to applicants. Without an SMTP server nothing leaves the machine: each mail is a file in
# var/mail, so a demo or a test deployment can be looked at without sending anything.
if os.environ.get("GONGKAI_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["GONGKAI_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("GONGKAI_EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("GONGKAI_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("GONGKAI_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("GONGKAI_EMAIL_TLS") == "1"
    EMAIL_USE_SSL = os.environ.get("GONGKAI_EMAIL_SSL") == "1"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_EMAIL_FROM", "gongkai@localhost")

UPLOAD_MAX_BYTES = int(float(os.environ.get("GONGKAI_UPLOAD_MAX_MB", "10")) * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024


def _rate(scope: str, default: str) -> str:
    return os.environ.get(f"GONGKAI_RATE_{scope.upper()}", default)


# A form refused for its CSRF token gets the site's own page (in the site's language), not Django's bare one.
CSRF_FAILURE_VIEW = "gongkai.web.common.views.csrf_failure"

# Per client address, per scope: "N/s|m|h|d" or "off".
GONGKAI_RATE_LIMITS = {
    # Applications filed (and online replies, withdrawals); every attempt at the form, valid or not, under
    # "apply_attempt".
    "apply": _rate("apply", "10/h"),
    "apply_attempt": _rate("apply_attempt", "60/h"),
    "status": _rate("status", "30/m"),
    "login": _rate("login", "20/h"),
    "search": _rate("search", "60/m"),
    # Whole-catalogue downloads (catalogue/open_data.py) read every public item: a few per client per hour.
    "open_data": _rate("open_data", "20/h"),
}
GONGKAI_CALENDAR_DIRS = [Path(p) for p in os.environ.get("GONGKAI_CALENDAR_DIR", "").split(os.pathsep) if p]
GONGKAI_CJK_FONT = os.environ.get("GONGKAI_CJK_FONT") or None
# Trust X-Forwarded-For for the client address (only behind a proxy that sets it).
GONGKAI_TRUST_FORWARDED_FOR = os.environ.get("GONGKAI_TRUST_FORWARDED_FOR", "") == "1"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "WARNING")},
}

# Labels for the navigation, translated like every other string.
SITE_TITLE = _("政府信息公开工作平台")
