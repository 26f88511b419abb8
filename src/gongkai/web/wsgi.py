"""WSGI entry point: `gunicorn gongkai.web.wsgi` (settings from DJANGO_SETTINGS_MODULE, default production)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings.production")

application = get_wsgi_application()
