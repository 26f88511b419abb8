"""Production: secrets and hosts from the environment, HTTPS only. `manage.py check --deploy` is clean."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from gongkai.web.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("生产环境必须用环境变量 DJANGO_SECRET_KEY 提供至少50个字符的随机密钥。")

if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured(
        "生产环境必须用环境变量 GONGKAI_ALLOWED_HOSTS 写明本站的域名（多个用逗号分隔），例如 gongkai.example.gov.cn。"
    )

SECURE_SSL_REDIRECT = os.environ.get("GONGKAI_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Cookies only over HTTPS. GONGKAI_SECURE_COOKIES=0 exists for local measurements over plain HTTP only.
SESSION_COOKIE_SECURE = os.environ.get("GONGKAI_SECURE_COOKIES", "1") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = 60 * 60 * 8
# A staff session ends when the browser is closed too: a service hall's terminal is shared.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
