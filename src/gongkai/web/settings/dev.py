"""Development and the demo (`make run`): DEBUG on, local hosts only."""

from __future__ import annotations

from gongkai.web.settings.base import *  # noqa: F403
from gongkai.web.settings.base import ALLOWED_HOSTS, GONGKAI_CALENDAR_DIRS, STATIC_ROOT, VAR_DIR

DEBUG = True
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "127.0.0.1", "localhost", "[::1]"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files come from the apps directly (no collectstatic needed to run the demo).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# The demo's calendar directory (unless GONGKAI_CALENDAR_DIR names one): where the calendar page loads a year.
if not GONGKAI_CALENDAR_DIRS:
    GONGKAI_CALENDAR_DIRS = [VAR_DIR / "calendar"]
    GONGKAI_CALENDAR_DIRS[0].mkdir(parents=True, exist_ok=True)
